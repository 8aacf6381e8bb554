// The taker's side of feedback, without the page: where a response link is found (the URL's fragment or
// pasted text), and the raters kept on the device beside the taker's own answers.
//
// A rater is kept as the plain response link it came in (a sealed link is kept opened, so the passphrase is
// never stored), with the date it was added. The link is the rater's answers in their most compact, already
// validated form, and equal links are one rater: opening the same link twice counts once. Each response carries
// its rater's random mark, so two raters who gave the same answers are two, and a rater's corrected response
// (same mark, other answers) replaces their first.
//
// Everything read back from storage is hostile: the record is checked against what this page writes and
// every kept link is decoded again against the form, as when it arrived; whatever fails is dropped.

import {isDateText, isRecord} from "./checks.js";
import {RESPONSE_PARAMETER, decodeResponse, raterMarkOf} from "./feedback-links.js";

/**
 * @typedef {import("./form-model.js").FormModel} FormModel
 * @typedef {import("./feedback-links.js").Response} Response
 * @typedef {import("./result-types.js").Result} Result
 * @typedef {{link: string, added: string}} KeptRater
 * @typedef {{format: number, raters: KeptRater[]}} RatersRecord
 * @typedef {{outcome: "none"} | {outcome: "discard"} | {outcome: "kept" | "partial", raters: KeptRater[]}} RatersCheck
 *   none: nothing stored; discard: a record this page could not have written (to be removed); partial: some
 *   raters were dropped (the record is to be rewritten without them); kept: all of them.
 */

/** The version of the raters record's shape, stored inside it; a record of another version is discarded. */
export const RATERS_FORMAT = 1;
/** Most raters kept for one questionnaire: far above any real feedback round, a bound on what is read back. */
export const MAX_RATERS = 50;

/**
 * The response link in a URL fragment ("#response=r1…"), or null when the fragment holds none.
 *
 * @param {string} hash
 */
export function responseInFragment(hash) {
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  return text.startsWith(RESPONSE_PARAMETER) ? text.slice(RESPONSE_PARAMETER.length) : null;
}

/**
 * The response link in what a reader pasted: a whole URL, its fragment, or the link text alone. Null when
 * there is no response parameter and the text does not look like a link of its own either.
 *
 * @param {string} pasted
 */
export function responseInPasted(pasted) {
  const text = String(pasted).trim();
  const at = text.indexOf(`#${RESPONSE_PARAMETER}`);
  if (at >= 0) return text.slice(at + 1 + RESPONSE_PARAMETER.length);
  if (text.startsWith(RESPONSE_PARAMETER)) return text.slice(RESPONSE_PARAMETER.length);
  return /^[a-z]\d/.test(text) ? text : null;
}

/**
 * Checks a stored raters record against the form: every link must decode as a response to this very form.
 *
 * @param {FormModel} form
 * @param {unknown} stored what Store.get returned
 * @returns {RatersCheck}
 */
export function checkRaters(form, stored) {
  if (stored === undefined) return {outcome: "none"};
  if (!isRecord(stored) || stored.format !== RATERS_FORMAT || !Array.isArray(stored.raters)
      || stored.raters.length > MAX_RATERS) {
    return {outcome: "discard"};
  }
  const forms = {[form.rubricId]: form};
  /** @type {KeptRater[]} */
  const raters = [];
  for (const entry of stored.raters) {
    if (!isRecord(entry) || typeof entry.link !== "string" || !isDateText(entry.added)) continue;
    const link = entry.link;
    if ("error" in decodeResponse(forms, link)) continue;
    if (raters.some((kept) => raterMarkOf(kept.link) === raterMarkOf(link))) continue;
    raters.push({link, added: entry.added});
  }
  if (raters.length === stored.raters.length) return raters.length ? {outcome: "kept", raters} : {outcome: "none"};
  return raters.length ? {outcome: "partial", raters} : {outcome: "discard"};
}

/**
 * The raters with one more, or with a rater's newer response in place of their earlier one (replaced);
 * "duplicate" when that very link is already kept, "full" at MAX_RATERS.
 *
 * @param {KeptRater[]} raters
 * @param {string} link a plain response link, already decoded successfully
 * @param {Date} now
 * @returns {{raters: KeptRater[], replaced: boolean} | "duplicate" | "full"}
 */
export function withRater(raters, link, now) {
  if (raters.some((kept) => kept.link === link)) return "duplicate";
  const added = {link, added: now.toISOString()};
  const earlier = raters.findIndex((kept) => raterMarkOf(kept.link) === raterMarkOf(link));
  if (earlier >= 0) return {raters: raters.map((kept, index) => (index === earlier ? added : kept)), replaced: true};
  if (raters.length >= MAX_RATERS) return "full";
  return {raters: [...raters, added], replaced: false};
}

/**
 * The record to store. @param {KeptRater[]} raters
 * @returns {RatersRecord}
 */
export function ratersRecord(raters) {
  return {format: RATERS_FORMAT, raters};
}

/**
 * The engine's result from score_json's output, or null for anything else (a failure, or not JSON).
 *
 * @param {string} output
 * @returns {Result | null}
 */
export function resultOf(output) {
  try {
    const parsed = JSON.parse(output);
    return isRecord(parsed) && parsed.ok === true && isRecord(parsed.result) ? /** @type {Result} */ (parsed.result) : null;
  } catch {
    return null;
  }
}
