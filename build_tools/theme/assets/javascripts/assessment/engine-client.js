// The page's side of the scoring engine: one module Web Worker for the whole visit (Material's instant
// navigation keeps this module), its state for every assessment page shown, and score requests.
//
// The worker reports its start-up (states, download progress, failures); the client adds the two failures
// only the page can see: a worker that cannot run, and one that shows no sign of progress for too long.

import {
  EngineState,
  FailureReason,
  MessageType,
  ScoreFailure,
  prepareMessage,
  readWorkerMessage,
  scoreMessage,
} from "../../../../runtime/protocol.mjs";

/**
 * @typedef {import("../../../../runtime/protocol.mjs").EngineStateName} EngineStateName
 * @typedef {import("../../../../runtime/protocol.mjs").FailureReasonName} FailureReasonName
 * @typedef {import("../../../../runtime/protocol.mjs").ScoreFailureName} ScoreFailureName
 * @typedef {import("../../../../runtime/protocol.mjs").WorkerMessage} WorkerMessage
 * @typedef {{reason: ScoreFailureName, detail: string}} ScoreRejection
 * @typedef {{resolve: (output: string) => void, reject: (failure: ScoreRejection) => void}} PendingRequest
 *
 * @typedef {object} EngineOptions
 * @property {number} stallMs A download of the runtime that brings nothing for this long is reported as
 *   stalled (last resort: the worker itself reports missing files, wrong MIME types and blocked resources).
 * @property {number} busyMs With everything downloaded, compiling the runtime and starting Python send no
 *   messages: seconds on a desktop, far longer on a slow phone or a busy machine. That is work, not a stall;
 *   only a worker silent for this long has died.
 * @property {(url: string) => Worker} createWorker
 * @property {StartedWorker | null} [started] A worker the entry module started for `url` before this client
 *   existed (a returning reader's engine: assessment.js); the first start at its URL takes it over.
 *
 * @typedef {object} StartedWorker
 * @property {string} url
 * @property {Worker} worker
 * @property {() => Event[]} take Stops holding and returns, in order, what the worker and the page's
 *   Content-Security-Policy reported meanwhile ("message", "error" and "securitypolicyviolation" events).
 */

export class EngineClient {
  /** @param {EngineOptions} options */
  constructor(options) {
    this.options = options;
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {string | null} */
    this.url = null;
    /** @type {EngineStateName} */
    this.state = EngineState.IDLE;
    /** @type {FailureReasonName | ""} */
    this.reason = "";
    this.detail = "";
    /** @type {{loaded: number, total: number} | null} */
    this.progress = null;
    /** The worker waits for the network (its own script, until it says otherwise). */
    this.waiting = true;
    /** @type {Map<number, PendingRequest>} */
    this.requests = new Map();
    this.nextId = 1;
    /** @type {Set<(engine: EngineClient) => void>} */
    this.listeners = new Set();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.stallTimer = undefined;
    /** What the worker last said of its memory snapshot. @type {import("../../../../runtime/protocol.mjs").SnapshotOutcomeName | null} */
    this.snapshot = null;
    /** @type {StartedWorker | null} */
    this.started = options.started || null;
  }

  /**
   * Calls `listener` now and on every change; returns the function that stops it.
   *
   * @param {(engine: EngineClient) => void} listener
   */
  subscribe(listener) {
    this.listeners.add(listener);
    listener(this);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notify() {
    for (const listener of [...this.listeners]) listener(this);
  }

  /** Starts the worker at `url`, unless one is running. @param {string} url */
  start(url) {
    if (this.worker && this.state !== EngineState.FAILED) return;
    this.url = url;
    this.boot();
  }

  retry() {
    if (this.url && this.state === EngineState.FAILED) this.boot();
  }

  boot() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.state = EngineState.DOWNLOADING;
    this.reason = "";
    this.detail = "";
    this.progress = null;
    this.waiting = true;
    this.notify();
    let worker;
    /** @type {Event[]} */
    let held = [];
    const started = this.started;
    if (started && started.url === this.url) {
      this.started = null;
      worker = started.worker;
      held = started.take();
    } else {
      this.dropStarted(); // another runtime's (or none): never used here
      globalThis.performance?.mark?.("bt:worker-created"); // the page's side of the worker's "bt:" stages
      try {
        worker = this.options.createWorker(/** @type {string} */ (this.url));
      } catch (error) {
        this.fail(FailureReason.BLOCKED, error instanceof Error ? error.message : String(error));
        return;
      }
    }
    this.worker = worker;
    worker.addEventListener("message", (event) => this.receive(worker, event.data));
    worker.addEventListener("error", (event) => this.workerError(worker, event));
    this.armStallTimer();
    for (const event of held) {
      if (event.type === "message") this.receive(worker, /** @type {MessageEvent} */ (event).data);
      else if (event.type === "error") this.workerError(worker, /** @type {ErrorEvent} */ (event));
      else this.policyViolation(/** @type {SecurityPolicyViolationEvent} */ (event));
    }
  }

