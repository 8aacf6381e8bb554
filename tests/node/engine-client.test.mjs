// The page's engine client takes over a worker the entry module started before it existed (a returning
// reader's engine, assessment.js): what that worker reported meanwhile is applied in order, and a worker no
// page takes over is ended.
import assert from "node:assert/strict";
import {describe, test} from "node:test";

import {
  EngineState,
  FailureReason,
  failedMessage,
  progressMessage,
  statusMessage,
} from "../../build_tools/runtime/protocol.mjs";
import {CLIENT} from "./paths.mjs";

const {EngineClient} = await import(new URL("engine-client.js", CLIENT).href);

const URL_A = "https://example.test/runtime/engine-worker.mjs";
const URL_B = "https://example.test/other/runtime/engine-worker.mjs";

class FakeWorker extends EventTarget {
  /** @param {string} url */
  constructor(url) {
    super();
    this.url = url;
    this.terminated = false;
    /** @type {unknown[]} */
    this.posted = [];
  }

  /** @param {unknown} message */
  postMessage(message) {
    this.posted.push(message);
  }

  terminate() {
    this.terminated = true;
  }

  /** @param {unknown} data */
  send(data) {
    this.dispatchEvent(new MessageEvent("message", {data}));
  }
}

/** A started worker as assessment.js hands it over: its events held until taken. @param {string} url */
function startedWorker(url) {
  const worker = new FakeWorker(url);
  /** @type {Event[]} */
  const held = [];
  const hold = (/** @type {Event} */ event) => held.push(event);
  worker.addEventListener("message", hold);
  worker.addEventListener("error", hold);
  return {
    url,
    worker,
    take: () => {
      worker.removeEventListener("message", hold);
      worker.removeEventListener("error", hold);
      return held.splice(0);
    },
  };
}

/** @param {ReturnType<typeof startedWorker> | null} started */
function client(started) {
  /** @type {FakeWorker[]} */
  const created = [];
  const engine = new EngineClient({
    stallMs: 60000,
    busyMs: 60000,
    createWorker: (/** @type {string} */ url) => {
      const worker = new FakeWorker(url);
      created.push(worker);
      return worker;
    },
    started,
  });
  return {engine, created};
}

describe("a worker started before the client", () => {
  test("is taken over at its URL, with what it reported meanwhile applied in order", () => {
    const started = startedWorker(URL_A);
    started.worker.send(statusMessage(EngineState.DOWNLOADING));
    started.worker.send(progressMessage(5, 10, false));
    started.worker.send(statusMessage(EngineState.STARTING));
    const {engine, created} = client(started);
    /** @type {string[]} */
    const seen = [];
    engine.subscribe((/** @type {{state: string}} */ current) => seen.push(current.state));
    engine.start(URL_A);
    assert.equal(created.length, 0);
    assert.equal(engine.worker, started.worker);
    assert.equal(engine.state, EngineState.STARTING);
    assert.deepEqual(engine.progress, {loaded: 5, total: 10});
    assert.deepEqual(seen.slice(-2), [EngineState.DOWNLOADING, EngineState.STARTING]);
    started.worker.send(statusMessage(EngineState.READY)); // after the take-over: straight to the client
    assert.equal(engine.state, EngineState.READY);
    engine.prepare("https://example.test/en/assets/rubrics/a.json");
    assert.equal(started.worker.posted.length, 1);
    clearTimeout(engine.stallTimer);
  });

  test("that failed meanwhile fails the engine with its reason, and a retry starts a new worker", () => {
    const started = startedWorker(URL_A);
    started.worker.send(failedMessage(FailureReason.WRONG_TYPE, "pyodide.asm.wasm is served as text/plain"));
    const {engine, created} = client(started);
    engine.start(URL_A);
    assert.equal(engine.state, EngineState.FAILED);
    assert.equal(engine.reason, FailureReason.WRONG_TYPE);
    assert.ok(started.worker.terminated);
    engine.retry();
    assert.equal(created.length, 1);
    assert.equal(engine.worker, created[0]);
    clearTimeout(engine.stallTimer);
  });

  test("whose script failed to load fails the engine as a worker failure", () => {
    const started = startedWorker(URL_A);
    started.worker.dispatchEvent(Object.assign(new Event("error"), {message: "404"}));
    const {engine} = client(started);
    engine.start(URL_A);
    assert.equal(engine.state, EngineState.FAILED);
    assert.equal(engine.reason, FailureReason.WORKER);
    assert.equal(engine.detail, "404");
  });

  test("for another URL is ended, and one is started for the URL asked", () => {
    const started = startedWorker(URL_B);
    const {engine, created} = client(started);
    engine.start(URL_A);
    assert.ok(started.worker.terminated);
    assert.equal(created.length, 1);
    assert.equal(created[0].url, URL_A);
    clearTimeout(engine.stallTimer);
  });

  test("that no page takes over is ended, and a later start creates its own", () => {
    const started = startedWorker(URL_A);
    const {engine, created} = client(started);
    engine.dropStarted();
    assert.ok(started.worker.terminated);
    engine.start(URL_A);
    assert.equal(created.length, 1);
    clearTimeout(engine.stallTimer);
  });
});
