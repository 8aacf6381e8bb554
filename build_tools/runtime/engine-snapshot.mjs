// A returning reader's engine starts from a Pyodide memory snapshot kept on the device (Cache API), instead of
// starting Python and importing the engine again: the wasm heap as it was right after the engine's import.
//
// * Tied to the build: the key is the Pyodide version, the wheel's sha256 and the trimmed standard library's
//   sha256, as the build states them in engine-files.json (build_tools/runtime_bundle.py). A snapshot under
//   another key is discarded; so is one whose bytes do not match the SHA-256 stored with them. Pyodide checks
//   the wasm's build id itself when it restores.
// * One snapshot per site: a single entry at a fixed URL, replaced whenever a new one is made.
// * Never any answers: a snapshot is only ever made by snapshot-maker.mjs, a worker of its own that starts a
//   fresh Pyodide, installs the wheel, imports the engine and is never sent anything else.
// * Never in the way: every failure here means "start as usual" (and a discarded snapshot is deleted).

/** Where the build states the files a snapshot depends on (beside pyodide-lock.json). */
export const ENGINE_FILES = "engine-files.json";
/** The Cache API cache that holds the snapshot. Not the service worker's prefix: its versions come and go. */
export const SNAPSHOT_CACHE = "bt-engine-snapshot";
/** The snapshot's (never fetched) URL inside the runtime folder, its cache entry's key. */
export const SNAPSHOT_ENTRY = "engine-snapshot.bin";
const KEY_HEADER = "x-bt-snapshot-key";
const SHA256_HEADER = "x-bt-snapshot-sha256";
const LENGTH_HEADER = "x-bt-snapshot-length";
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * What the build says a snapshot depends on.
 *
 * @typedef {{file: string, sha256: string}} BuiltFile
 * @typedef {{pyodide: string, wheel: BuiltFile, stdlib: BuiltFile}} EngineFiles
 * @typedef {{put(request: string, response: Response): Promise<void>, match(request: string): Promise<Response | undefined>,
 *   delete(request: string): Promise<boolean>}} SnapshotCache
 * @typedef {{open(name: string): Promise<SnapshotCache>, has(name: string): Promise<boolean>,
 *   delete(name: string): Promise<boolean>}} CacheStorageLike
 * @typedef {{snapshot: null, outcome: "none" | "discarded", detail: string}} NotKept
 * @typedef {{snapshot: Uint8Array, key: string} | NotKept} ReadResult
 * @typedef {{bytes: Promise<Uint8Array>, checked: Promise<void>}} PendingSnapshot
 * @typedef {{snapshot: PendingSnapshot, key: string} | NotKept} OpenResult
 */

/** A kept snapshot that is not the one stored (its bytes fail their SHA-256): it must not be restored. */
export class SnapshotRefused extends Error {}

/**
 * Marks a stage of the engine's start-up on the worker's performance timeline ("bt:<name>"), for the
 * browser's tools and benchmarks/browser_timing.py; the engine never reads them.
 *
 * @param {string} name
 */
export function markStage(name) {
  globalThis.performance?.mark?.(`bt:${name}`);
}

/** @param {unknown} value @returns {value is BuiltFile} */
function isBuiltFile(value) {
  const file = /** @type {Record<string, unknown>} */ (value);
  return typeof value === "object" && value !== null && typeof file.file === "string" && file.file !== ""
    && !file.file.includes("/") && typeof file.sha256 === "string" && SHA256.test(file.sha256);
}

/**
 * engine-files.json's content, or null when it is not what the build writes.
 *
 * @param {unknown} data
 * @returns {EngineFiles | null}
 */
export function readEngineFiles(data) {
  if (typeof data !== "object" || data === null) return null;
  const files = /** @type {Record<string, unknown>} */ (data);
  if (typeof files.pyodide !== "string" || !/^[0-9][0-9A-Za-z.+-]*$/.test(files.pyodide)) return null;
  if (!isBuiltFile(files.wheel) || !isBuiltFile(files.stdlib)) return null;
  return {pyodide: files.pyodide, wheel: files.wheel, stdlib: files.stdlib};
}

