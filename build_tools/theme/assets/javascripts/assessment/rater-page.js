// An assessment page opened with an invitation ("#invite=…"): the rater's view instead of the questionnaire.
// It says who asked and what for, states the anonymity rule before any answer, asks the observer form's
// statements with the self form's answer scale and gives a response link to send back.
//
// Privacy: the rater's answers stay in this view. Nothing is written to storage (they are not the reader's
// own answers), nothing is requested, and the invitation leaves the URL once read. The engine is not started:
// a rater needs no score.

import {MIN_RATERS} from "./compare.js";
import {element} from "./dom.js";
import {decodeInvitation, encodeResponse, isSealed, newRaterMark, openSealedLink, sealLink} from "./feedback-links.js";
import {answerValue} from "./form-model.js";
import {Locale} from "./locale.js";
import {canSeal, errorText, invitationInFragment, observerForm, responseUrl} from "./rater.js";

/**
 * @typedef {import("./form-model.js").Answers} Answers
 * @typedef {import("./form-model.js").FormItem} FormItem
 * @typedef {import("./form-model.js").FormModel} FormModel
 * @typedef {import("./feedback-links.js").Invitation} Invitation
 * @typedef {import("./rater.js").ObserverForm} ObserverForm
 * @typedef {import("./rater.js").RaterError} RaterError
 * @typedef {{leave: () => void}} RaterOptions leave: show the reader's own questionnaire instead
 * @typedef {{item: FormItem, inputs: HTMLInputElement[]}} RaterItem
 */

/** @param {string} hash */
export function wantsRater(hash) {
  return invitationInFragment(hash) !== null;
}

/**
 * The questionnaire as the page renders it: the same reading of the section as page.js, so that an invitation
 * and a response are checked against the very form the reader would answer.
 *
 * @param {HTMLElement} section
 * @returns {{model: FormModel, labels: Map<string, string[]>}}
 */
function readForm(section) {
  /** @type {Map<string, string[]>} */
  const labels = new Map();
  const items = [...section.querySelectorAll("fieldset[data-item]")].map((node) => {
    const fieldset = /** @type {HTMLFieldSetElement} */ (node);
    const inputs = /** @type {HTMLInputElement[]} */ ([...fieldset.querySelectorAll("input[type=radio]")]);
    const id = fieldset.dataset.item || "";
    labels.set(id, inputs.map((input) => input.closest("label")?.textContent?.trim() || input.value));
    return {
      id,
      kind: fieldset.dataset.kind || "",
      scales: (fieldset.dataset.scales || "").split(" ").filter(Boolean),
      values: inputs.map((input) => input.value),
    };
  });
  const data = section.dataset;
  return {model: {rubricId: data.rubricId || "", version: Number(data.rubricVersion), items}, labels};
}

export class RaterPage {
  /**
   * @param {HTMLElement} section the form's <section data-rubric-id>
   * @param {RaterOptions} options
   */
  constructor(section, options) {
    this.section = section;
    this.options = options;
    const data = section.dataset;
    this.locale = new Locale(data.language || document.documentElement.lang || "en", JSON.parse(data.strings || "{}"));
    const {model, labels} = readForm(section);
    this.model = model;
    // One mark for this answering session: a corrected response replaces the first one at the taker's.
    this.raterMark = newRaterMark();
    this.labels = labels;
    /** @type {ObserverForm | null} */
    this.observer = null;
    try {
      this.observer = observerForm(model, JSON.parse(data.observer || "null"));
    } catch {
      this.observer = null;
    }
    this.view = element("div", {className: "bt-rater", "data-bt-rater": true});
    /** @type {Array<[HTMLElement, HTMLElement["hidden"]]>} the section's own parts and whether they were hidden */
    this.hidden = [];
    /** @type {RaterItem[]} */
    this.items = [];
  }

  /** @param {string} path @param {Record<string, unknown>} [values] */
  t(path, values) {
    return this.locale.t(path, values);
  }

  start() {
    const link = invitationInFragment(window.location.hash) || "";
    this.removeInvitationFromUrl();
    for (const child of /** @type {HTMLElement[]} */ ([...this.section.children])) {
      // the self-assessment disclaimer speaks to someone assessing themselves: the form carries a rater's own
      if (child.id === "bt-questionnaire-title") continue;
      this.hidden.push([child, child.hidden]);
      child.hidden = true;
    }
    /** @type {HTMLElement} */ (this.section.querySelector("#bt-questionnaire-title")).after(this.view);
    if (isSealed(link) && !canSeal()) this.showError("no-crypto");
    else if (isSealed(link)) this.askPassphrase(link);
    else this.open(link);
  }

  stop() {
    this.view.remove();
    for (const [child, hidden] of this.hidden.splice(0)) child.hidden = hidden;
  }

