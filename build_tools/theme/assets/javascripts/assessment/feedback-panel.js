// The taker's side of "see yourself as others see you", on assessments whose rubric has an observer form:
// after their own result, the taker makes invitation links for raters, adds the response links raters send
// back (opened from the URL's fragment or pasted), and sees the comparison. Raters' answers are scored by the
// same engine as the taker's; they never leave this device, and neither do names or passphrases.

import {MIN_RATERS, GAP_THRESHOLD, compare} from "./compare.js";
import {afterRender, element} from "./dom.js";
import {responseInFragment, responseInPasted, resultOf, withRater} from "./feedback.js";
import {
  INVITATION_PARAMETER,
  decodeResponse,
  encodeInvitation,
  encodeResponse,
  isSealed,
  openSealedLink,
  sealLink,
} from "./feedback-links.js";
import {fetchRubric} from "./titles.js";
import {comparisonView} from "./views/comparison.js";

/**
 * @typedef {import("./form-model.js").FormModel} FormModel
 * @typedef {import("./form-model.js").Answers} Answers
 * @typedef {import("./locale.js").Locale} Locale
 * @typedef {import("./records.js").Records} Records
 * @typedef {import("./result-types.js").Result} Result
 * @typedef {import("./result-parts.js").ViewContext} ViewContext
 * @typedef {import("./compare.js").Comparison} Comparison
 * @typedef {import("./feedback-links.js").SealError} SealError
 *
 * @typedef {object} FeedbackOptions
 * @property {FormModel} model
 * @property {Records} records
 * @property {Locale} locale
 * @property {string} rubricUrl the rubric's JSON, which says whether it has an observer form
 * @property {(answers: Answers) => Promise<string>} score score_json's output for a rater's answers
 * @property {() => void} added called when a rater was added (the page shows the taker's result if it can)
 */

/** The article on running the feedback conversation, as rubrics link articles (relative to the language root). */
export const FEEDBACK_ARTICLE = "articles/the-feedback-conversation.md";

/**
 * The last response link taken from a fragment in this visit, by which panel, and what it said. Material's
 * instant navigation may render the page again for a new fragment (putting the fragment back in the URL):
 * the new page's panel then says what the first one said instead of counting the same response again.
 *
 * @type {{text: string, panel: FeedbackPanel, said: [string, Record<string, unknown> | undefined] | null} | null}
 */
let lastFragment = null;

/**
 * Whether the rubric at `url` has an observer form (`texts.observer.items`), from the rubric JSON the page
 * reads once per visit (titles.js); false when the file cannot be read.
 *
 * @param {string} url
 */
export function hasObserverForm(url) {
  return fetchRubric(url).then((rubric) => {
    const items = /** @type {any} */ (rubric)?.texts?.observer?.items;
    return Boolean(items && typeof items === "object" && Object.keys(items).length);
  });
}

