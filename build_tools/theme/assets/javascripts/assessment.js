// Assessment pages: progress, saving, the scoring engine (Python in a module Web Worker) and the result.
//
// The questionnaire itself is plain HTML rendered at build time (build_tools/templates/assessment-form.html);
// this module only adds to it. Material's instant navigation does not re-run this file, so it keeps one
// engine for the whole visit and (re)initialises the form of every page it shows (`document$`).
//
// Privacy: answers live in this page, in localStorage (per rubric id and version) and, when the reader asks
// for a link, in the URL fragment, which browsers never send to a server. The only requests made here are
// GET/HEAD requests for the runtime, the rubric and the search index (titles of linked sections).
//
// No innerHTML anywhere: every text, translated or from the rubric, goes through textContent.
//
// Everything read back from localStorage may be corrupt or edited by hand: it is checked against what this
// page writes (shape, types, lengths, the rubric's own items and scales) before use, and whatever does not
// pass is removed and the reader told so.

const STORAGE_PREFIX = "bt.assessment.";
const LINK_PARAMETER = "answers=";
const LINK_FORMAT = "1";
const HISTORY_LIMIT = 12;
const TITLES_WAIT_MS = 800;
// A download of the runtime that brings nothing for this long is reported as stalled (last resort: the
// worker itself reports missing files, wrong MIME types and blocked resources at once).
const ENGINE_STALL_MS = Number(globalThis.BT_ENGINE_TIMEOUT_MS) > 0 ? Number(globalThis.BT_ENGINE_TIMEOUT_MS) : 40000;
// With everything downloaded, compiling the runtime and starting Python send no messages: seconds on a
// desktop, far longer on a slow phone or a busy machine. That is work, not a stall; only a worker silent
// for this long has died.
const ENGINE_BUSY_MS = 180000;

// ------------------------------------------------------------------------------------------- small helpers

function format(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
}

function element(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else if (name === "hidden") node.hidden = Boolean(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

// "A {x} B" with {x} replaced by a node (e.g. <strong>), the rest as text.
function fill(template, values) {
  const parts = [];
  let rest = String(template);
  const pattern = /\{(\w+)\}/;
  let match;
  while ((match = pattern.exec(rest)) !== null) {
    if (match.index > 0) parts.push(rest.slice(0, match.index));
    const value = values[match[1]];
    parts.push(value === undefined ? match[0] : value instanceof Node ? value : String(value));
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest) parts.push(rest);
  return parts;
}

function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

// A JSON object (not an array, not null).
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// An ISO date as this page writes it (toISOString), which Intl can format.
function isDateText(value) {
  return typeof value === "string" && value.length <= 40 && !Number.isNaN(Date.parse(value));
}

// A score or fit on the engine's 0–100 scale, or null when there was not enough to score.
function isScoreOrNull(value) {
  return value === null || (typeof value === "number" && value >= 0 && value <= 100);
}

function sameAnswers(a, b) {
  const keysA = Object.keys(a);
  return keysA.length === Object.keys(b).length && keysA.every((key) => a[key] === b[key]);
}

// ------------------------------------------------------------------------------------------------- engine

// One worker for the whole visit. States: idle, downloading, starting, ready, failed.
const engine = {
  worker: null,
  url: null,
  state: "idle",
  reason: "",
  detail: "",
  progress: null,
  waiting: true, // the worker waits for the network (its own script, until it says otherwise)
  requests: new Map(),
  nextId: 1,
  listeners: new Set(),
  stallTimer: null,

  subscribe(listener) {
    this.listeners.add(listener);
    listener(this);
    return () => this.listeners.delete(listener);
  },

  notify() {
    for (const listener of [...this.listeners]) listener(this);
  },

  start(url) {
    if (this.worker && this.state !== "failed") return;
    this.url = url;
    this.boot();
  },

  retry() {
    if (this.url && this.state === "failed") this.boot();
  },

  boot() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.state = "downloading";
    this.reason = "";
    this.detail = "";
    this.progress = null;
    this.waiting = true;
    this.notify();
    let worker;
    try {
      worker = new Worker(this.url, {type: "module"});
    } catch (error) {
      this.fail("blocked", error.message || String(error));
      return;
    }
    this.worker = worker;
    worker.addEventListener("message", (event) => this.receive(worker, event.data || {}));
    worker.addEventListener("error", (event) => {
      if (worker === this.worker) this.fail("worker", event.message || "the engine script could not be loaded");
    });
    this.armStallTimer();
  },

  armStallTimer() {
    clearTimeout(this.stallTimer);
    if (this.state === "ready" || this.state === "failed") return;
    const limit = this.waiting ? ENGINE_STALL_MS : ENGINE_BUSY_MS;
    this.stallTimer = setTimeout(() => this.fail("timeout", `no sign of progress for ${limit / 1000} s`), limit);
  },

  fail(reason, detail) {
    if (this.state === "failed") return;
    clearTimeout(this.stallTimer);
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.state = "failed";
    this.reason = reason;
    this.detail = detail || "";
    for (const request of this.requests.values()) request.reject({reason: "engine", detail: this.detail});
    this.requests.clear();
    this.notify();
  },

  receive(worker, message) {
    if (worker !== this.worker) return;
    if (message.type === "status") {
      if (message.state === "failed") {
        this.fail(message.reason || "python", message.detail);
        return;
      }
      this.state = message.state;
      if (message.state === "ready") clearTimeout(this.stallTimer);
      else this.armStallTimer();
      this.notify();
    } else if (message.type === "progress") {
      this.progress = {loaded: message.loaded, total: message.total};
      this.waiting = message.waiting !== false;
      this.armStallTimer();
      this.notify();
    } else if (message.type === "scored" || message.type === "score-failed") {
      const request = this.requests.get(message.id);
      if (!request) return;
      this.requests.delete(message.id);
      if (message.type === "scored") request.resolve(message.output);
      else request.reject({reason: message.reason, detail: message.detail});
    }
  },

  prepare(rubricUrl) {
    if (this.worker) this.worker.postMessage({type: "prepare", rubricUrl});
  },

  // Resolves with the JSON text score_json returned; rejects with {reason, detail}.
  score(rubricUrl, answersJson) {
    if (!this.worker || this.state === "failed") {
      return Promise.reject({reason: "engine", detail: this.detail});
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.requests.set(id, {resolve, reject});
      this.worker.postMessage({type: "score", id, rubricUrl, answers: answersJson});
    });
  },
};

