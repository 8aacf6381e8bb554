"""Browser figures of `make bench`, timed inside the page (``performance.now()``), never through Playwright
round trips: engine ready against a bare ``loadPyodide()`` of the same runtime, submit to the painted result,
instant navigation to a second assessment, main-thread long tasks and the bytes of a first visit.

Playwright adds an init script (run by the browser before the page's own scripts, outside its CSP) that
records, in ``window.__btBench``: when each assessment section became ready, when each submitted result was
painted, and every main-thread long task.
"""

from __future__ import annotations

import contextlib
import re
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure, Spread, percentile, ratio_figure

# Debian's Chromium as a test and benchmark browser: no sandbox (root in CI), and none of the background
# connections to Google's services that this machine's closed network would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

BOOT_TIMEOUT_MS = 120_000
# Scripts that are not ours, among those the site serves: Material's bundle, Pagefind's search scripts, and
# Pyodide (which runs in the engine's worker, never on the page's main thread).
OTHERS_SCRIPTS = re.compile(r"/assets/javascripts/bundle\.[^/]*\.js$|/pagefind/|/runtime/pyodide/")
BARE_FOLDER = "__bench__"  # written into the served copy of the site only, never into a build

# "Painted": the frame after the change has been drawn. requestAnimationFrame runs just before that frame's
# paint; a message posted from it is delivered after the paint.
TIMING_SCRIPT = """
(() => {
  const bench = window.__btBench = {ready: [], results: [], longTasks: [], frames: [], submitted: null,
    navigated: null};
  const afterPaint = (record) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => record(performance.now());
    channel.port2.postMessage(null);
  });
  const seen = new WeakSet();
  const check = (mutations) => {
    for (const section of document.querySelectorAll("section.bt-assessment[data-bt-assessment-state=ready]")) {
      if (seen.has(section)) continue;
      seen.add(section);
      const at = performance.now(), navigated = bench.navigated;
      afterPaint((painted) => bench.ready.push({rubric: section.dataset.rubricId, at, painted, navigated}));
    }
    if (bench.submitted === null) return;
    for (const mutation of mutations) {
      const body = mutation.target instanceof Element ? mutation.target.closest("[data-bt-result-body]") : null;
      const panel = body && body.closest("[data-bt-result]");
      if (mutation.type === "childList" && panel && panel.classList.contains("bt-result--shown")) {
        const submitted = bench.submitted;
        bench.submitted = null;
        afterPaint((painted) => bench.results.push(painted - submitted));
        return;
      }
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-bt-assessment-state", "class"]});
  document.addEventListener("submit", () => { bench.submitted = performance.now(); }, true);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
    }).observe({type: "longtask", buffered: true});
  } catch (error) { /* no long-task timing in this browser */ }
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.frames.push({start: entry.startTime, duration: entry.duration, scripts: entry.scripts.map((script) => ({
          url: script.sourceURL, name: script.sourceFunctionName, invoker: script.invoker,
          duration: script.duration, layout: script.forcedStyleAndLayoutDuration}))});
      }
    }).observe({type: "long-animation-frame", buffered: true});
  } catch (error) { /* no Long Animation Frames API in this browser */ }
})();
"""

BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare loadPyodide</title>
<script type="module" src="bare.mjs"></script></head><body><p>bare loadPyodide()</p></body></html>
"""
BARE_SCRIPT = """// The floor: the same self-hosted runtime started with nothing but loadPyodide() in a module worker.
const worker = new Worker(new URL("bare-worker.mjs", import.meta.url), {type: "module"});
worker.onmessage = (event) => {
  window.__btBareReady = event.data === "ready" ? performance.now() : -1;
};
"""
BARE_WORKER = """import {loadPyodide} from "../runtime/pyodide/pyodide.mjs";

