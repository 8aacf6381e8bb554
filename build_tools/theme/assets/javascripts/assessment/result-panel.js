// The result section of the page: the result itself, or a live message while it cannot be shown (the
// engine is not ready, has failed, or scoring went wrong).

import {afterPaint, afterRender, element} from "./dom.js";

/**
 * @typedef {import("./locale.js").Locale} Locale
 * @typedef {"waiting" | "unavailable" | "error"} PendingKind  unavailable: the engine failed (a retry is offered)
 */

export class ResultPanel {
  /**
   * @param {HTMLElement} section the assessment's section
   * @param {Locale} locale
   * @param {{failureText: () => string, retry: () => void}} engine what the panel says and does on failure
   */
  constructor(section, locale, engine) {
    this.assessment = section;
    this.locale = locale;
    this.engine = engine;
    this.section = /** @type {HTMLElement} */ (section.querySelector("[data-bt-result]"));
    this.body = /** @type {HTMLElement} */ (section.querySelector("[data-bt-result-body]"));
    this.printing = false;
    /** @type {(() => HTMLElement[]) | null} makes the parts of the result on show not added yet */
    this.rest = null;
  }

  // The print style sheet turns a shown result into a report with the assessment's class. A class on the
  // assessment makes the browser restyle the whole questionnaire (tens of ms on a slow machine), so it is set
  // only while the page is printed, never in the frame that shows a result.
  /** @param {boolean} printing */
  print(printing) {
    this.printing = printing;
    if (printing) this.addRest(); // a printed result is the whole of it
    this.assessment.classList.toggle("bt-assessment--result", printing && this.section.classList.contains("bt-result--shown"));
  }

  /** @param {PendingKind} kind */
  showPending(kind) {
    this.rest = null;
    this.section.hidden = false;
    this.section.classList.remove("bt-result--shown");
    if (this.printing) this.print(true);
    const message = element("p", {role: "status", className: "bt-result__pending"});
    this.body.replaceChildren(message);
    const texts = {waiting: "engine.waiting", unavailable: this.engine.failureText(), error: "engine.error"};
    // Set the text after the live region is in the page, so that it is announced.
    afterRender(() => {
      message.textContent = this.locale.t(texts[kind]);
    });
    if (kind === "unavailable") {
      const retry = element("button", {type: "button", className: "md-button", text: this.locale.t("engine.retry")});
      retry.addEventListener("click", () => this.engine.retry());
      this.body.append(element("p", {}, [retry]));
    }
  }

  /** Adds what went wrong, in the reader's language around the engine's words. @param {string | undefined} detail */
  showErrorDetail(detail) {
    if (!detail) return;
    this.body.append(element("p", {className: "bt-result__detail", text: this.locale.t("engine.detail", {detail})}));
  }

  /**
   * Shows a result: `first` at once, and the parts `rest` makes (below them) once that has been painted.
   *
   * @param {HTMLElement[]} first
   * @param {() => HTMLElement[]} [rest]
   */
  show(first, rest) {
    this.rest = rest || null;
    this.body.replaceChildren(...first);
    this.section.hidden = false;
    this.section.classList.add("bt-result--shown");
    if (this.printing) this.print(true);
    if (rest) afterPaint(() => {
      if (this.rest === rest) this.addRest();
    });
  }

  /** Adds the parts of the result on show that are not on the page yet. */
  addRest() {
    const rest = this.rest;
    this.rest = null;
    if (rest) this.body.append(...rest());
  }

  hide() {
    this.rest = null;
    this.section.hidden = true;
    this.section.classList.remove("bt-result--shown");
    if (this.printing) this.print(true);
    this.body.replaceChildren();
  }

  /** Marks the result as stale (answers changed since) or not. @param {boolean} stale */
  markStale(stale) {
    this.body.querySelector("[data-bt-stale]")?.toggleAttribute("hidden", !stale);
  }
}
