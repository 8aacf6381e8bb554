/* global URL */
// A search result's excerpt as plain text runs, each marked or not: the only markup kept is Pagefind's own
// <mark> around the words found. Pagefind writes the page's text with `<` and `>` escaped (and nothing else),
// so a <mark> in the string is always its own; everything else comes back as text, and the page renders the
// runs as text nodes: a page's content can never turn into markup in the results.

const MARK = /<mark>([\s\S]*?)<\/mark>/g;

/** Undo Pagefind's escaping (only `<` and `>`: a page's own `&amp;` stays as written). @param {string} text */
export function unescapeExcerpt(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
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
    if (index > last) runs.push({text: unescapeExcerpt(excerpt.slice(last, index)), marked: false});
    runs.push({text: unescapeExcerpt(found[1]), marked: true});
    last = index + found[0].length;
  }
  if (last < excerpt.length) runs.push({text: unescapeExcerpt(excerpt.slice(last)), marked: false});
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