// A worker blocked by the page's Content-Security-Policy (worker-src) is reported on the document.
document.addEventListener("securitypolicyviolation", (event) => {
  if (engine.url && event.blockedURI && event.blockedURI.startsWith(new URL(".", engine.url).href)
      && engine.state !== "ready") {
    engine.fail("blocked", `Content-Security-Policy ${event.effectiveDirective} blocked ${event.blockedURI}`);
  }
});

// ------------------------------------------------------------------------------------------------ storage

// localStorage with a memory fallback: when storage is disabled or full, everything keeps working for the
// session and the page says that nothing will be kept.
class Store {
  constructor(rubricId, version) {
    this.prefix = `${STORAGE_PREFIX}${rubricId}.`;
    this.answersKey = `${this.prefix}v${version}.answers`;
    this.historyKey = `${this.prefix}v${version}.history`;
    this.memory = new Map();
    this.available = Store.probe();
  }

  static probe() {
    try {
      const key = `${STORAGE_PREFIX}probe`;
      window.localStorage.setItem(key, "1");
      window.localStorage.removeItem(key);
      return true;
    } catch (error) {
      return false;
    }
  }

  // The value stored under `key`: undefined when there is none (or storage cannot be read), UNREADABLE when
  // the stored text is not JSON. Callers check the shape before use.
  get(key) {
    if (this.memory.has(key)) return this.memory.get(key);
    let text;
    try {
      text = window.localStorage.getItem(key);
    } catch (error) {
      return undefined;
    }
    if (text === null) return undefined;
    try {
      return JSON.parse(text);
    } catch (error) {
      return Store.UNREADABLE;
    }
  }

  // True when the value is stored on the device, false when it is only kept for this session.
  set(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      this.memory.delete(key);
      return true;
    } catch (error) {
      this.memory.set(key, value);
      this.available = false;
      return false;
    }
  }

  remove(key) {
    this.memory.delete(key);
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      // nothing stored, nothing to remove
    }
  }

  // Everything stored for this rubric, whatever the version.
  clearAll() {
    for (const key of [...this.memory.keys()]) if (key.startsWith(this.prefix)) this.memory.delete(key);
    try {
      const keys = [];
      for (let index = 0; index < window.localStorage.length; index += 1) {
        const key = window.localStorage.key(index);
        if (key && key.startsWith(this.prefix)) keys.push(key);
      }
      for (const key of keys) window.localStorage.removeItem(key);
    } catch (error) {
      // storage unavailable: the memory copy is all there was
    }
  }
}

Store.UNREADABLE = Symbol("unreadable");

// ------------------------------------------------------------------------- titles of the linked sections

// Material's search index (already fetched by its search worker, so usually from the cache) names every page
// and section: actions link to "Article title – Section title" instead of a vague "read more".
const titleIndexes = new Map();

function sectionTitles(siteRoot) {
  const url = new URL(`${siteRoot}search/search_index.json`, window.location.href).href;
  if (!titleIndexes.has(url)) {
    const titles = fetch(url).then((response) => (response.ok ? response.json() : {docs: []})).then((index) => {
      const map = new Map();
      const parser = new DOMParser(); // inert: titles may hold markup or entities, only their text is kept
      for (const doc of index.docs || []) {
        if (typeof doc.location === "string" && typeof doc.title === "string") {
          map.set(doc.location, parser.parseFromString(doc.title, "text/html").body.textContent.trim());
        }
      }
      return map;
    }).catch(() => new Map());
    titleIndexes.set(url, titles);
  }
  return titleIndexes.get(url);
}

function withTimeout(promise, milliseconds, fallback) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(fallback), milliseconds))]);
}

// "articles/x.md#part" (relative to the language root) -> {href, key} for this site's directory URLs.
function siteLink(link, siteRoot) {
  const [path, anchor] = link.split("#");
  let page = path.replace(/(^|\/)index\.md$/, "$1");
  if (page.endsWith(".md")) page = `${page.slice(0, -3)}/`;
  const suffix = anchor ? `#${anchor}` : "";
  return {href: `${siteRoot}${page}${suffix}`, page, key: `${page}${suffix}`};
}

// ------------------------------------------------------------------------------------------ the assessment

class Assessment {
  constructor(section) {
    this.section = section;
    const data = section.dataset;
    this.rubricId = data.rubricId;
    this.version = Number(data.rubricVersion);
    this.hash = data.rubricHash;
    this.language = data.language || document.documentElement.lang || "en";
    this.siteRoot = data.siteRoot || "./";
    this.rubricUrl = new URL(data.rubricUrl, window.location.href).href;
    this.workerUrl = new URL(`${data.runtimeUrl}engine-worker.mjs`, window.location.href).href;
    this.strings = JSON.parse(data.strings);
    this.scoring = JSON.parse(data.scoring);
    this.store = new Store(this.rubricId, this.version);
    this.form = section.querySelector("[data-bt-form]");
    this.items = [...section.querySelectorAll("fieldset[data-item]")].map((fieldset) => ({
      id: fieldset.dataset.item,
      kind: fieldset.dataset.kind,
      scales: (fieldset.dataset.scales || "").split(" ").filter(Boolean),
      fieldset,
      legend: fieldset.querySelector("legend"),
      inputs: [...fieldset.querySelectorAll("input[type=radio]")],
    }));
    this.find = (selector) => section.querySelector(selector);
    this.number = new Intl.NumberFormat(this.language, {minimumFractionDigits: 1, maximumFractionDigits: 1});
    this.signed = new Intl.NumberFormat(this.language, {minimumFractionDigits: 1, maximumFractionDigits: 1,
      signDisplay: "exceptZero"});
    this.dates = new Intl.DateTimeFormat(this.language, {dateStyle: "long"});
    this.fromLink = false; // the answers shown came from a result link and are not saved (yet)
    this.wanted = null; // answers the reader asked a result for, while the engine was not ready
    this.shown = null; // {answers, result} on screen
    this.storageNoticeShown = false;
    this.cleanups = [];
  }

