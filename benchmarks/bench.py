"""`make bench`: the speed and size of the site against its targets (never checked by timed test assertions).

Prints one line per measure, `ok` or `OVER` its target, and exits 1 if any measure is over.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_tools import files as fs
from build_tools.project import read_registry
from build_tools.serve import SiteServer
from build_tools.site_builder import RUNTIME_DIR, build_site
from build_tools.structure import limits

ROOT = fs.find_project_root(Path(__file__).resolve().parent)


@dataclass(frozen=True)
class Measure:
    name: str
    value: float
    unit: str
    target: float  # the value must not exceed it

    def line(self) -> str:
        verdict = "ok" if self.value <= self.target else "OVER"
        return f"{verdict:4}  {self.name:<48} {self.value:>10.1f} {self.unit:<3} (target ≤ {self.target:g} {self.unit})"


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _folder_kib(path: Path) -> float:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file()) / 1024


def measure_build(site_dir: Path, site_url: str) -> list[Measure]:
    started = time.perf_counter()
    report = build_site(ROOT, site_dir, site_url=site_url)
    total = time.perf_counter() - started
    rebuild = _median_ms(lambda: build_site(ROOT, site_dir, site_url=site_url, languages=["fr"], runtime=False), 3)
    measures = [
        Measure("full build, 4 languages", total, "s", 60),
        Measure("rebuild of one language (make serve)", rebuild / 1000, "s", 10),
    ]
    measures += [Measure(f"build of {code}", seconds, "s", 20) for code, seconds in report.seconds_by_language.items()]
    return measures


def measure_sizes(site_dir: Path) -> list[Measure]:
    runtime = site_dir / RUNTIME_DIR
    wheel = next((runtime / "pyodide").glob("*.whl"))
    return [
        Measure(
            "site on disk, without the runtime",
            (_folder_kib(site_dir) - _folder_kib(runtime)) / 1024,
            "MiB",
            40,
        ),
        Measure("runtime (Pyodide core + engine wheel)", _folder_kib(runtime) / 1024, "MiB", 15),
        Measure("engine wheel", wheel.stat().st_size / 1024, "KiB", 100),
        *(
            Measure(
                f"search index {code}",
                (site_dir / code / "search" / "search_index.json").stat().st_size / 1024,
                "KiB",
                1500,
            )
            for code in read_registry(ROOT).language_codes
        ),
    ]


def measure_scoring() -> list[Measure]:
    from breakthrough_scoring import score_json

    rubric_json, answers_json = _sample_scoring_input()
    cpython = _median_ms(lambda: score_json(rubric_json, answers_json), 200)
    node = shutil.which("node")
    measures = [Measure("score one answer set, CPython", cpython, "ms", 20)]
    if node:
        script = Path(tempfile.mkdtemp()) / "bench.mjs"
        script.write_text(_NODE_BENCH, encoding="utf-8")
        done = subprocess.run(
            [node, str(script), str(ROOT), rubric_json, answers_json],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        report = json.loads(done.stdout.strip().splitlines()[-1])
        measures += [
            Measure("Pyodide boot in Node (cold)", report["bootMs"], "ms", 8000),
            Measure("score one answer set, Pyodide in Node", report["scoreMs"], "ms", 100),
        ]
    return measures


def _sample_scoring_input() -> tuple[str, str]:
    from build_tools.project import load_project

    project = load_project(ROOT)
    rubric = project.rubrics["career-bottleneck"]
    language = project.languages.default_code
    answers = {}
    for index, item in enumerate(rubric.structure["items"]):
        if "choice" in item:
            answers[item["id"]] = item["choice"][index % len(item["choice"])]["id"]
        else:
            values = rubric.structure["answer_scales"][item["answers"]]["values"]
            answers[item["id"]] = values[index % len(values)]
    return rubric.client_json(language), json.dumps({"version": rubric.structure["version"], "answers": answers})


_NODE_BENCH = """
import { pathToFileURL } from "node:url";
const [root, rubricJson, answersJson] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(root + "/node_modules/pyodide/pyodide.mjs"));
let started = performance.now();
const pyodide = await loadPyodide();
const bootMs = performance.now() - started;
pyodide.FS.mkdirTree("/home/pyodide/engine/breakthrough_scoring");
const fs = await import("node:fs");
for (const name of fs.readdirSync(root + "/breakthrough_scoring")) {
  if (name.endsWith(".py")) {
    pyodide.FS.writeFile("/home/pyodide/engine/breakthrough_scoring/" + name,
      fs.readFileSync(root + "/breakthrough_scoring/" + name, "utf8"));
  }
}
pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/engine')");
const scoreJson = pyodide.runPython("from breakthrough_scoring import score_json; score_json");
scoreJson(rubricJson, answersJson);
const samples = [];
for (let i = 0; i < 50; i++) {
  started = performance.now();
  scoreJson(rubricJson, answersJson);
  samples.push(performance.now() - started);
}
samples.sort((a, b) => a - b);
console.log(JSON.stringify({ bootMs, scoreMs: samples[25] }));
"""


# Inputs a pull request could shape to slow down `kb check` and the build, each within the source limits
# (build_tools/structure/limits.py): a page body of the given size in bytes.
def _filled(unit: str, size: int, prefix: str = "") -> str:
    """``prefix``, then ``unit`` repeated in lines of about 800 characters up to ``size``, in paragraphs as
    long as the limits allow."""
    line = unit * max(1, 800 // len(unit))
    paragraph = (line + "\n") * (limits.BLOCK_MAX_CHARACTERS // (len(line) + 1)) + "\n"
    count, rest = divmod(max(0, size - len(prefix)), len(paragraph))
    return prefix + paragraph * count + (line + "\n") * (rest // (len(line) + 1))


_HOSTILE_SHAPES: dict[str, Callable[[int], str]] = {
    "paragraphs of the longest size": lambda size: _filled("A sales manager leads people who sell. ", size),
    "lines of `<`": lambda size: ("<" * 4000 + "\n\n") * (size // 4002),
    "`<a ` tags up to the limit, then prose": lambda size: _filled("Plain words. ", size, "x <a " * 190 + "\n\n"),
    "links up to the limit, then prose": lambda size: _filled("Words. ", size, ("[x](page.md) " * 60 + "\n\n") * 31),
    "tables of the longest size": lambda size: (
        ("| a | b |\n|---|---|\n" + "| cell | **x** |\n" * (limits.BLOCK_MAX_CHARACTERS // 20) + "\n")
        * (size // limits.BLOCK_MAX_CHARACTERS)
    ),
    "nested lists of the longest size": lambda size: (
        ("".join("  " * (depth % 8) + "- item\n" for depth in range(limits.BLOCK_MAX_CHARACTERS // 20)) + "\n")
        * (size // limits.BLOCK_MAX_CHARACTERS)
    ),
    "entities and emphasis": lambda size: _filled("&#106; *a* _b_ `c` ", size),
}


def measure_linear_checks(repeat: int = 7) -> list[Measure]:
    """How the check and render time of a page grows with its size, for each hostile shape: the exponent
    k in time ∝ size^k between a quarter of the size limit and the limit (1 = linear, 2 = quadratic)."""
    import math

    from build_tools.structure import sanitise
    from build_tools.structure.checks import sanitiser_problems
    from build_tools.structure.rendering import markdown_renderer

    render = markdown_renderer(fs.read_base_config(ROOT).get("markdown_extensions") or [])

    def pipeline(body: str) -> None:
        assert not limits.markdown_problems("page.md", body), "the shape must stay within the limits"
        html = render(body)
        sanitiser_problems("page.md", body, html)
        sanitise.sanitise(html)

    small, large = limits.MARKDOWN_FILE_MAX_BYTES // 4, limits.MARKDOWN_FILE_MAX_BYTES - 2000
    measures = []
    for name, shape in _HOSTILE_SHAPES.items():
        bodies = [shape(size) for size in (small, large)]
        # Alternating small and large runs, so that whatever else the machine does weighs on both alike.
        samples: list[list[float]] = [[], []]
        for _ in range(repeat):
            for index, body in enumerate(bodies):
                started = time.perf_counter()
                pipeline(body)
                samples[index].append((time.perf_counter() - started) * 1000)
        times = [statistics.median(series) for series in samples]
        exponent = math.log(times[1] / times[0]) / math.log(len(bodies[1]) / len(bodies[0]))
        print(
            f"      check + render, {name}: {times[0]:.0f} ms at {small // 1000} KB, {times[1]:.0f} ms at "
            f"{large // 1000} KB",
            file=sys.stderr,
        )
        measures.append(Measure(f"growth exponent of check + render: {name}", exponent, "", 1.25))
    return measures


def measure_browser(server: SiteServer) -> list[Measure]:
    chromium = shutil.which("chromium")
    if not chromium:
        print("skip  browser measures: chromium is not installed", file=sys.stderr)
        return []
    from playwright.sync_api import sync_playwright

    from benchmarks.browser_timing import CHROMIUM_ARGS, assessment_timings, page_weight_kib

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            weight = page_weight_kib(browser, f"{server.url}en/articles/what-a-sales-manager-does/")
            ready_ms, result_ms = assessment_timings(browser, f"{server.url}en/assessments/leadership-duties/")
        finally:
            browser.close()
    return [
        Measure("article page weight, first visit", weight, "KiB", 900),
        Measure("assessment page: load to engine ready", ready_ms, "ms", 15000),
        Measure("assessment: submit to result", result_ms, "ms", 1000),
    ]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        site_dir = Path(folder) / "site"
        server = SiteServer(site_dir)
        measures = measure_build(site_dir, server.url)
        measures += measure_sizes(site_dir)
        measures += measure_scoring()
        measures += measure_linear_checks()
        with server:
            measures += measure_browser(server)
    for measure in measures:
        print(measure.line())
    over = [measure for measure in measures if measure.value > measure.target]
    print(f"bench: {len(measures) - len(over)} of {len(measures)} measures within target")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
