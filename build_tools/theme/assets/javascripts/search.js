// The header's search: Pagefind's JavaScript API over this language's index (site/<lang>/pagefind/, made by
// build_tools/search_index.py). A button opens a panel with the query box; results are a list of links;
// `/` or `s` opens it from anywhere but a text field, Esc closes it and gives focus back to the button, the
// arrow keys move between the box and the results. A live region says how many pages were found.
// Results are built from text nodes (and Pagefind's <mark>s, rebuilt by excerpt.js), never from HTML.
/* global document, location, URL, HTMLElement, Element, Node */

import {excerptNodes, resultHref} from "./search/excerpt.js";

const SHOWN = 10;

/**
 * @typedef {{url: string, meta?: {title?: string}, excerpt?: string}} ResultData
 * @typedef {{results: Array<{data(): Promise<ResultData>}>}} Search
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
    this.root = languageRoot();
    /** @type {Promise<Pagefind> | null} */
    this.engine = null;
    this.asked = 0;
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

  /** Arrow keys: from the box into the results and back. @param {KeyboardEvent} event */
  move(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = this.links();
    const active = document.activeElement;
    const at = links.findIndex((link) => link === active);
    let next = null;
    if (active === this.input) next = event.key === "ArrowDown" ? links[0] : null;
    else if (at >= 0) next = event.key === "ArrowDown" ? links[at + 1] : (links[at - 1] ?? this.input);
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
    if (!query) {
      this.list.replaceChildren();
      this.say("");
      return;
    }
    this.say(this.strings.btSearching || "");
    try {
      const pagefind = await this.load();
      const search = await pagefind.debouncedSearch(query, {}, 200);
      if (search === null || asked !== this.asked) return; // a newer query superseded this one
      const data = await Promise.all(search.results.slice(0, SHOWN).map((result) => result.data()));
      if (asked !== this.asked) return;
      this.showResults(query, search.results.length, data);
    } catch {
      if (asked !== this.asked) return;
      this.list.replaceChildren();
      this.say(this.strings.btUnavailable || "");
    }
  }

  /** @param {string} query @param {number} total @param {ResultData[]} data */
  showResults(query, total, data) {
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
    this.list.replaceChildren(...items);
    if (total === 0) this.say(fill(this.strings.btNone || "", {query}));
    else if (total > items.length) this.say(fill(this.strings.btSome || "", {count: total, shown: items.length}));
    else this.say(fill(this.strings.btFound || "", {count: total}));
  }

  /** @param {string} text */
  say(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }
}

const container = document.querySelector("[data-bt-search]");
if (container instanceof HTMLElement) new SiteSearch(container).start();