  removeInvitationFromUrl() {
    const url = new URL(window.location.href);
    url.hash = "";
    window.history.replaceState(window.history.state, "", url.href.replace(/#$/, ""));
  }

  /** @param {Node[]} nodes @param {HTMLElement} [focus] */
  show(nodes, focus) {
    this.view.replaceChildren(...nodes);
    if (focus) {
      focus.focus({preventScroll: true});
      focus.scrollIntoView({block: "start"});
    }
  }

  /** @param {string} text */
  heading(text) {
    return element("h3", {className: "bt-rater__title", id: "bt-rater-title", tabindex: "-1", text});
  }

  leaveButton() {
    const button = element("button", {type: "button", className: "md-button bt-rater__leave", text: this.t("rater.leave")});
    button.addEventListener("click", () => this.options.leave());
    return button;
  }

  /** The invitation cannot be used. @param {RaterError} error */
  showError(error) {
    const title = this.heading(this.t("rater.error_title"));
    this.show([
      title,
      element("div", {className: "admonition warning bt-rater__error", "data-bt-rater-error": error}, [
        element("p", {text: this.t(errorText(error))}),
      ]),
      element("p", {}, [this.leaveButton()]),
    ], title);
  }

  // ------------------------------------------------------------------------------------- the invitation

  /** @param {string} sealed */
  askPassphrase(sealed) {
    const title = this.heading(this.t("rater.sealed_title"));
    const input = element("input", {type: "password", id: "bt-rater-passphrase", autocomplete: "off",
      required: true, "aria-describedby": "bt-rater-sealed-text"});
    const submit = element("button", {type: "submit", className: "md-button md-button--primary", text: this.t("rater.open")});
    const status = element("p", {className: "bt-rater__status", role: "alert", id: "bt-rater-passphrase-status"});
    const form = element("form", {className: "bt-rater__passphrase", novalidate: true}, [
      element("p", {id: "bt-rater-sealed-text", text: this.t("rater.sealed_text")}),
      element("p", {className: "bt-rater__field"}, [
        element("label", {for: "bt-rater-passphrase", text: this.t("rater.passphrase")}),
        input,
      ]),
      element("p", {}, [submit]),
      status,
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!input.value) {
        status.textContent = this.t("rater.errors.passphrase_empty");
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      submit.disabled = true;
      status.textContent = this.t("rater.opening");
      const opened = await openSealedLink(sealed, input.value);
      submit.disabled = false;
      if (!this.view.isConnected) return;
      if ("link" in opened) {
        this.open(opened.link);
      } else if (opened.error === "passphrase") {
        status.textContent = this.t(errorText("passphrase"));
        input.setAttribute("aria-invalid", "true");
        input.select();
        input.focus();
      } else {
        this.showError(opened.error);
      }
    });
    this.show([title, form, element("p", {}, [this.leaveButton()])], title);
  }

  /** @param {string} link a plain invitation link */
  open(link) {
    const decoded = decodeInvitation({[this.model.rubricId]: this.model}, link);
    if ("error" in decoded) this.showError(decoded.error);
    else if (!this.observer) this.showError("unavailable");
    else this.showForm(decoded.invitation, this.observer);
  }

  // ------------------------------------------------------------------------------------------ the form

  /** @param {Invitation} invitation @param {ObserverForm} observer */
  showForm(invitation, observer) {
    const name = invitation.name;
    const assessment = document.querySelector("h1")?.textContent?.trim() || "";
    const title = this.heading(name ? this.t("rater.title", {name}) : this.t("rater.title_anonymous"));
    const purpose = element("p", {className: "bt-rater__purpose",
      text: name ? this.t("rater.purpose", {name, assessment}) : this.t("rater.purpose_anonymous", {assessment})});
    const rule = element("div", {className: "admonition note bt-rater__rule"}, [
      element("p", {className: "admonition-title", text: this.t("rater.rule_title")}),
      element("p", {text: this.t("rater.privacy")}),
      element("p", {text: this.t("rater.anonymity", {count: MIN_RATERS})}),
    ]);
    const shown = element("input", {type: "checkbox", id: "bt-rater-shown", "aria-describedby": "bt-rater-shown-hint"});
    const choice = element("div", {className: "bt-rater__shown"}, [
      element("p", {}, [shown, " ", element("label", {for: "bt-rater-shown", text: this.t("rater.shown_label")})]),
      element("p", {id: "bt-rater-shown-hint", className: "bt-rater__hint", text: this.t("rater.shown_hint")}),
    ]);

    this.items = observer.statements.map(({item}) => ({item, inputs: []}));
    const fieldsets = observer.statements.map(({item, text}, index) => {
      const labels = this.labels.get(item.id) || item.values;
      const inputs = item.values.map((value) => element("input", {type: "radio", name: `bt-rater-${item.id}`, value}));
      this.items[index].inputs = inputs;
      return element("fieldset", {className: "bt-item", id: `bt-rater-item-${item.id}`, "data-rater-item": item.id}, [
        element("legend", {}, [element("span", {className: "bt-item__number", text: `${index + 1}.`}), ` ${text}`]),
        element("div", {className: `bt-options${item.values.length > 5 ? " bt-options--stacked" : ""}`},
          inputs.map((input, option) => element("label", {className: "bt-option"}, [
            input, element("span", {text: labels[option] ?? input.value}),
          ]))),
      ]);
    });
    const progress = element("p", {className: "bt-progress bt-rater__progress"});
    const passphrase = element("input", {type: "text", id: "bt-rater-seal", autocomplete: "off", spellcheck: "false",
      "aria-describedby": "bt-rater-seal-hint"});
    const submit = element("button", {type: "submit", className: "md-button md-button--primary", text: this.t("rater.create")});
    const status = element("p", {className: "bt-rater__status", role: "alert"});
    const output = element("section", {className: "bt-rater__response", "aria-labelledby": "bt-rater-response-title",
      hidden: true});
    const form = element("form", {className: "bt-form bt-rater__form", novalidate: true, "aria-labelledby": "bt-rater-title"}, [
      element("p", {className: "bt-instructions", text: observer.instructions}),
      ...fieldsets,
      progress,
      element("div", {className: "bt-rater__seal"}, [
        element("p", {className: "bt-rater__field"}, [
          element("label", {for: "bt-rater-seal", text: this.t("rater.seal_label")}),
          passphrase,
        ]),
        element("p", {id: "bt-rater-seal-hint", className: "bt-rater__hint", text: this.t("rater.seal_hint")}),
      ]),
      element("p", {}, [submit]),
      status,
    ]);
    const updateProgress = () => {
      progress.textContent = this.t("progress", {answered: Object.keys(this.answers()).length, total: this.items.length});
    };
    updateProgress();
    const changed = () => {
      updateProgress();
      if (!output.hidden) {
        output.hidden = true;
        output.replaceChildren();
        status.textContent = this.t("rater.changed");
      }
    };
    form.addEventListener("change", changed);
    passphrase.addEventListener("input", changed);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const answers = this.answers();
      if (!Object.keys(answers).length) {
        status.textContent = this.t("rater.none_answered");
        this.items[0].inputs[0].focus();
        return;
      }
      submit.disabled = true;
      status.textContent = passphrase.value.trim() ? this.t("rater.creating") : "";
      const plain = encodeResponse(this.model, answers, {rater: this.raterMark, shown: shown.checked});
      /** @type {string | null} */
      let sealed;
      try {
        sealed = passphrase.value.trim() ? await sealLink(plain, passphrase.value) : null;
      } catch {
        // no Web Crypto here (an insecure context, an old browser): the rater may go on without a passphrase
        submit.disabled = false;
        status.textContent = this.t("rater.errors.cannot_seal");
        passphrase.focus();
        return;
      }
      submit.disabled = false;
      if (!this.view.isConnected) return;
      status.textContent = "";
      this.showResponse(output, responseUrl(window.location.href, sealed ?? plain), sealed !== null);
    });
    const disclaimer = element("p", {className: "bt-disclaimer", "data-bt-rater-disclaimer": true,
      text: this.t("rater.disclaimer")});
    this.show([title, purpose, rule, choice, form, output, element("p", {}, [this.leaveButton()]), disclaimer], title);
  }

