// The engine's start-up (engine-startup.mjs) in Node with the real Pyodide, against a runtime folder made by
// tests/node/test_engine_snapshot.py: a normal start, a snapshot made and kept (in a stand-in for the Cache
// API), a start from it, and starts from a damaged snapshot, one made for another engine and one Pyodide
// cannot restore, which must each be discarded and start as usual. Prints one JSON report.
//
//   node tests/node/snapshot_boot.mjs <runtime folder> <request.json>

import {existsSync, readFileSync, statSync} from "node:fs";
import process from "node:process";
import {fileURLToPath, pathToFileURL} from "node:url";

import {EngineStartup} from "../../build_tools/runtime/engine-startup.mjs";
import {
  ENGINE_FILES, SNAPSHOT_CACHE, SNAPSHOT_ENTRY, SnapshotStore, makeSnapshot, readEngineFiles, snapshotKey,
} from "../../build_tools/runtime/engine-snapshot.mjs";
import {MessageType} from "../../build_tools/runtime/protocol.mjs";
import {MemoryCaches} from "./memory-caches.mjs";

const [folder, requestPath] = process.argv.slice(2);
const directory = pathToFileURL(`${folder}/`);
const request = JSON.parse(readFileSync(requestPath, "utf8"));
/** @type {Record<string, string>} */
const TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".json": "application/json"};

/** The worker's fetch, from the runtime folder. @param {RequestInfo | URL} input @param {RequestInit} [init] */
async function fetchFile(input, init = {}) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const path = fileURLToPath(url);
  if (!existsSync(path)) return new Response(null, {status: 404});
  const suffix = Object.keys(TYPES).find((ending) => path.endsWith(ending));
  const headers = {"content-type": suffix ? TYPES[suffix] : "application/octet-stream",
    "content-length": String(statSync(path).size)};
  return new Response(init.method === "HEAD" ? null : readFileSync(path), {headers});
}

const caches = new MemoryCaches();
const scope = {fetch: fetchFile, console: {warn: () => {}}, caches, crypto: globalThis.crypto};
const store = new SnapshotStore({caches, crypto: globalThis.crypto, entry: new URL(SNAPSHOT_ENTRY, directory)});
const files = /** @type {import("../../build_tools/runtime/engine-snapshot.mjs").EngineFiles} */ (
  readEngineFiles(JSON.parse(readFileSync(new URL(ENGINE_FILES, directory), "utf8"))));

async function boot() {
  /** @type {any[]} */
  const messages = [];
  const engine = new EngineStartup({runtimeDirectory: directory, packageName: "breakthrough-scoring",
    moduleName: "breakthrough_scoring", post: (message) => messages.push(message), scope, progressIntervalMs: 60_000});
  const started = performance.now();
  await engine.run();
  const ms = performance.now() - started;
  const scoreJson = engine.scoreJson;
  return {
    state: engine.state,
    fromSnapshot: engine.fromSnapshot,
    snapshot: messages.filter((message) => message.type === MessageType.SNAPSHOT),
    failures: messages.filter((message) => message.state === "failed"),
    output: scoreJson ? scoreJson(request.rubric, request.answers) : null,
    kept: await store.has(),
    ms,
  };
}

/**
 * Replaces the kept snapshot's bytes (headers kept) as `change` says: in place, or by the bytes it returns.
 *
 * @param {(bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> | void} change
 */
async function tamper(change) {
  const cache = await caches.open(SNAPSHOT_CACHE);
  const kept = /** @type {Response} */ (await cache.match(store.entry));
  const bytes = new Uint8Array(await kept.arrayBuffer());
  await cache.put(store.entry, new Response(change(bytes) || bytes, {headers: new Headers(kept.headers)}));
}

const report = {};
report.first = await boot();
const started = performance.now();
const snapshot = await makeSnapshot({directory, files, moduleName: "breakthrough_scoring", fetch: fetchFile,
  crypto: globalThis.crypto});
report.made = {bytes: snapshot.byteLength, ms: performance.now() - started};
await store.write(snapshotKey(files), snapshot);
report.restored = await boot();
report.restoredAgain = await boot();
await tamper((bytes) => { bytes[bytes.length >> 1] ^= 0xff; });
report.corrupted = await boot();
await store.write(snapshotKey(files), snapshot);
await tamper((bytes) => bytes.slice(0, bytes.length - 65536)); // cut short, e.g. storage full while writing
report.truncated = await boot();
await store.write(snapshotKey({...files, stdlib: {...files.stdlib, sha256: "0".repeat(64)}}), snapshot);
report.otherEngine = await boot();
const unusable = snapshot.slice();
unusable.fill(0, 0, 4); // not a snapshot's magic number: Pyodide refuses to restore it
await store.write(snapshotKey(files), unusable);
report.unusable = await boot();
process.stdout.write(`${JSON.stringify(report)}\n`);
