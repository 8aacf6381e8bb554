// The engine worker's start-up, in stages: load-runtime (check the files, download and start Pyodide),
// install-engine (the scoring wheel from our own lock file) and ready. Each stage reports its state to the
// page; the first failure ends the start-up with a reason from the protocol.
//
// Pyodide fails silently in two ways, and both are turned into a failure here:
// * a missing file or one served with the wrong MIME type makes it wait forever: cheap HEAD requests check
//   every file it needs while it starts (in parallel, so they cost no time when all is well), and any
//   failure is reported with the reason they found;
// * a WebAssembly instantiation that fails (a corrupt file, too little memory, a blocked compilation) is only
//   logged, with console.warn(WASM_FAILURE_WARNING) followed by the error, and then it waits forever. Pyodide
//   has no callback for it (its stdout/stderr options carry Python's output only), so the warnings are
//   watched while the runtime loads, and only then. tests/node/pyodide_contract.test.mjs pins the text
//   against the installed package.

import {DownloadMeter} from "./download-meter.mjs";
import {
  ENGINE_FILES,
  SNAPSHOT_ENTRY,
  SnapshotRefused,
  SnapshotStore,
  checkedWheel,
  markStage,
  pyodideLocation,
  readEngineFiles,
  snapshotKey,
} from "./engine-snapshot.mjs";
import {
  EngineState,
  FailureReason,
  SnapshotOutcome,
  failedMessage,
  snapshotMessage,
  statusMessage,
} from "./protocol.mjs";

/** What Pyodide logs when instantiating its WebAssembly fails; the next warning carries the error. */
export const WASM_FAILURE_WARNING = "wasm instantiation failed!";

/** The standard library the engine starts with, instead of Pyodide's python_stdlib.zip. */
export const STDLIB_FILE = "engine-stdlib.zip";

const JAVASCRIPT = /^(text|application)\/(javascript|ecmascript|x-javascript)$/;

/**
 * Files the runtime needs, with the Content-Type each must be served with (null: any).
 *
 * @type {ReadonlyArray<{name: string, type: RegExp | null}>}
 */
export const REQUIRED_FILES = Object.freeze([
  {name: "pyodide.mjs", type: JAVASCRIPT},
  {name: "pyodide.asm.mjs", type: JAVASCRIPT},
  {name: "pyodide.asm.wasm", type: /^application\/wasm$/},
  // The engine's standard library, trimmed and compiled at build time (build_tools/runtime_bundle.py).
  {name: STDLIB_FILE, type: null},
  {name: "pyodide-lock.json", type: null},
]);

/**
 * @typedef {import("./protocol.mjs").WorkerMessage} WorkerMessage
 * @typedef {import("./protocol.mjs").FailureReasonName} FailureReasonName
 * @typedef {typeof import("pyodide")} PyodideModule
 * @typedef {import("pyodide").PyodideAPI} PyodideAPI
 * @typedef {Parameters<NonNullable<import("pyodide").PyodideConfig["createPyodideModule"]>>[0]} EmscriptenSettings
 *
 * @typedef {object} StartupScope What the start-up uses of the worker's global scope.
 * @property {typeof fetch} fetch
 * @property {Pick<Console, "warn">} console
 * @property {import("./engine-snapshot.mjs").CacheStorageLike} [caches] Absent where storage is unavailable.
 * @property {{subtle: SubtleCrypto}} [crypto]
 *
 * @typedef {object} StartupOptions
 * @property {URL} runtimeDirectory Where pyodide.mjs, its files and pyodide-lock.json are served.
 * @property {string} packageName The engine's package in pyodide-lock.json.
 * @property {string} moduleName The Python module to import from it.
 * @property {(message: WorkerMessage) => void} post Sends a message to the page.
 * @property {StartupScope} scope
 * @property {number} progressIntervalMs
 *
 * @typedef {{name: string, state: import("./protocol.mjs").WorkerStateName, run: () => Promise<void>}} Stage
 */

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

