// Scoring ahead of the reader: while the answers are being given, the worker scores the answers on the form,
// so that the result is in hand when the reader asks for it and the page shows it within a frame. Only the
// newest answers wait while one score runs; a request that was scored already is never scored again. The
// requests never leave the device: they go to the page's own worker, like every score.

/**
 * @typedef {(request: string) => Promise<string>} Scorer Resolves with score_json's output for `request`.
 * @typedef {{request: string, output: Promise<string>}} Scored
 */

export class ScoreAhead {
  /** @param {Scorer} score */
  constructor(score) {
    this.score = score;
    /** @type {Scored | null} the request scored last (its output may still be on its way) */
    this.latest = null;
    /** @type {string | null} the newest request, waiting for the one running */
    this.queued = null;
    this.running = false;
  }

  /** Scores `request` in the background, unless it was scored last. @param {string} request */
  ask(request) {
    if (this.latest?.request === request) {
      this.queued = null;
      return;
    }
    if (this.running) this.queued = request;
    else this.begin(request);
  }

  /**
   * The output for `request`: the one scored ahead when it was for these answers, else a score started now.
   *
   * @param {string} request
   * @returns {Promise<string>}
   */
  output(request) {
    if (this.latest?.request === request) return this.latest.output;
    if (this.queued === request) this.queued = null;
    return this.begin(request).output;
  }

  /** @param {string} request @returns {Scored} */
  begin(request) {
    const scored = {request, output: this.score(request)};
    this.latest = scored;
    this.running = true;
    /** @param {boolean} ok */
    const settled = (ok) => {
      if (this.latest !== scored) return; // a newer score runs; it takes the queue over
      this.running = false;
      if (!ok) this.latest = null; // a failed score (engine stopped, rubric unreadable) is not kept: asking retries
      const next = this.queued;
      this.queued = null;
      if (next !== null) this.ask(next);
    };
    scored.output.then(() => settled(true), () => settled(false));
    return scored;
  }
}
