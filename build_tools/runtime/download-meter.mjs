// Counts the bytes of the runtime as they arrive, so the page can show progress and tell a slow download from
// a stalled one. The page also needs to know whether anything is still in flight: only then does a silence
// mean a hang. Once every byte is in, compiling the WebAssembly and starting Python keep this thread (or the
// compiler's) busy for seconds, many more on a slow or loaded machine, without a message.
//
// Pyodide downloads its WebAssembly, its standard library and the engine's wheel with the scope's own
// `fetch` and offers no way to pass another, so seeing those bytes means standing in for the scope's fetch.
// The meter does so only while the engine starts (`attach` returns the function that puts the original
// back) and only for URLs inside the runtime folder; every other request goes straight to the original.

import {progressMessage} from "./protocol.mjs";

/**
 * @typedef {object} DownloadMeterOptions
 * @property {URL} directory Requests for URLs inside this folder are counted.
 * @property {(message: import("./protocol.mjs").ProgressMessage) => void} report Receives the progress.
 * @property {number} intervalMs Byte counts are reported at most this often (changes of `waiting` at once).
 * @property {typeof fetch} fetch The fetch to count (the scope's own).
 */

export class DownloadMeter {
  /** @param {DownloadMeterOptions} options */
  constructor(options) {
    this.directory = options.directory.href;
    this.report = options.report;
    this.intervalMs = options.intervalMs;
    /** The scope's own fetch, uncounted. */
    this.fetchOriginal = options.fetch;
    this.loaded = 0;
    this.total = 0;
    this.pending = 0;
    this.lastReport = 0;
  }

  /** @param {boolean} force */
  post(force) {
    const now = Date.now();
    if (!force && now - this.lastReport < this.intervalMs) return;
    this.lastReport = now;
    this.report(progressMessage(this.loaded, this.total, this.pending > 0));
  }

  /** Bytes expected in all (from the sizes the HEAD checks saw). @param {number} bytes */
  expect(bytes) {
    this.total += bytes;
  }

  // A runtime request (HEAD check, module import, file download up to its last byte) is in flight.
  started() {
    this.pending += 1;
    this.post(true);
  }

  ended() {
    this.pending -= 1;
    this.post(true);
  }

  /**
   * Counts the wait for `promise` (an import or a request whose body is not read) as a request in flight.
   *
   * @template T
   * @param {Promise<T>} promise
   * @returns {Promise<T>}
   */
  async transfer(promise) {
    this.started();
    try {
      return await promise;
    } finally {
      this.ended();
    }
  }

  /**
   * `fetch`, counted when the URL is inside the runtime folder.
   *
   * @param {RequestInfo | URL} input
   * @param {RequestInit} [init]
   * @returns {Promise<Response>}
   */
  async fetch(input, init) {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(this.directory)) return this.fetchOriginal(input, init);
    this.started();
    let response;
    try {
      response = await this.fetchOriginal(input, init);
    } catch (error) {
      this.ended();
      throw error;
    }
    return this.counted(response);
  }

  /**
   * Stands in for `scope.fetch` until the returned function is called.
   *
   * @param {{fetch: typeof fetch}} scope
   * @returns {() => void}
   */
  attach(scope) {
    const own = scope.fetch;
    const counting = (/** @type {RequestInfo | URL} */ input, /** @type {RequestInit | undefined} */ init) =>
      this.fetch(input, init);
    scope.fetch = counting;
    return () => {
      if (scope.fetch === counting) scope.fetch = own;
    };
  }

  /**
   * The same response, whose request stays in flight until its last byte, a read error or a cancelled body.
   *
   * @param {Response} response
   * @returns {Response}
   */
  counted(response) {
    if (!response.body || !response.ok) {
      this.ended();
      return response;
    }
    const reader = response.body.getReader();
    let open = true;
    const end = () => {
      if (open) this.ended();
      open = false;
    };
    const stream = new ReadableStream({
      pull: async (controller) => {
        let chunk;
        try {
          chunk = await reader.read();
        } catch (error) {
          end();
          throw error;
        }
        if (chunk.done) {
          controller.close();
          end();
          return;
        }
        this.loaded += chunk.value.byteLength;
        this.post(false);
        controller.enqueue(chunk.value);
      },
      cancel: (reason) => {
        end();
        return reader.cancel(reason);
      },
    });
    return new Response(stream, {status: response.status, statusText: response.statusText,
      headers: response.headers});
  }
}