export class EngineStartup {
  /** @param {StartupOptions} options */
  constructor(options) {
    this.options = options;
    this.directory = options.runtimeDirectory;
    /** @type {import("./protocol.mjs").EngineStateName | "not-started"} */
    this.state = "not-started";
    /** @type {PyodideAPI | null} */
    this.pyodide = null;
    /** The file checks, once started. @type {Promise<{reason: FailureReasonName, detail: string} | null> | null} */
    this.checks = null;
    /** The Python function `score_json(rubric, answers)`, once the engine is ready. @type {Function | null} */
    this.scoreJson = null;
    /** Whether the engine was restored from a memory snapshot kept on the device. */
    this.fromSnapshot = false;
    /** What the build says a snapshot depends on, once read (null: no snapshots here). @type {Promise<import("./engine-snapshot.mjs").EngineFiles | null>} */
    this.engineFiles = Promise.resolve(null);
    const {caches, crypto} = options.scope;
    /** @type {SnapshotStore | null} */
    this.snapshots = caches && crypto?.subtle
      ? new SnapshotStore({caches, crypto, entry: new URL(SNAPSHOT_ENTRY, options.runtimeDirectory)}) : null;
    this.meter = new DownloadMeter({
      directory: options.runtimeDirectory,
      report: options.post,
      intervalMs: options.progressIntervalMs,
      fetch: options.scope.fetch.bind(options.scope),
    });
    /** @type {ReadonlyArray<Stage>} */
    this.stages = [
      {name: "load-runtime", state: EngineState.DOWNLOADING, run: () => this.loadRuntime()},
      {name: "install-engine", state: EngineState.STARTING, run: () => this.installEngine()},
    ];
  }

  get failed() {
    return this.state === EngineState.FAILED;
  }

  get ready() {
    return this.state === EngineState.READY;
  }

  /** Runs every stage in turn. Resolves when the engine is ready or the start-up has failed. */
  async run() {
    const detach = this.meter.attach(this.options.scope);
    try {
      for (const stage of this.stages) {
        this.enter(stage.state);
        await stage.run();
        if (this.failed) return;
      }
      markStage("engine-ready");
      this.enter(EngineState.READY);
    } catch (error) {
      this.fail(FailureReason.PYTHON, describe(error));
    } finally {
      detach();
    }
  }

  /** @param {import("./protocol.mjs").WorkerStateName} state */
  enter(state) {
    if (this.failed || this.state === state) return;
    this.state = state;
    this.options.post(statusMessage(state));
  }

  /** Ends the start-up (once; nothing once the engine is ready). @param {FailureReasonName} reason @param {unknown} detail */
  fail(reason, detail) {
    if (this.failed || this.ready) return;
    this.state = EngineState.FAILED;
    this.options.post(failedMessage(reason, detail));
  }

  // ----------------------------------------------------------------------------------------- load-runtime

