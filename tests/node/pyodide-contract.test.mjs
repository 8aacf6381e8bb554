// What the engine worker relies on in the installed Pyodide, pinned against the package itself, so that an
// upgrade that changes any of it fails here rather than leaving readers with an engine that hangs.
import assert from "node:assert/strict";
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {describe, test} from "node:test";

import {REQUIRED_FILES, STDLIB_FILE, WASM_FAILURE_WARNING} from "../../build_tools/runtime/engine-startup.mjs";
import {ROOT} from "./paths.mjs";

const PYODIDE = join(ROOT, "node_modules", "pyodide");

describe("the installed Pyodide", () => {
  test("reports a failed WebAssembly instantiation only by the warning the worker watches for", async () => {
    const loader = await readFile(join(PYODIDE, "pyodide.mjs"), "utf8");
    // The failure path: the warning alone, then the error in a second warning, and nothing else.
    const failure = `console.warn(${JSON.stringify(WASM_FAILURE_WARNING)}),console.warn(`;
    assert.ok(loader.includes(failure), `pyodide.mjs no longer reports instantiation failures as ${failure}…`);
    assert.equal(loader.split(JSON.stringify(WASM_FAILURE_WARNING)).length, 2, "the warning appears once");
  });

  test("takes every option the worker passes to loadPyodide", async () => {
    const types = await readFile(join(PYODIDE, "pyodide.d.ts"), "utf8");
    const options = types.slice(types.indexOf("interface PyodideConfig {"));
    for (const name of ["indexURL", "lockFileURL", "checkAPIVersion", "createPyodideModule", "stdout", "stderr"]) {
      assert.match(options, new RegExp(`\\n\\s*${name}\\?:`), `loadPyodide has no option ${name}`);
    }
    const loader = await readFile(join(PYODIDE, "pyodide.mjs"), "utf8");
    assert.ok(loader.includes(".createPyodideModule)return"), "loadPyodide no longer uses createPyodideModule");
  });

  test("ships every file the worker checks before starting it", async () => {
    // The engine's trimmed standard library is made by the build from this package (tests/node/test_engine_stdlib.py).
    assert.ok(REQUIRED_FILES.some(({name}) => name === STDLIB_FILE));
    for (const {name} of REQUIRED_FILES.filter(({name}) => name !== STDLIB_FILE)) {
      await assert.doesNotReject(readFile(join(PYODIDE, name)), `${name} is not in the pyodide package`);
    }
  });
});
