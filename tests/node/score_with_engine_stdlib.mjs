// Scores requests (the golden parity requests) with the site's start-up: Pyodide with the engine's trimmed
// standard library instead of its own, the wheel by loadPackage, then score_json. Prints the outputs as JSON.
//
//   node tests/node/score_with_engine_stdlib.mjs requests.json <wheel> <engine-stdlib.zip>

import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import process from "node:process";
import {pathToFileURL} from "node:url";
import {ROOT} from "./paths.mjs";

const [requestsPath, wheel, stdlib] = process.argv.slice(2);
const indexURL = `${ROOT}node_modules/pyodide/`;
const {loadPyodide} = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
const pyodide = await loadPyodide({indexURL, stdLibURL: resolve(stdlib), stdout: () => {}, stderr: () => {}});
await pyodide.loadPackage(resolve(wheel), {messageCallback: () => {}, errorCallback: () => {}});
const scoreJson = pyodide.pyimport("breakthrough_scoring").score_json;
const requests = JSON.parse(readFileSync(requestsPath, "utf8"));
/** @type {Record<string, string>} */
const outputs = {};
for (const vector of requests.vectors) {
  outputs[vector.name] = scoreJson(requests.rubrics[vector.rubric], vector.answers_json);
}
// A Python exception on its way to JavaScript formats its traceback: that needs its modules too.
let raised = "";
try {
  pyodide.runPython("import json\njson.loads('{')");
} catch (error) {
  raised = error instanceof Error ? error.constructor.name : typeof error;
}
const stdlibFiles = pyodide.runPython(
  "import sys, zipfile; [n for n in zipfile.ZipFile('/lib/python%d%d.zip' % sys.version_info[:2]).namelist()]").toJs();
process.stdout.write(`${JSON.stringify({outputs, raised, stdlibFiles})}\n`);