try {
  await loadPyodide({indexURL: new URL("../runtime/pyodide/", import.meta.url).href});
  postMessage("ready");
} catch (error) {
  postMessage(String(error));
}
"""


def write_bare_page(site_dir: Path) -> str:
    """The baseline page, beside the runtime in the served copy of the site; returns its path."""
    folder = site_dir / BARE_FOLDER
    folder.mkdir(exist_ok=True)
    for name, text in {"bare.html": BARE_PAGE, "bare.mjs": BARE_SCRIPT, "bare-worker.mjs": BARE_WORKER}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return f"{BARE_FOLDER}/bare.html"


@dataclass
class BrowserSamples:
    engine_first: list[float] = field(default_factory=list)
    engine_returning: list[float] = field(default_factory=list)
    bare_first: list[float] = field(default_factory=list)
    bare_returning: list[float] = field(default_factory=list)
    submit_painted: list[float] = field(default_factory=list)
    navigation_ready: list[float] = field(default_factory=list)
    long_tasks: list[float] = field(default_factory=list)
    long_frames: list[dict[str, Any]] = field(default_factory=list)  # Long Animation Frames, with their scripts
    first_visit_bytes: int = 0
    first_visit_requests: int = 0


@dataclass(frozen=True)
class Pages:
    first: str  # an assessment page
    second: str  # another assessment page of the same language, reached by instant navigation
    second_rubric: str
    bare: str


def _engine_ready(page: Any, rubric: str | None = None) -> dict[str, Any]:
    """The bench's record of the (given) assessment becoming ready."""
    page.wait_for_function(
        "(rubric) => window.__btBench && window.__btBench.ready.some((r) => !rubric || r.rubric === rubric)",
        arg=rubric,
        timeout=BOOT_TIMEOUT_MS,
    )
    ready: list[dict[str, Any]] = page.evaluate("() => window.__btBench.ready")
    return next(entry for entry in ready if not rubric or entry["rubric"] == rubric)


def _bare_ready(page: Any) -> float:
    page.wait_for_function("() => window.__btBareReady !== undefined", timeout=BOOT_TIMEOUT_MS)
    value = float(page.evaluate("() => window.__btBareReady"))
    if value < 0:
        raise RuntimeError("the bare loadPyodide() page failed to start the runtime")
    return value


# One click per task, as a reader's clicks come: all of them in one task would be one long frame of the
# page's change handlers that no reader ever causes.
_ANSWER = """(seed) => new Promise((resolve) => {
  const fieldsets = [...document.querySelectorAll("section.bt-assessment fieldset[data-item]")];
  const channel = new MessageChannel();
  let index = 0;
  channel.port1.onmessage = () => {
    if (index === fieldsets.length) {
      resolve();
      return;
    }
    const inputs = fieldsets[index].querySelectorAll("input[type=radio]");
    inputs[(index + seed) % inputs.length].click();
    index += 1;
    channel.port2.postMessage(null);
  };
  channel.port2.postMessage(null);
})"""


def _submit_samples(page: Any, count: int, seed: int) -> list[float]:
    """``count`` submits with answers changed in between, each timed from the submit event to the painted
    result (inside the page)."""
    samples: list[float] = []
    for round_ in range(count):
        page.evaluate(_ANSWER, seed + round_)
        before = int(page.evaluate("() => window.__btBench.results.length"))
        page.locator("section.bt-assessment [data-bt-submit]").click()
        page.wait_for_function(f"() => window.__btBench.results.length > {before}", timeout=BOOT_TIMEOUT_MS)
        samples.append(float(page.evaluate("() => window.__btBench.results.at(-1)")))
    return samples


def _wait_for_snapshot(page: Any, base_url: str) -> None:
    """A returning reader comes back after the first visit's engine has kept its memory snapshot (made in the
    background after the first result; build_tools/runtime/engine-snapshot.mjs)."""
    kept = page.evaluate(
        """async ([root, limit]) => {
      const snapshot = await import(new URL("runtime/engine-snapshot.mjs", root).href);
      const entry = new URL(`runtime/pyodide/${snapshot.SNAPSHOT_ENTRY}`, root).href;
      const until = Date.now() + limit;
      while (Date.now() < until) {
        if (await (await caches.open(snapshot.SNAPSHOT_CACHE)).match(entry)) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    }""",
        [base_url, BOOT_TIMEOUT_MS],
    )
    if not kept:
        raise RuntimeError("the first visit's engine kept no memory snapshot: the returning figure would be wrong")


