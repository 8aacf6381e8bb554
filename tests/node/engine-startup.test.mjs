// The worker's start-up without a browser: the download meter, the file checks and the watch for Pyodide's
// silent instantiation failure, on a stand-in for the worker's scope.
import assert from "node:assert/strict";
import {describe, test} from "node:test";

import {DownloadMeter} from "../../build_tools/runtime/download-meter.mjs";
import {EngineStartup, REQUIRED_FILES, WASM_FAILURE_WARNING} from "../../build_tools/runtime/engine-startup.mjs";
import {EngineState, FailureReason, MessageType} from "../../build_tools/runtime/protocol.mjs";

const RUNTIME = new URL("https://site.test/runtime/pyodide/");

/**
 * A response whose body arrives in chunks of the given sizes.
 *
 * @param {number[]} chunks
 * @param {Record<string, string>} [headers]
 */
function chunked(chunks, headers = {}) {
  let index = 0;
  return new Response(new ReadableStream({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(new Uint8Array(chunks[index++]));
      else controller.close();
    },
  }), {status: 200, headers});
}

/**
 * The worker's scope: fetch answers from `respond(url, init)`, console.warn is recorded.
 *
 * @param {(url: string, init: RequestInit) => Response} respond
 */
function scope(respond) {
  /** @type {unknown[][]} */
  const warnings = [];
  /** @type {string[]} */
  const requests = [];
  const fake = {
    warnings,
    requests,
    /** @param {any} input @param {RequestInit} [init] */
    fetch: async (input, init = {}) => {
      const url = typeof input === "string" ? input : input.href ?? input.url;
      requests.push(`${init.method ?? "GET"} ${url}`);
      return respond(url, init);
    },
    console: {warn: (/** @type {unknown[]} */ ...args) => { warnings.push(args); }},
  };
  return fake;
}

/** @param {ReturnType<typeof scope>} fakeScope */
function startup(fakeScope) {
  /** @type {any[]} */
  const messages = [];
  const engine = new EngineStartup({
    runtimeDirectory: RUNTIME, packageName: "breakthrough-scoring", moduleName: "breakthrough_scoring",
    post: (message) => messages.push(message), scope: fakeScope, progressIntervalMs: 0,
  });
  return {engine, messages};
}

describe("download meter", () => {
  test("counts the bytes of runtime files, and says a request is in flight until its last byte", async () => {
    /** @type {any[]} */
    const reports = [];
    const meter = new DownloadMeter({directory: RUNTIME, report: (message) => reports.push(message), intervalMs: 0,
      fetch: async () => chunked([3, 4, 5])});
    const response = await meter.fetch(new URL("pyodide.asm.wasm", RUNTIME));
    assert.equal(reports.at(-1).waiting, true, "in flight while the body is unread");
    assert.equal((await response.arrayBuffer()).byteLength, 12);
    assert.deepEqual(reports.at(-1), {type: MessageType.PROGRESS, loaded: 12, total: 0, waiting: false});
    assert.ok(reports.some((report) => report.loaded === 3 && report.waiting), "progress while reading");
  });

  test("leaves other requests alone, and stands in for the scope's fetch only until detached", async () => {
    /** @type {any[]} */
    const reports = [];
    const fakeScope = scope(() => chunked([10]));
    const own = fakeScope.fetch;
    const meter = new DownloadMeter({directory: RUNTIME, report: (message) => reports.push(message), intervalMs: 0,
      fetch: own});
    const detach = meter.attach(fakeScope);
    assert.notEqual(fakeScope.fetch, own);
    await (await fakeScope.fetch("https://site.test/en/assessments/x/rubric.json")).arrayBuffer();
    assert.equal(reports.length, 0, "a rubric is not the runtime");
    await (await fakeScope.fetch(new URL("python_stdlib.zip", RUNTIME))).arrayBuffer();
    assert.equal(meter.loaded, 10);
    detach();
    assert.equal(fakeScope.fetch, own);
  });

  test("a failed request or a cancelled body is no longer in flight", async () => {
    const failing = new DownloadMeter({directory: RUNTIME, report: () => {}, intervalMs: 0,
      fetch: async () => { throw new TypeError("offline"); }});
    await assert.rejects(failing.fetch(new URL("pyodide.asm.wasm", RUNTIME)), /offline/);
    assert.equal(failing.pending, 0);
    const cancelled = new DownloadMeter({directory: RUNTIME, report: () => {}, intervalMs: 0,
      fetch: async () => chunked([1, 1, 1])});
    const response = await cancelled.fetch(new URL("pyodide.asm.wasm", RUNTIME));
    await response.body?.cancel();
    assert.equal(cancelled.pending, 0);
  });
});

