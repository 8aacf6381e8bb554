/* global URL */
// A search result's excerpt as plain text runs, each marked or not: the only markup kept is Pagefind's own
// <mark> around the words found. Everything else in the string, tags included, comes back as text, so a
// page's content can never turn into markup in the results (the page renders the runs as text nodes).

const MARK = /<mark>([\s\S]*?)<\/mark>/g;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/gi;
/** @type {Record<string, string>} */
const NAMED = {amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0"};

/** Pagefind escapes the page's text as HTML: undo the character references it writes. @param {string} text */
export function decodeEntities(text) {
  return text.replace(ENTITY, (whole, decimal, hex, name) => {
    if (name) return NAMED[name.toLowerCase()] ?? whole;
    const code = decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex, 16);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : "\ufffd";
  });
}

/**
 * @typedef {{text: string, marked: boolean}} Run
 * @param {unknown} excerpt Pagefind's excerpt: the page's escaped text with <mark> around matches
 * @returns {Run[]}
 */
export function excerptRuns(excerpt) {
  if (typeof excerpt !== "string") return [];
  /** @type {Run[]} */
  const runs = [];
  let last = 0;
  for (const found of excerpt.matchAll(MARK)) {
    const index = found.index ?? 0;
    if (index > last) runs.push({text: decodeEntities(excerpt.slice(last, index)), marked: false});
    runs.push({text: decodeEntities(found[1]), marked: true});
    last = index + found[0].length;
  }
  if (last < excerpt.length) runs.push({text: decodeEntities(excerpt.slice(last)), marked: false});
  return runs.filter((run) => run.text !== "");
}

/**
 * The runs as DOM nodes: text nodes and <mark> elements holding text, nothing parsed.
 * @param {Document} document @param {unknown} excerpt @returns {Node[]}
 */
export function excerptNodes(document, excerpt) {
  return excerptRuns(excerpt).map((run) => {
    if (!run.marked) return document.createTextNode(run.text);
    const mark = document.createElement("mark");
    mark.textContent = run.text;
    return mark;
  });
}

/**
 * A result's address, if it is a page of this language on this site; null otherwise (never followed).
 * @param {unknown} url @param {URL} languageRoot
 */
export function resultHref(url, languageRoot) {
  if (typeof url !== "string" || url === "") return null;
  let target;
  try {
    target = new URL(url, languageRoot);
  } catch {
    return null;
  }
  if (target.origin !== languageRoot.origin || !target.pathname.startsWith(languageRoot.pathname)) return null;
  if (target.protocol !== "http:" && target.protocol !== "https:") return null;
  return target.href;
}
