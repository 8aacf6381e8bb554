// The records this page keeps on the device for one rubric (the answers, and the results when the reader
// asks), checked when read back: whatever does not pass is removed, and the reader told so.

import {checkRaters, ratersRecord} from "./feedback.js";
import {checkHistory} from "./history.js";
import {checkSavedAnswers} from "./storage.js";

/**
 * @typedef {import("./storage.js").Store} Store
 * @typedef {import("./notices.js").Notices} Notices
 * @typedef {import("./locale.js").Locale} Locale
 * @typedef {import("./form-model.js").FormModel} FormModel
 * @typedef {import("./form-model.js").Answers} Answers
 * @typedef {import("./result-types.js").History} History
 * @typedef {import("./result-types.js").Scoring} Scoring
 * @typedef {import("./feedback.js").KeptRater} KeptRater
 */

export class Records {
  /**
   * @param {{store: Store, model: FormModel, scoring: Scoring, notices: Notices, locale: Locale}} options
   */
  constructor({store, model, scoring, notices, locale}) {
    this.store = store;
    this.model = model;
    this.scoring = scoring;
    this.notices = notices;
    this.locale = locale;
    this.storageNoticeShown = false;
  }

  /** Says, once, that nothing will be kept on this device. */
  showStorageNotice() {
    if (this.storageNoticeShown) return;
    this.storageNoticeShown = true;
    this.notices.show("storage", this.locale.t("notices.storage_unavailable"), {kind: "warning"});
  }

  /** Saves the answers on the form (none: removes the record). @param {Answers} answers */
  saveAnswers(answers) {
    if (!Object.keys(answers).length) {
      this.store.remove(this.store.answersKey);
      return;
    }
    if (!this.store.set(this.store.answersKey, {saved: new Date().toISOString(), answers})) this.showStorageNotice();
  }

  /**
   * The answers saved on this device, or null. A record this page could not have written is removed;
   * answers the form does not offer are dropped (and the record rewritten without them).
   *
   * @returns {{answers: Answers, date: string} | null}
   */
  savedAnswers() {
    const key = this.store.answersKey;
    const check = checkSavedAnswers(this.model, this.store.get(key));
    if (check.outcome === "none") return null;
    if (check.outcome === "discard") {
      this.discard(key, "answers-discarded", "notices.answers_discarded");
      return null;
    }
    if (check.outcome === "partial") {
      this.store.set(key, {saved: check.date, answers: check.answers});
      this.notices.show("answers-discarded", this.locale.t("notices.answers_partly_discarded"), {kind: "warning"});
    }
    return {answers: check.answers, date: check.date};
  }

  /**
   * The results kept on this device. A record this page could not have written is removed; entries that
   * fail the checks are dropped (and the record rewritten without them).
   *
   * @returns {History}
   */
  history() {
    const key = this.store.historyKey;
    const check = checkHistory(this.store.get(key), this.model, this.scoring);
    if (check.outcome === "none") return {keep: false, entries: []};
    if (check.outcome === "discard") {
      this.discard(key, "history-discarded", "notices.history_discarded");
      return {keep: false, entries: []};
    }
    if (check.outcome === "partial") {
      this.store.set(key, check.history);
      this.notices.show("history-discarded", this.locale.t("notices.history_partly_discarded"), {kind: "warning"});
    }
    return check.history;
  }

  /** @param {History} history */
  keepHistory(history) {
    if (!this.store.set(this.store.historyKey, history)) this.showStorageNotice();
  }

  forgetHistory() {
    this.store.remove(this.store.historyKey);
  }

  /**
   * The raters' responses kept on this device. A record this page could not have written is removed;
   * responses that fail the checks are dropped (and the record rewritten without them).
   *
   * @returns {KeptRater[]}
   */
  raters() {
    const key = this.store.ratersKey;
    const check = checkRaters(this.model, this.store.get(key));
    if (check.outcome === "none") return [];
    if (check.outcome === "discard") {
      this.discard(key, "raters-discarded", "feedback.raters_discarded");
      return [];
    }
    if (check.outcome === "partial") {
      this.store.set(key, ratersRecord(check.raters));
      this.notices.show("raters-discarded", this.locale.t("feedback.raters_partly_discarded"), {kind: "warning"});
    }
    return check.raters;
  }

  /** @param {KeptRater[]} raters */
  keepRaters(raters) {
    if (!this.store.set(this.store.ratersKey, ratersRecord(raters))) this.showStorageNotice();
  }

  /**
   * Removes what is stored under `key` and says so.
   *
   * @param {string} key
   * @param {string} notice the notice's id
   * @param {string} text the notice's text (a path in the strings)
   */
  discard(key, notice, text) {
    this.store.remove(key);
    this.notices.show(notice, this.locale.t(text), {kind: "warning"});
  }
}
