"""Flat cost to a thousand articles: the site built with 50, 250 and 1,000 synthetic articles per language.

``measure`` builds each corpus in a copy of the project and returns the figures as a dict (per-page build
time and page weight at the largest corpus ÷ the smallest, search bytes a reader fetches to answer one
query with Pagefind — counted in Chromium at the largest corpus, bounded from the files at each — the
build's time with the search index ÷ without it); ``figures`` turns them into
`make bench` lines with the issue's budgets. Builds use the project's own ``build_site`` (every language,
parallel processes, no runtime: the scaling is in pages, not in Pyodide).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.synthetic_corpus import SLUG, WORDS, write_corpus
from build_tools import files as fs
from build_tools.project import read_registry
from build_tools.search_index import BUNDLE_DIR, index_language
from build_tools.site_builder import build_site

if TYPE_CHECKING:
    from benchmarks.figures import Figure

COUNTS = (50, 250, 1000)
SITE_URL = "http://127.0.0.1:8000/"
BUILD_TIME_BUDGET = 1.2  # per-page build time at 1,000 ÷ at 50 (issue 10)
PAGE_WEIGHT_BUDGET = 1.3  # an article page's bytes at 1,000 ÷ at 50
_ROOT = Path(__file__).resolve().parents[1]
SEARCH_BYTES_BUDGET = 300_000  # bytes fetched to answer one query at 1,000 articles per language


def _copy_project(target: Path) -> Path:
    """A fresh copy of this checkout's sources (the tests' own copy, with the same file list)."""
    from tests.sitebuild.project_copy import copy_project

    if target.exists():
        fs.remove_tree(target)
    return copy_project(target)


def _html_pages(site: Path, language: str) -> int:
    return sum(1 for _ in (site / language).rglob("*.html"))


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


# Pagefind: what one query fetches, at most — the loader and its worker, the language's WebAssembly and
# metadata, the largest word chunk (a one-word query needs one) and the largest result fragments (the header's
# search fetches the fragments of the results it lists: a first batch, the next only on request). Its .pf_*
# and .pagefind files are gzip already; the rest is counted gzipped, as a static host serves it.
SEARCH_SCRIPT = _ROOT / "build_tools" / "theme" / "assets" / "javascripts" / "search.js"


def results_listed_first() -> int:
    """How many results the header's search lists (and fetches the fragments of) for a query: its ``BATCH``."""
    found = re.search(r"^const BATCH = (\d+);$", SEARCH_SCRIPT.read_text(encoding="utf-8"), re.MULTILINE)
    if found is None:
        raise RuntimeError(f"{SEARCH_SCRIPT}: no `const BATCH = <number>;` (the results listed per query)")
    return int(found[1])


def pagefind_query_bytes(bundle: Path, language: str) -> tuple[int, int]:
    """(raw, gzip) upper bound of the bytes Pagefind fetches for one one-word query in ``language``
    (``bundle`` is a language's site/<lang>/pagefind/)."""
    import json

    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    info = entry["languages"][language]
    text = [(bundle / name).read_bytes() for name in ("pagefind-entry.json", "pagefind.js", "pagefind-worker.js")]
    packed = [
        (bundle / f"wasm.{info['wasm'] or 'unknown'}.pagefind").stat().st_size,
        (bundle / f"pagefind.{info['hash']}.pf_meta").stat().st_size,
    ]
    prefix = f"{language}_"
    chunks = [path.stat().st_size for path in (bundle / "index").iterdir() if path.name.startswith(prefix)]
    fragments = sorted(path.stat().st_size for path in (bundle / "fragment").iterdir() if path.name.startswith(prefix))
    packed += [max(chunks), *fragments[-results_listed_first() :]]
    return sum(map(len, text)) + sum(packed), sum(map(_gzip_size, text)) + sum(packed)


def search_query(language: str) -> str:
    """What a reader types, in the synthetic corpus's words: its first two (each in every article: the longest
    lists of pages and positions the index holds, two chunks to fetch, a result per article)."""
    words = WORDS.get(language, WORDS["en"])
    return f"{words[0]} {words[1]}"


