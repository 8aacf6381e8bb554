// The messages between an assessment page and the engine worker: every message type, engine state and
// reason is spelled here once, and both sides import this file. The worker imports it beside itself
// (site/runtime/); the page's modules import it from the same file by a relative path that is the same in
// the sources and in the site, because build_tools/theme/ is built into site/<lang>/ and build_tools/runtime/
// is copied to site/runtime/.
//
// Messages are plain objects; answers and results travel as JSON text. Each side reads what it receives
// with the read… functions below, which drop anything that is not a message of this protocol.

/** Message types, worker to page and page to worker. */
export const MessageType = Object.freeze({
  STATUS: "status",
  PROGRESS: "progress",
  SCORED: "scored",
  SCORE_FAILED: "score-failed",
  SNAPSHOT: "snapshot",
  PREPARE: "prepare",
  SCORE: "score",
});

/**
 * The engine's state as the page shows it. `idle` is the page's own (no worker yet); the worker reports the
 * others. The worker's start-up stages report their state: load-runtime → downloading, install-engine →
 * starting, then ready.
 *
 * @typedef {"idle" | "downloading" | "starting" | "ready" | "failed"} EngineStateName
 * @typedef {"downloading" | "starting" | "ready"} WorkerStateName The states a status message reports.
 */
export const EngineState = Object.freeze({
  IDLE: /** @type {"idle"} */ ("idle"),
  DOWNLOADING: /** @type {"downloading"} */ ("downloading"),
  STARTING: /** @type {"starting"} */ ("starting"),
  READY: /** @type {"ready"} */ ("ready"),
  FAILED: /** @type {"failed"} */ ("failed"),
});

/**
 * Why the engine failed. The worker reports all but the last three; the page adds `blocked` (a worker the
 * page's policy refused), `worker` (the worker script could not run) and `timeout` (no sign of progress).
 *
 * @typedef {"missing-file" | "wrong-type" | "blocked" | "network" | "wasm" | "package" | "python" | "worker"
 *   | "timeout"} FailureReasonName
 */
export const FailureReason = Object.freeze({
  MISSING_FILE: /** @type {"missing-file"} */ ("missing-file"),
  WRONG_TYPE: /** @type {"wrong-type"} */ ("wrong-type"),
  BLOCKED: /** @type {"blocked"} */ ("blocked"),
  NETWORK: /** @type {"network"} */ ("network"),
  WASM: /** @type {"wasm"} */ ("wasm"),
  PACKAGE: /** @type {"package"} */ ("package"),
  PYTHON: /** @type {"python"} */ ("python"),
  WORKER: /** @type {"worker"} */ ("worker"),
  TIMEOUT: /** @type {"timeout"} */ ("timeout"),
});

/**
 * Why one score request failed: the engine could not start, the rubric could not be fetched, or Python raised.
 *
 * @typedef {"engine" | "rubric" | "python"} ScoreFailureName
 */
export const ScoreFailure = Object.freeze({
  ENGINE: /** @type {"engine"} */ ("engine"),
  RUBRIC: /** @type {"rubric"} */ ("rubric"),
  PYTHON: /** @type {"python"} */ ("python"),
});

/**
 * What became of the engine's memory snapshot (engine-snapshot.mjs): `used` for this start, `discarded`
 * (made for another engine, damaged, or its restore failed: the engine started as usual), `stored` (made
 * after the first result, for the next start) or `failed` (could not be made or kept; nothing else changes).
 *
 * @typedef {"used" | "discarded" | "stored" | "failed"} SnapshotOutcomeName
 */
export const SnapshotOutcome = Object.freeze({
  USED: /** @type {"used"} */ ("used"),
  DISCARDED: /** @type {"discarded"} */ ("discarded"),
  STORED: /** @type {"stored"} */ ("stored"),
  FAILED: /** @type {"failed"} */ ("failed"),
});

/** The detail of a score request refused because the engine could not start. */
export const ENGINE_NOT_STARTED = "the engine could not start";

/**
 * @typedef {{type: "status", state: WorkerStateName}} StatusMessage
 * @typedef {{type: "status", state: "failed", reason: FailureReasonName, detail: string}} FailedMessage
 * @typedef {{type: "progress", loaded: number, total: number, waiting: boolean}} ProgressMessage
 *   Bytes of the runtime downloaded so far (throttled); waiting: a runtime request is in flight (sent at once
 *   when that changes). Without one, the worker is compiling or starting Python and sends nothing until done.
 * @typedef {{type: "scored", id: number, output: string}} ScoredMessage
 *   output: the JSON text `score_json` returned.
 * @typedef {{type: "score-failed", id: number, reason: ScoreFailureName, detail: string}} ScoreFailedMessage
 * @typedef {{type: "snapshot", outcome: SnapshotOutcomeName, detail: string}} SnapshotMessage
 *   For the curious and for tests: the page needs nothing from it.
 * @typedef {StatusMessage | FailedMessage | ProgressMessage | ScoredMessage | ScoreFailedMessage | SnapshotMessage}
 *   WorkerMessage
 *
 * @typedef {{type: "prepare", rubricUrl: string}} PrepareMessage
 *   Fetch and keep a rubric before it is needed.
 * @typedef {{type: "score", id: number, rubricUrl: string, answers: string}} ScoreMessage
 *   answers: {"version": n, "answers": {...}} as JSON text.
 * @typedef {PrepareMessage | ScoreMessage} PageMessage
 */

