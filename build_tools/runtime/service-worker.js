// The site's service worker (served as /sw.js: build_tools/runtime_bundle.py puts the build's manifest,
// `self.BT_SERVICE_WORKER`, before this text). It makes a returning reader's engine start from the device and
// lets every page of the reader's language open, and every assessment score, without a network.
//
// * The runtime, the wheel, assets and rubrics: cache first (their names or the build's version change with
//   their bytes). Pages: network first, the cached copy when the network fails.
// * One cache per build version; a new build's worker deletes the others when it activates.
// * Only GET requests for files the manifest lists, at their exact URL without a query, are ever stored.
//   Answers live in the page, in localStorage and in share links' fragments, which never reach a request
//   (request.url has no fragment), so nothing stored can hold them (Pagefind's entry file, below, is kept
//   without its query). Everything else goes to the network
//   untouched.
// * It takes over only from the next page load (no clients.claim): a visit that began without it stays so.
// * Search (Pagefind, <lang>/pagefind/): its loader, WebAssembly and metadata are kept with the language; its
//   word chunks and excerpt fragments (hashed names, as many as the articles) only once a query fetched them,
//   so offline search answers the words already looked up. Its entry file is asked for with a cache-busting
//   query: kept under its plain URL, network first.
/* global caches, fetch, Response, URL */

(function serviceWorker() {
  /**
   * @typedef {{version: string, shared: string[], languages: Record<string, string[]>}} Manifest
   * @typedef {{waitUntil(promise: Promise<unknown>): void}} ExtendableEvent
   * @typedef {ExtendableEvent & {request: Request, respondWith(response: Promise<Response>): void}} FetchEvent
   * @typedef {ExtendableEvent & {data: unknown, source: {postMessage(message: unknown): void} | null}} MessageEventLike
   */
  const worker = /** @type {any} */ (globalThis);
  const manifest = /** @type {Manifest} */ (worker.BT_SERVICE_WORKER);
  const PREFIX = "breakthrough-";
  const CACHE = `${PREFIX}${manifest.version}`;
  const root = new URL("./", worker.location.href);
  /** @type {Set<string>} every URL the manifest lists */
  const listed = new Set(
    [manifest.shared, ...Object.values(manifest.languages)].flat().map((path) => new URL(path, root).href));

  /** The URL a page's address stands for: its folder's index.html. @param {URL} url */
  function stored(url) {
    return url.pathname.endsWith("/") ? new URL("index.html", url).href : url.href;
  }

  /** @type {Array<[string, RegExp]>} */
  const TYPES = [[".wasm", /^application\/wasm/], [".mjs", /javascript/], [".js", /javascript/]];

  /** Only a whole, same-origin answer of the right type is kept: a host's mistake must not outlive its fix. @param {Response} response @param {string} url */
  function keepable(response, url) {
    if (!response.ok || response.type !== "basic" || response.redirected) return false;
    const type = response.headers.get("content-type") || "";
    return TYPES.every(([suffix, pattern]) => !url.endsWith(suffix) || pattern.test(type));
  }

  const SEARCH_ENTRY = /\/pagefind\/pagefind-entry\.json$/;
  const SEARCH_CHUNK = /\/pagefind\/(?:index|fragment)\//;

  /** The paths outside the runtime. @param {string[]} paths */
  function pages(paths) {
    return paths.filter((path) => !path.startsWith("runtime/"));
  }

  /** @param {string[]} paths */
  async function keep(paths) {
    const cache = await caches.open(CACHE);
    const missing = [];
    for (const path of paths) {
      const url = new URL(path, root).href;
      if (!(await cache.match(url))) missing.push(url);
    }
    // One by one rather than addAll: a file that fails is left for the network, the others are kept.
    await Promise.all(missing.map(async (url) => {
      try {
        const response = await fetch(url, {cache: "no-cache"});
        if (keepable(response, url)) await cache.put(url, response);
      } catch {
        // offline or refused: asked for again when needed
      }
    }));
  }

  worker.addEventListener("install", (/** @type {ExtendableEvent} */ event) => {
    // The runtime (13 MB) only once a page's engine has started (see the message below).
    event.waitUntil(keep(pages(manifest.shared)).then(() => worker.skipWaiting()));
  });

  worker.addEventListener("activate", (/** @type {ExtendableEvent} */ event) => {
    event.waitUntil(caches.keys().then((names) => Promise.all(
      names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)))));
  });

  // A page asks for its language's files once the worker is ready; the answer says they are kept.
  worker.addEventListener("message", (/** @type {MessageEventLike} */ event) => {
    const data = /** @type {{type?: unknown, language?: unknown, runtime?: unknown}} */ (event.data || {});
    if (data.type !== "keep-language" || typeof data.language !== "string") return;
    const paths = Object.hasOwn(manifest.languages, data.language) ? manifest.languages[data.language] : null;
    if (!paths) return;
    const source = event.source;
    const shared = data.runtime === true ? manifest.shared : pages(manifest.shared);
    const eager = paths.filter((path) => !SEARCH_CHUNK.test(`/${path}`));
    event.waitUntil(Promise.all([keep(shared), keep(eager)]).then(() => {
      if (source) source.postMessage({type: "kept-language", language: data.language, version: manifest.version});
    }));
  });

  /** @param {Request} request @param {string} key */
  async function cacheFirst(request, key) {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key);
    if (hit) return hit;
    const response = await fetch(request);
    if (keepable(response, key)) await cache.put(key, response.clone());
    return response;
  }

  /** @param {Request} request @param {string} key */
  async function networkFirst(request, key) {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (keepable(response, key)) await cache.put(key, response.clone());
      return response;
    } catch (error) {
      const hit = await cache.match(key);
      if (hit) return hit;
      throw error;
    }
  }

  /** The runtime's HEAD checks, answered from the cache's headers (offline they would fail). @param {string} key */
  async function head(key) {
    const hit = await (await caches.open(CACHE)).match(key);
    return hit ? new Response(null, {status: hit.status, headers: hit.headers}) : null;
  }

  worker.addEventListener("fetch", (/** @type {FetchEvent} */ event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (url.origin !== root.origin || !url.href.startsWith(root.href)) return;
    const searchEntry = SEARCH_ENTRY.test(url.pathname);
    if (url.search && !searchEntry) return;
    const key = searchEntry ? new URL(url.pathname, root).href : stored(url);
    if (!listed.has(key)) return;
    if (request.method === "HEAD") {
      event.respondWith(head(key).then((response) => response || fetch(request)));
    } else if (request.method === "GET") {
      const fresh = key.endsWith(".html") || searchEntry;
      event.respondWith(fresh ? networkFirst(request, key) : cacheFirst(request, key));
    }
  });
})();
