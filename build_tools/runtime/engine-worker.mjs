// The scoring engine of the assessment pages: Python (Pyodide, self-hosted next to this file) in a module
// Web Worker. One worker serves every assessment page of a visit, instant navigation included.
//
// The messages it sends and receives are defined in protocol.mjs, which the page imports too; the start-up
// (stages, progress, failures) is engine-startup.mjs. This file answers the page: it keeps rubrics, queues
// score requests until the engine is ready and scores them.
//
// Nothing here ever sends answers anywhere: the only requests are GET/HEAD for the runtime and rubric files.

import {markStage} from "./engine-snapshot.mjs";
import {EngineStartup} from "./engine-startup.mjs";
import {
  ENGINE_NOT_STARTED,
  EngineState,
  FailureReason,
  MessageType,
  ScoreFailure,
  SnapshotOutcome,
  readPageMessage,
  scoreFailedMessage,
  scoredMessage,
  snapshotMessage,
} from "./protocol.mjs";

/**
 * @typedef {import("./protocol.mjs").WorkerMessage} WorkerMessage
 * @typedef {import("./protocol.mjs").ScoreMessage} ScoreMessage
 * @typedef {object} WorkerScope What this worker uses of its global scope.
 * @property {(message: WorkerMessage) => void} postMessage
 * @property {(type: string, listener: (event: any) => void) => void} addEventListener
 * @property {typeof fetch} fetch
 * @property {Console} console
 * @property {import("./engine-snapshot.mjs").CacheStorageLike} [caches]
 * @property {{subtle: SubtleCrypto}} [crypto]
 * @property {typeof Worker} [Worker] Absent where a worker cannot start another.
 */

markStage("worker-start");

const scope = /** @type {WorkerScope} */ (/** @type {unknown} */ (globalThis));

/** @type {Map<string, Promise<string>>} rubric URL -> its text */
const rubrics = new Map();
/** @type {ScoreMessage[]} score requests that arrived before the engine was ready */
const waiting = [];

/** @param {WorkerMessage} message */
function post(message) {
  scope.postMessage(message);
}

/** The start-up's messages; a failed start-up also answers every request that was waiting for it. @param {WorkerMessage} message */
function reportStartup(message) {
  post(message);
  if (message.type === MessageType.STATUS && message.state === EngineState.FAILED) {
    for (const request of waiting.splice(0)) {
      post(scoreFailedMessage(request.id, ScoreFailure.ENGINE, ENGINE_NOT_STARTED));
    }
  }
}

const startup = new EngineStartup({
  runtimeDirectory: new URL("./pyodide/", import.meta.url),
  packageName: "breakthrough-scoring",
  moduleName: "breakthrough_scoring",
  post: reportStartup,
  scope,
  progressIntervalMs: 200,
});

// A Content-Security-Policy that blocks a script, the WebAssembly compilation or a fetch is reported here
// (Pyodide itself would only hang).
scope.addEventListener("securitypolicyviolation", (/** @type {SecurityPolicyViolationEvent} */ event) => {
  startup.fail(FailureReason.BLOCKED, `Content-Security-Policy ${event.effectiveDirective || event.violatedDirective}`
    + ` blocked ${event.blockedURI || "a resource"}`);
});

/** @param {string} url @returns {Promise<string>} */
function rubricText(url) {
  let text = rubrics.get(url);
  if (!text) {
    text = fetch(url, {cache: "no-cache"}).then((response) => {
      if (!response.ok) throw new Error(`${new URL(url).pathname}: HTTP ${response.status}`);
      return response.text();
    });
    text.catch(() => rubrics.delete(url)); // a later request tries again
    rubrics.set(url, text);
  }
  return text;
}

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

/** @param {ScoreMessage} request */
async function score(request) {
  let rubric;
  try {
    rubric = await rubricText(request.rubricUrl);
  } catch (error) {
    post(scoreFailedMessage(request.id, ScoreFailure.RUBRIC, describe(error)));
    return;
  }
  try {
    const scoreJson = /** @type {Function} */ (startup.scoreJson);
    post(scoredMessage(request.id, scoreJson(rubric, request.answers)));
  } catch (error) {
    post(scoreFailedMessage(request.id, ScoreFailure.PYTHON, describe(error)));
  }
  makeSnapshot();
}

let snapshotStarted = false;

/**
 * After the first result, a returning reader's next start is prepared: a snapshot of a fresh engine, made in a
 * worker of its own (snapshot-maker.mjs) so that this one keeps scoring. Once per worker; not when this start
 * came from a snapshot; any failure is only reported.
 */
async function makeSnapshot() {
  if (snapshotStarted || startup.fromSnapshot || !startup.snapshots || typeof scope.Worker !== "function") return;
  snapshotStarted = true;
  const files = await startup.engineFiles;
  if (!files) return;
  try {
    const maker = new scope.Worker(new URL("./snapshot-maker.mjs", import.meta.url), {type: "module"});
    const done = (/** @type {boolean} */ stored, /** @type {string} */ detail) => {
      post(snapshotMessage(stored ? SnapshotOutcome.STORED : SnapshotOutcome.FAILED, detail));
      maker.terminate();
    };
    maker.addEventListener("message", (/** @type {MessageEvent} */ event) => {
      const data = event.data || {};
      if (data.type === "made") done(data.stored === true, `${String(data.detail)}; ${Math.round(Number(data.ms))} ms`);
    });
    maker.addEventListener("error", (/** @type {ErrorEvent} */ event) => done(false, event.message || "the snapshot worker failed"));
    maker.postMessage({type: "make", files, moduleName: startup.options.moduleName});
  } catch (error) {
    post(snapshotMessage(SnapshotOutcome.FAILED, describe(error)));
  }
}

scope.addEventListener("message", (/** @type {MessageEvent} */ event) => {
  const message = readPageMessage(event.data);
  if (!message) return;
  if (message.type === MessageType.PREPARE) {
    rubricText(message.rubricUrl).catch(() => {});
  } else if (startup.ready) {
    score(message);
  } else if (startup.failed) {
    post(scoreFailedMessage(message.id, ScoreFailure.ENGINE, ENGINE_NOT_STARTED));
  } else {
    waiting.push(message);
  }
});

startup.run().then(() => {
  if (startup.ready) for (const request of waiting.splice(0)) score(request);
});
