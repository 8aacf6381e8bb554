// Scoring ahead of the reader: while the answers are being given, the worker scores the answers on the form,
// so that the result is in hand when the reader asks for it and the page shows it within a frame. Only the
// newest answers wait while one score runs; a request that was scored already is never scored again. The
// requests never leave the device: they go to the page's own worker, like every score. Whoever shows the
// result is told of each newest output as it arrives, to prepare what it shows before it is asked for.

/**
 * @typedef {(request: string) => Promise<string>} Scorer Resolves with score_json's output for `request`.
 * @typedef {(request: string, output: string) => void} ScoredListener
 * @typedef {{request: string, output: Promise<string>}} Scored
 */

export class ScoreAhead {
  /**
   * @param {Scorer} score
   * @param {ScoredListener} [scored] called with each output that is the newest and has no newer request
   *   waiting behind it (in the task that received it)
   */
  constructor(score, scored = () => {}) {
    this.score = score;
    this.scored = scored;
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
    /** @param {string | null} output null when the score failed */
    const settled = (output) => {
      if (this.latest !== scored) return; // a newer score runs; it takes the queue over
      this.running = false;
      // A failed score (engine stopped, rubric unreadable) is not kept: asking retries.
      if (output === null) this.latest = null;
      const next = this.queued;
      this.queued = null;
      if (next !== null) this.ask(next);
      else if (output !== null) this.scored(request, output);
    };
    scored.output.then((output) => settled(output), () => settled(null));
    return scored;
  }
}
