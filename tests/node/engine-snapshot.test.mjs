// The snapshot's key and checks without Pyodide (tests/node/test_engine_snapshot.py boots the real one):
// what engine-files.json must hold, the store's verdicts and the protocol's snapshot message.
import assert from "node:assert/strict";
import {describe, test} from "node:test";

import {
  SNAPSHOT_CACHE, SnapshotRefused, SnapshotStore, checkedWheel, pyodideLocation, readEngineFiles, sha256Hex, snapshotKey,
} from "../../build_tools/runtime/engine-snapshot.mjs";
import {MessageType, SnapshotOutcome, readWorkerMessage, snapshotMessage} from "../../build_tools/runtime/protocol.mjs";
import {MemoryCaches} from "./memory-caches.mjs";

const HASH = "a".repeat(64);
const FILES = {pyodide: "314.0.7", wheel: {file: "engine-1.0-py3-none-any.whl", sha256: HASH},
  stdlib: {file: "engine-stdlib.zip", sha256: "b".repeat(64)}};
const ENTRY = new URL("https://site.test/runtime/pyodide/engine-snapshot.bin");

/**
 * Replaces the kept snapshot's body with what `change` makes of it; its stored headers (its length) stay.
 *
 * @param {MemoryCaches} caches
 * @param {(body: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>} change
 */
async function changeKept(caches, change) {
  const cache = await caches.open(SNAPSHOT_CACHE);
  const original = /** @type {Response} */ (await cache.match(ENTRY.href));
  const whole = new Uint8Array(await original.arrayBuffer());
  const changed = change(new Uint8Array(whole));
  await cache.put(ENTRY.href, new Response(changed, {headers: original.headers}));
  return {headers: original.headers, whole, changed};
}

function store() {
  const caches = new MemoryCaches();
  return {caches, store: new SnapshotStore({caches, crypto: globalThis.crypto, entry: ENTRY})};
}

describe("engine-files.json", () => {
  test("the build's shape is read as it is", () => {
    assert.deepEqual(readEngineFiles(JSON.parse(JSON.stringify(FILES))), FILES);
  });

  /** @type {Array<[string, unknown]>} */
  const refused = [
    ["not an object", "314.0.7"],
    ["no version", {...FILES, pyodide: undefined}],
    ["a version that is a path", {...FILES, pyodide: "../x"}],
    ["a wheel in another folder", {...FILES, wheel: {file: "../evil.whl", sha256: HASH}}],
    ["a short hash", {...FILES, stdlib: {file: "engine-stdlib.zip", sha256: "abc"}}],
    ["an upper-case hash", {...FILES, wheel: {file: "w.whl", sha256: "A".repeat(64)}}],
    ["no standard library", {...FILES, stdlib: null}],
  ];
  for (const [name, data] of refused) {
    test(`${name} is refused`, () => assert.equal(readEngineFiles(data), null));
  }

  test("the key changes with the version and with each file's hash", () => {
    const keys = new Set([
      snapshotKey(FILES),
      snapshotKey({...FILES, pyodide: "314.0.8"}),
      snapshotKey({...FILES, wheel: {...FILES.wheel, sha256: "c".repeat(64)}}),
      snapshotKey({...FILES, stdlib: {...FILES.stdlib, sha256: "c".repeat(64)}}),
    ]);
    assert.equal(keys.size, 4);
  });

  test("Pyodide in Node is given paths, a browser URLs", () => {
    assert.equal(pyodideLocation(new URL("file:///tmp/run%20time/x.zip")), "/tmp/run time/x.zip");
    assert.equal(pyodideLocation(new URL("https://site.test/runtime/x.zip")), "https://site.test/runtime/x.zip");
  });
});