def _navigate_to(page: Any, path: str) -> None:
    """Click a link to ``path`` (Material's instant navigation intercepts it), timed from the click."""
    found = page.evaluate(
        """(path) => {
      const link = [...document.querySelectorAll("a[href]")].find((a) => new URL(a.href).pathname.endsWith(path));
      if (!link) return false;
      window.__btBench.navigated = performance.now();
      link.click();
      return true;
    }""",
        path,
    )
    if not found:
        raise RuntimeError(f"no link to {path} on {page.url}: instant navigation cannot be measured")


@contextlib.contextmanager
def _context(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    context.add_init_script(TIMING_SCRIPT)
    try:
        yield context
    finally:
        context.close()


def _first_visit_bytes(context: Any) -> Callable[[], tuple[int, int]]:
    """Counts the compressed bytes (headers and bodies as sent) of every request of the context."""
    finished: list[Any] = []
    context.on("requestfinished", lambda request: finished.append(request))

    def total() -> tuple[int, int]:
        sizes = [request.sizes() for request in finished]
        return sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes), len(sizes)

    return total


def measure(
    browser: Any, base_url: str, pages: Pages, repeats: int, submits: int, progress: Callable[[str], None]
) -> BrowserSamples:
    """Alternating cold contexts: the assessment (first visit, submits, instant navigation, then a new tab),
    then the bare runtime (first visit, then a new tab)."""
    samples = BrowserSamples()
    for repeat in range(repeats):
        with _context(browser) as context:
            count_bytes = _first_visit_bytes(context) if repeat == 0 else None
            page = context.new_page()
            page.goto(base_url + pages.first)
            samples.engine_first.append(float(_engine_ready(page)["at"]))
            if count_bytes is not None:
                page.wait_for_load_state("networkidle")
                samples.first_visit_bytes, samples.first_visit_requests = count_bytes()
            samples.submit_painted += _submit_samples(page, submits, seed=repeat)
            _navigate_to(page, pages.second)
            arrived = _engine_ready(page, pages.second_rubric)
            samples.navigation_ready.append(float(arrived["painted"]) - float(arrived["navigated"]))
            samples.long_tasks += [float(value) for value in page.evaluate("() => window.__btBench.longTasks")]
            samples.long_frames += [
                {**frame, "cause": frame_cause(frame, base_url)}
                for frame in page.evaluate("() => window.__btBench.frames")
            ]
            _wait_for_snapshot(page, base_url)
            returning = context.new_page()
            returning.goto(base_url + pages.first)
            samples.engine_returning.append(float(_engine_ready(returning)["at"]))
        with _context(browser) as context:
            page = context.new_page()
            page.goto(base_url + pages.bare)
            samples.bare_first.append(_bare_ready(page))
            returning = context.new_page()
            returning.goto(base_url + pages.bare)
            samples.bare_returning.append(_bare_ready(returning))
        progress(
            f"browser {repeat + 1}/{repeats}: engine ready {samples.engine_first[-1]:.0f} ms "
            f"(returning {samples.engine_returning[-1]:.0f}), bare loadPyodide {samples.bare_first[-1]:.0f} ms "
            f"(returning {samples.bare_returning[-1]:.0f}), second page {samples.navigation_ready[-1]:.0f} ms"
        )
    return samples


def frame_cause(frame: dict[str, Any], origin: str) -> str:
    """Whose work took most of a long animation frame: "ours" (our scripts, with the style and layout they
    forced), "others" (Material's, Pyodide's or another origin's scripts) or "browser" (the rest of the frame:
    parsing, style, layout and paint outside any script, and scripts under the 5 ms the API names)."""
    ours = others = 0.0
    for script in frame["scripts"]:
        url = str(script.get("url") or "")
        if url.startswith(origin) and not OTHERS_SCRIPTS.search(url):
            ours += float(script["duration"])
        else:
            others += float(script["duration"])
    browser = float(frame["duration"]) - ours - others
    return max((ours, "ours"), (others, "others"), (browser, "browser"))[1]