/** The key a snapshot of this engine is kept under. @param {EngineFiles} files */
export function snapshotKey(files) {
  return `pyodide ${files.pyodide}; wheel ${files.wheel.sha256}; stdlib ${files.stdlib.sha256}`;
}

/** @param {BufferSource} bytes @param {{subtle: SubtleCrypto}} crypto */
export async function sha256Hex(bytes, crypto) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The wheel's bytes when they are the ones the build named, else an error saying so.
 *
 * @param {ArrayBuffer} bytes
 * @param {BuiltFile} wheel
 * @param {{subtle: SubtleCrypto}} crypto
 */
export async function checkedWheel(bytes, wheel, crypto) {
  const actual = await sha256Hex(bytes, crypto);
  if (actual !== wheel.sha256) throw new Error(`${wheel.file}: sha256 ${actual}, expected ${wheel.sha256}`);
  return new Uint8Array(bytes);
}

/**
 * A URL as loadPyodide takes it: Pyodide in Node (the tests) reads paths and mangles file: URLs.
 *
 * @param {URL} url
 */
export function pyodideLocation(url) {
  return url.protocol === "file:" ? decodeURIComponent(url.pathname) : url.href;
}

/**
 * A snapshot of a fresh engine: Pyodide started with `_makeSnapshot`, the wheel unpacked (checked against
 * the build's sha256), the engine imported, nothing else run. Pyodide cannot snapshot what loadPackage did
 * (pyodide#6418), hence the wheel by hand.
 *
 * @param {{directory: URL, files: EngineFiles, moduleName: string, fetch: typeof globalThis.fetch,
 *   crypto: {subtle: SubtleCrypto}}} options
 * @returns {Promise<Uint8Array<ArrayBuffer>>}
 */
export async function makeSnapshot(options) {
  const {directory, files, moduleName, crypto} = options;
  const [runtime, loader, wheelResponse] = await Promise.all([
    import(new URL("pyodide.asm.mjs", directory).href),
    import(new URL("pyodide.mjs", directory).href),
    options.fetch(new URL(files.wheel.file, directory)),
  ]);
  if (loader.version !== files.pyodide) throw new Error(`Pyodide ${loader.version}, expected ${files.pyodide}`);
  if (!wheelResponse.ok) throw new Error(`${files.wheel.file}: HTTP ${wheelResponse.status}`);
  const wheel = await checkedWheel(await wheelResponse.arrayBuffer(), files.wheel, crypto);
  const pyodide = await loader.loadPyodide({
    indexURL: pyodideLocation(directory),
    stdLibURL: pyodideLocation(new URL(files.stdlib.file, directory)),
    lockFileURL: pyodideLocation(new URL("pyodide-lock.json", directory)),
    checkAPIVersion: true,
    createPyodideModule: runtime.default,
    _makeSnapshot: true,
    stdout: () => {},
    stderr: () => {},
  });
  pyodide.unpackArchive(wheel, "wheel");
  pyodide.pyimport(moduleName);
  return /** @type {Uint8Array<ArrayBuffer>} */ (pyodide.makeMemorySnapshot()); // a copy, never shared memory
}

/**
 * Fills `buffer` from `body`; refuses a body of another length (its SHA-256 is checked after).
 *
 * @param {Uint8Array<ArrayBuffer>} buffer
 * @param {ReadableStream<Uint8Array>} body
 */
async function fill(buffer, body) {
  const reader = body.getReader();
  let offset = 0;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    if (offset + value.byteLength > buffer.byteLength) {
      await reader.cancel();
      throw new SnapshotRefused(`longer than the ${buffer.byteLength} bytes stored with it`);
    }
    buffer.set(value, offset);
    offset += value.byteLength;
  }
  if (offset !== buffer.byteLength) throw new SnapshotRefused(`${offset} bytes, ${buffer.byteLength} stored`);
  return buffer;
}

