"""The service worker: after one visit, every page of the reader's language opens and every assessment scores
with the network off; a new build replaces the cache; nothing with answers is stored; without service
workers the site works as before."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from build_tools import runtime_bundle
from build_tools.serve import SiteServer

from .test_assessments import (
    ASSESSMENTS,
    BOOT_TIMEOUT,
    REGISTRY,
    assert_same_result,
    click_answers,
    engine_result,
    made_up_answers,
    page_url,
    strings,
    structure,
)

pytestmark = pytest.mark.browser

LANGUAGE = REGISTRY.language_codes[-1]  # not the default: the language a reader chose
KEPT = "html[data-bt-offline=ready]"


def manifest(site_dir: Path) -> dict[str, Any]:
    text = (site_dir / runtime_bundle.SERVICE_WORKER).read_text(encoding="utf-8")
    first_line = text.split("\n", 1)[0]
    return dict(json.loads(first_line.removeprefix("self.BT_SERVICE_WORKER = ").removesuffix(";")))


# The engine's memory snapshot's cache and entry, as the worker's module names them (given the site's root URL).
SNAPSHOT_ENTRY = """async (root) => {
  const snapshot = await import(new URL("runtime/engine-snapshot.mjs", root).href);
  return {cache: snapshot.SNAPSHOT_CACHE, url: new URL(`runtime/pyodide/${snapshot.SNAPSHOT_ENTRY}`, root).href};
}"""


def cached_urls(page: Page, base_url: str) -> list[str]:
    """What the service worker stored; the engine's snapshot cache (tests/browser/test_engine_snapshot.py)
    may hold its one entry and nothing else."""
    entry = page.evaluate(SNAPSHOT_ENTRY, base_url)
    return list(
        page.evaluate(
            """async (entry) => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) {
          if (name !== entry.cache || request.url !== entry.url) urls.push(request.url);
        }
      }
      return urls;
    }""",
            entry,
        )
    )


def cache_names(page: Page, root: str) -> list[str]:
    """The service worker's caches: the engine's snapshot cache is the engine's own, kept across builds that
    leave the runtime unchanged (its key is the runtime's hashes)."""
    snapshot_cache = page.evaluate(SNAPSHOT_ENTRY, root)["cache"]
    return [name for name in page.evaluate("caches.keys()") if name != snapshot_cache]


def visit_once(page: Page, base_url: str) -> None:
    page.goto(page_url(base_url, LANGUAGE, ASSESSMENTS[0]))
    expect(page.locator(KEPT)).to_be_attached(timeout=BOOT_TIMEOUT)


def score(page: Page, site_dir: Path, rubric_id: str) -> None:
    rubric = structure(site_dir, LANGUAGE, rubric_id)
    indexes = made_up_answers(rubric, f"offline/{rubric_id}")
    click_answers(page, indexes)
    page.get_by_role("button", name=strings(LANGUAGE)["submit"], exact=True).click()
    expect(page.locator(".bt-result--shown")).to_be_visible(timeout=BOOT_TIMEOUT)
    assert_same_result(page, engine_result(site_dir, LANGUAGE, rubric_id, indexes), LANGUAGE)


def test_after_one_visit_every_page_opens_and_every_assessment_scores_offline(
    context: BrowserContext, page: Page, base_url: str, site_dir: Path
) -> None:
    visit_once(page, base_url)
    context.set_offline(True)
    pages = [path for path in manifest(site_dir)["languages"][LANGUAGE] if path.endswith("index.html")]
    assert len(pages) > 5
    for path in pages:
        opened = context.new_page()
        response = opened.goto(base_url + path.removesuffix("index.html"))
        assert response is not None and response.ok, path
        expect(opened.locator("h1").first).to_be_visible()
        opened.close()
    for rubric_id in ASSESSMENTS:
        opened = context.new_page()
        opened.goto(page_url(base_url, LANGUAGE, rubric_id))
        score(opened, site_dir, rubric_id)
        opened.close()
    # Nothing stored that the manifest does not list: no query, no fragment, no answers.
    listed = {
        base_url + path
        for group in [manifest(site_dir)["shared"], *manifest(site_dir)["languages"].values()]
        for path in group
    }
    stored = cached_urls(page, base_url)
    assert stored and set(stored) <= listed, sorted(set(stored) - listed)[:5]
    assert not [url for url in stored if "?" in url or "#" in url]


@pytest.fixture
def copied_site(site_dir: Path, tmp_path: Path) -> Iterator[SiteServer]:
    """A copy of the site on a server of its own, which the test may rebuild."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    with SiteServer(copy) as server:
        yield server


def test_a_new_build_replaces_the_cache(context: BrowserContext, page: Page, copied_site: SiteServer) -> None:
    site = copied_site.site_dir
    visit_once(page, copied_site.url)
    first = manifest(site)["version"]
    assert cache_names(page, copied_site.url) == [f"breakthrough-{first}"]
    # A new build: one page changed, the service worker written again from the finished site.
    home = site / LANGUAGE / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</body>", "<p>rebuilt</p></body>"), encoding="utf-8")
    runtime_bundle.write_service_worker(site)
    second = manifest(site)["version"]
    assert second != first
    page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.update())")
    # The new worker installs, takes over and deletes the old cache; waited for in the page (30 s at most).
    snapshot_cache = page.evaluate(SNAPSHOT_ENTRY, copied_site.url)["cache"]
    names = page.evaluate(
        """async ([wanted, snapshotCache]) => {
      const limit = Date.now() + 30000;
      const workerCaches = async () => (await caches.keys()).filter((name) => name !== snapshotCache);
      let names = await workerCaches();
      while (!(names.length === 1 && names[0] === wanted) && Date.now() < limit) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        names = await workerCaches();
      }
      return names;
    }""",
        [f"breakthrough-{second}", snapshot_cache],
    )
    assert names == [f"breakthrough-{second}"]
    page.reload()
    expect(page.locator(KEPT)).to_be_attached(timeout=BOOT_TIMEOUT)
    context.set_offline(True)
    page.goto(f"{copied_site.url}{LANGUAGE}/")
    expect(page.get_by_text("rebuilt")).to_be_visible()


def test_without_service_workers_the_site_works(browser: Browser, base_url: str, site_dir: Path) -> None:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_url(base_url, LANGUAGE, ASSESSMENTS[-1]))
    score(page, site_dir, ASSESSMENTS[-1])
    expect(page.locator(KEPT)).to_have_count(0)
    assert not errors
    context.close()
