// One assessment page: the questionnaire rendered at build time (build_tools/templates/assessment-form.html)
// gets progress, saving, result links, the engine's state and the result.
//
// Privacy: answers live in this page, in localStorage (per rubric id and version) and, when the reader asks
// for a link, in the URL fragment, which browsers never send to a server.

import {EngineState, FailureReason, ScoreFailure} from "../../../../runtime/protocol.mjs";
import {sameAnswers} from "./checks.js";
import {afterPaint, afterRender, whenIdle} from "./dom.js";
import {FeedbackPanel} from "./feedback-panel.js";
import {answerValue} from "./form-model.js";
import {historyEntry, previousEntry, withEntry} from "./history.js";
import {decodeLink, encodeLink, hasLink, linkText, linkUrl} from "./link-codec.js";
import {Locale} from "./locale.js";
import {mark, neededItems, unmark} from "./missing.js";
import {Notices} from "./notices.js";
import {Records} from "./records.js";
import {ResultPanel} from "./result-panel.js";
import {resultNodes} from "./result.js";
import {ScoreAhead} from "./score-ahead.js";
import {Store} from "./storage.js";
import {fetchLinkTitles, withTimeout} from "./titles.js";

/**
 * @typedef {import("./engine-client.js").EngineClient} EngineClient
 * @typedef {import("./form-model.js").Answers} Answers
 * @typedef {import("./form-model.js").FormModel} FormModel
 * @typedef {import("./missing.js").PageItem} PageItem
 * @typedef {import("./result-types.js").Result} Result
 * @typedef {import("./result-types.js").Scoring} Scoring
 * @typedef {{focus?: boolean}} ResultOptions
 *
 * @typedef {object} MadeResult A result's nodes, made before they are shown.
 * @property {Answers} answers
 * @property {Result} result
 * @property {string} codes The answers, as a result link.
 * @property {HTMLElement[]} first
 * @property {() => HTMLElement[]} rest
 * @property {boolean} keep Whether the reader keeps results (the kept results it was made with).
 *
 * @typedef {import("./titles.js").Titles} Titles
 * @typedef {MadeResult & {request: string, titles: Titles, history: string, day: string}} PreparedResult
 *   made ahead of the reader's asking, with what it was made from: what score_json was asked, the link
 *   titles, the kept results (as stored) and the day it names
 */

const TITLES_WAIT_MS = 800;

