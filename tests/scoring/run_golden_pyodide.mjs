// Run the golden scoring vectors under real Pyodide in Node and print the results as JSON.
//
//   node tests/scoring/run_golden_pyodide.mjs [golden.json] [--bench]
//
// Offline by design: Pyodide comes from the repo's node_modules and only its
// standard library is used (no loadPackage, no micropip). The breakthrough_scoring
// sources are copied into the Pyodide file system, exactly as the site does.
// Output: {"python": version, "boot_ms": n, "outputs": {vector name: score_json output},
//          "bench": {...} (with --bench)}.

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", "..");
const args = process.argv.slice(2);
const bench = args.includes("--bench");
const goldenPath = resolve(args.find((arg) => !arg.startsWith("--")) ?? join(here, "golden", "golden.json"));

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

const golden = JSON.parse(readFileSync(goldenPath, "utf8"));
const outputs = {};
for (const vector of golden.vectors) {
  outputs[vector.name] = scoreJson(golden.rubrics[vector.rubric], vector.answers_json);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const report = { python: pyodide.runPython("import sys; sys.version.split()[0]"), boot_ms: bootMs, outputs };
if (bench) {
  // The largest real rubric with its "mixed" answers; 50 timed calls each.
  const vector = golden.vectors
    .filter((v) => v.name.endsWith("#mixed"))
    .sort((a, b) => golden.rubrics[b.rubric].length - golden.rubrics[a.rubric].length)[0];
  const rubricText = golden.rubrics[vector.rubric];
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