  /** @returns {Answers} */
  answers() {
    /** @type {Answers} */
    const answers = {};
    for (const {item, inputs} of this.items) {
      const checked = inputs.find((input) => input.checked);
      if (checked) answers[item.id] = answerValue(item, checked.value);
    }
    return answers;
  }

  // -------------------------------------------------------------------------------------- the response

  /**
   * @param {HTMLElement} output
   * @param {string} url
   * @param {boolean} sealed
   */
  showResponse(output, url, sealed) {
    const title = element("h3", {id: "bt-rater-response-title", tabindex: "-1", text: this.t("rater.response_title")});
    const input = element("input", {type: "text", id: "bt-rater-link", readonly: true, value: url,
      "data-bt-rater-link": true});
    const copy = element("button", {type: "button", className: "md-button md-button--primary", text: this.t("rater.copy")});
    const status = element("p", {className: "bt-rater__status", role: "status"});
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(url);
        status.textContent = this.t("rater.copied");
      } catch {
        status.textContent = this.t("rater.copy_failed");
        input.focus();
        input.select();
      }
    });
    output.replaceChildren(...[
      title,
      element("p", {text: this.t("rater.send")}),
      ...(sealed ? [element("p", {text: this.t("rater.send_sealed")})] : []),
      element("p", {className: "bt-link bt-rater__link"}, [
        element("label", {for: "bt-rater-link", text: this.t("rater.link_label")}),
        input,
      ]),
      element("p", {}, [copy]),
      status,
      element("p", {className: "bt-rater__hint", text: this.t("rater.nothing_kept")}),
    ]);
    output.hidden = false;
    title.focus({preventScroll: true});
    title.scrollIntoView({block: "start"});
  }
}
