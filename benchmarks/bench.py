"""`make bench`: every figure of the site's speed as a ratio to its floor measured in the same run, or with
its budget from the issue, with repeats, medians and spread; never checked by timed test assertions.

Writes benchmarks/results.json and benchmarks/report.md (machine, versions, date) and prints one line per
figure, PASS or OVER its budget. Options: ``--repeats`` (alternating runs per ratio, at least 5),
``--submits`` (per repeat), ``--lighthouse-runs``, ``--skip`` (build, browser, lighthouse, checks, scaling),
``--strict`` (exit 1 when a figure is over its budget).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import browser_timing, build_timing, hostile_growth, lighthouse, scaling
from benchmarks.figures import Figure
from benchmarks.report import console_lines, environment, markdown_report, results_json
from build_tools import files as fs
from build_tools.project import read_registry
from build_tools.serve import SiteServer
from build_tools.site_builder import build_site

ROOT = fs.find_project_root(Path(__file__).resolve().parent)
OUTPUT = ROOT / "benchmarks"
PARTS = ("build", "browser", "lighthouse", "checks", "scaling")


# The folder (inside the run's temporary one) of the site the browser and Lighthouse parts are served; the
# timed builds write elsewhere (build_timing), so it is the site built for the served URL throughout.
SERVED_SITE = "site"


def progress(message: str) -> None:
    print(f"      {message}", file=sys.stderr, flush=True)


def assessment_pages(root: Path) -> browser_timing.Pages:
    registry = read_registry(root)
    language = registry.default_language
    first, second = sorted(registry.assessment_ids)[:2]
    return browser_timing.Pages(
        first=f"{language}/assessments/{first}/",
        second=f"{language}/assessments/{second}/",
        second_rubric=second,
        bare="",
    )


def lighthouse_targets(root: Path) -> list[lighthouse.Target]:
    """An article and an assessment page in the default language and in the next one of the registry: an
    article the second language has translated, so both pages are its own."""
    registry = read_registry(root)
    languages = list(registry.language_codes)[:2]
    own = [{path.name for path in (root / "docs" / code / "articles").glob("*.md")} for code in languages]
    articles = sorted(set.intersection(*own) - {"index.md"})
    article = articles[0] if articles else sorted(own[0] - {"index.md"})[0]
    assessment = sorted(registry.assessment_ids)[0]
    return [
        target
        for code in languages
        for target in (
            lighthouse.Target("article", code, f"{code}/articles/{article.removesuffix('.md')}/"),
            lighthouse.Target("assessment", code, f"{code}/assessments/{assessment}/"),
        )
    ]


def timed(name: str, part: Callable[[], list[Figure]], notes: list[str], took: dict[str, float]) -> list[Figure]:
    """The figures of one part; a part that fails is reported as a note and the others still run. ``took``
    gets the part's wall time (the report's notes list them: what makes `make bench` slower shows)."""
    started = time.perf_counter()
    progress(f"{name} ...")
    try:
        found = part()
    except Exception as error:  # one broken part must not lose the figures of the others
        notes.append(f"{name} not measured: {type(error).__name__}: {str(error)[:500]}")
        progress(f"{name} FAILED: {error}")
        found = []
    took[name] = time.perf_counter() - started
    progress(f"{name}: {took[name]:.0f} s")
    return found


def prepared(root: Path, folder: Path, site_dir: Path, site_url: str | None, corpora: bool) -> dict[int, Path] | None:
    """Untimed preparation, before anything is timed: the site the browser parts are served (when ``site_url``)
    and, meanwhile in another process, the scaling part's synthetic corpora (when ``corpora``). Both at once:
    nothing is timed while they run, and a timed part never runs beside them."""
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        writing = pool.submit(scaling.prepare, root, folder / "scaling") if corpora else None
        if site_url is not None:
            build_site(root, site_dir, site_url=site_url)
        return writing.result() if writing is not None else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="alternating runs per ratio (default 5)")
    parser.add_argument("--submits", type=int, default=8, help="submits timed per repeat (default 8: 40 in all)")
    # One run per page moved a score by up to 5 points between two bench runs an hour apart (the host's
    # benchmark index 1,220-2,250 here): a budget a few points wide needs a median.
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--skip", action="append", choices=PARTS, default=[], help="leave a part out")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder for results.json and report.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a figure is over its budget")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    chromium = shutil.which("chromium")
    figures: list[Figure] = []
    notes: list[str] = []
    took: dict[str, float] = {}
    served = chromium is not None and not {"browser", "lighthouse"} <= set(args.skip)
    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        folder = Path(temporary)
        site_dir = folder / SERVED_SITE
        server = SiteServer(site_dir)  # bound now: the site is built for the URL it is served at
        progress("preparation (the served site, the synthetic corpora; untimed) ...")
        corpora = prepared(ROOT, folder, site_dir, server.url if served else None, "scaling" not in args.skip)
        took["preparation"] = time.perf_counter() - started
        if "build" not in args.skip:
            figures += timed(
                "build", lambda: build_timing.measure_build(ROOT, folder, args.repeats, progress), notes, took
            )
        if "checks" not in args.skip:
            figures += timed("check growth", lambda: hostile_growth.measure(ROOT, args.repeats, progress), notes, took)
        with server:
            if "browser" not in args.skip and chromium:
                pages = assessment_pages(ROOT)
                pages = browser_timing.Pages(
                    pages.first, pages.second, pages.second_rubric, browser_timing.write_bare_page(site_dir)
                )
                figures += timed("browser", lambda: browser_figures(chromium, server.url, pages, args), notes, took)
            if "lighthouse" not in args.skip and chromium:
                figures += timed(
                    "lighthouse",
                    lambda: lighthouse.measure(
                        ROOT,
                        chromium,
                        server.url,
                        lighthouse_targets(ROOT),
                        args.lighthouse_runs,
                        folder,
                        progress,
                        notes,
                    ),
                    notes,
                    took,
                )
        if not chromium:
            notes.append("browser and Lighthouse figures not measured: chromium is not installed")
        if "scaling" not in args.skip:
            figures += timed("scaling", lambda: scaling.figures(ROOT, folder, progress, corpora), notes, took)
    parts = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in took.items())
    notes.append(f"make bench took {(time.perf_counter() - started) / 60:.1f} min: {parts}")
    env = environment(ROOT, chromium)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "results.json").write_text(results_json(figures, env, notes), encoding="utf-8")
    (args.output / "report.md").write_text(markdown_report(figures, env, notes), encoding="utf-8")
    for line in console_lines(figures):
        print(line)
    for note in notes:
        print(f"note  {note}")
    over = [figure for figure in figures if figure.verdict == "OVER"]
    budgeted = [figure for figure in figures if figure.budget is not None]
    print(f"bench: {len(budgeted) - len(over)} of {len(budgeted)} figures within budget; {args.output / 'report.md'}")
    return 1 if over and args.strict else 0


def browser_figures(
    chromium: str, base_url: str, pages: browser_timing.Pages, args: argparse.Namespace
) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=browser_timing.CHROMIUM_ARGS)
        try:
            samples = browser_timing.measure(browser, base_url, pages, args.repeats, args.submits, progress)
        finally:
            browser.close()
    return browser_timing.figures(samples, pages)


if __name__ == "__main__":
    sys.exit(main())
