// The header's search: Pagefind's JavaScript API over this language's index (site/<lang>/pagefind/, made by
// build_tools/search_index.py). A button opens a panel with the query box; results are a list of links;
// `/` or `s` opens it from anywhere but a text field, Esc closes it and gives focus back to the button, the
// arrow keys move between the box, the results and the "more" button. A live region says how many pages were
// found and how many are listed. Results are built from text nodes (and Pagefind's <mark>s, rebuilt by
// excerpt.js), never from HTML.
// Each listed result costs a fetch of its page's fragment (its text, for the excerpt): the first BATCH are
// fetched with the query, the next BATCH only when the reader asks for more, so a query costs the index
// and a few fragments whatever the number of pages found.
/* global document, location, URL, HTMLElement, Element, Node */

import {excerptNodes, resultHref} from "./search/excerpt.js";

const BATCH = 5;

/**
 * @typedef {{url: string, meta?: {title?: string}, excerpt?: string}} ResultData
 * @typedef {{data(): Promise<ResultData>}} Result
 * @typedef {{results: Result[]}} Search
 * @typedef {{options(options: object): Promise<void>, debouncedSearch(query: string, options?: object,
 *   timeout?: number): Promise<Search | null>, init(): Promise<void>}} Pagefind
 */

/** This language's root: Material's `base`, relative to the page first loaded (instant navigation keeps it). */
function languageRoot() {
  const config = document.getElementById("__config");
  const base = config ? JSON.parse(config.textContent || "{}").base : ".";
  return new URL(String(base || ".").replace(/\/?$/, "/"), location.href);
}

/** @param {Element | null} element */
function editable(element) {
  if (!(element instanceof HTMLElement)) return false;
  return element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName);
}

/** @param {string} template @param {Record<string, string | number>} values */
function fill(template, values) {
  let text = template;
  for (const [name, value] of Object.entries(values)) text = text.split(`{${name}}`).join(String(value));
  return text;
}

class SiteSearch {
  /** @param {HTMLElement} container */
  constructor(container) {
    const find = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (container.querySelector(selector));
    this.container = container;
    this.strings = container.dataset;
    this.toggle = find("[data-bt-search-toggle]");
    this.panel = find("[data-bt-search-panel]");
    this.form = find("[data-bt-search-form]");
    this.input = /** @type {HTMLInputElement} */ (find("[data-bt-search-input]"));
    this.close = find("[data-bt-search-close]");
    this.status = find("[data-bt-search-status]");
    this.list = find("[data-bt-search-results]");
    this.more = /** @type {HTMLButtonElement} */ (find("[data-bt-search-more]"));
    this.root = languageRoot();
    /** @type {Promise<Pagefind> | null} */
    this.engine = null;
    this.asked = 0;
    // The query listed now: its results and how many of them have been asked for (the more button's next).
    /** @type {{query: string, results: Result[], listed: number, fetching: boolean} | null} */
    this.current = null;
  }