  async loadRuntime() {
    // The checks run beside the start: a problem they find ends it at once, and a failure of the start
    // itself is reported with their reason when they found one (it is the cause).
    const checks = this.checkFiles();
    this.checks = checks;
    checks.then((problem) => {
      if (problem) this.fail(problem.reason, problem.detail);
    });
    /** @param {FailureReasonName} reason @param {string} detail */
    const failAfterChecks = (reason, detail) => this.failAfterChecks(reason, detail);
    this.meter.post(true);
    const kept = this.keptSnapshot();
    /** @type {PyodideModule} */
    let pyodideModule;
    // Imported at once, beside pyodide.mjs (so its download overlaps the others), counted, and handed to
    // loadPyodide, which would otherwise import it out of sight.
    const runtimeScript = this.meter.transfer(import(new URL("pyodide.asm.mjs", this.directory).href));
    runtimeScript.catch((error) => failAfterChecks(FailureReason.NETWORK, `pyodide.asm.mjs: ${describe(error)}`));
    try {
      pyodideModule = await this.meter.transfer(import(new URL("pyodide.mjs", this.directory).href));
      markStage("runtime-js");
    } catch (error) {
      await failAfterChecks(FailureReason.NETWORK, `pyodide.mjs: ${describe(error)}`);
      return;
    }
    if (this.failed) return;
    /**
     * @param {import("pyodide").PyodideConfig} extra
     * @param {Promise<void>} [beforeRestore] awaited once the runtime is instantiated, before Pyodide uses
     *   the snapshot: its check runs while the WebAssembly is fetched and compiled, never after.
     */
    const load = (extra, beforeRestore) => pyodideModule.loadPyodide({
      indexURL: pyodideLocation(this.directory),
      stdLibURL: pyodideLocation(new URL(STDLIB_FILE, this.directory)),
      lockFileURL: pyodideLocation(new URL("pyodide-lock.json", this.directory)),
      checkAPIVersion: true, // pyodide.mjs and pyodide.asm.mjs from different releases fail at once
      createPyodideModule: async (settings) => {
        const instantiate = settings.instantiateWasm;
        /** @type {{instantiateWasm?: EmscriptenSettings["instantiateWasm"]}} */ (settings).instantiateWasm = instantiate
          && ((imports, receive) => instantiate(imports, (instance, module) => {
            markStage("wasm-instantiated");
            receive(instance, module);
          }));
        const created = await (await runtimeScript).default(settings);
        markStage("runtime-initialised");
        await beforeRestore;
        return created;
      },
      stdout: () => {},
      stderr: (line) => this.options.scope.console.warn(`[python] ${line}`),
      ...extra,
    });
    const snapshot = await kept;
    if (snapshot && !this.failed) {
      // Any failure of a restore means a normal start (and the snapshot is deleted); it never fails the engine.
      const stopWatching = this.watchWarnings(); // a WebAssembly failure is the runtime's, snapshot or not
      try {
        if (pyodideModule.version !== snapshot.files.pyodide) {
          throw new Error(`made for Pyodide ${snapshot.files.pyodide}, this is ${pyodideModule.version}`);
        }
        markStage("restore-start");
        // Pyodide reads the bytes before it instantiates the runtime (their length is its memory's size) and
        // restores them after; their SHA-256 is checked in between, beside the compilation.
        const restored = await load({_loadSnapshot: snapshot.bytes}, snapshot.checked);
        markStage("restored");
        await this.installFromSnapshot(restored, await snapshot.wheel);
        markStage("engine-imported");
        this.pyodide = restored;
        this.fromSnapshot = true;
        this.options.post(snapshotMessage(SnapshotOutcome.USED, snapshot.key));
        return;
      } catch (error) {
        this.scoreJson = null;
        await this.snapshots?.discard();
        const detail = error instanceof SnapshotRefused ? error.message : `could not restore: ${describe(error)}`;
        this.options.post(snapshotMessage(SnapshotOutcome.DISCARDED, detail));
      } finally {
        stopWatching();
      }
    }
    if (this.failed) return;
    const stopWatching = this.watchWarnings();
    try {
      const pyodide = await load({});
      markStage("booted");
      if (!this.failed) this.pyodide = pyodide;
    } catch (error) {
      await failAfterChecks(FailureReason.PYTHON, describe(error));
    } finally {
      stopWatching();
    }
  }

  // ------------------------------------------------------------------------------------ memory snapshot

  /**
   * The snapshot kept on this device for exactly this engine, as soon as its key is known to match: its bytes
   * are still being read and `checked` rejects (SnapshotRefused) when they are not whole; the wheel's bytes
   * (checked against the build's sha256) are fetched meanwhile. Null when there is none or it was made for
   * another engine (then it is deleted and the page told). Never throws: snapshots only ever speed a start up.
   *
   * @returns {Promise<{bytes: Promise<Uint8Array>, checked: Promise<void>, wheel: Promise<Uint8Array>,
   *   key: string, files: import("./engine-snapshot.mjs").EngineFiles} | null>}
   */
  async keptSnapshot() {
    const store = this.snapshots;
    if (!store) return null;
    this.engineFiles = this.readEngineFiles();
    try {
      const found = await store.kept();
      if (!found) return null; // a first visit waits for nothing
      const files = await this.engineFiles;
      if (!files) return null;
      markStage("snapshot-lookup");
      const kept = await store.open(snapshotKey(files), found);
      if (kept.snapshot) {
        const wheel = this.wheelBytes(files.wheel);
        wheel.catch(() => {}); // awaited by the restore, which reports its failure
        return {...kept.snapshot, wheel, key: kept.key, files};
      }
      if (kept.outcome === "discarded") this.options.post(snapshotMessage(SnapshotOutcome.DISCARDED, kept.detail));
    } catch (error) {
      this.options.post(snapshotMessage(SnapshotOutcome.DISCARDED, describe(error)));
      await store.discard();
    }
    return null;
  }

