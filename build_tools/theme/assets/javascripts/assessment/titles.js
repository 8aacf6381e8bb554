// Titles of the sections that actions link to. Material's search index (already fetched by its search
// worker, so usually from the cache) names every page and section: actions link to "Article title – Section
// title" instead of a vague "read more".

/** @typedef {Map<string, string>} Titles location ("articles/x/#part") -> title */

/** @type {Map<string, Promise<Titles>>} */
const titleIndexes = new Map();

/**
 * @param {string} siteRoot the language root, relative to the page
 * @returns {Promise<Titles>}
 */
export function sectionTitles(siteRoot) {
  const url = new URL(`${siteRoot}search/search_index.json`, window.location.href).href;
  let titles = titleIndexes.get(url);
  if (!titles) {
    titles = fetch(url).then((response) => (response.ok ? response.json() : {docs: []})).then((index) => {
      /** @type {Titles} */
      const map = new Map();
      const parser = new DOMParser(); // inert: titles may hold markup or entities, only their text is kept
      for (const doc of index.docs || []) {
        if (typeof doc.location === "string" && typeof doc.title === "string") {
          map.set(doc.location, (parser.parseFromString(doc.title, "text/html").body.textContent || "").trim());
        }
      }
      return map;
    }).catch(() => new Map());
    titleIndexes.set(url, titles);
  }
  return titles;
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} milliseconds
 * @param {T} fallback
 * @returns {Promise<T>}
 */
export function withTimeout(promise, milliseconds, fallback) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(fallback), milliseconds))]);
}

/**
 * "articles/x.md#part" (relative to the language root) -> {href, page, key} for this site's directory URLs.
 *
 * @param {string} link
 * @param {string} siteRoot
 */
export function siteLink(link, siteRoot) {
  const [path, anchor] = link.split("#");
  let page = path.replace(/(^|\/)index\.md$/, "$1");
  if (page.endsWith(".md")) page = `${page.slice(0, -3)}/`;
  const suffix = anchor ? `#${anchor}` : "";
  return {href: `${siteRoot}${page}${suffix}`, page, key: `${page}${suffix}`};
}