describe("snapshot store", () => {
  const bytes = Uint8Array.from({length: 4096}, (_, index) => (index * 7) % 256);

  test("nothing kept: nothing to use or discard, and looking leaves no cache behind", async () => {
    const {caches, store: kept} = store();
    assert.equal(await kept.has(), false);
    assert.equal(await caches.has(SNAPSHOT_CACHE), false);
    assert.deepEqual(await kept.read(snapshotKey(FILES)), {snapshot: null, outcome: "none", detail: "no snapshot on this device"});
  });

  test("a snapshot kept for this key comes back whole", async () => {
    const {store: kept} = store();
    await kept.write(snapshotKey(FILES), bytes);
    const read = await kept.read(snapshotKey(FILES));
    assert.deepEqual(read.snapshot, bytes);
  });

  test("one made for another engine is discarded and deleted", async () => {
    const {caches, store: kept} = store();
    await kept.write(snapshotKey({...FILES, pyodide: "314.0.6"}), bytes);
    const read = await kept.read(snapshotKey(FILES));
    assert.equal(read.snapshot, null);
    assert.equal(read.snapshot === null && read.outcome, "discarded");
    assert.equal(await kept.has(), false);
    assert.equal(await caches.has(SNAPSHOT_CACHE), false, "its cache is gone with it");
  });

  test("a damaged one (one byte changed) is discarded and deleted", async () => {
    const {caches, store: kept} = store();
    await kept.write(snapshotKey(FILES), bytes);
    await changeKept(caches, (body) => {
      body[100] ^= 1;
      return body;
    });
    const read = await kept.read(snapshotKey(FILES));
    assert.equal(read.snapshot, null);
    assert.match(read.snapshot === null ? read.detail : "", /^checksum /);
    assert.equal(await kept.has(), false);
  });

  test("a truncated one (its stored length and checksum kept) is discarded and deleted", async () => {
    const {store: kept, caches} = store();
    await kept.write(snapshotKey(FILES), bytes);
    await changeKept(caches, (body) => body.subarray(0, body.length - 16));
    const read = await kept.read(snapshotKey(FILES));
    assert.equal(read.snapshot === null ? read.detail : "", `${bytes.length - 16} bytes, ${bytes.length} stored`);
    assert.equal(await kept.has(), false);
  });

  test("opened, its bytes come before their check, which refuses damaged ones", async () => {
    const {store: kept, caches} = store();
    await kept.write(snapshotKey(FILES), bytes);
    const good = await kept.open(snapshotKey(FILES));
    assert.ok(good.snapshot);
    assert.deepEqual(await good.snapshot.bytes, bytes);
    await good.snapshot.checked;
    const {changed: damaged} = await changeKept(caches, (body) => {
      body[7] ^= 1;
      return body;
    });
    const bad = await kept.open(snapshotKey(FILES));
    assert.ok(bad.snapshot);
    assert.deepEqual(await bad.snapshot.bytes, damaged, "handed over unchecked: whoever restores awaits the check");
    await assert.rejects(bad.snapshot.checked, (error) => error instanceof SnapshotRefused && /^checksum /.test(error.message));
    const stale = await kept.open(snapshotKey({...FILES, pyodide: "314.0.8"}));
    assert.equal(stale.snapshot, null);
    assert.equal(stale.snapshot === null && stale.outcome, "discarded");
    assert.equal(await kept.has(), false, "a snapshot of another engine is deleted without reading it");
  });

  test("one longer than its stored length is refused; one kept without a length (an older build's) is read whole", async () => {
    const {store: kept, caches} = store();
    await kept.write(snapshotKey(FILES), bytes);
    const {headers: stored, whole} = await changeKept(caches, (body) => {
      const longer = new Uint8Array(body.length + 1);
      longer.set(body);
      return longer;
    });
    const read = await kept.read(snapshotKey(FILES));
    assert.equal(read.snapshot === null ? read.detail : "", `longer than the ${bytes.length} bytes stored with it`);
    const headers = new Headers(stored);
    headers.delete("x-bt-snapshot-length");
    await (await caches.open(SNAPSHOT_CACHE)).put(ENTRY.href, new Response(whole, {headers})); // the refusal deleted it
    assert.deepEqual((await kept.read(snapshotKey(FILES))).snapshot, bytes);
  });

  test("a wheel is accepted only with the build's sha256", async () => {
    const wheel = new TextEncoder().encode("wheel bytes");
    const files = {file: "w.whl", sha256: await sha256Hex(wheel, globalThis.crypto)};
    assert.deepEqual(await checkedWheel(wheel.buffer, files, globalThis.crypto), wheel);
    await assert.rejects(checkedWheel(wheel.buffer, {...files, sha256: HASH}, globalThis.crypto), /w\.whl: sha256/);
  });
});

describe("snapshot message", () => {
  test("each outcome is read back; anything else is dropped", () => {
    for (const outcome of Object.values(SnapshotOutcome)) {
      assert.deepEqual(readWorkerMessage(snapshotMessage(outcome, "why")), {type: MessageType.SNAPSHOT, outcome, detail: "why"});
    }
    assert.equal(readWorkerMessage({type: MessageType.SNAPSHOT, outcome: "eaten"}), null);
    assert.deepEqual(readWorkerMessage({type: MessageType.SNAPSHOT, outcome: "used", detail: 5}),
      {type: MessageType.SNAPSHOT, outcome: "used", detail: ""});
  });
});
