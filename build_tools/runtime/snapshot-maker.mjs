// Makes the engine's memory snapshot (engine-snapshot.mjs) in a worker of its own, started by the engine
// worker after its first result: the engine worker keeps scoring meanwhile, and the snapshot comes from a
// Python that only ever started, installed the wheel and imported the engine. This worker accepts one
// message, {type: "make", files, moduleName}, answers {type: "made", stored, detail, ms} and closes; it is
// never sent answers, rubrics or anything else, so none can be in the snapshot.

import {SNAPSHOT_ENTRY, SnapshotStore, makeSnapshot, readEngineFiles, snapshotKey} from "./engine-snapshot.mjs";

const scope = /** @type {any} */ (globalThis);
const directory = new URL("./pyodide/", import.meta.url);

scope.addEventListener("message", async (/** @type {MessageEvent} */ event) => {
  const data = event.data || {};
  const files = readEngineFiles(data.files);
  if (data.type !== "make" || !files || typeof data.moduleName !== "string") return;
  const started = performance.now();
  let reply;
  try {
    const snapshot = await makeSnapshot({directory, files, moduleName: data.moduleName, fetch: scope.fetch.bind(scope),
      crypto: scope.crypto});
    const store = new SnapshotStore({caches: scope.caches, entry: new URL(SNAPSHOT_ENTRY, directory), crypto: scope.crypto});
    await store.write(snapshotKey(files), snapshot);
    reply = {type: "made", stored: true, detail: `${snapshot.byteLength} bytes`, ms: performance.now() - started};
  } catch (error) {
    reply = {type: "made", stored: false, detail: error instanceof Error ? error.message : String(error),
      ms: performance.now() - started};
  }
  scope.postMessage(reply);
  scope.close();
});