  start() {
    this.toggle.addEventListener("click", () => (this.isOpen() ? this.hide(true) : this.show()));
    this.close.addEventListener("click", () => this.hide(true));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const first = this.links()[0];
      if (first) first.click();
    });
    this.input.addEventListener("input", () => this.query(this.input.value));
    this.more.addEventListener("click", () => this.showMore());
    this.panel.addEventListener("keydown", (event) => this.move(event));
    // A chosen result leaves the panel (instant navigation keeps the header, and so the panel, in place).
    this.list.addEventListener("click", (event) => {
      if (event.target instanceof Element && event.target.closest("a")) this.hide(false);
    });
    document.addEventListener("keydown", (event) => this.shortcut(event));
    document.addEventListener("click", (event) => {
      if (this.isOpen() && event.target instanceof Node && !this.container.contains(event.target)) this.hide(false);
    });
    this.container.hidden = false;
  }

  isOpen() {
    return !this.panel.hidden;
  }

  show() {
    this.panel.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    this.input.focus();
    this.load().catch(() => undefined);
  }

  /** @param {boolean} refocus give the focus back to the button */
  hide(refocus) {
    this.panel.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    if (refocus) this.toggle.focus();
  }

  /** @param {KeyboardEvent} event */
  shortcut(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && this.isOpen()) {
      event.preventDefault();
      this.hide(true);
    } else if ((event.key === "/" || event.key === "s") && !editable(document.activeElement)) {
      event.preventDefault();
      this.show();
    }
  }

  /** @returns {HTMLAnchorElement[]} */
  links() {
    return Array.from(this.list.querySelectorAll("a"));
  }

  /** What the arrow keys walk after the box: the result links, then the more button when shown. */
  stops() {
    /** @type {HTMLElement[]} */
    const stops = this.links();
    if (!this.more.hidden) stops.push(this.more);
    return stops;
  }

  /** Arrow keys: from the box into the results and back. @param {KeyboardEvent} event */
  move(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const stops = this.stops();
    const active = document.activeElement;
    const at = stops.findIndex((stop) => stop === active);
    let next = null;
    if (active === this.input) next = event.key === "ArrowDown" ? stops[0] : null;
    else if (at >= 0) next = event.key === "ArrowDown" ? stops[at + 1] : (stops[at - 1] ?? this.input);
    if (!next) return;
    event.preventDefault();
    next.focus();
  }

  /** Pagefind, imported from this language's bundle on first use. @returns {Promise<Pagefind>} */
  load() {
    if (!this.engine) {
      const bundle = new URL("pagefind/pagefind.js", this.root).href;
      this.engine = import(bundle).then(async (/** @type {Pagefind} */ pagefind) => {
        await pagefind.options({baseUrl: this.root.pathname, excerptLength: 24});
        await pagefind.init();
        return pagefind;
      });
      this.engine.catch(() => {
        this.engine = null; // offline with nothing kept, or a host's error: try again with the next query
      });
    }
    return this.engine;
  }

  /** @param {string} text */
  async query(text) {
    const asked = ++this.asked;
    const query = text.trim();
    this.current = null;
    if (!query) {
      this.list.replaceChildren();
      this.more.hidden = true;
      this.say("");
      return;
    }
    this.say(this.strings.btSearching || "");
    try {
      const pagefind = await this.load();
      const search = await pagefind.debouncedSearch(query, {}, 200);
      if (search === null || asked !== this.asked) return; // a newer query superseded this one
      const data = await Promise.all(search.results.slice(0, BATCH).map((result) => result.data()));
      if (asked !== this.asked) return;
      this.current = {query, results: search.results, listed: data.length, fetching: false};
      this.list.replaceChildren(...this.items(data));
      this.report();
    } catch {
      if (asked !== this.asked) return;
      this.list.replaceChildren();
      this.more.hidden = true;
      this.say(this.strings.btUnavailable || "");
    }
  }

  /** The next batch of the listed query's results, appended; the focus goes to the first one added. */
  async showMore() {
    const current = this.current;
    if (!current || current.fetching || current.listed >= current.results.length) return;
    current.fetching = true;
    this.more.setAttribute("aria-disabled", "true");
    const next = current.results.slice(current.listed, current.listed + BATCH);
    try {
      const data = await Promise.all(next.map((result) => result.data()));
      if (current !== this.current) return; // a newer query replaced the list meanwhile
      current.listed += data.length;
      const items = this.items(data);
      this.list.append(...items);
      this.report();
      const first = items[0]?.querySelector("a");
      (first ?? (this.more.hidden ? this.input : this.more)).focus();
    } catch {
      if (current === this.current) this.say(this.strings.btUnavailable || "");
    } finally {
      current.fetching = false;
      this.more.removeAttribute("aria-disabled");
    }
  }

  /** The live region's count, and the more button while results are left to list. */
  report() {
    const current = this.current;
    if (!current) return;
    const total = current.results.length;
    const shown = this.links().length;
    this.more.hidden = current.listed >= total;
    if (total === 0) this.say(fill(this.strings.btNone || "", {query: current.query}));
    else if (total > shown) this.say(fill(this.strings.btSome || "", {count: total, shown}));
    else this.say(fill(this.strings.btFound || "", {count: total}));
  }

  /** @param {ResultData[]} data @returns {HTMLLIElement[]} */
  items(data) {
    const items = [];
    for (const result of data) {
      const href = resultHref(result.url, this.root);
      if (!href) continue;
      const item = document.createElement("li");
      item.className = "bt-search__result";
      const link = document.createElement("a");
      link.className = "bt-search__link";
      link.href = href;
      const title = document.createElement("span");
      title.className = "bt-search__title";
      title.textContent = String(result.meta?.title || href);
      const excerpt = document.createElement("span");
      excerpt.className = "bt-search__excerpt";
      excerpt.append(...excerptNodes(document, result.excerpt));
      link.append(title, excerpt);
      item.append(link);
      items.push(item);
    }
    return items;
  }

  /** @param {string} text */
  say(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }
}

const container = document.querySelector("[data-bt-search]");
if (container instanceof HTMLElement) new SiteSearch(container).start();
