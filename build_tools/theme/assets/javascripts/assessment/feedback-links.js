// Feedback links, the only way answers travel between the taker and their raters (no server):
//
// - an invitation, from the taker to a rater: which assessment, its rubric version and, optionally, the
//   taker's first name to show the rater — "i1.<assessment>.<version>.<name>.<fnv1a>";
// - a response, from a rater back to the taker: the rater's answers to the observer form's statements, one
//   character per statement as in result links (link-codec.js), and whether the rater agreed to be shown
//   individually, and a random mark that tells two raters with the same answers apart (and the same rater's
//   newer response from another rater's) — "r1.<assessment>.<version>.<rater>.<shown>.<codes>.<fnv1a>";
// - either sealed with a passphrase, so that a forwarded link shows nothing without it:
//   "s1.<salt>.<iv>.<ciphertext>.<fnv1a>" (PBKDF2-SHA-256 → AES-GCM, Web Crypto).
//
// Every link is hostile: it is capped in length, parsed strictly, and each way it can fail has its own kind,
// so that the page can say what went wrong in the reader's language. The FNV-1a checksum catches typing and
// copying accidents; it is no protection against a forger (the sealed form's AES-GCM tag is).

import {fnv1a} from "./link-codec.js";
import {answerValue} from "./form-model.js";

/**
 * @typedef {import("./form-model.js").FormModel} FormModel
 * @typedef {import("./form-model.js").Answers} Answers
 * @typedef {"invalid" | "format" | "truncated" | "tampered" | "unknown-assessment" | "outdated"} LinkError
 *   invalid: not such a link at all (wrong characters, too long, an unusable name); format: a link format
 *   this page does not read (made by an older or newer site); truncated: parts are missing at the end;
 *   tampered: complete, but its checksum or contents do not hold together; unknown-assessment: no such
 *   assessment here; outdated: made for another version of the assessment's rubric.
 * @typedef {LinkError | "passphrase"} SealError passphrase: wrong passphrase (or a forged sealed link).
 * @typedef {{rubricId: string, version: number, name: string}} Invitation
 * @typedef {{rubricId: string, version: number, rater: string, answers: Answers, shown: boolean}} Response
 *   rater: the random mark of the rater's answering session (RATER_MARK_CHARS base64url characters)
 */

/** URL fragments (never sent to a server) start with these. */
export const INVITATION_PARAMETER = "invite=";
export const RESPONSE_PARAMETER = "response=";

/** Longest link text read at all: far above the longest real link, far below what could slow the page. */
export const LINK_MAX_CHARS = 4000;
/** Longest first name shown to a rater, in characters (code points). */
export const NAME_MAX_CHARS = 40;
/** PBKDF2 rounds for a passphrase: fixed by the sealed format, so a hostile link cannot choose them. */
export const SEAL_ITERATIONS = 600_000;

const INVITATION = "i";
const RESPONSE = "r";
const SEALED = "s";
const FORMAT = "1";
const SALT_BYTES = 16;
const IV_BYTES = 12;
const GCM_TAG_BYTES = 16;

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const VERSION = /^[1-9]\d{0,8}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const CHECKSUM = /^[0-9a-f]{8}$/;
const CODES = /^[0-9a-z-]+$/;
/** Characters of a rater's mark: 48 random bits, so that two raters of one taker practically never share one. */
export const RATER_MARK_CHARS = 8;
const RATER_MARK = new RegExp(`^[A-Za-z0-9_-]{${RATER_MARK_CHARS}}$`);
// Control, format (bidirectional overrides), unassigned and private-use characters never belong in a name.
const UNSHOWABLE = /[\p{C}\u2028\u2029]/u;

/** The statements the observer form asks, in order: raters answer these only. @param {FormModel} form */
export function observerItems(form) {
  return form.items.filter((item) => item.kind === "likert");
}

/** @param {Uint8Array} bytes */
function toBase64url(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * The bytes of base64url text, or null if it is not the one canonical spelling of any bytes.
 *
 * @param {string} text
 * @returns {Uint8Array<ArrayBuffer> | null}
 */
function fromBase64url(text) {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  const padded = text.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (text.length % 4)) % 4);
  let binary;
  try {
    binary = atob(padded);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return toBase64url(bytes) === text ? bytes : null;
}