def _frame_text(frame: dict[str, Any]) -> str:
    """The longest script of a frame, as the report names it: file, what called it, how long."""
    script = max(frame["scripts"], key=lambda entry: float(entry["duration"]), default=None)
    if script is None:
        return f"{frame['duration']:.0f} ms, no script named"
    name = str(script.get("url") or "").rsplit("/", 1)[-1] or "(no file)"
    invoker = script.get("invoker") or ""
    return f"{frame['duration']:.0f} ms: {name} {invoker} {float(script['duration']):.0f} ms"


def figures(samples: BrowserSamples, pages: Pages) -> list[Figure]:
    submit = Spread.of(samples.submit_painted)
    p95 = percentile(samples.submit_painted, 0.95)
    navigation = Spread.of(samples.navigation_ready)
    longest = max(samples.long_tasks, default=0.0)
    own = sorted((frame for frame in samples.long_frames if frame["cause"] == "ours"), key=lambda f: -f["duration"])
    others = sorted((frame for frame in samples.long_frames if frame["cause"] != "ours"), key=lambda f: -f["duration"])
    where = f"{pages.first}; ready = the page's section says ready, from navigation start"
    return [
        ratio_figure(
            "engine_first_visit_vs_bare",
            "engine ready, first visit / bare loadPyodide()",
            samples.engine_first,
            samples.bare_first,
            0.8,
            where,
        ),
        ratio_figure(
            "engine_returning_vs_bare",
            "engine ready, returning reader (new tab) / bare loadPyodide()",
            samples.engine_returning,
            samples.bare_first,
            0.2,
            f"baseline: bare first visit; bare in a new tab: {statistics.median(samples.bare_returning):.0f} ms",
        ),
        Figure(
            "submit_to_painted_p95",
            "submit to result painted, p95",
            p95,
            "ms",
            16,
            spread=submit,
            detail=f"median {submit.median:.1f} ms of {submit.count}; from the submit event to the frame after "
            "the result's DOM, inside the page",
            samples=tuple(samples.submit_painted),
        ),
        Figure(
            "submit_to_painted_median",
            "submit to result painted, median",
            submit.median,
            "ms",
            None,
            spread=submit,
            detail="the same samples as the p95",
        ),
        Figure(
            "second_assessment_ready",
            "second assessment page (instant navigation) to ready, median",
            navigation.median,
            "ms",
            50,
            spread=navigation,
            detail=f"click on the link to {pages.second} to its section ready and painted",
            samples=tuple(samples.navigation_ready),
        ),
        Figure(
            "longest_own_long_frame",
            "longest main-thread frame caused by our code during boot, scoring and navigation",
            own[0]["duration"] if own else 0.0,
            "ms",
            50,
            detail=f"{len(own)} of {len(samples.long_frames)} long animation frames (over 50 ms) spent most of their "
            f"time in our scripts; longest: {'; '.join(_frame_text(frame) for frame in own[:3]) or 'none'}",
            samples=tuple(frame["duration"] for frame in own),
        ),
        Figure(
            "longest_main_thread_task",
            "longest main-thread task during boot, scoring and navigation, whoever's code",
            longest,
            "ms",
            None,
            detail=f"{len(samples.long_tasks)} long tasks (over 50 ms) in all; the longest frames not caused by our "
            f"code: {'; '.join(f'{_frame_text(frame)} ({frame["cause"]})' for frame in others[:3]) or 'none'}",
            samples=tuple(samples.long_tasks),
        ),
        Figure(
            "assessment_first_visit_bytes",
            "assessment page, first visit, bytes transferred (compressed)",
            samples.first_visit_bytes / 1000,
            "KB",
            None,
            detail=f"{samples.first_visit_requests} requests, headers included, until the network is idle",
        ),
    ]