  t(path, values) {
    const text = path.split(".").reduce((node, key) => (node && typeof node === "object" ? node[key] : undefined),
      this.strings);
    return values ? format(text ?? path, values) : text ?? path;
  }

  // ------------------------------------------------------------------ set-up and tear-down

  start() {
    const submit = this.find("[data-bt-submit]");
    const clear = this.find("[data-bt-clear]");
    submit.disabled = false;
    clear.disabled = false;
    this.find("[data-bt-bar]").hidden = false;
    this.listen(this.form, "submit", (event) => {
      event.preventDefault();
      this.requestResult(false);
    });
    this.listen(this.form, "change", (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === "radio") this.answered(event.target);
    });
    this.listen(clear, "click", () => this.clear());
    this.listen(this.find("[data-bt-retry]"), "click", () => engine.retry());
    this.listen(this.find("[data-bt-anyway]"), "click", () => this.requestResult(true));
    this.listen(window, "hashchange", () => this.openLink());

    if (!this.store.available) this.showStorageNotice();
    this.historyState(); // checks what is kept, so that anything discarded is reported now
    if (!this.openLink()) this.restore();
    this.updateProgress();
    this.cleanups.push(engine.subscribe(() => this.engineChanged()));
    engine.start(this.workerUrl);
    engine.prepare(this.rubricUrl);
  }

  listen(target, type, handler) {
    target.addEventListener(type, handler);
    this.cleanups.push(() => target.removeEventListener(type, handler));
  }

  stop() {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  // ----------------------------------------------------------------------------- answers

  answers() {
    const answers = {};
    for (const item of this.items) {
      const checked = item.inputs.find((input) => input.checked);
      if (checked) answers[item.id] = item.kind === "likert" ? Number(checked.value) : checked.value;
    }
    return answers;
  }

  setAnswers(answers) {
    for (const item of this.items) {
      const value = answers[item.id];
      for (const input of item.inputs) input.checked = value !== undefined && input.value === String(value);
      if (value !== undefined) this.unmark(item);
    }
    this.updateProgress();
  }

  answered(input) {
    const item = this.items.find((candidate) => candidate.inputs.includes(input));
    if (item) this.unmark(item);
    if (this.fromLink) this.leaveLink();
    this.save();
    this.updateProgress();
    if (this.shown) this.find("[data-bt-stale]")?.toggleAttribute("hidden", sameAnswers(this.shown.answers,
      this.answers()));
  }

  save() {
    const answers = this.answers();
    if (!Object.keys(answers).length) {
      this.store.remove(this.store.answersKey);
      return;
    }
    if (!this.store.set(this.store.answersKey, {saved: new Date().toISOString(), answers})) this.showStorageNotice();
  }

  restore() {
    const saved = this.savedAnswers();
    if (!saved) return;
    this.setAnswers(saved.answers);
    this.notice("restored", this.t("notices.restored", {date: this.dates.format(new Date(saved.date))}));
  }

  // The answers saved on this device, as {answers, date}, or null. A record this page could not have written
  // is removed; answers the form does not offer are dropped (and the record rewritten without them).
  savedAnswers() {
    const key = this.store.answersKey;
    const stored = this.store.get(key);
    if (stored === undefined) return null;
    if (!isRecord(stored) || !isRecord(stored.answers) || !isDateText(stored.saved)) {
      this.discard(key, "answers_discarded");
      return null;
    }
    const answers = this.validAnswers(stored.answers);
    const kept = Object.keys(answers).length;
    if (kept === Object.keys(stored.answers).length) return kept ? {answers, date: stored.saved} : null;
    if (!kept) {
      this.discard(key, "answers_discarded");
      return null;
    }
    this.store.set(key, {saved: stored.saved, answers});
    this.notice("answers-discarded", this.t("notices.answers_partly_discarded"), {kind: "warning"});
    return {answers, date: stored.saved};
  }

  // Removes what is stored under `key` and says so (`text`: a key of notices).
  discard(key, text) {
    this.store.remove(key);
    this.notice(text.startsWith("history") ? "history-discarded" : "answers-discarded", this.t(`notices.${text}`),
      {kind: "warning"});
  }

  // Only values the form offers, of the type this page saves (stored data may be edited by hand).
  validAnswers(answers) {
    const valid = {};
    for (const item of this.items) {
      if (!Object.hasOwn(answers, item.id)) continue;
      const value = answers[item.id];
      if (typeof value !== (item.kind === "likert" ? "number" : "string")) continue;
      if (item.inputs.some((input) => input.value === String(value))) valid[item.id] = value;
    }
    return valid;
  }

  updateProgress() {
    const answered = Object.keys(this.answers()).length;
    const total = this.items.length;
    this.find("[data-bt-progress]").textContent = this.t("progress", {answered, total});
    this.find("[data-bt-progress-meter]").value = answered;
  }

  clear() {
    this.store.clearAll();
    this.form.reset();
    for (const item of this.items) this.unmark(item);
    this.find("[data-bt-missing]").hidden = true;
    if (this.fromLink || this.linkInUrl()) this.removeLinkFromUrl();
    this.fromLink = false;
    this.wanted = null;
    this.shown = null;
    this.hideResult();
    this.updateProgress();
    this.notice("cleared", this.t("notices.cleared"));
    if (!this.store.available) this.showStorageNotice();
  }

  // -------------------------------------------------------------------------- notices

  notice(id, text, options = {}) {
    const region = this.find("[data-bt-notices]");
    region.querySelector(`[data-notice="${id}"]`)?.remove();
    if (options.only) region.replaceChildren();
    if (!text) return null;
    const box = element("div", {className: `admonition ${options.kind || "info"} bt-notice`, "data-notice": id}, [
      element("p", {text}),
    ]);
    for (const action of options.actions || []) {
      const button = element("button", {type: "button", className: "md-button", text: action.label});
      button.addEventListener("click", action.run);
      box.append(element("p", {}, [button]));
    }
    region.append(box);
    return box;
  }

  showStorageNotice() {
    if (this.storageNoticeShown) return;
    this.storageNoticeShown = true;
    this.notice("storage", this.t("notices.storage_unavailable"), {kind: "warning"});
  }

  // ----------------------------------------------------------------- links with the answers

  encodeLink(answers) {
    const codes = this.items.map((item) => {
      const index = item.inputs.findIndex((input) => input.value === String(answers[item.id]));
      return index < 0 ? "-" : index.toString(36);
    }).join("");
    return `${LINK_FORMAT}.${this.version}.${codes}.${fnv1a(`${this.rubricId}|${this.version}|${codes}`)}`;
  }

  linkInUrl() {
    return window.location.hash.startsWith(`#${LINK_PARAMETER}`);
  }

  // {answers} | {error: "invalid" | "outdated"}
  decodeLink(text) {
    const match = /^(\d+)\.(\d+)\.([0-9a-z-]+)\.([0-9a-f]{8})$/.exec(text);
    if (!match || match[1] !== LINK_FORMAT) return {error: "invalid"};
    const [, , version, codes, check] = match;
    if (fnv1a(`${this.rubricId}|${version}|${codes}`) !== check) return {error: "invalid"};
    if (Number(version) !== this.version) return {error: "outdated"};
    if (codes.length !== this.items.length) return {error: "invalid"};
    const answers = {};
    for (const [index, item] of this.items.entries()) {
      if (codes[index] === "-") continue;
      const input = item.inputs[parseInt(codes[index], 36)];
      if (!input) return {error: "invalid"};
      answers[item.id] = item.kind === "likert" ? Number(input.value) : input.value;
    }
    return Object.keys(answers).length ? {answers} : {error: "invalid"};
  }

  // Opens the result link in the URL, if there is one. True when its answers are now on the form.
  openLink() {
    if (!this.linkInUrl()) return false;
    let text;
    try {
      text = decodeURIComponent(window.location.hash.slice(1 + LINK_PARAMETER.length));
    } catch (error) {
      text = "";
    }
    const decoded = this.decodeLink(text.trim());
    if (decoded.error) {
      this.notice("link", this.t(decoded.error === "outdated" ? "notices.link_outdated" : "notices.link_invalid"),
        {kind: "warning"});
      return false;
    }
    const own = this.savedAnswers()?.answers || {};
    this.notice("restored", null);
    this.fromLink = true;
    this.setAnswers(decoded.answers);
    const actions = Object.keys(own).length && !sameAnswers(own, decoded.answers) ? [{
      label: this.t("notices.use_mine"),
      run: () => {
        this.leaveLink();
        this.setAnswers(own);
        this.hideResult();
        this.shown = null;
      },
    }] : [];
    this.notice("link", this.t("notices.from_link"), {actions});
    this.requestResult(true, {focus: true});
    return true;
  }

  // The reader changed an answer (or chose their own): the answers are theirs now, saved and out of the URL.
  leaveLink() {
    this.fromLink = false;
    this.notice("link", null);
    this.removeLinkFromUrl();
  }

  removeLinkFromUrl() {
    if (!this.linkInUrl()) return;
    const url = new URL(window.location.href);
    url.hash = "";
    window.history.replaceState(window.history.state, "", url.href.replace(/#$/, ""));
  }

  // ------------------------------------------------------------------ missing answers

  // Unanswered items the result needs: those of scales below their minimum, or all of them when too few
  // statements are answered overall.
  neededItems(answers) {
    const unanswered = this.items.filter((item) => !(item.id in answers));
    if (Object.keys(answers).length < this.scoring.min_answers_total) return unanswered;
    const counts = {};
    for (const item of this.items) {
      if (item.id in answers) for (const scale of item.scales) counts[scale] = (counts[scale] || 0) + 1;
    }
    const short = new Set(Object.entries(this.scoring.scales)
      .filter(([scale, facts]) => (counts[scale] || 0) < facts.min_answers).map(([scale]) => scale));
    return unanswered.filter((item) => item.scales.some((scale) => short.has(scale)));
  }

  mark(item) {
    if (item.legend.querySelector(".bt-item__missing")) return;
    item.fieldset.classList.add("bt-item--missing");
    item.legend.append(" ", element("span", {className: "bt-item__missing", text: this.t("unanswered.note")}));
  }

  unmark(item) {
    item.fieldset.classList.remove("bt-item--missing");
    const note = item.legend.querySelector(".bt-item__missing");
    if (note) {
      note.previousSibling?.nodeType === Node.TEXT_NODE && note.previousSibling.textContent === " "
        && note.previousSibling.remove();
      note.remove();
    }
  }

  showMissing(needed, anyAnswered) {
    for (const item of this.items) {
      if (needed.includes(item)) this.mark(item);
      else this.unmark(item);
    }
    const panel = this.find("[data-bt-missing]");
    panel.hidden = false;
    this.find("[data-bt-anyway]").hidden = !anyAnswered;
    const text = this.find("[data-bt-missing-text]");
    text.textContent = "";
    // Set after the live region is shown, so that it is announced after the focused question.
    requestAnimationFrame(() => {
      text.textContent = this.t("unanswered.message", {count: needed.length});
    });
    const first = needed[0];
    first.inputs[0].focus({preventScroll: true});
    first.fieldset.scrollIntoView({block: "center"});
  }

  // ------------------------------------------------------------------------ the engine

  engineChanged() {
    const state = engine.state;
    this.section.dataset.btAssessmentState = state;
    const status = this.find("[data-bt-engine-status]");
    const progress = this.find("[data-bt-engine-progress]");
    const detail = this.find("[data-bt-engine-detail]");
    const retry = this.find("[data-bt-retry]");
    const texts = {
      idle: this.t("engine.downloading"),
      downloading: this.t("engine.downloading"),
      starting: this.t("engine.starting"),
      ready: this.t("engine.ready"),
      failed: this.t(engine.reason === "timeout" ? "engine.timeout" : "engine.failed"),
    };
    if (status.textContent !== texts[state]) status.textContent = texts[state];
    status.parentElement.dataset.state = state;
    const share = engine.progress && engine.progress.total > 0
      ? Math.min(100, Math.round((100 * engine.progress.loaded) / engine.progress.total)) : null;
    progress.hidden = state !== "downloading" || share === null;
    if (share !== null) progress.value = share;
    detail.hidden = state !== "failed" || !engine.detail;
    detail.textContent = state === "failed" && engine.detail ? this.t("engine.detail", {detail: engine.detail}) : "";
    retry.hidden = state !== "failed";
    const changed = state !== this.engineState;
    this.engineState = state;
    if (!changed || !this.wanted) return;
    if (state === "ready") {
      const wanted = this.wanted;
      this.wanted = null;
      this.run(wanted.answers, wanted.options);
    } else {
      this.showPending(state === "failed" ? "failed" : "waiting");
    }
  }

  // ------------------------------------------------------------------------------ the result

  requestResult(anyway, options = {focus: true}) {
    const answers = this.answers();
    const count = Object.keys(answers).length;
    const needed = anyway ? [] : this.neededItems(answers);
    if (count === 0 || needed.length) {
      this.showMissing(count === 0 ? this.items : needed, count > 0);
      return;
    }
    this.find("[data-bt-missing]").hidden = true;
    for (const item of this.items) this.unmark(item);
    sectionTitles(this.siteRoot);
    if (engine.state === "ready") {
      this.run(answers, options);
    } else {
      this.wanted = {answers, options};
      if (engine.state === "failed") engine.retry(); // asking again is worth another try
      this.showPending(engine.state === "failed" ? "failed" : "waiting");
    }
  }

  showPending(kind) {
    const result = this.find("[data-bt-result]");
    const body = this.find("[data-bt-result-body]");
    result.hidden = false;
    result.classList.remove("bt-result--shown");
    this.section.classList.remove("bt-assessment--result");
    const message = element("p", {role: "status", className: "bt-result__pending"});
    body.replaceChildren(message);
    const texts = {waiting: "engine.waiting", calculating: "engine.calculating",
      failed: engine.reason === "timeout" ? "engine.timeout" : "engine.failed", error: "engine.error"};
    // Set the text after the live region is in the page, so that it is announced.
    requestAnimationFrame(() => {
      message.textContent = this.t(texts[kind]);
    });
    if (kind === "failed") {
      const retry = element("button", {type: "button", className: "md-button", text: this.t("engine.retry")});
      retry.addEventListener("click", () => engine.retry());
      body.append(element("p", {}, [retry]));
    }
  }

  hideResult() {
    const result = this.find("[data-bt-result]");
    result.hidden = true;
    result.classList.remove("bt-result--shown");
    this.section.classList.remove("bt-assessment--result");
    this.find("[data-bt-result-body]").replaceChildren();
  }

  async run(answers, options) {
    const request = JSON.stringify({version: this.version, answers});
    let output;
    try {
      output = await engine.score(this.rubricUrl, request);
    } catch (failure) {
      if (!this.section.isConnected) return;
      if (failure && failure.reason === "engine") {
        this.wanted = {answers, options};
        this.showPending("failed");
      } else {
        this.showPending("error");
        this.showErrorDetail(failure && failure.detail);
      }
      return;
    }
    if (!this.section.isConnected) return;
    let parsed;
    try {
      parsed = JSON.parse(output);
    } catch (error) {
      parsed = {ok: false, error: {kind: "internal-error", message: String(error)}};
    }
    if (!parsed.ok) {
      this.showPending("error");
      this.showErrorDetail(`${parsed.error.kind}: ${parsed.error.message}`);
      return;
    }
    const titles = await withTimeout(sectionTitles(this.siteRoot), TITLES_WAIT_MS, new Map());
    if (!this.section.isConnected) return;
    this.render(parsed.result, answers, titles);
    if (options && options.focus !== false) {
      const heading = this.find("#bt-result-title");
      heading.focus({preventScroll: true});
      heading.scrollIntoView({block: "start"});
    }
  }

  showErrorDetail(detail) {
    if (!detail) return;
    this.find("[data-bt-result-body]").append(element("p", {className: "bt-result__detail",
      text: this.t("engine.detail", {detail})}));
  }

  // ----------------------------------------------------------------------- result: history

  // The results kept on this device, {keep, entries}. A record this page could not have written is removed;
  // entries that fail the checks are dropped (and the record rewritten without them).
  historyState() {
    const key = this.store.historyKey;
    const stored = this.store.get(key);
    if (stored === undefined) return {keep: false, entries: []};
    if (!isRecord(stored) || typeof stored.keep !== "boolean" || !Array.isArray(stored.entries)) {
      this.discard(key, "history_discarded");
      return {keep: false, entries: []};
    }
    const entries = stored.entries.filter((entry) => this.validHistoryEntry(entry)).slice(-HISTORY_LIMIT);
    if (entries.length === stored.entries.length) return {keep: stored.keep, entries};
    if (!entries.length) {
      this.discard(key, "history_discarded");
      return {keep: false, entries: []};
    }
    this.store.set(key, {keep: stored.keep, entries});
    this.notice("history-discarded", this.t("notices.history_partly_discarded"), {kind: "warning"});
    return {keep: stored.keep, entries};
  }

  // An entry as historyEntry writes it, for this rubric's scales and composites.
  validHistoryEntry(entry) {
    const scales = Object.keys(this.scoring.scales);
    const composites = Object.keys(this.scoring.composites);
    const isId = (value) => typeof value === "string" && value.length > 0 && value.length <= 100;
    const scores = (record, known) => isRecord(record) && Object.entries(record)
      .every(([id, value]) => isId(id) && (!known || known.includes(id)) && isScoreOrNull(value));
    const scaleList = (list) => Array.isArray(list) && list.length <= scales.length
      && list.every((id) => scales.includes(id));
    if (!isRecord(entry) || !isDateText(entry.date) || typeof entry.codes !== "string"
        || entry.codes.length > 40 + this.items.length || this.decodeLink(entry.codes).error) return false;
    if (!scores(entry.scales, scales) || !scores(entry.composites, composites) || !scores(entry.fits, null)) {
      return false;
    }
    const summary = entry.summary;
    if (!isRecord(summary)) return false;
    switch (summary.type) {
      case "composite":
        return composites.includes(summary.composite);
      case "profile-fit":
        return summary.profile === null || (isId(summary.profile) && Object.hasOwn(entry.fits, summary.profile));
      case "ranking":
        return summary.scale === null || scales.includes(summary.scale);
      case "scale-profile":
        return scaleList(summary.strongest) && scaleList(summary.weakest);
      default:
        return false;
    }
  }

  historyEntry(result, answers) {
    const scores = (list) => Object.fromEntries(list.map((entry) => [entry.id, entry.score]));
    return {
      date: new Date().toISOString(),
      codes: this.encodeLink(answers),
      scales: scores(result.scales),
      composites: scores(result.composites),
      fits: Object.fromEntries(result.profiles.fits.map((fit) => [fit.id, fit.fit])),
      summary: result.summary,
    };
  }

  // The most recent earlier result given with other answers, and whether this one is to be kept.
  rememberResult(result, answers) {
    const history = this.historyState();
    const current = this.historyEntry(result, answers);
    const previous = [...history.entries].reverse().find((entry) => entry.codes !== current.codes) || null;
    if (history.keep && (!history.entries.length || history.entries.at(-1).codes !== current.codes)) {
      history.entries = [...history.entries, current].slice(-HISTORY_LIMIT);
      if (!this.store.set(this.store.historyKey, history)) this.showStorageNotice();
    }
    return {history, previous};
  }

  setKeep(keep, result, answers, status) {
    if (keep) {
      const history = {keep: true, entries: this.historyState().entries};
      const current = this.historyEntry(result, answers);
      if (!history.entries.length || history.entries.at(-1).codes !== current.codes) history.entries.push(current);
      if (!this.store.set(this.store.historyKey, history)) this.showStorageNotice();
      status.textContent = this.t("history.kept");
    } else {
      this.store.remove(this.store.historyKey);
      status.textContent = this.t("history.deleted");
    }
  }

  // ------------------------------------------------------------------------ result: parts

  score(value) {
    return this.number.format(value);
  }

  meter(score, bands) {
    const meter = element("div", {className: "bt-meter", "aria-hidden": "true"});
    const fill = element("div", {className: "bt-meter__fill"});
    fill.style.width = `${Math.max(0, Math.min(100, score))}%`;
    meter.append(fill);
    for (const start of bands || []) {
      const tick = element("span", {className: "bt-meter__tick"});
      tick.style.left = `${start}%`;
      meter.append(tick);
    }
    return meter;
  }

  // "54.0 out of 100 · Band: Moderate" (+ polarity) as text next to the bar.
  scoreLine(entry, polarity) {
    const line = element("p", {className: "bt-score"}, [
      element("strong", {className: "bt-score__value", text: this.t("result.score", {score: this.score(entry.score)})}),
    ]);
    if (entry.band) line.append(" · ", element("span", {className: "bt-score__band", "data-band": entry.band.id,
      text: this.t("result.band", {band: entry.band.label})}));
    if (polarity) line.append(" · ", element("span", {className: "bt-score__polarity",
      text: this.t(polarity === "risk" ? "result.higher_risk" : "result.higher_strength")}));
    return line;
  }

  change(current, earlier, previous) {
    if (!previous || typeof earlier !== "number" || typeof current !== "number") return null;
    const date = this.dates.format(new Date(previous.date));
    const delta = Math.round((current - earlier) * 10) / 10;
    return element("p", {className: "bt-change"}, [delta === 0 ? this.t("history.unchanged", {date})
      : this.t("history.change", {date, delta: this.signed.format(delta)})]);
  }

  actions(list, titles, headingLevel) {
    if (!list || !list.length) return [];
    const items = list.map((action) => {
      const entry = element("li", {}, [element("span", {text: action.text})]);
      if (action.link) {
        const target = siteLink(action.link, this.siteRoot);
        const pageTitle = titles.get(target.page);
        const sectionTitle = target.key !== target.page ? titles.get(target.key) : null;
        const label = pageTitle && sectionTitle ? `${pageTitle} – ${sectionTitle}` : pageTitle || sectionTitle
          || this.t("result.read_more");
        entry.append(" ", element("a", {href: target.href, className: "bt-action__link", text: label}));
      }
      return entry;
    });
    return [element(`h${headingLevel}`, {className: "bt-actions__title", text: this.t("result.actions")}),
      element("ul", {className: "bt-actions"}, items)];
  }

  scoredBlock(entry, {bands, polarity, titles, headingLevel, earlier, previous, notEnough}) {
    const block = [];
    if (entry.status === "ok") {
      block.push(this.meter(entry.score, bands), this.scoreLine(entry, polarity),
        this.change(entry.score, earlier, previous));
      if (entry.interpretation) block.push(element("p", {className: "bt-interpretation", text: entry.interpretation}));
      block.push(...this.actions(entry.actions, titles, headingLevel));
    } else {
      block.push(element("p", {className: "bt-not-enough", text: notEnough}));
    }
    return block.filter(Boolean);
  }

  summary(result, titles, previous) {
    const box = element("section", {className: "bt-summary", "aria-labelledby": "bt-summary-title"});
    const summary = result.summary;
    const scaleName = (id) => result.scales.find((scale) => scale.id === id)?.name || id;
    if (summary.type === "composite") {
      const composite = result.composites.find((entry) => entry.id === summary.composite);
      box.append(element("h3", {id: "bt-summary-title", text: composite.name}));
      if (composite.description) box.append(element("p", {className: "bt-description", text: composite.description}));
      box.append(...this.scoredBlock(composite, {
        bands: this.scoring.composites[composite.id]?.bands, titles, headingLevel: 4,
        earlier: previous?.composites?.[composite.id], previous,
        notEnough: this.t("result.composite_not_enough"),
      }));
    } else if (summary.type === "profile-fit") {
      const fits = result.profiles.fits;
      const closest = fits.find((fit) => fit.id === summary.profile);
      if (!closest) {
        box.append(element("h3", {id: "bt-summary-title", text: this.t("result.summary")}),
          element("p", {className: "bt-not-enough", text: this.t("result.no_summary")}));
        return box;
      }
      box.append(element("h3", {id: "bt-summary-title", text: this.t("result.closest_profile", {name: closest.name})}));
      if (closest.description) box.append(element("p", {className: "bt-description", text: closest.description}));
      const ordered = [closest, ...fits.filter((fit) => fit !== closest)];
      for (const fit of ordered) {
        const block = element("div", {className: "bt-profile", "data-profile": fit.id});
        block.append(element("h4", {text: fit.name}));
        if (fit !== closest && fit.description) block.append(element("p", {className: "bt-description",
          text: fit.description}));
        if (fit.status !== "ok") {
          block.append(element("p", {className: "bt-not-enough", text: this.t("result.no_summary")}));
          box.append(block);
          continue;
        }
        block.append(this.meter(fit.fit, []), element("p", {className: "bt-score"}, [
          element("strong", {className: "bt-score__value", text: this.t("result.profile_fit", {fit: this.score(fit.fit)})}),
        ]));
        const change = this.change(fit.fit, previous?.fits?.[fit.id], previous);
        if (change) block.append(change);
        const rows = fit.gaps.map((gap) => element("tr", {}, [
          element("th", {scope: "row", text: scaleName(gap.scale)}),
          element("td", {text: gap.score === null ? "—" : this.score(gap.score)}),
          element("td", {text: this.score(gap.target)}),
          element("td", {text: gap.gap === null ? "—" : this.signed.format(gap.gap)}),
        ]));
        block.append(element("div", {className: "bt-gaps-scroll"}, [element("table", {className: "bt-gaps"}, [
            element("caption", {text: this.t("result.gaps_caption", {name: fit.name})}),
            element("thead", {}, [element("tr", {}, [
              element("th", {scope: "col", text: this.t("result.gap_area")}),
              element("th", {scope: "col", text: this.t("result.gap_you")}),
              element("th", {scope: "col", text: this.t("result.gap_profile")}),
              element("th", {scope: "col", text: this.t("result.gap_difference")}),
            ])]),
            element("tbody", {}, rows),
          ])]));
        box.append(block);
      }
    } else if (summary.type === "ranking") {
      if (!summary.scale) {
        box.append(element("h3", {id: "bt-summary-title", text: this.t("result.summary")}),
          element("p", {className: "bt-not-enough", text: this.t("result.no_summary")}));
        return box;
      }
      const top = result.scales.find((scale) => scale.id === summary.scale);
      box.append(element("h3", {id: "bt-summary-title", text: this.t("result.top_direction", {name: top.name})}));
      if (top.description) box.append(element("p", {className: "bt-description", text: top.description}));
      box.append(element("h4", {text: this.t("result.ranking")}));
      box.append(element("ol", {className: "bt-ranking"}, result.ranking.map((entry) => element("li", {},
        [element("span", {className: "bt-ranking__name", text: scaleName(entry.scale)}), " — ",
          entry.status === "ok" ? element("span", {className: "bt-score__value",
            text: this.t("result.score", {score: this.score(entry.score)})})
            : element("span", {className: "bt-not-enough", text: this.t("result.not_enough_short")})]))));
    } else {
      box.append(element("h3", {id: "bt-summary-title", text: this.t("result.summary")}));
      if (!summary.strongest.length && !summary.weakest.length) {
        box.append(element("p", {className: "bt-not-enough", text: this.t("result.no_summary")}));
      }
      if (summary.strongest.length) box.append(element("p", {className: "bt-summary__line"}, [
        element("strong", {text: this.t("result.strongest")}), " ",
        summary.strongest.map(scaleName).join(this.t("result.list_separator")),
      ]));
      if (summary.weakest.length) box.append(element("p", {className: "bt-summary__line"}, [
        element("strong", {text: this.t("result.weakest")}), " ",
        summary.weakest.map(scaleName).join(this.t("result.list_separator")),
      ]));
    }
    return box;
  }

  flags(result) {
    if (!result.flags.length) return null;
    const box = element("div", {className: "admonition warning bt-flags"}, [
      element("p", {className: "admonition-title", text: this.t("result.quality")}),
    ]);
    for (const flag of result.flags) {
      box.append(element("p", {"data-flag": flag, text: this.t(`flags.${flag}`, {
        answered: result.answered, total: result.total, minimum: this.scoring.min_answers_total,
      })}));
    }
    return box;
  }

  scales(result, titles, previous) {
    const order = result.summary.type === "ranking"
      ? result.ranking.map((entry) => result.scales.find((scale) => scale.id === entry.scale))
      : result.scales;
    const list = element("div", {className: "bt-scales"});
    for (const scale of order) {
      const block = element("section", {className: "bt-scale", "data-scale": scale.id,
        "aria-labelledby": `bt-scale-${scale.id}`});
      block.append(element("h4", {id: `bt-scale-${scale.id}`, text: scale.name}));
      if (scale.description) block.append(element("p", {className: "bt-description", text: scale.description}));
      block.append(...this.scoredBlock(scale, {
        bands: this.scoring.scales[scale.id]?.bands, polarity: scale.polarity, titles, headingLevel: 5,
        earlier: previous?.scales?.[scale.id], previous,
        notEnough: this.t("result.not_enough", {answered: scale.answered, required: scale.required}),
      }));
      list.append(block);
    }
    return [element("h3", {text: this.t("result.scales")}), list];
  }

  historyPart(result, answers, history, previous) {
    const part = element("section", {className: "bt-history", "aria-labelledby": "bt-history-title"});
    part.append(element("h3", {id: "bt-history-title", text: this.t("history.title")}));
    const checkbox = element("input", {type: "checkbox", id: "bt-keep", "aria-describedby": "bt-keep-hint"});
    checkbox.checked = history.keep;
    const status = element("p", {role: "status", className: "bt-history__status"});
    checkbox.addEventListener("change", () => this.setKeep(checkbox.checked, result, answers, status));
    part.append(
      element("p", {className: "bt-keep"}, [checkbox, " ", element("label", {for: "bt-keep", text: this.t("history.keep")})]),
      element("p", {id: "bt-keep-hint", className: "bt-hint", text: this.t("history.hint")}),
      status,
    );
    const earlier = history.entries.filter((entry) => entry.codes !== this.encodeLink(answers));
    if (history.keep && !earlier.length) part.append(element("p", {text: this.t("history.first")}));
    if (earlier.length) {
      part.append(element("h4", {text: this.t("history.earlier")}));
      part.append(element("ul", {className: "bt-history__list"}, [...earlier].reverse().map((entry) =>
        element("li", {}, [
          element("span", {className: "bt-history__date", text: this.dates.format(new Date(entry.date))}),
          " — ", this.headline(entry, result),
        ]))));
    }
    if (previous) part.dataset.previous = previous.date;
    return part;
  }

  // What an earlier result said first, in words of today's result (names in the page language).
  headline(entry, result) {
    // Names come from today's result only: a stored id is never shown as text.
    const name = (list, id) => list.find((candidate) => candidate.id === id)?.name;
    const none = this.t("result.no_summary");
    const summary = entry.summary;
    if (summary.type === "composite") {
      const value = entry.composites[summary.composite];
      const composite = name(result.composites, summary.composite);
      return typeof value === "number" && composite
        ? `${composite}: ${this.t("result.score", {score: this.score(value)})}` : none;
    }
    if (summary.type === "profile-fit") {
      const profile = summary.profile && name(result.profiles.fits, summary.profile);
      return profile ? this.t("result.closest_profile", {name: profile}) : none;
    }
    if (summary.type === "ranking") {
      const scale = summary.scale && name(result.scales, summary.scale);
      return scale ? this.t("result.top_direction", {name: scale}) : none;
    }
    const strongest = summary.strongest.map((id) => name(result.scales, id)).filter(Boolean);
    return strongest.length ? `${this.t("result.strongest")} ${strongest.join(this.t("result.list_separator"))}` : none;
  }

  tools(result, answers) {
    const part = element("section", {className: "bt-tools", "aria-labelledby": "bt-tools-title"});
    part.append(element("h3", {id: "bt-tools-title", text: this.t("share.title")}));
    const copy = element("button", {type: "button", className: "md-button", "data-bt-copy": true,
      text: this.t("share.copy")});
    const download = element("button", {type: "button", className: "md-button", "data-bt-download": true,
      text: this.t("share.download")});
    const print = element("button", {type: "button", className: "md-button", "data-bt-print": true,
      text: this.t("share.print")});
    const status = element("p", {role: "status", className: "bt-tools__status"});
    const field = element("p", {className: "bt-link", hidden: true}, [
      element("label", {for: "bt-link-field", text: this.t("share.link_label")}),
      element("input", {type: "text", id: "bt-link-field", readonly: true, "data-bt-link": true}),
    ]);
    copy.addEventListener("click", async () => {
      const url = new URL(window.location.href);
      url.hash = `${LINK_PARAMETER}${this.encodeLink(answers)}`;
      const input = field.querySelector("input");
      input.value = url.href;
      field.hidden = false;
      try {
        await navigator.clipboard.writeText(url.href);
        status.textContent = this.t("share.copied");
      } catch (error) {
        status.textContent = this.t("share.copy_failed");
        input.focus();
        input.select();
      }
    });
    download.addEventListener("click", () => this.download(result));
    print.addEventListener("click", () => window.print());
    part.append(element("p", {className: "bt-tools__buttons"}, [copy, " ", download, " ", print]), status, field);
    return part;
  }

  download(result) {
    const created = new Date();
    const data = {
      format: "breakthrough-assessment-result",
      format_version: 1,
      created: created.toISOString(),
      page: `${window.location.origin}${window.location.pathname}`,
      rubric: result.rubric,
      language: result.language,
      answers: result.answers,
      result,
    };
    const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], {type: "application/json"});
    const url = URL.createObjectURL(blob);
    const day = created.toISOString().slice(0, 10);
    const link = element("a", {href: url, download: `${result.rubric.id}-v${result.rubric.version}-${day}.json`,
      hidden: true});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  render(result, answers, titles) {
    const {history, previous} = this.rememberResult(result, answers);
    const body = this.find("[data-bt-result-body]");
    const calculated = this.dates.format(new Date());
    const parts = [
      element("p", {className: "bt-result__meta"}, [
        this.t("result.calculated", {date: calculated}), " · ",
        this.t("result.answered", {answered: result.answered, total: result.total}),
      ]),
      element("div", {className: "admonition note bt-stale", "data-bt-stale": true, hidden: true}, [
        element("p", {text: this.t("result.stale")}),
      ]),
      this.summary(result, titles, previous),
      this.flags(result),
      ...this.scales(result, titles, previous),
      this.historyPart(result, answers, history, previous),
      this.tools(result, answers),
    ];
    body.replaceChildren(...parts.filter(Boolean));
    this.shown = {answers, result};
    const stale = body.querySelector("[data-bt-stale]");
    stale.hidden = sameAnswers(answers, this.answers());
    const section = this.find("[data-bt-result]");
    section.hidden = false;
    section.classList.add("bt-result--shown");
    this.section.classList.add("bt-assessment--result");
  }
}

// ----------------------------------------------------------------------------------- page (re)initialising

let current = null;

function initialise() {
  const section = document.querySelector("section.bt-assessment[data-rubric-id]");
  if (current && current.section === section) return;
  if (current) current.stop();
  current = null;
  if (!section) return;
  current = new Assessment(section);
  current.start();
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => initialise());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", initialise, {once: true});
} else {
  initialise();
}