/**
 * A first name as it may be shown: trimmed, NFC, without invisible characters, at most NAME_MAX_CHARS;
 * null if it cannot be.
 *
 * @param {string} name
 */
export function cleanName(name) {
  const clean = name.normalize("NFC").trim().replace(/\s+/gu, " ");
  if (UNSHOWABLE.test(clean) || [...clean].length > NAME_MAX_CHARS) return null;
  return clean;
}

/**
 * Splits a link into its fields, checking the kind, format, count and checksum.
 *
 * @param {string} text
 * @param {string} kind
 * @param {number} fieldCount fields between the format and the checksum
 * @returns {{fields: string[]} | {error: LinkError}}
 */
function fieldsOf(text, kind, fieldCount) {
  if (typeof text !== "string" || text.length > LINK_MAX_CHARS || !/^[A-Za-z0-9_.-]+$/.test(text)) {
    return {error: "invalid"};
  }
  const parts = text.split(".");
  const head = parts[0];
  if (!head.startsWith(kind) || !/^\d+$/.test(head.slice(kind.length))) return {error: "invalid"};
  if (head.slice(kind.length) !== FORMAT) return {error: "format"};
  if (parts.length < fieldCount + 2) return {error: "truncated"};
  if (parts.length > fieldCount + 2) return {error: "invalid"};
  const check = parts[parts.length - 1];
  if (check.length < 8 && /^[0-9a-f]*$/.test(check)) return {error: "truncated"};
  if (!CHECKSUM.test(check)) return {error: "invalid"};
  if (fnv1a(parts.slice(0, -1).join("|")) !== check) return {error: "tampered"};
  return {fields: parts.slice(1, -1)};
}

/**
 * The assessment a link names, or why it cannot be used here.
 *
 * @param {Record<string, FormModel>} forms the assessments this site offers, by id
 * @param {string} rubricId
 * @param {string} version
 * @returns {{form: FormModel} | {error: LinkError}}
 */
function formOf(forms, rubricId, version) {
  if (!ID.test(rubricId) || !VERSION.test(version)) return {error: "tampered"};
  if (!Object.hasOwn(forms, rubricId)) return {error: "unknown-assessment"};
  const form = forms[rubricId];
  return Number(version) === form.version ? {form} : {error: "outdated"};
}

/**
 * @param {FormModel} form
 * @param {string} [name] the taker's first name, shown to the rater; "" for none
 */
export function encodeInvitation(form, name = "") {
  const clean = cleanName(name);
  if (clean === null) throw new RangeError(`a name of at most ${NAME_MAX_CHARS} visible characters`);
  const body = [`${INVITATION}${FORMAT}`, form.rubricId, String(form.version), toBase64url(new TextEncoder().encode(clean))];
  return `${body.join(".")}.${fnv1a(body.join("|"))}`;
}

/**
 * @param {Record<string, FormModel>} forms
 * @param {string} text
 * @returns {{invitation: Invitation} | {error: LinkError}}
 */
export function decodeInvitation(forms, text) {
  const split = fieldsOf(text, INVITATION, 3);
  if ("error" in split) return split;
  const [rubricId, version, encodedName] = split.fields;
  const found = formOf(forms, rubricId, version);
  if ("error" in found) return found;
  const bytes = fromBase64url(encodedName);
  if (bytes === null) return {error: "tampered"};
  let name;
  try {
    name = new TextDecoder("utf-8", {fatal: true}).decode(bytes);
  } catch {
    return {error: "tampered"};
  }
  if (cleanName(name) !== name) return {error: "invalid"};
  return {invitation: {rubricId, version: found.form.version, name}};
}

/** A new random rater mark: made once per answering session, so a corrected response replaces the first. */
export function newRaterMark() {
  return toBase64url(globalThis.crypto.getRandomValues(new Uint8Array((RATER_MARK_CHARS * 3) / 4)));
}

/**
 * @param {FormModel} form
 * @param {Answers} answers the rater's answers (only the statements are kept)
 * @param {{rater: string, shown?: boolean}} options rater: the session's mark (newRaterMark); shown: the
 *   rater agreed to be shown individually
 */