def measured_query_bytes(site: Path, languages: Sequence[str], chromium: str) -> dict[str, tuple[int, int]]:
    """Per language, the bytes the site sends in Chromium, as served (gzip), to answer ``search_query`` typed
    into the header's search of the language's home page (a fresh context: nothing cached), then for the next
    batch the "more results" button lists. Every Pagefind file's body is counted; its fetch has completed once
    the results it serves are shown. ``site`` is a whole built site."""
    from playwright.sync_api import Response, sync_playwright

    from benchmarks.browser_timing import CHROMIUM_ARGS
    from build_tools.serve import SiteServer

    found: dict[str, tuple[int, int]] = {}
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for language in languages:
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{server.url}{language}/")
                sent: list[int] = []

                def counted(response: Response, sent: list[int] = sent) -> None:
                    if "/pagefind/" in response.url:  # the body's length as sent: gzip when compressed
                        sent.append(int(response.header_value("content-length") or 0))

                context.on("response", counted)
                page.locator("[data-bt-search-toggle]").click()
                page.locator("[data-bt-search-input]").fill(search_query(language))
                page.locator("[data-bt-search-status]").filter(has_text=re.compile(r"\d")).wait_for(timeout=60_000)
                query = sum(sent)
                links, more = page.locator("[data-bt-search-results] a"), page.locator("[data-bt-search-more]")
                if more.is_visible():  # more results than the first batch lists
                    listed = links.count()
                    more.click()
                    links.nth(listed).wait_for(timeout=60_000)
                found[language] = (query, sum(sent) - query)
                context.close()
        finally:
            browser.close()
    return found


def _reindex_seconds(language_dir: Path, language: str) -> float:
    """Indexing the built language again (the same pages give the same index): what the build spent on it."""
    fs.remove_tree(language_dir / BUNDLE_DIR)
    started = time.perf_counter()
    index_language(language_dir, language)
    return time.perf_counter() - started


def _reindex_all(site: Path, languages: Sequence[str]) -> dict[str, float]:
    """Every language indexed again, as many at a time as the build runs language processes (one per core):
    each Pagefind run shares the machine as it did in the build."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max(1, min(os.cpu_count() or 1, len(languages)))) as pool:
        seconds = {language: pool.submit(_reindex_seconds, site / language, language) for language in languages}
        return {language: future.result() for language, future in seconds.items()}


def prepared_project(root: Path, folder: Path, count: int) -> Path:
    """A copy of the project with ``count`` synthetic articles per language (untimed preparation: `make bench`
    writes every corpus while it builds the site it serves, before anything is timed)."""
    registry = read_registry(root)
    project = _copy_project(folder / f"project-{count}")
    write_corpus(project, count, list(registry.language_codes), registry.default_language)
    return project


def prepare(root: Path, folder: Path, counts: Sequence[int] = COUNTS) -> dict[int, Path]:
    """Every corpus's project (see ``prepared_project``), by count."""
    return {count: prepared_project(root, folder, count) for count in counts}