/** The page's URL without its fragment. */
function pageUrl() {
  const url = new URL(window.location.href);
  url.hash = "";
  return url.href.replace(/#$/, "");
}

/**
 * @param {string} id
 * @param {string} label
 * @param {Record<string, string | boolean>} [attributes]
 */
function field(id, label, attributes = {}) {
  const input = element("input", {type: "text", id, autocomplete: "off", spellcheck: "false", ...attributes});
  return {input, node: element("p", {className: "bt-field"}, [element("label", {for: id, text: label}), input])};
}

export class FeedbackPanel {
  /** @param {FeedbackOptions} options */
  constructor({model, records, locale, rubricUrl, score, added}) {
    this.model = model;
    this.records = records;
    this.locale = locale;
    this.score = score;
    this.added = added;
    this.observed = hasObserverForm(rubricUrl);
    /** @type {Map<string, Promise<Result | null>>} plain response link -> the rater's result */
    this.results = new Map();
    /** @type {{result: Result, context: ViewContext, box: HTMLElement} | null} the taker's result on show */
    this.self = null;
    /** @type {Comparison | null} the comparison on show, for the JSON download */
    this.comparison = null;
    /** @type {(link: string | null) => void} shows (a sealed link) or hides the passphrase prompt */
    this.askPassphrase = () => {};
    this.status = element("p", {role: "status", className: "bt-intake__status", "data-bt-intake-status": true});
    this.intake = this.intakeBlock();
  }

  /** @param {string} path @param {Record<string, unknown>} [values] */
  t(path, values) {
    return this.locale.t(path, values);
  }

  // ------------------------------------------------------------------------------------ adding raters

  /** The block where response links are pasted, and a sealed one's passphrase is asked for. */
  intakeBlock() {
    const paste = field("bt-response-field", this.t("feedback.paste_label"));
    const add = element("button", {type: "submit", className: "md-button", text: this.t("feedback.paste_add")});
    const pasteForm = element("form", {className: "bt-intake__paste", "data-bt-response-form": true}, [
      paste.node, element("p", {}, [add])]);
    const secret = field("bt-response-passphrase", this.t("feedback.passphrase_label"));
    const open = element("button", {type: "submit", className: "md-button md-button--primary",
      text: this.t("feedback.passphrase_open")});
    const sealedForm = element("form", {className: "bt-intake__sealed", "data-bt-sealed-form": true, hidden: true}, [
      element("p", {text: this.t("feedback.sealed_intro")}), secret.node, element("p", {}, [open])]);
    const block = element("div", {className: "bt-intake", "data-bt-intake": true}, [
      element("h4", {text: this.t("feedback.intake_title")}), pasteForm, sealedForm, this.status]);
    /** @type {string | null} the sealed link waiting for its passphrase */
    let sealed = null;
    pasteForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = responseInPasted(paste.input.value);
      paste.input.value = "";
      if (text === null) this.say("feedback.error_invalid");
      else this.receive(text);
    });
    sealedForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (sealed === null) return;
      open.disabled = true;
      this.say("feedback.opening");
      const opened = await openSealedLink(sealed, secret.input.value);
      open.disabled = false;
      secret.input.value = "";
      if ("error" in opened) {
        this.fail(opened.error);
        if (opened.error === "passphrase") secret.input.focus();
        else this.askPassphrase(null);
        return;
      }
      this.askPassphrase(null);
      this.addPlain(opened.link);
    });
    /** @param {string | null} link */
    this.askPassphrase = (link) => {
      sealed = link;
      sealedForm.hidden = link === null;
      if (link !== null) secret.input.focus();
    };
    return block;
  }

  /** A message in the intake's live region. @param {string} path @param {Record<string, unknown>} [values] */
  say(path, values) {
    if (lastFragment?.panel === this) lastFragment.said = [path, values];
    this.status.textContent = "";
    afterRender(() => {
      this.status.textContent = this.t(path, values);
    });
  }

  /** @param {SealError} error */
  fail(error) {
    this.say(`feedback.error_${error.replace("-", "_")}`);
  }

  /** Puts the intake block on the page (before the questionnaire) when no result holds it. */
  place() {
    if (this.intake.isConnected) return;
    const section = document.querySelector("[data-bt-notices]");
    section?.after(this.intake);
  }

  /**
   * A response link from the URL's fragment, if there is one; the fragment is removed either way, so that a
   * reload neither asks again nor leaves the link in the address bar.
   */
  async openFragment() {
    const text = responseInFragment(window.location.hash);
    if (text === null) return;
    const url = new URL(window.location.href);
    url.hash = "";
    window.history.replaceState(window.history.state, "", url.href.replace(/#$/, ""));
    const echo = lastFragment !== null && lastFragment.text === text && lastFragment.panel !== this
      ? lastFragment : null;
    if (!echo) lastFragment = {text, panel: this, said: null};
    if (!(await this.observed)) return;
    this.place();
    if (!echo || isSealed(text)) {
      this.receive(text);
      return;
    }
    if (echo.said) this.say(...echo.said);
    this.added();
  }

  /** A response link, sealed or not. @param {string} text */
  receive(text) {
    if (isSealed(text)) {
      this.say("feedback.sealed_prompt");
      this.askPassphrase(text);
      return;
    }
    this.addPlain(text);
  }

  /** @param {string} text a plain (opened) response link */
  addPlain(text) {
    const decoded = decodeResponse({[this.model.rubricId]: this.model}, text);
    if ("error" in decoded) {
      this.fail(decoded.error);
      return;
    }
    // Kept in the one spelling this page writes, so that the same answers are one rater however they came.
    const {rater, answers, shown} = decoded.response;
    const link = encodeResponse(this.model, answers, {rater, shown});
    const kept = withRater(this.records.raters(), link, new Date());
    if (kept === "duplicate" || kept === "full") {
      this.say(`feedback.${kept}`);
      this.added();
      return;
    }
    const raters = kept.raters;
    this.records.keepRaters(raters);
    this.say(kept.replaced ? "feedback.replaced" : "feedback.added", {count: raters.length});
    this.refresh();
    this.added();
  }

  /** Forgets what is shown (the page's answers were cleared; the stored raters went with them). */
  clear() {
    this.results.clear();
    this.self = null;
    this.comparison = null;
    this.askPassphrase(null);
    this.status.textContent = "";
  }

  // --------------------------------------------------------------------------------- the result's part

  /**
   * The feedback part of the taker's result: asking others, adding responses and the comparison. Empty until
   * the rubric is known to have an observer form, and for good when it has none.
   *
   * @param {ViewContext} context
   * @param {Result} result
   * @returns {HTMLElement}
   */
  section(context, result) {
    const part = element("section", {className: "bt-feedback", "data-bt-feedback": true, hidden: true,
      "aria-labelledby": "bt-feedback-title"});
    const box = element("div", {"data-bt-comparison-box": true});
    this.self = {result, context, box};
    this.comparison = null;
    this.observed.then((has) => {
      if (!has || this.self?.box !== box) return;
      part.append(element("h3", {id: "bt-feedback-title", text: this.t("feedback.title")}), this.askBlock(), box,
        this.intake);
      part.hidden = false;
      this.refresh();
    });
    return part;
  }

  /** Creating an invitation link, and what the rater will see. */
  askBlock() {
    const name = field("bt-invite-name", this.t("feedback.name_label"), {autocomplete: "given-name"});
    const secret = field("bt-invite-passphrase", this.t("feedback.invite_passphrase_label"));
    const create = element("button", {type: "submit", className: "md-button md-button--primary",
      text: this.t("feedback.create")});
    const link = element("input", {type: "text", id: "bt-invite-link", readonly: true, "data-bt-invite-link": true});
    const copy = element("button", {type: "button", className: "md-button", "data-bt-invite-copy": true,
      text: this.t("feedback.copy")});
    const output = element("div", {className: "bt-invite__output", hidden: true}, [
      element("p", {className: "bt-field"}, [element("label", {for: "bt-invite-link", text: this.t("feedback.link_label")}),
        link]),
      element("p", {}, [copy])]);
    const status = element("p", {role: "status", className: "bt-invite__status", "data-bt-invite-status": true});
    const form = element("form", {className: "bt-invite", "data-bt-invite-form": true}, [
      element("p", {className: "bt-field__hint", text: this.t("feedback.name_hint")}), name.node,
      element("p", {className: "bt-field__hint", text: this.t("feedback.passphrase_hint")}), secret.node,
      element("p", {}, [create])]);
    /** @param {string} path */
    const tell = (path) => {
      status.textContent = "";
      afterRender(() => {
        status.textContent = this.t(path);
      });
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      let text;
      try {
        text = encodeInvitation(this.model, name.input.value);
      } catch {
        tell("feedback.name_invalid");
        name.input.focus();
        return;
      }
      const passphrase = secret.input.value;
      if (passphrase.trim()) {
        create.disabled = true;
        tell("feedback.sealing");
        text = await sealLink(text, passphrase);
        create.disabled = false;
      }
      link.value = `${pageUrl()}#${INVITATION_PARAMETER}${text}`;
      output.hidden = false;
      tell(passphrase.trim() ? "feedback.created_sealed" : "feedback.created");
      link.focus();
      link.select();
    });
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(link.value);
        tell("feedback.copied");
      } catch {
        tell("feedback.copy_failed");
        link.focus();
        link.select();
      }
    });
    return element("div", {className: "bt-ask"}, [
      element("h4", {text: this.t("feedback.ask_title")}),
      element("p", {text: this.t("feedback.ask_intro")}),
      element("ul", {className: "bt-ask__rules"}, [
        element("li", {text: this.t("feedback.rater_sees")}),
        element("li", {text: this.t("feedback.anonymity", {minimum: MIN_RATERS})}),
        element("li", {text: this.t("feedback.private")}),
      ]),
      form, output, status,
    ]);
  }

  /** @param {string} link */
  raterResult(link) {
    let found = this.results.get(link);
    if (!found) {
      const decoded = decodeResponse({[this.model.rubricId]: this.model}, link);
      found = "error" in decoded ? Promise.resolve(null)
        : this.score(decoded.response.answers).then(resultOf, () => null);
      this.results.set(link, found);
    }
    return found;
  }

  /** Scores the kept raters (each once) and shows the comparison with the taker's result on show. */
  async refresh() {
    const self = this.self;
    if (!self || !(await this.observed)) return;
    const kept = this.records.raters();
    const scored = await Promise.all(kept.map(async ({link}) => ({link, result: await this.raterResult(link)})));
    if (this.self !== self) return;
    const raters = scored.flatMap(({link, result}) => {
      const decoded = decodeResponse({[this.model.rubricId]: this.model}, link);
      return result && !("error" in decoded) ? [{result, shown: decoded.response.shown}] : [];
    });
    const comparison = compare(self.result, raters);
    this.comparison = comparison;
    self.box.replaceChildren(comparisonView(self.context, {comparison, self: self.result, minRaters: MIN_RATERS,
      threshold: GAP_THRESHOLD, article: FEEDBACK_ARTICLE}));
    if (kept.length > raters.length) {
      self.box.prepend(element("p", {className: "bt-comparison__unscored",
        text: this.t("feedback.unscored", {count: kept.length - raters.length})}));
    }
  }

  /** What the JSON download carries of the comparison: only what the page shows (no rater's answers). */
  download() {
    if (!this.comparison) return null;
    return {min_raters: MIN_RATERS, gap_threshold: GAP_THRESHOLD, ...this.comparison};
  }
}