export function encodeResponse(form, answers, {rater, shown = false}) {
  if (!RATER_MARK.test(rater)) throw new RangeError(`a rater mark of ${RATER_MARK_CHARS} base64url characters`);
  const codes = observerItems(form).map((item) => {
    const index = Object.hasOwn(answers, item.id) ? item.values.indexOf(String(answers[item.id])) : -1;
    return index < 0 ? "-" : index.toString(36);
  }).join("");
  const body = [`${RESPONSE}${FORMAT}`, form.rubricId, String(form.version), rater, shown ? "1" : "0", codes];
  return `${body.join(".")}.${fnv1a(body.join("|"))}`;
}

/**
 * The rater mark of a plain response link that decodeResponse accepted (the field after the version).
 *
 * @param {string} link
 */
export function raterMarkOf(link) {
  return link.split(".")[3];
}

/**
 * @param {Record<string, FormModel>} forms
 * @param {string} text
 * @returns {{response: Response} | {error: LinkError}}
 */
export function decodeResponse(forms, text) {
  const split = fieldsOf(text, RESPONSE, 5);
  if ("error" in split) return split;
  const [rubricId, version, rater, shown, codes] = split.fields;
  const found = formOf(forms, rubricId, version);
  if ("error" in found) return found;
  const items = observerItems(found.form);
  if (!RATER_MARK.test(rater) || (shown !== "0" && shown !== "1") || !CODES.test(codes) || codes.length !== items.length) {
    return {error: "tampered"};
  }
  /** @type {Answers} */
  const answers = {};
  for (const [index, item] of items.entries()) {
    if (codes[index] === "-") continue;
    const value = item.values[parseInt(codes[index], 36)];
    if (value === undefined) return {error: "tampered"};
    answers[item.id] = answerValue(item, value);
  }
  if (!Object.keys(answers).length) return {error: "tampered"};
  return {response: {rubricId, version: found.form.version, rater, answers, shown: shown === "1"}};
}

/**
 * @param {string} passphrase
 * @param {Uint8Array<ArrayBuffer>} salt
 */
async function sealingKey(passphrase, salt) {
  const subtle = globalThis.crypto.subtle;
  const material = await subtle.importKey("raw", new TextEncoder().encode(passphrase.normalize("NFC")), "PBKDF2", false, [
    "deriveKey",
  ]);
  return subtle.deriveKey(
    {name: "PBKDF2", hash: "SHA-256", salt, iterations: SEAL_ITERATIONS},
    material,
    {name: "AES-GCM", length: 256},
    false,
    ["encrypt", "decrypt"],
  );
}

/** @param {string} text */
export function isSealed(text) {
  return typeof text === "string" && text.startsWith(SEALED) && /^\d/.test(text.slice(SEALED.length));
}

/**
 * A link (invitation or response) that opens only with the passphrase.
 *
 * @param {string} link
 * @param {string} passphrase
 * @returns {Promise<string>}
 */
export async function sealLink(link, passphrase) {
  if (!passphrase.trim()) throw new RangeError("a passphrase that is not blank");
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await sealingKey(passphrase, salt);
  const sealed = await globalThis.crypto.subtle.encrypt({name: "AES-GCM", iv}, key, new TextEncoder().encode(link));
  const body = [`${SEALED}${FORMAT}`, toBase64url(salt), toBase64url(iv), toBase64url(new Uint8Array(sealed))];
  return `${body.join(".")}.${fnv1a(body.join("|"))}`;
}

/**
 * The link inside a sealed link (to decode with decodeInvitation or decodeResponse), or why it cannot be
 * opened. A wrong passphrase is told apart from a damaged link by the checksum, checked first.
 *
 * @param {string} text
 * @param {string} passphrase
 * @returns {Promise<{link: string} | {error: SealError}>}
 */
export async function openSealedLink(text, passphrase) {
  const split = fieldsOf(text, SEALED, 3);
  if ("error" in split) return split;
  const [salt, iv, sealed] = split.fields.map(fromBase64url);
  if (salt?.length !== SALT_BYTES || iv?.length !== IV_BYTES || !sealed || sealed.length <= GCM_TAG_BYTES) {
    return {error: "tampered"};
  }
  let plain;
  try {
    const key = await sealingKey(passphrase, salt);
    plain = await globalThis.crypto.subtle.decrypt({name: "AES-GCM", iv}, key, sealed);
  } catch {
    return {error: "passphrase"};
  }
  try {
    return {link: new TextDecoder("utf-8", {fatal: true}).decode(plain)};
  } catch {
    return {error: "tampered"};
  }
}
