// Results kept on the device, when the reader asks for it: the record, its checks, and the history part of
// the result (the "keep" switch and the earlier results, each in one line).

import {isDateText, isId, isRecord, isScoreOrNull} from "./checks.js";
import {element} from "./dom.js";
import {decodeLink} from "./link-codec.js";
import {viewFor} from "./views/index.js";

/**
 * @typedef {import("./form-model.js").FormModel} FormModel
 * @typedef {import("./result-types.js").Result} Result
 * @typedef {import("./result-types.js").HistoryEntry} HistoryEntry
 * @typedef {import("./result-types.js").History} History
 * @typedef {import("./result-types.js").Scoring} Scoring
 * @typedef {import("./result-parts.js").ViewContext} ViewContext
 *
 * @typedef {{outcome: "none"} | {outcome: "discard"} | {outcome: "kept" | "partial", history: History}} HistoryCheck
 *   none: nothing stored; discard: a record this page could not have written (or none of its entries
 *   passed), to be removed; partial: some entries were dropped (the record is to be rewritten without them).
 */

/** At most this many results are kept. */
export const HISTORY_LIMIT = 12;

/**
 * Whether `entry` is one historyEntry could have written for this rubric's items, scales and composites.
 *
 * @param {unknown} entry
 * @param {FormModel} form
 * @param {Scoring} scoring
 * @returns {entry is HistoryEntry}
 */
export function validHistoryEntry(entry, form, scoring) {
  const scales = Object.keys(scoring.scales);
  const composites = Object.keys(scoring.composites);
  /** @param {unknown} record @param {string[] | null} known */
  const scores = (record, known) => isRecord(record) && Object.entries(record)
    .every(([id, value]) => isId(id) && (!known || known.includes(id)) && isScoreOrNull(value));
  if (!isRecord(entry) || !isDateText(entry.date) || typeof entry.codes !== "string"
      || entry.codes.length > 40 + form.items.length || "error" in decodeLink(form, entry.codes)) return false;
  if (!scores(entry.scales, scales) || !scores(entry.composites, composites) || !scores(entry.fits, null)) {
    return false;
  }
  const summary = entry.summary;
  if (!isRecord(summary)) return false;
  const view = viewFor(summary.type);
  return view !== null && view.validSummary(summary, {scales, composites,
    fits: /** @type {Record<string, unknown>} */ (entry.fits)});
}

/**
 * Checks the stored history record ({keep, entries}); entries that fail the checks are dropped.
 *
 * @param {unknown} stored what Store.get returned
 * @param {FormModel} form
 * @param {Scoring} scoring
 * @returns {HistoryCheck}
 */
export function checkHistory(stored, form, scoring) {
  if (stored === undefined) return {outcome: "none"};
  if (!isRecord(stored) || typeof stored.keep !== "boolean" || !Array.isArray(stored.entries)) {
    return {outcome: "discard"};
  }
  const entries = stored.entries.filter((entry) => validHistoryEntry(entry, form, scoring)).slice(-HISTORY_LIMIT);
  if (entries.length === stored.entries.length) return {outcome: "kept", history: {keep: stored.keep, entries}};
  if (!entries.length) return {outcome: "discard"};
  return {outcome: "partial", history: {keep: stored.keep, entries}};
}

/**
 * What is kept of a result.
 *
 * @param {Result} result
 * @param {string} codes the answers, as a result link
 * @param {Date} date
 * @returns {HistoryEntry}
 */
export function historyEntry(result, codes, date) {
  /** @param {{id: string, score: number | null}[]} list */
  const scores = (list) => Object.fromEntries(list.map((entry) => [entry.id, entry.score]));
  return {
    date: date.toISOString(),
    codes,
    scales: scores(result.scales),
    composites: scores(result.composites),
    fits: Object.fromEntries(result.profiles.fits.map((fit) => [fit.id, fit.fit])),
    summary: result.summary,
  };
}

/**
 * The history with `current` added at the end (unless it repeats the last entry), at most HISTORY_LIMIT long.
 *
 * @param {History} history
 * @param {HistoryEntry} current
 * @returns {History}
 */
export function withEntry(history, current) {
  if (history.entries.length && history.entries[history.entries.length - 1].codes === current.codes) return history;
  return {keep: history.keep, entries: [...history.entries, current].slice(-HISTORY_LIMIT)};
}

/**
 * The most recent kept result given with other answers than `codes`.
 *
 * @param {History} history
 * @param {string} codes
 */
export function previousEntry(history, codes) {
  return [...history.entries].reverse().find((entry) => entry.codes !== codes) || null;
}

/**
 * The history part of the result: the switch that keeps results, and the earlier ones.
 *
 * @param {ViewContext} context
 * @param {{result: Result, codes: string, history: History, onKeep: (keep: boolean, status: HTMLElement) => void}} options
 */
export function historySection(context, {result, codes, history, onKeep}) {
  const {locale, previous} = context;
  const part = element("section", {className: "bt-history", "aria-labelledby": "bt-history-title"});
  part.append(element("h3", {id: "bt-history-title", text: locale.t("history.title")}));
  const checkbox = element("input", {type: "checkbox", id: "bt-keep", "aria-describedby": "bt-keep-hint"});
  checkbox.checked = history.keep;
  const status = element("p", {role: "status", className: "bt-history__status"});
  checkbox.addEventListener("change", () => onKeep(checkbox.checked, status));
  part.append(
    element("p", {className: "bt-keep"}, [checkbox, " ", element("label", {for: "bt-keep", text: locale.t("history.keep")})]),
    element("p", {id: "bt-keep-hint", className: "bt-hint", text: locale.t("history.hint")}),
    status,
  );
  const earlier = history.entries.filter((entry) => entry.codes !== codes);
  if (history.keep && !earlier.length) part.append(element("p", {text: locale.t("history.first")}));
  if (earlier.length) {
    part.append(element("h4", {text: locale.t("history.earlier")}));
    part.append(element("ul", {className: "bt-history__list"}, [...earlier].reverse().map((entry) =>
      element("li", {}, [
        element("span", {className: "bt-history__date", text: locale.date(entry.date)}),
        " — ", viewFor(entry.summary.type)?.headline(context, entry, result) ?? locale.t("result.no_summary"),
      ]))));
  }
  if (previous) part.dataset.previous = previous.date;
  return part;
}