describe("engine start-up", () => {
  test("Pyodide's instantiation warning, then its error, fail the engine with the error's words", () => {
    const fakeScope = scope(() => new Response(null));
    const {engine, messages} = startup(fakeScope);
    const own = fakeScope.console.warn;
    const stop = engine.watchWarnings();
    fakeScope.console.warn("something else");
    assert.equal(messages.length, 0);
    fakeScope.console.warn(WASM_FAILURE_WARNING);
    fakeScope.console.warn(new Error("WebAssembly.instantiate(): Out of memory"));
    assert.deepEqual(messages, [{type: MessageType.STATUS, state: EngineState.FAILED, reason: FailureReason.WASM,
      detail: "Error: WebAssembly.instantiate(): Out of memory"}]);
    assert.equal(fakeScope.warnings.length, 3, "every warning still reaches the console");
    stop();
    assert.equal(fakeScope.console.warn, own, "the console is the worker's own again");
  });

  /** @type {Array<[string, string, ResponseInit, string, string]>} */
  const broken = [
    ["a missing file", "pyodide.asm.wasm", {status: 404}, FailureReason.MISSING_FILE, "pyodide.asm.wasm is missing"],
    ["WebAssembly served as text", "pyodide.asm.wasm", {headers: {"content-type": "text/plain"}},
      FailureReason.WRONG_TYPE, "text/plain"],
    ["the loader served as HTML", "pyodide.mjs", {headers: {"content-type": "text/html; charset=utf-8"}},
      FailureReason.WRONG_TYPE, "text/html"],
  ];
  for (const [name, file, init, reason, detail] of broken) {
    test(`${name} fails the start-up with the checks' reason, even when loading fails too, and the scope's fetch is put back`, async () => {
      const fakeScope = scope((url) => new Response(null, url.endsWith(file) ? init
        : {headers: {"content-type": url.endsWith(".wasm") ? "application/wasm" : "text/javascript"}}));
      const own = fakeScope.fetch;
      const {engine, messages} = startup(fakeScope);
      await engine.run();
      assert.equal(engine.state, EngineState.FAILED);
      const failed = messages.filter((message) => message.state === EngineState.FAILED);
      assert.equal(failed.length, 1);
      assert.equal(failed[0].reason, reason);
      assert.match(failed[0].detail, new RegExp(detail));
      assert.equal(messages[0].state, EngineState.DOWNLOADING, "the first stage said so first");
      assert.deepEqual(fakeScope.requests.sort(), REQUIRED_FILES.map(({name: file}) => `HEAD ${RUNTIME.href}${file}`).sort());
      assert.equal(fakeScope.fetch, own);
    });
  }

  test("the sizes the checks see are the download's total", async () => {
    const fakeScope = scope((url) => new Response(null, {status: url.endsWith(".json") ? 404 : 200, headers: {
      "content-type": url.endsWith(".wasm") ? "application/wasm" : "text/javascript", "content-length": "1000"}}));
    const {engine} = startup(fakeScope);
    await engine.run();
    assert.equal(engine.meter.total, 2000, "the WebAssembly and the standard library");
  });
});