def _cpu_seconds() -> float:
    """Processor time of this process and of its finished child processes (the language builds)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_corpus(
    root: Path,
    folder: Path,
    count: int,
    progress: Callable[[str], None],
    *,
    project: Path | None = None,
    index_share: bool = True,
) -> dict[str, Any]:
    """Build the project with ``count`` synthetic articles per language (``project``: already written by
    ``prepared_project``); the figures of that one build. ``index_share``: also index every language again
    to know Pagefind's share of the build (only the largest corpus's is reported)."""
    registry = read_registry(root)
    languages = list(registry.language_codes)
    if project is None:
        started = time.perf_counter()
        project = prepared_project(root, folder, count)
        progress(f"{count} articles per language: written in {time.perf_counter() - started:.1f} s")
    site = folder / f"site-{count}"
    cpu_before = _cpu_seconds()
    report = build_site(project, site, site_url=SITE_URL, runtime=False)
    cpu_seconds = _cpu_seconds() - cpu_before
    pages = sum(_html_pages(site, language) for language in languages)
    article = f"articles/{SLUG.format(number=1)}/index.html"
    weights = {language: (site / language / article).read_bytes() for language in languages}
    search = {language: pagefind_query_bytes(site / language / BUNDLE_DIR, language) for language in languages}
    index_seconds = _reindex_all(site, languages) if index_share else {}
    figures: dict[str, Any] = {
        "articles_per_language": count,
        "pages": pages,
        "build_seconds": report.seconds_total,
        "build_ms_per_page": 1000 * report.seconds_total / pages,
        # Processor time of the build and its processes: what other work on the machine disturbs least.
        "build_cpu_ms_per_page": 1000 * cpu_seconds / pages,
        "page_bytes": {language: len(data) for language, data in weights.items()},
        "page_gzip_bytes": {language: _gzip_size(data) for language, data in weights.items()},
        "search_query_bytes": {language: raw for language, (raw, _) in search.items()},
        "search_query_gzip_bytes": {language: packed for language, (_, packed) in search.items()},
        # Pagefind's share of the languages' build processes: their seconds with the index ÷ without it.
        "index_seconds": index_seconds,
        "index_build_ratio": sum(report.seconds_by_language.values())
        / (sum(report.seconds_by_language.values()) - sum(index_seconds.values()))
        if index_seconds
        else None,
    }
    indexing = (
        f", indexing {sum(index_seconds.values()):.1f} s ({figures['index_build_ratio']:.2f}\u00d7 the build"
        " without it)"
        if index_seconds
        else ""
    )
    progress(
        f"{count} articles per language: {pages} pages in {report.seconds_total:.1f} s"
        f" ({figures['build_ms_per_page']:.1f} ms per page), article page"
        f" {max(figures['page_bytes'].values()) / 1000:.0f} KB, search"
        f" {max(figures['search_query_gzip_bytes'].values()) / 1000:.0f} KB per query (compressed){indexing}"
    )
    fs.remove_tree(project)
    return figures


def measure(
    root: Path,
    folder: Path,
    progress: Callable[[str], None] = print,
    counts: Sequence[int] = COUNTS,
    prepared: dict[int, Path] | None = None,
) -> dict[str, Any]:
    """Every corpus size, then the ratios of the largest to the smallest:
    ``build_time_ratio`` (ms per page), ``page_weight_ratio`` (the same article page, worst language),
    ``search_bytes_per_query`` (the largest corpus, worst language; gzip in ``search_gzip_bytes_per_query``).
    ``prepared``: projects already written by ``prepare``, by count."""
    runs = {
        count: measure_corpus(
            root, folder, count, progress, project=(prepared or {}).get(count), index_share=count == max(counts)
        )
        for count in counts
    }
    small, large = runs[min(counts)], runs[max(counts)]
    chromium = shutil.which("chromium")
    measured: dict[str, tuple[int, int]] = {}
    if chromium:
        measured = measured_query_bytes(folder / f"site-{max(counts)}", list(large["page_bytes"]), chromium)
    weight_ratios = {
        language: large["page_bytes"][language] / small["page_bytes"][language] for language in small["page_bytes"]
    }
    return {
        "counts": list(counts),
        "runs": runs,
        "build_time_ratio": large["build_ms_per_page"] / small["build_ms_per_page"],
        "build_cpu_ratio": large["build_cpu_ms_per_page"] / small["build_cpu_ms_per_page"],
        "page_weight_ratio": max(weight_ratios.values()),
        "page_weight_ratios": weight_ratios,
        "search_bytes_per_query": max(large["search_query_bytes"].values()),
        "search_gzip_bytes_per_query": max(large["search_query_gzip_bytes"].values()),
        # Counted in Chromium at the largest corpus (none without a Chromium): per language, the query's
        # bytes and the "more results" batch's.
        "search_measured_bytes": measured,
        "index_build_ratio": large["index_build_ratio"],
    }


def search_figure(found: dict[str, Any], sizes: str, search_sizes: str) -> Figure:
    """Bytes one query costs at the largest corpus, worst language: counted in Chromium when there is one,
    else the bound from the files."""
    from benchmarks.figures import Figure

    measured: dict[str, tuple[int, int]] = found["search_measured_bytes"]
    bound = f"at most (loader, worker, WebAssembly, metadata, the largest word chunk and the {results_listed_first()}"
    bound += f" largest fragments) {search_sizes} KB at {sizes} articles"
    if measured:
        value = max(query for query, _ in measured.values())
        counted = ", ".join(f"{language} {query / 1000:.0f}" for language, (query, _) in measured.items())
        more = ", ".join(f"{language} {batch / 1000:.0f}" for language, (_, batch) in measured.items())
        typed = "; ".join(f"“{search_query(language)}”" for language in measured)
        detail = (
            f"sent to Chromium for a typed two-word query ({typed}), KB: {counted}; the more-results button then,"
            f" KB: {more}; Pagefind's files {bound}"
        )
    else:
        value = found["search_gzip_bytes_per_query"]
        uncompressed = found["search_bytes_per_query"] / 1000
        detail = f"no Chromium to count in: Pagefind's files {bound}; uncompressed {uncompressed:.0f} KB"
    return Figure(
        "scaling.search_bytes_per_query",
        "search bytes fetched for one query at 1,000 articles (worst language, as served: gzip)",
        value / 1000,
        "KB",
        SEARCH_BYTES_BUDGET / 1000,
        detail=detail,
    )


def figures(
    root: Path, folder: Path, progress: Callable[[str], None], prepared: dict[int, Path] | None = None
) -> list[Figure]:
    """The scaling figures of `make bench` (one build per corpus size: a build of 4,000 pages is minutes).
    ``prepared``: the corpora's projects, written beforehand into ``folder``/scaling by ``prepare``."""
    from benchmarks.figures import Figure

    found = measure(root, folder / "scaling", progress, prepared=prepared)
    small, large = found["runs"][min(found["counts"])], found["runs"][max(found["counts"])]
    sizes = " / ".join(str(count) for count in found["counts"])
    per_page = " / ".join(f"{found['runs'][count]['build_ms_per_page']:.1f}" for count in found["counts"])
    search_sizes = " / ".join(
        f"{max(found['runs'][count]['search_query_gzip_bytes'].values()) / 1000:.0f}" for count in found["counts"]
    )
    return [
        Figure(
            "scaling.build_time_per_page",
            f"build time per page, {max(found['counts'])} ÷ {min(found['counts'])} articles per language",
            found["build_time_ratio"],
            "\u00d7",
            BUILD_TIME_BUDGET,
            detail=f"{per_page} ms per page at {sizes} articles per language in {len(small['page_bytes'])} languages;"
            f" processor time per page {found['build_cpu_ratio']:.2f} \u00d7",
        ),
        Figure(
            "scaling.page_weight",
            "article page weight at 1,000 ÷ at 50 articles (worst language)",
            found["page_weight_ratio"],
            "\u00d7",
            PAGE_WEIGHT_BUDGET,
            detail=f"{max(large['page_bytes'].values()) / 1000:.0f} KB vs"
            f" {max(small['page_bytes'].values()) / 1000:.0f} KB",
        ),
        search_figure(found, sizes, search_sizes),
        Figure(
            "scaling.search_index_build_share",
            f"build with the search index ÷ without it, {max(found['counts'])} articles per language",
            found["index_build_ratio"],
            "\u00d7",
            None,
            detail=f"Pagefind indexing {sum(large['index_seconds'].values()):.1f} s (all languages, as many at a"
            f" time as the build runs) in a {large['build_seconds']:.1f} s build",
        ),
    ]


if __name__ == "__main__":
    import argparse
    import json
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counts", type=int, nargs="+", default=list(COUNTS))
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bt-scaling-") as scratch:
        result = measure(_ROOT, args.folder or Path(scratch), counts=args.counts)
    print(json.dumps(result, indent=2))