export class AssessmentPage {
  /**
   * @param {HTMLElement} section the form's <section data-rubric-id>
   * @param {EngineClient} engine
   */
  constructor(section, engine) {
    this.section = section;
    this.engine = engine;
    const data = section.dataset;
    this.locale = new Locale(data.language || document.documentElement.lang || "en", JSON.parse(data.strings || "{}"));
    this.siteRoot = data.siteRoot || "./";
    this.rubricUrl = new URL(data.rubricUrl || "", window.location.href).href;
    this.workerUrl = new URL(`${data.runtimeUrl}engine-worker.mjs`, window.location.href).href;
    /** @type {Scoring} */
    this.scoring = JSON.parse(data.scoring || "{}");
    /** @type {PageItem[]} */
    this.items = [...section.querySelectorAll("fieldset[data-item]")].map((node) => {
      const fieldset = /** @type {HTMLFieldSetElement} */ (node);
      const inputs = /** @type {HTMLInputElement[]} */ ([...fieldset.querySelectorAll("input[type=radio]")]);
      return {
        id: fieldset.dataset.item || "",
        kind: fieldset.dataset.kind || "",
        scales: (fieldset.dataset.scales || "").split(" ").filter(Boolean),
        values: inputs.map((input) => input.value),
        fieldset,
        legend: /** @type {HTMLLegendElement} */ (fieldset.querySelector("legend")),
        inputs,
      };
    });
    /** @type {FormModel} */
    this.model = {rubricId: data.rubricId || "", version: Number(data.rubricVersion), items: this.items};
    this.store = new Store(this.model.rubricId, this.model.version);
    this.form = /** @type {HTMLFormElement} */ (this.find("[data-bt-form]"));
    this.notices = new Notices(this.find("[data-bt-notices]"));
    this.records = new Records({store: this.store, model: this.model, scoring: this.scoring, notices: this.notices,
      locale: this.locale});
    // Raters' responses and the comparison (only on assessments with an observer form).
    this.feedback = new FeedbackPanel({model: this.model, records: this.records, locale: this.locale,
      rubricUrl: this.rubricUrl, score: (answers) => engine.score(this.rubricUrl,
        JSON.stringify({version: this.model.version, answers})),
      added: () => {
        const answers = this.answers();
        const enough = Object.keys(answers).length && !neededItems(this.items, this.scoring, answers).length;
        if (!this.shown && enough) this.requestResult(true, {focus: false});
      }});
    this.panel = new ResultPanel(section, this.locale, {failureText: () => this.failureText(), retry: () => engine.retry()});
    this.fromLink = false; // the answers shown came from a result link and are not saved (yet)
    /** @type {{answers: Answers, options: ResultOptions} | null} answers a result was asked for before the engine was ready */
    this.wanted = null;
    /** @type {{answers: Answers, result: Result} | null} */
    this.shown = null;
    /** @type {string | null} */
    this.engineState = null;
    /** @type {Array<() => void>} */
    this.cleanups = [];
    /** @type {Promise<import("./titles.js").Titles>} the rubric's link titles, asked for at start */
    this.titles = Promise.resolve(new Map());
    this.ahead = new ScoreAhead((request) => engine.score(this.rubricUrl, request),
      (request, output) => this.prepare(request, output));
    /** @type {PreparedResult | null} the result of the answers on the form, made when their score arrived */
    this.prepared = null;
    /** @type {string | null} what a result being shown waits to be scored */
    this.awaiting = null;
    /** @type {import("./result-types.js").HistoryEntry[]} results to keep, written when the page is idle */
    this.pendingEntries = [];
  }

  /** @param {string} selector @returns {HTMLElement} */
  find(selector) {
    return /** @type {HTMLElement} */ (this.section.querySelector(selector));
  }

  /** @param {string} path @param {Record<string, unknown>} [values] */
  t(path, values) {
    return this.locale.t(path, values);
  }

  // ----------------------------------------------------------------------------- set-up and tear-down

  start() {
    /** @type {HTMLButtonElement} */ (this.find("[data-bt-submit]")).disabled = false;
    const clear = /** @type {HTMLButtonElement} */ (this.find("[data-bt-clear]"));
    clear.disabled = false;
    this.find("[data-bt-bar]").hidden = false;
    this.listen(this.form, "submit", (event) => {
      event.preventDefault();
      this.requestResult(false);
    });
    this.listen(this.form, "change", (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === "radio") this.answered(event.target);
    });
    this.listen(clear, "click", () => this.clear());
    this.listen(window, "pagehide", () => this.keepPending());
    this.listen(this.find("[data-bt-retry]"), "click", () => this.engine.retry());
    this.listen(this.find("[data-bt-anyway]"), "click", () => this.requestResult(true));
    this.listen(window, "hashchange", () => this.openLink());
    const printMedia = window.matchMedia("print");
    this.listen(window, "beforeprint", () => this.panel.print(true));
    this.listen(window, "afterprint", () => this.panel.print(printMedia.matches));
    this.listen(printMedia, "change", () => this.panel.print(printMedia.matches));
    if (printMedia.matches) this.panel.print(true);