const WORKER_STATES = new Set([EngineState.DOWNLOADING, EngineState.STARTING, EngineState.READY]);
const FAILURE_REASONS = new Set(Object.values(FailureReason));
const SCORE_FAILURES = new Set(Object.values(ScoreFailure));
const SNAPSHOT_OUTCOMES = new Set(Object.values(SnapshotOutcome));

// --------------------------------------------------------------------------- messages the worker sends

/** @param {WorkerStateName} state @returns {StatusMessage} */
export function statusMessage(state) {
  return {type: MessageType.STATUS, state};
}

/** @param {FailureReasonName} reason @param {unknown} detail @returns {FailedMessage} */
export function failedMessage(reason, detail) {
  return {type: MessageType.STATUS, state: EngineState.FAILED, reason, detail: String(detail ?? "")};
}

/** @param {number} loaded @param {number} total @param {boolean} waiting @returns {ProgressMessage} */
export function progressMessage(loaded, total, waiting) {
  return {type: MessageType.PROGRESS, loaded, total, waiting};
}

/** @param {number} id @param {unknown} output @returns {ScoredMessage} */
export function scoredMessage(id, output) {
  return {type: MessageType.SCORED, id, output: String(output)};
}

/** @param {number} id @param {ScoreFailureName} reason @param {unknown} detail @returns {ScoreFailedMessage} */
export function scoreFailedMessage(id, reason, detail) {
  return {type: MessageType.SCORE_FAILED, id, reason, detail: String(detail ?? "")};
}

/** @param {SnapshotOutcomeName} outcome @param {unknown} detail @returns {SnapshotMessage} */
export function snapshotMessage(outcome, detail) {
  return {type: MessageType.SNAPSHOT, outcome, detail: String(detail ?? "")};
}

// ----------------------------------------------------------------------------- messages the page sends

/** @param {string} rubricUrl @returns {PrepareMessage} */
export function prepareMessage(rubricUrl) {
  return {type: MessageType.PREPARE, rubricUrl};
}

/** @param {number} id @param {string} rubricUrl @param {string} answers @returns {ScoreMessage} */
export function scoreMessage(id, rubricUrl, answers) {
  return {type: MessageType.SCORE, id, rubricUrl, answers};
}

// -------------------------------------------------------------------------------------------- reading

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === "object" && value !== null;
}

/** @param {unknown} value @returns {value is number} */
function isCount(value) {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/**
 * A message from the worker, or null when `data` is not one.
 *
 * @param {unknown} data
 * @returns {WorkerMessage | null}
 */
export function readWorkerMessage(data) {
  if (!isObject(data)) return null;
  switch (data.type) {
    case MessageType.STATUS:
      if (data.state === EngineState.FAILED) {
        const reason = FAILURE_REASONS.has(/** @type {any} */ (data.reason))
          ? /** @type {FailureReasonName} */ (data.reason) : FailureReason.PYTHON;
        return failedMessage(reason, typeof data.detail === "string" ? data.detail : "");
      }
      return WORKER_STATES.has(/** @type {any} */ (data.state))
        ? statusMessage(/** @type {WorkerStateName} */ (data.state)) : null;
    case MessageType.PROGRESS:
      return isCount(data.loaded) && isCount(data.total)
        ? progressMessage(data.loaded, data.total, data.waiting !== false) : null;
    case MessageType.SCORED:
      return isCount(data.id) && typeof data.output === "string" ? scoredMessage(data.id, data.output) : null;
    case MessageType.SCORE_FAILED:
      return isCount(data.id) && SCORE_FAILURES.has(/** @type {any} */ (data.reason))
        ? scoreFailedMessage(data.id, /** @type {ScoreFailureName} */ (data.reason),
          typeof data.detail === "string" ? data.detail : "")
        : null;
    case MessageType.SNAPSHOT:
      return SNAPSHOT_OUTCOMES.has(/** @type {any} */ (data.outcome))
        ? snapshotMessage(/** @type {SnapshotOutcomeName} */ (data.outcome), typeof data.detail === "string" ? data.detail : "")
        : null;
    default:
      return null;
  }
}

/**
 * A message from the page, or null when `data` is not one.
 *
 * @param {unknown} data
 * @returns {PageMessage | null}
 */
export function readPageMessage(data) {
  if (!isObject(data)) return null;
  if (data.type === MessageType.PREPARE && typeof data.rubricUrl === "string") {
    return prepareMessage(data.rubricUrl);
  }
  if (data.type === MessageType.SCORE && isCount(data.id) && typeof data.rubricUrl === "string"
      && typeof data.answers === "string") {
    return scoreMessage(data.id, data.rubricUrl, data.answers);
  }
  return null;
}
