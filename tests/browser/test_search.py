"""Search with the service worker: after a query with the network on, the same query answers offline from
the chunks the worker kept as they were fetched; the rest of the index is not fetched in advance."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .test_offline import KEPT, LANGUAGE, manifest
from .test_site import search

pytestmark = pytest.mark.browser

# A word of one article per language (the search-quality cases of test_site.py).
QUERY = {"pl": "środowisko", "fr": "recrutement", "zh": "转介绍", "en": "manager"}


def _kept_search_files(page: Page) -> list[str]:
    """The search files in the service worker's caches."""
    return list(
        page.evaluate("""async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls.filter((url) => url.includes("/pagefind/"));
    }""")
    )


def _hrefs(page: Page, query: str) -> list[str]:
    results = search(page, LANGUAGE, query)
    expect(results.first).to_be_visible()
    return [link.get_attribute("href") or "" for link in results.all()]


def test_search_answers_offline_the_words_already_looked_up(
    context: BrowserContext, page: Page, base_url: str, site_dir: Path
) -> None:
    query = QUERY[LANGUAGE]
    page.goto(f"{base_url}{LANGUAGE}/")
    expect(page.locator(KEPT)).to_be_attached(timeout=30_000)
    page.reload()  # the worker controls pages from their next load on
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    online = _hrefs(page, query)

    kept = {url.removeprefix(base_url) for url in _kept_search_files(page)}
    listed = {path for path in manifest(site_dir)["languages"][LANGUAGE] if "/pagefind/" in path}
    assert f"{LANGUAGE}/pagefind/pagefind-entry.json" in kept, sorted(kept)
    fragments = {path for path in listed if "/fragment/" in path}
    kept_fragments = kept & fragments
    # The fragments of the results shown, not every page's: the index is not downloaded in advance.
    assert 0 < len(kept_fragments) < len(fragments), (len(kept_fragments), len(fragments))

    context.set_offline(True)
    page.reload()
    assert _hrefs(page, query) == online