    if (!this.store.available) this.records.showStorageNotice();
    this.records.history(); // checks what is kept, so that anything discarded is reported now
    if (!this.openLink()) this.restore();
    this.updateProgress();
    this.cleanups.push(this.engine.subscribe(() => this.engineChanged()));
    this.engine.start(this.workerUrl);
    this.engine.prepare(this.rubricUrl);
    this.titles = fetchLinkTitles(this.rubricUrl); // in hand long before a result is asked for
    this.locale.prepare(whenIdle);
    this.feedback.openFragment();
    this.listen(window, "hashchange", () => this.feedback.openFragment());
  }

  /** @param {EventTarget} target @param {string} type @param {(event: Event) => void} handler */
  listen(target, type, handler) {
    target.addEventListener(type, handler);
    this.cleanups.push(() => target.removeEventListener(type, handler));
  }

  stop() {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  // ------------------------------------------------------------------------------------------- answers

  /** @returns {Answers} */
  answers() {
    /** @type {Answers} */
    const answers = {};
    for (const item of this.items) {
      const checked = item.inputs.find((input) => input.checked);
      if (checked) answers[item.id] = answerValue(item, checked.value);
    }
    return answers;
  }

  /** @param {Answers} answers */
  setAnswers(answers) {
    for (const item of this.items) {
      const value = answers[item.id];
      for (const input of item.inputs) input.checked = value !== undefined && input.value === String(value);
      if (value !== undefined) unmark(item);
    }
    this.updateProgress();
  }

  /** @param {HTMLInputElement} input */
  answered(input) {
    const item = this.items.find((candidate) => candidate.inputs.includes(input));
    if (item) unmark(item);
    if (this.fromLink) this.leaveLink();
    this.setPrepared(null); // made for other answers
    this.records.saveAnswers(this.answers());
    this.updateProgress();
    if (this.shown) this.panel.markStale(!sameAnswers(this.shown.answers, this.answers()));
    this.scoreAhead();
  }

  /** @param {Answers} answers @returns {string} what score_json is asked */
  request(answers) {
    return JSON.stringify({version: this.model.version, answers});
  }

  // Once the answers on the form are enough for a result, the engine scores them at once, so that the result
  // is ready when the reader asks for it.
  scoreAhead() {
    if (this.engine.state !== EngineState.READY) return;
    const answers = this.answers();
    if (Object.keys(answers).length && !neededItems(this.items, this.scoring, answers).length) {
      this.ahead.ask(this.request(answers));
    }
  }

  // The engine's first score of a rubric is many times slower than the next ones (Python compiles and
  // imports on first use). It is spent now, on the answers on the form or, with too few, on made-up ones
  // (each statement's first option) whose result nobody sees.
  warmUp() {
    if (!this.section.isConnected || this.engine.state !== EngineState.READY) return; // left, or engine lost
    const answers = this.answers();
    const enough = Object.keys(answers).length && !neededItems(this.items, this.scoring, answers).length;
    this.ahead.ask(this.request(enough ? answers
      : Object.fromEntries(this.items.map((item) => [item.id, answerValue(item, item.values[0])]))));
  }

  // Saved answers come back; answers given before the scripts were ready (a slow connection) win and are kept.
  restore() {
    const early = this.answers(), saved = this.records.savedAnswers();
    if (saved) this.setAnswers({...saved.answers, ...early});
    if (saved) this.notices.show("restored", this.t("notices.restored", {date: this.locale.date(saved.date)}));
    if (Object.keys(early).length) this.records.saveAnswers(this.answers());
  }

  updateProgress() {
    const answered = Object.keys(this.answers()).length;
    this.find("[data-bt-progress]").textContent = this.t("progress", {answered, total: this.items.length});
    /** @type {HTMLProgressElement} */ (this.find("[data-bt-progress-meter]")).value = answered;
  }

  clear() {
    this.pendingEntries = []; // cleared means nothing kept, not even the result shown last
    this.store.clearAll();
    this.feedback.clear();
    this.form.reset();
    for (const item of this.items) unmark(item);
    this.find("[data-bt-missing]").hidden = true;
    if (this.fromLink || hasLink(window.location.hash)) this.removeLinkFromUrl();
    this.fromLink = false;
    this.wanted = null;
    this.shown = null;
    this.setPrepared(null);
    this.panel.hide();
    this.updateProgress();
    this.notices.show("cleared", this.t("notices.cleared"));
    if (!this.store.available) this.records.showStorageNotice();
  }

  // ------------------------------------------------------------------------- links with the answers

  /** Opens the result link in the URL, if there is one. True when its answers are now on the form. */
  openLink() {
    if (!hasLink(window.location.hash)) return false;
    const decoded = decodeLink(this.model, linkText(window.location.hash));
    if ("error" in decoded) {
      this.notices.show("link", this.t(decoded.error === "outdated" ? "notices.link_outdated" : "notices.link_invalid"),
        {kind: "warning"});
      return false;
    }
    const own = this.records.savedAnswers()?.answers || {};
    this.notices.show("restored", null);
    this.fromLink = true;
    this.setAnswers(decoded.answers);
    const actions = Object.keys(own).length && !sameAnswers(own, decoded.answers) ? [{
      label: this.t("notices.use_mine"),
      run: () => {
        this.leaveLink();
        this.setAnswers(own);
        this.panel.hide();
        this.shown = null;
      },
    }] : [];
    this.notices.show("link", this.t("notices.from_link"), {actions});
    this.requestResult(true, {focus: true});
    return true;
  }

  // The reader changed an answer (or chose their own): the answers are theirs now, saved and out of the URL.
  leaveLink() {
    this.fromLink = false;
    this.notices.show("link", null);
    this.removeLinkFromUrl();
  }

  removeLinkFromUrl() {
    if (!hasLink(window.location.hash)) return;
    const url = new URL(window.location.href);
    url.hash = "";
    window.history.replaceState(window.history.state, "", url.href.replace(/#$/, ""));
  }

  // --------------------------------------------------------------------------------- missing answers

  /** @param {PageItem[]} needed @param {boolean} anyAnswered */
  showMissing(needed, anyAnswered) {
    for (const item of this.items) {
      if (needed.includes(item)) mark(item, this.t("unanswered.note"));
      else unmark(item);
    }
    this.find("[data-bt-missing]").hidden = false;
    this.find("[data-bt-anyway]").hidden = !anyAnswered;
    const text = this.find("[data-bt-missing-text]");
    text.textContent = "";
    // Set after the live region is shown, so that it is announced after the focused question.
    afterRender(() => {
      text.textContent = this.t("unanswered.message", {count: needed.length});
    });
    const first = needed[0];
    first.inputs[0].focus({preventScroll: true});
    first.fieldset.scrollIntoView({block: "center"});
  }

  // -------------------------------------------------------------------------------------- the engine

  engineChanged() {
    const {state, progress: download, detail: engineDetail} = this.engine;
    this.section.dataset.btAssessmentState = state;
    const status = this.find("[data-bt-engine-status]");
    const progress = /** @type {HTMLProgressElement} */ (this.find("[data-bt-engine-progress]"));
    const detail = this.find("[data-bt-engine-detail]");
    const texts = {
      [EngineState.IDLE]: this.t("engine.downloading"),
      [EngineState.DOWNLOADING]: this.t("engine.downloading"),
      [EngineState.STARTING]: this.t("engine.starting"),
      [EngineState.READY]: this.t("engine.ready"),
      [EngineState.FAILED]: this.t(this.failureText()),
    };
    if (status.textContent !== texts[state]) status.textContent = texts[state];
    /** @type {HTMLElement} */ (status.parentElement).dataset.state = state;
    const share = download && download.total > 0
      ? Math.min(100, Math.round((100 * download.loaded) / download.total)) : null;
    progress.hidden = state !== EngineState.DOWNLOADING || share === null;
    if (share !== null) progress.value = share;
    const failed = state === EngineState.FAILED;
    detail.hidden = !failed || !engineDetail;
    detail.textContent = failed && engineDetail ? this.t("engine.detail", {detail: engineDetail}) : "";
    this.find("[data-bt-retry]").hidden = !failed;
    const changed = state !== this.engineState;
    this.engineState = state;
    // Warmed once the frame that says the engine is ready is painted: after instant navigation the engine is
    // ready at once, and the worker's first score of this rubric must not take a core from that frame.
    if (changed && state === EngineState.READY && !this.wanted) afterPaint(() => this.warmUp());
    if (!changed || !this.wanted) return;
    if (state === EngineState.READY) {
      const wanted = this.wanted;
      this.wanted = null;
      this.run(wanted.answers, wanted.options);
    } else {
      this.panel.showPending(failed ? "unavailable" : "waiting");
    }
  }

  failureText() {
    return this.engine.reason === FailureReason.TIMEOUT ? "engine.timeout" : "engine.failed";
  }

  // -------------------------------------------------------------------------------------- the result

  /** @param {boolean} anyway @param {ResultOptions} [options] */
  requestResult(anyway, options = {focus: true}) {
    const answers = this.answers();
    const count = Object.keys(answers).length;
    const needed = anyway ? [] : neededItems(this.items, this.scoring, answers);
    if (count === 0 || needed.length) {
      this.showMissing(count === 0 ? this.items : needed, count > 0);
      return;
    }
    this.find("[data-bt-missing]").hidden = true;
    for (const item of this.items) unmark(item);
    if (this.engine.state === EngineState.READY) {
      this.run(answers, options);
      return;
    }
    this.wanted = {answers, options};
    if (this.engine.state === EngineState.FAILED) this.engine.retry(); // asking again is worth another try
    // Said after the retry has started: while it runs there is nothing to retry (a button would do nothing, and
    // the attempt could still fail for the old reason after the host is fixed); a failure shows one again.
    this.panel.showPending(this.engine.state === EngineState.FAILED ? "unavailable" : "waiting");
  }

  /** @param {Answers} answers @param {ResultOptions} options */
  async run(answers, options) {
    const request = this.request(answers);
    let output;
    this.awaiting = request;
    try {
      output = await this.ahead.output(request);
    } catch (failure) {
      if (!this.section.isConnected) return;
      const rejection = /** @type {{reason?: string, detail?: string} | undefined} */ (failure);
      if (rejection?.reason === ScoreFailure.ENGINE) {
        this.wanted = {answers, options};
        this.panel.showPending("unavailable");
      } else {
        this.panel.showPending("error");
        this.panel.showErrorDetail(rejection?.detail);
      }
      return;
    } finally {
      if (this.awaiting === request) this.awaiting = null;
    }
    if (!this.section.isConnected) return;
    const titles = await withTimeout(this.titles, TITLES_WAIT_MS, new Map());
    if (!this.section.isConnected) return;
    /** @type {MadeResult | null} */
    let made = this.takePrepared(request, titles);
    try {
      if (!made) {
        const parsed = parsedOutput(output);
        if (!parsed.ok) {
          this.panel.showPending("error");
          this.panel.showErrorDetail(`${parsed.error.kind}: ${parsed.error.message}`);
          return;
        }
        made = this.make(parsed.result, answers, titles);
      }
      this.show(/** @type {MadeResult} */ (made));
    } catch (error) {
      this.panel.showPending("error");
      this.panel.showErrorDetail(error instanceof Error ? error.message : String(error));
      return;
    }
    if (options.focus !== false) {
      const heading = this.find("#bt-result-title");
      heading.focus({preventScroll: true});
      heading.scrollIntoView({block: "start"});
    }
  }

  // ---------------------------------------------------------------------------- the results kept

  // The result of the answers on the form is made in the task their score arrives in, while the reader is
  // still reading or answering: asking for it then only puts it on the page. It is made again on asking when
  // anything it was made from has changed since.
  /** @param {string} request @param {string} output */
  async prepare(request, output) {
    this.setPrepared(null);
    if (request === this.awaiting) return; // a result waits for this score and makes its nodes itself
    const titles = await this.titles;
    const answers = this.answers();
    if (!this.section.isConnected || request !== this.request(answers) || request === this.awaiting) return;
    const parsed = parsedOutput(output);
    if (!parsed.ok) return; // said when asked for, by the usual path
    try {
      this.setPrepared({...this.make(parsed.result, answers, titles), request, titles,
        history: JSON.stringify(this.records.history()), day: this.locale.date(new Date())});
    } catch {
      this.setPrepared(null); // shown (with what went wrong) when asked for
    }
  }

  // The result section says whether a result is prepared (data-bt-prepared): tests and the bench wait for it.
  /** @param {PreparedResult | null} prepared */
  setPrepared(prepared) {
    this.prepared = prepared;
    this.panel.section.toggleAttribute("data-bt-prepared", prepared !== null);
  }

  /**
   * The result made ahead for `request`, when it was made from the titles, kept results and day of now.
   *
   * @param {string} request
   * @param {Titles} titles
   * @returns {PreparedResult | null}
   */
  takePrepared(request, titles) {
    const prepared = this.prepared;
    this.setPrepared(null); // its nodes go on the page once at most
    if (!prepared || prepared.request !== request || prepared.titles !== titles) return null;
    const now = prepared.history === JSON.stringify(this.records.history()) && prepared.day === this.locale.date(new Date());
    return now ? prepared : null;
  }

  /**
   * The result's nodes, made from the kept results as they are now.
   *
   * @param {Result} result
   * @param {Answers} answers
   * @param {Titles} titles
   * @returns {MadeResult}
   */
  make(result, answers, titles) {
    const codes = encodeLink(this.model, answers);
    const stored = this.records.history();
    const previous = previousEntry(stored, codes);
    const history = stored.keep ? withEntry(stored, historyEntry(result, codes, new Date())) : stored;
    const context = {locale: this.locale, scoring: this.scoring, siteRoot: this.siteRoot, titles, previous};
    const {first, rest} = resultNodes(context, {
      result, answers, current: this.answers(), codes, history,
      link: () => linkUrl(window.location.href, this.model, answers),
      feedback: () => this.feedback.section(context, result), comparison: () => this.feedback.download(),
      onKeep: (keep, status) => {
        if (keep) {
          this.records.keepHistory(withEntry({keep: true, entries: this.records.history().entries},
            historyEntry(result, codes, new Date())));
          status.textContent = this.t("history.kept");
        } else {
          this.records.forgetHistory();
          status.textContent = this.t("history.deleted");
        }
      },
    });
    return {answers, result, codes, first, rest, keep: stored.keep};
  }

  /**
   * Shows a made result; its history entry (dated now) is written once the page is idle (or left), never in
   * the frame that shows the result.
   *
   * @param {MadeResult} made
   */
  show(made) {
    this.panel.show(made.first, made.rest);
    this.shown = {answers: made.answers, result: made.result};
    if (made.keep) this.keepLater(historyEntry(made.result, made.codes, new Date()));
  }

  /**
   * Adds `entry` to the kept results when the page is next idle, or before it is left. What is stored then
   * decides: a reader who stopped keeping results in between keeps nothing.
   *
   * @param {import("./result-types.js").HistoryEntry} entry
   */
  keepLater(entry) {
    // Every result shown is kept, in order, even when a second comes before the page is idle.
    if (this.pendingEntries.push(entry) === 1) whenIdle(() => this.keepPending());
  }

  keepPending() {
    const entries = this.pendingEntries;
    this.pendingEntries = [];
    const history = this.records.history();
    if (!entries.length || !history.keep) return;
    const kept = entries.reduce(withEntry, history);
    if (kept !== history) this.records.keepHistory(kept);
  }
}

/**
 * score_json's output, parsed; output that is not JSON is an internal error.
 *
 * @param {string} output
 * @returns {{ok: true, result: Result} | {ok: false, error: {kind: string, message: string}}}
 */
function parsedOutput(output) {
  try {
    return JSON.parse(output);
  } catch (error) {
    return {ok: false, error: {kind: "internal-error", message: String(error)}};
  }
}
