// Titles of the articles and sections that actions link to. The build resolves them into the rubric's JSON
// (`links`: link as written in the rubric -> {page, section}), so an action names "Article title – Section
// title" instead of a vague "read more", and showing a result downloads nothing else. The page reads that
// file once per visit, while the engine starts (the worker fetches the same URL; the HTTP cache serves one).

/**
 * @typedef {{page: string, section: string}} LinkTitle
 * @typedef {Map<string, LinkTitle>} Titles link ("articles/x.md#part") -> its page's and section's titles
 */

/** @type {Map<string, Promise<unknown>>} rubric URL -> its parsed JSON (null when it cannot be read) */
const fetched = new Map();

/**
 * The rubric JSON at `url`, fetched and parsed once per visit for every reader of it on the page (link
 * titles, the observer form); null when it cannot be read. Its contents are checked by each reader.
 *
 * @param {string} url
 * @returns {Promise<unknown>}
 */
export function fetchRubric(url) {
  let rubric = fetched.get(url);
  if (!rubric) {
    rubric = fetch(url).then((response) => (response.ok ? response.json() : null)).catch(() => null);
    fetched.set(url, rubric);
  }
  return rubric;
}

/**
 * The `links` of a parsed rubric JSON; anything that is not a pair of texts is left out (its link then
 * reads "read more").
 *
 * @param {unknown} rubric
 * @returns {Titles}
 */
export function linkTitles(rubric) {
  /** @type {Titles} */
  const titles = new Map();
  const links = rubric && typeof rubric === "object" ? /** @type {{links?: unknown}} */ (rubric).links : null;
  if (!links || typeof links !== "object") return titles;
  for (const [link, title] of Object.entries(links)) {
    const {page, section} = title && typeof title === "object" ? title : {};
    if (typeof page === "string" && typeof section === "string") titles.set(link, {page, section});
  }
  return titles;
}

/**
 * The link titles of the rubric at `url`, fetched once per visit; an empty map when it cannot be read.
 *
 * @param {string} url
 * @returns {Promise<Titles>}
 */
export function fetchLinkTitles(url) {
  return fetchRubric(url).then(linkTitles);
}

/**
 * "Article – Section", or the one that is known; null when neither is.
 *
 * @param {Titles} titles
 * @param {string} link
 * @returns {string | null}
 */
export function linkLabel(titles, link) {
  const title = titles.get(link);
  if (!title) return null;
  return title.page && title.section ? `${title.page} – ${title.section}` : title.page || title.section || null;
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
