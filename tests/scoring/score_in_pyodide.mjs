// Score requests under real Pyodide in Node and print the outputs as JSON, for tests/scoring/test_golden.py
// to compare byte for byte with CPython's.
//
//   node tests/scoring/score_in_pyodide.mjs requests.json [--bench]
//
// requests.json: {"rubrics": {name: rubric_json}, "vectors": [{"name", "rubric", "answers_json"}]}
// (the test writes it from the project's current rubrics, texts included).
//
// Offline by design: Pyodide comes from the repo's node_modules and only its
// standard library is used (no loadPackage, no micropip). The breakthrough_scoring
// sources are copied into the Pyodide file system, exactly as the site does.
// Output: {"python": version, "boot_ms": n, "score_ms": n, "outputs": {vector name: score_json output},
//          "bench": {...} (with --bench)}.

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", "..");
const args = process.argv.slice(2);
const bench = args.includes("--bench");
const requestsArg = args.find((arg) => !arg.startsWith("--"));
if (requestsArg === undefined) {
  process.stderr.write("usage: node tests/scoring/score_in_pyodide.mjs requests.json [--bench]\n");
  process.exit(2);
}

const pyodideModule = pathToFileURL(join(repoRoot, "node_modules", "pyodide", "pyodide.mjs")).href;
const { loadPyodide } = await import(pyodideModule);

const bootStart = performance.now();
const pyodide = await loadPyodide({ indexURL: join(repoRoot, "node_modules", "pyodide") + "/" });
const bootMs = performance.now() - bootStart;

// Copy the engine into the Pyodide file system and put it on sys.path.
const target = "/home/pyodide/breakthrough_scoring";
pyodide.FS.mkdirTree(target);
const packageDir = join(repoRoot, "breakthrough_scoring");
for (const name of readdirSync(packageDir).filter((file) => file.endsWith(".py")).sort()) {
  pyodide.FS.writeFile(`${target}/${name}`, readFileSync(join(packageDir, name), "utf8"));
}
pyodide.runPython("import sys\nif '/home/pyodide' not in sys.path:\n    sys.path.insert(0, '/home/pyodide')");
const scoreJson = pyodide.runPython("from breakthrough_scoring import score_json\nscore_json");

const requests = JSON.parse(readFileSync(resolve(requestsArg), "utf8"));
const outputs = {};
const scoreStart = performance.now();
for (const vector of requests.vectors) {
  outputs[vector.name] = scoreJson(requests.rubrics[vector.rubric], vector.answers_json);
}
const scoreMs = performance.now() - scoreStart;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const python = pyodide.runPython("import sys; sys.version.split()[0]");
const report = { python, boot_ms: bootMs, score_ms: scoreMs, outputs };
if (bench) {
  // The largest real rubric with its "mixed" answers; 50 timed calls each.
  const vector = requests.vectors
    .filter((v) => v.name.endsWith("#mixed"))
    .sort((a, b) => requests.rubrics[b.rubric].length - requests.rubrics[a.rubric].length)[0];
  const rubricText = requests.rubrics[vector.rubric];
  const clearCache = pyodide.runPython("from breakthrough_scoring._boundary import _rubric_from_json\n_rubric_from_json.cache_clear");
  const time = (prepare) => {
    const samples = [];
    for (let n = 0; n < 50; n += 1) {
      prepare();
      const start = performance.now();
      scoreJson(rubricText, vector.answers_json);
      samples.push(performance.now() - start);
    }
    return median(samples);
  };
  scoreJson(rubricText, vector.answers_json); // warm up
  report.bench = {
    vector: vector.name,
    cached_rubric_median_ms: time(() => {}),
    uncached_rubric_median_ms: time(() => clearCache()),
  };
  clearCache.destroy();
}
scoreJson.destroy();
process.stdout.write(JSON.stringify(report));