  /** The wheel's bytes, checked against the build's sha256. @param {import("./engine-snapshot.mjs").BuiltFile} wheel */
  async wheelBytes(wheel) {
    const response = await this.meter.fetch(new URL(wheel.file, this.directory));
    if (!response.ok) throw new Error(`${wheel.file}: HTTP ${response.status}`);
    const crypto = /** @type {{subtle: SubtleCrypto}} */ (this.options.scope.crypto);
    return checkedWheel(await response.arrayBuffer(), wheel, crypto);
  }

  /** engine-files.json, or null when it is missing or not the build's. @returns {Promise<import("./engine-snapshot.mjs").EngineFiles | null>} */
  async readEngineFiles() {
    try {
      const response = await this.meter.fetchOriginal(new URL(ENGINE_FILES, this.directory), {cache: "no-cache"});
      return response.ok ? readEngineFiles(await response.json()) : null;
    } catch {
      return null;
    }
  }

  /**
   * The engine in a restored Pyodide: the wheel's files (checked bytes) for the modules it imports later, and
   * the engine module, already imported when the snapshot was made.
   *
   * @param {PyodideAPI} pyodide
   * @param {Uint8Array} wheel
   */
  installFromSnapshot(pyodide, wheel) {
    pyodide.unpackArchive(wheel, "wheel");
    this.scoreJson = pyodide.pyimport(this.options.moduleName).score_json;
  }

  /**
   * Fails with the file checks' reason when they found one (it is the cause), else with this one.
   *
   * @param {FailureReasonName} reason
   * @param {string} detail
   */
  async failAfterChecks(reason, detail) {
    const problem = this.checks ? await this.checks : null;
    if (problem) this.fail(problem.reason, problem.detail);
    else this.fail(reason, detail);
  }

  /** @returns {Promise<{reason: FailureReasonName, detail: string} | null>} the first problem found */
  async checkFiles() {
    const checks = REQUIRED_FILES.map(async (file) => {
      const url = new URL(file.name, this.directory);
      let response;
      try {
        response = await this.meter.transfer(this.meter.fetchOriginal(url, {method: "HEAD", cache: "no-cache"}));
      } catch (error) {
        return {reason: FailureReason.NETWORK, detail: `${file.name}: ${describe(error)}`};
      }
      if (response.status === 404 || response.status === 410) {
        return {reason: FailureReason.MISSING_FILE, detail: `${file.name} is missing (HTTP ${response.status})`};
      }
      if (!response.ok) return null; // some hosts refuse HEAD; the real request will tell
      const type = (response.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
      if (file.type && type && !file.type.test(type)) {
        const expected = file.name.endsWith(".wasm") ? "application/wasm" : "text/javascript";
        return {reason: FailureReason.WRONG_TYPE, detail: `${file.name} is served as ${type}, expected ${expected}`};
      }
      const size = Number(response.headers.get("content-length"));
      if (Number.isFinite(size) && (file.name.endsWith(".wasm") || file.name.endsWith(".zip"))) {
        this.meter.expect(size);
      }
      return null;
    });
    const problems = (await Promise.all(checks)).filter((problem) => problem !== null);
    return problems[0] || null;
  }

  /**
   * Turns Pyodide's instantiation warning into a failure until the returned function is called.
   *
   * @returns {() => void}
   */
  watchWarnings() {
    const target = this.options.scope.console;
    const own = target.warn;
    let failedNext = false;
    /** @param {unknown[]} args */
    const watching = (...args) => {
      if (failedNext) {
        failedNext = false;
        this.failAfterChecks(FailureReason.WASM, args.map(String).join(" "));
      } else if (args.length === 1 && args[0] === WASM_FAILURE_WARNING) {
        failedNext = true;
      }
      own.apply(target, args);
    };
    target.warn = watching;
    return () => {
      if (target.warn === watching) target.warn = own;
    };
  }

  // --------------------------------------------------------------------------------------- install-engine

  async installEngine() {
    const pyodide = this.pyodide;
    if (!pyodide || this.fromSnapshot) return;
    /** @type {string[]} */
    const packageErrors = [];
    try {
      // Only our package, only from our lock file: its sha256 is checked against pyodide-lock.json.
      await pyodide.loadPackage(this.options.packageName, {
        checkIntegrity: true,
        messageCallback: () => {},
        errorCallback: (message) => packageErrors.push(message),
      });
      this.scoreJson = pyodide.pyimport(this.options.moduleName).score_json;
    } catch (error) {
      this.fail(FailureReason.PACKAGE, [...packageErrors, describe(error)].join("; "));
    }
  }
}