export class SnapshotStore {
  /**
   * @param {{caches: CacheStorageLike, entry: URL, crypto: {subtle: SubtleCrypto}}} options
   */
  constructor(options) {
    this.caches = options.caches;
    this.entry = options.entry.href;
    this.crypto = options.crypto;
  }

  /** Whether a snapshot is kept at all (its body unread). */
  async has() {
    return (await this.kept()) !== undefined;
  }

  /** The kept snapshot's response; a device without one gets no (empty) cache from looking. */
  async kept() {
    if (!(await this.caches.has(SNAPSHOT_CACHE))) return undefined;
    return (await this.caches.open(SNAPSHOT_CACHE)).match(this.entry);
  }

  /**
   * The kept snapshot when it was made for `key`, in two steps so that the runtime can be fetched and compiled
   * while its bytes are read and checked: `bytes` (read, unchecked) and `checked`, which rejects with a
   * SnapshotRefused when they are not whole. A snapshot made for another key is deleted at once.
   *
   * @param {string} key
   * @param {Response} [found] the kept response, when the caller has just looked it up (each look-up is a round
   *   trip to the browser's storage, on a returning reader's critical path)
   * @returns {Promise<OpenResult>}
   */
  async open(key, found) {
    const response = found || await this.kept();
    if (!response) return {snapshot: null, outcome: "none", detail: "no snapshot on this device"};
    const keptKey = response.headers.get(KEY_HEADER);
    if (keptKey !== key) {
      await this.discard();
      return {snapshot: null, outcome: "discarded", detail: `made for another engine (${keptKey})`};
    }
    const expected = response.headers.get(SHA256_HEADER) || "";
    const length = Number(response.headers.get(LENGTH_HEADER));
    /** @type {Promise<Uint8Array<ArrayBuffer>>} */
    let bytes;
    /** @type {Promise<Uint8Array<ArrayBuffer>>} */
    let whole;
    if (Number.isSafeInteger(length) && length > 0 && response.body) {
      // The length is known: the buffer is handed over at once (Pyodide sizes the runtime's memory by it and
      // compiles meanwhile) and filled as the cache reads; the check below waits for its last byte.
      const buffer = new Uint8Array(length);
      bytes = Promise.resolve(buffer);
      whole = fill(buffer, response.body);
    } else {
      bytes = response.arrayBuffer().then((read) => new Uint8Array(read));
      whole = bytes;
    }
    const checked = whole.then(async (read) => {
      markStage("snapshot-bytes");
      const actual = await sha256Hex(read, this.crypto);
      markStage("snapshot-checked");
      if (actual !== expected) throw new SnapshotRefused(`checksum ${actual}, expected ${expected}`);
    });
    checked.catch(() => {}); // whoever uses the bytes awaits it; nobody else must see an unhandled rejection
    return {snapshot: {bytes, checked}, key};
  }

  /**
   * The kept snapshot when it was made for `key` and its bytes are whole; otherwise null, and a snapshot that
   * fails either check is deleted.
   *
   * @param {string} key
   * @returns {Promise<ReadResult>}
   */
  async read(key) {
    const opened = await this.open(key);
    if (!opened.snapshot) return opened;
    try {
      await opened.snapshot.checked;
    } catch (error) {
      await this.discard();
      return {snapshot: null, outcome: "discarded", detail: error instanceof Error ? error.message : String(error)};
    }
    return {snapshot: await opened.snapshot.bytes, key};
  }

  /** @param {string} key @param {Uint8Array<ArrayBuffer>} snapshot */
  async write(key, snapshot) {
    const checksum = await sha256Hex(snapshot, this.crypto);
    const cache = await this.caches.open(SNAPSHOT_CACHE);
    await cache.put(this.entry, new Response(snapshot, {headers: {"content-type": "application/octet-stream",
      [KEY_HEADER]: key, [SHA256_HEADER]: checksum, [LENGTH_HEADER]: String(snapshot.byteLength)}}));
  }

  async discard() {
    try {
      await this.caches.delete(SNAPSHOT_CACHE);
    } catch {
      // storage refused: the next read checks again
    }
  }
}
