// Smoke test: the npm Pyodide package boots offline from node_modules and runs Python.
// Prints one JSON line: {"python": "3.x.y", "bootMs": n}.
import { loadPyodide } from "pyodide";

const started = performance.now();
const pyodide = await loadPyodide();
const bootMs = Math.round(performance.now() - started);
const python = pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))");
console.log(JSON.stringify({ python, bootMs }));
