// The rater's side of feedback, without the page: where an invitation is found, what the observer form on the
// page offers, the response link to send back and which translated message each way a link can fail gets.
//
// A rater's answers exist only in their page and in the response link they choose to send: nothing here
// stores or sends them (rater-page.js uses no storage and no request).

import {INVITATION_PARAMETER, RESPONSE_PARAMETER, observerItems} from "./feedback-links.js";

/**
 * @typedef {import("./form-model.js").FormModel} FormModel
 * @typedef {import("./form-model.js").FormItem} FormItem
 * @typedef {import("./feedback-links.js").SealError} SealError
 * @typedef {{item: FormItem, text: string}} ObserverStatement
 * @typedef {{instructions: string, statements: ObserverStatement[]}} ObserverForm
 * @typedef {SealError | "unavailable" | "no-crypto"} RaterError unavailable: this page has no observer form in
 *   its language; no-crypto: the browser offers no Web Crypto here (an insecure context), so sealed links
 *   cannot be opened
 */

/**
 * The invitation link in a URL fragment ("#invite=i1…" or "#invite=s1…"), or null when the fragment holds
 * none. The text is returned as it stands: decoding it is feedback-links.js's job.
 *
 * @param {string} hash a URL's fragment, with or without its "#"
 */
export function invitationInFragment(hash) {
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  if (!text.startsWith(INVITATION_PARAMETER)) return null;
  try {
    return decodeURIComponent(text.slice(INVITATION_PARAMETER.length)).trim();
  } catch {
    return ""; // an invitation, but not one that can be read: decoding "" says so
  }
}

/**
 * The URL a rater sends back: this page, with the response link in its fragment (never sent to a server).
 *
 * @param {string} pageUrl
 * @param {string} link a response link, plain or sealed
 */
export function responseUrl(pageUrl, link) {
  const url = new URL(pageUrl);
  url.hash = `${RESPONSE_PARAMETER}${link}`;
  return url.href;
}

/**
 * The observer form the page carries (its data-observer JSON, already parsed) for the statements of `form`,
 * in the form's order; null unless it words every statement with text.
 *
 * @param {FormModel} form
 * @param {unknown} carried
 * @returns {ObserverForm | null}
 */
export function observerForm(form, carried) {
  if (!carried || typeof carried !== "object") return null;
  const {instructions, items} = /** @type {{instructions?: unknown, items?: unknown}} */ (carried);
  if (typeof instructions !== "string" || !items || typeof items !== "object") return null;
  const wordings = /** @type {Record<string, unknown>} */ (items);
  /** @type {ObserverStatement[]} */
  const statements = [];
  for (const item of observerItems(form)) {
    const text = Object.hasOwn(wordings, item.id) ? wordings[item.id] : undefined;
    if (typeof text !== "string" || !text.trim()) return null;
    statements.push({item, text});
  }
  return statements.length ? {instructions, statements} : null;
}

/**
 * The interface string (path under the assessment strings) that tells the rater what went wrong.
 *
 * @param {RaterError} error
 */
export function errorText(error) {
  return `rater.errors.${error.replaceAll("-", "_")}`;
}

/** Whether sealed links can be opened and made here: Web Crypto exists only in secure contexts (https). */
export function canSeal() {
  return Boolean(globalThis.crypto?.subtle);
}
