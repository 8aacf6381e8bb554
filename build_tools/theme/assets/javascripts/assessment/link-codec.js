// Result links: the answers in the URL fragment (browsers never send it to a server), as one character per
// item (the chosen option's index in base 36, "-" for none), with the rubric's version and a checksum that
// ties the codes to this rubric: "1.<version>.<codes>.<fnv1a>".

import {answerValue} from "./form-model.js";

/**
 * @typedef {import("./form-model.js").FormModel} FormModel
 * @typedef {import("./form-model.js").Answers} Answers
 * @typedef {{answers: Answers} | {error: "invalid" | "outdated"}} DecodedLink
 */

/** The fragment of a result link starts with this. */
export const LINK_PARAMETER = "answers=";
const LINK_FORMAT = "1";
const LINK_PATTERN = /^(\d+)\.(\d+)\.([0-9a-z-]+)\.([0-9a-f]{8})$/;

/** 32-bit FNV-1a of the text's UTF-8 bytes, as 8 hex digits. @param {string} text */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * @param {FormModel} form
 * @param {Answers} answers
 * @returns {string}
 */
export function encodeLink(form, answers) {
  const codes = form.items.map((item) => {
    const index = item.values.indexOf(String(answers[item.id]));
    return index < 0 ? "-" : index.toString(36);
  }).join("");
  return `${LINK_FORMAT}.${form.version}.${codes}.${fnv1a(`${form.rubricId}|${form.version}|${codes}`)}`;
}

/**
 * The answers of a link, or why it cannot be opened.
 *
 * @param {FormModel} form
 * @param {string} text
 * @returns {DecodedLink}
 */
export function decodeLink(form, text) {
  const match = LINK_PATTERN.exec(text);
  if (!match || match[1] !== LINK_FORMAT) return {error: "invalid"};
  const [, , version, codes, check] = match;
  if (fnv1a(`${form.rubricId}|${version}|${codes}`) !== check) return {error: "invalid"};
  if (Number(version) !== form.version) return {error: "outdated"};
  if (codes.length !== form.items.length) return {error: "invalid"};
  /** @type {Answers} */
  const answers = {};
  for (const [index, item] of form.items.entries()) {
    if (codes[index] === "-") continue;
    const value = item.values[parseInt(codes[index], 36)];
    if (value === undefined) return {error: "invalid"};
    answers[item.id] = answerValue(item, value);
  }
  return Object.keys(answers).length ? {answers} : {error: "invalid"};
}

/** @param {string} hash a URL's fragment, with its "#" */
export function hasLink(hash) {
  return hash.startsWith(`#${LINK_PARAMETER}`);
}

/**
 * The link's text in a URL fragment ("" when it cannot be decoded).
 *
 * @param {string} hash a URL's fragment, with its "#"
 */
export function linkText(hash) {
  try {
    return decodeURIComponent(hash.slice(1 + LINK_PARAMETER.length)).trim();
  } catch {
    return "";
  }
}

/**
 * The page's URL with a link to these answers in its fragment.
 *
 * @param {string} pageUrl
 * @param {FormModel} form
 * @param {Answers} answers
 */
export function linkUrl(pageUrl, form, answers) {
  const url = new URL(pageUrl);
  url.hash = `${LINK_PARAMETER}${encodeLink(form, answers)}`;
  return url.href;
}
