// What the page keeps on the device: the answers (per rubric id and version), when the reader asks for
// it, the results, and the responses of the raters the reader asked for feedback. localStorage with a
// memory fallback: when storage is disabled or full, everything keeps
// working for the session and the page says that nothing will be kept.
//
// Everything read back may be corrupt or edited by hand: it is checked against what this page writes
// (shape, types, lengths, the rubric's own items) before use, and whatever does not pass is removed.

import {isDateText, isRecord} from "./checks.js";
import {validAnswers} from "./form-model.js";

/**
 * @typedef {import("./form-model.js").FormModel} FormModel
 * @typedef {import("./form-model.js").Answers} Answers
 * @typedef {Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">} StorageArea
 *
 * @typedef {{outcome: "none"} | {outcome: "discard"} | {outcome: "kept" | "partial", answers: Answers,
 *   date: string}} SavedAnswersCheck
 *   none: nothing (usable) stored; discard: a record this page could not have written, to be removed;
 *   partial: some answers were dropped (the record is to be rewritten without them); kept: all of it.
 */

export const STORAGE_PREFIX = "bt.assessment.";

/** What Store.get returns for stored text that is not JSON. */
export const UNREADABLE = Symbol("unreadable");

/** @returns {StorageArea} */
function browserStorage() {
  return window.localStorage;
}

export class Store {
  /**
   * @param {string} rubricId
   * @param {number} version
   * @param {() => StorageArea} [area] The device's storage; reading it may throw (site data blocked).
   */
  constructor(rubricId, version, area = browserStorage) {
    this.area = area;
    this.prefix = `${STORAGE_PREFIX}${rubricId}.`;
    this.answersKey = `${this.prefix}v${version}.answers`;
    this.historyKey = `${this.prefix}v${version}.history`;
    // The raters' responses (feedback.js); the record inside carries its own format version.
    this.ratersKey = `${this.prefix}v${version}.raters`;
    /** @type {Map<string, unknown>} */
    this.memory = new Map();
    this.available = this.probe();
  }

  probe() {
    try {
      const key = `${STORAGE_PREFIX}probe`;
      this.area().setItem(key, "1");
      this.area().removeItem(key);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The value stored under `key`: undefined when there is none (or storage cannot be read), UNREADABLE
   * when the stored text is not JSON. Callers check the shape before use.
   *
   * @param {string} key
   * @returns {unknown}
   */
  get(key) {
    if (this.memory.has(key)) return this.memory.get(key);
    let text;
    try {
      text = this.area().getItem(key);
    } catch {
      return undefined;
    }
    if (text === null) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return UNREADABLE;
    }
  }

  /**
   * True when the value is stored on the device, false when it is only kept for this session.
   *
   * @param {string} key
   * @param {unknown} value
   */
  set(key, value) {
    try {
      this.area().setItem(key, JSON.stringify(value));
      this.memory.delete(key);
      return true;
    } catch {
      this.memory.set(key, value);
      this.available = false;
      return false;
    }
  }

  /** @param {string} key */
  remove(key) {
    this.memory.delete(key);
    try {
      this.area().removeItem(key);
    } catch {
      // nothing stored, nothing to remove
    }
  }

  /** Removes everything stored for this rubric, whatever the version. */
  clearAll() {
    for (const key of [...this.memory.keys()]) if (key.startsWith(this.prefix)) this.memory.delete(key);
    try {
      const area = this.area();
      const keys = [];
      for (let index = 0; index < area.length; index += 1) {
        const key = area.key(index);
        if (key && key.startsWith(this.prefix)) keys.push(key);
      }
      for (const key of keys) area.removeItem(key);
    } catch {
      // storage unavailable: the memory copy is all there was
    }
  }
}

/**
 * Checks the saved answers record ({saved, answers}) against the form. Answers the form does not offer are
 * dropped.
 *
 * @param {FormModel} form
 * @param {unknown} stored what Store.get returned
 * @returns {SavedAnswersCheck}
 */
export function checkSavedAnswers(form, stored) {
  if (stored === undefined) return {outcome: "none"};
  if (!isRecord(stored) || !isRecord(stored.answers) || !isDateText(stored.saved)) return {outcome: "discard"};
  const answers = validAnswers(form, stored.answers);
  const kept = Object.keys(answers).length;
  if (kept === Object.keys(stored.answers).length) {
    return kept ? {outcome: "kept", answers, date: stored.saved} : {outcome: "none"};
  }
  if (!kept) return {outcome: "discard"};
  return {outcome: "partial", answers, date: stored.saved};
}