  /** A worker started by the entry module that no page took over (a rater's view needs no engine). */
  dropStarted() {
    const started = this.started;
    this.started = null;
    if (started) {
      started.take();
      started.worker.terminate();
    }
  }

  /** @param {Worker} worker @param {ErrorEvent} event */
  workerError(worker, event) {
    if (worker === this.worker) {
      this.fail(FailureReason.WORKER, event.message || "the engine script could not be loaded");
    }
  }

  armStallTimer() {
    clearTimeout(this.stallTimer);
    if (this.state === EngineState.READY || this.state === EngineState.FAILED) return;
    const limit = this.waiting ? this.options.stallMs : this.options.busyMs;
    this.stallTimer = setTimeout(() => this.fail(FailureReason.TIMEOUT, `no sign of progress for ${limit / 1000} s`),
      limit);
  }

  /** @param {FailureReasonName} reason @param {string} [detail] */
  fail(reason, detail) {
    if (this.state === EngineState.FAILED) return;
    clearTimeout(this.stallTimer);
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.state = EngineState.FAILED;
    this.reason = reason;
    this.detail = detail || "";
    for (const request of this.requests.values()) request.reject({reason: ScoreFailure.ENGINE, detail: this.detail});
    this.requests.clear();
    this.notify();
  }

  /** @param {Worker} worker @param {unknown} data */
  receive(worker, data) {
    if (worker !== this.worker) return;
    const message = readWorkerMessage(data);
    if (!message) return;
    if (message.type === MessageType.STATUS) {
      if (message.state === EngineState.FAILED) {
        this.fail(message.reason, message.detail);
        return;
      }
      this.state = message.state;
      if (message.state === EngineState.READY) clearTimeout(this.stallTimer);
      else this.armStallTimer();
      this.notify();
    } else if (message.type === MessageType.SNAPSHOT) {
      this.snapshot = message.outcome; // how this start went; the page shows nothing of it
    } else if (message.type === MessageType.PROGRESS) {
      this.progress = {loaded: message.loaded, total: message.total};
      this.waiting = message.waiting;
      this.armStallTimer();
      this.notify();
    } else {
      const request = this.requests.get(message.id);
      if (!request) return;
      this.requests.delete(message.id);
      if (message.type === MessageType.SCORED) request.resolve(message.output);
      else request.reject({reason: message.reason, detail: message.detail});
    }
  }

  /** Asks the worker to fetch a rubric before it is needed. @param {string} rubricUrl */
  prepare(rubricUrl) {
    if (this.worker) this.worker.postMessage(prepareMessage(rubricUrl));
  }

  /**
   * Resolves with the JSON text score_json returned; rejects with a ScoreRejection.
   *
   * @param {string} rubricUrl
   * @param {string} answersJson
   * @returns {Promise<string>}
   */
  score(rubricUrl, answersJson) {
    const worker = this.worker;
    if (!worker || this.state === EngineState.FAILED) {
      return Promise.reject({reason: ScoreFailure.ENGINE, detail: this.detail});
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.requests.set(id, {resolve, reject});
      worker.postMessage(scoreMessage(id, rubricUrl, answersJson));
    });
  }

  /**
   * A worker refused by the page's Content-Security-Policy (worker-src) is reported on the document.
   *
   * @param {SecurityPolicyViolationEvent} event
   */
  policyViolation(event) {
    if (this.url && event.blockedURI && event.blockedURI.startsWith(new URL(".", this.url).href)
        && this.state !== EngineState.READY) {
      this.fail(FailureReason.BLOCKED, `Content-Security-Policy ${event.effectiveDirective} blocked ${event.blockedURI}`);
    }
  }
}
