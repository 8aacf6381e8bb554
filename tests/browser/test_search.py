"""Search fetches little: a query lists a first batch of results and fetches only their pages' fragments, the
"more results" button lists (and fetches) the next batch, by mouse or keyboard, announced and focused; with
the service worker, the same query answers offline from the chunks the worker kept as they were fetched; the
rest of the index is not fetched in advance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, Request, expect

from .test_offline import KEPT, LANGUAGE, manifest
from .test_site import REGISTRY, search, search_strings

pytestmark = pytest.mark.browser

# A word of one article per language (the search-quality cases of test_site.py).
QUERY = {"pl": "środowisko", "fr": "recrutement", "zh": "转介绍", "en": "manager"}
# A word of (nearly) every page per language: more results than one batch lists.
COMMON = {"pl": "kierownik", "fr": "responsable", "zh": "销售", "en": "sales"}


def _fragments_fetched(page: Page) -> list[str]:
    """The fragment addresses the page (or Pagefind's worker) has requested, as they come."""
    fetched: list[str] = []

    def seen(request: Request) -> None:
        if "/pagefind/fragment/" in request.url:
            fetched.append(request.url)

    page.context.on("request", seen)
    return fetched


def _counts(status: Locator, template: str) -> tuple[int, int]:
    """(pages found, pages listed) read from the status, written with the language's "some" string."""
    pattern = re.escape(template).replace(r"\{count\}", r"(?P<count>\d+)").replace(r"\{shown\}", r"(?P<shown>\d+)")
    found = re.fullmatch(pattern, status.text_content() or "")
    assert found, (status.text_content(), template)
    return int(found["count"]), int(found["shown"])


@pytest.mark.parametrize("language", REGISTRY.language_codes)
def test_more_results_lists_the_next_batch_on_request(page: Page, base_url: str, language: str) -> None:
    strings = search_strings(language)
    page.goto(f"{base_url}{language}/")
    fetched = _fragments_fetched(page)
    links = search(page, language, COMMON[language])
    status = page.get_by_role("status")
    more = page.get_by_role("button", name=strings["more"], exact=True)
    expect(more).to_be_visible()
    expect(status).to_have_text(re.compile(r"\d.*\d"))  # "found: {count}, {shown} listed", in the language
    total, shown = _counts(status, strings["some"])
    assert 0 < shown < total, (shown, total)
    expect(links).to_have_count(shown)
    # Only the listed results' fragments are fetched: not one per page found.
    assert len(set(fetched)) == shown, fetched
    expect(more).to_have_attribute("aria-controls", "bt-search-results")

    more.click()
    expect(links.nth(shown)).to_be_focused()  # the first result added, so reading goes on from there
    listed = links.count()
    assert shown < listed <= total
    expect(status).to_contain_text(str(listed))
    assert len(set(fetched)) == listed, fetched


def test_more_results_by_keyboard_until_every_result_is_listed(page: Page, base_url: str) -> None:
    """The arrow keys reach the button after the last result, Enter lists the next batch and moves the focus
    into it; once every result is listed the button goes and the status gives the full count."""
    language = REGISTRY.default_language
    strings = search_strings(language)
    page.goto(f"{base_url}{language}/")
    links = search(page, language, COMMON[language])
    status = page.get_by_role("status")
    more = page.get_by_role("button", name=strings["more"], exact=True)
    expect(more).to_be_visible()
    total, shown = _counts(status, strings["some"])
    for _ in range(shown):
        page.keyboard.press("ArrowDown")
    expect(links.nth(shown - 1)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(more).to_be_focused()
    page.keyboard.press("Enter")
    expect(links.nth(shown)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(shown - 1)).to_be_focused()
    while more.is_visible():
        listed = links.count()
        more.focus()
        page.keyboard.press("Enter")
        expect(links.nth(listed)).to_be_focused()
    expect(links).to_have_count(total)
    expect(status).to_have_text(strings["found"].replace("{count}", str(total)))
    # A new query starts again from the first batch.
    box = page.get_by_role("searchbox", name=strings["label"])
    box.fill(QUERY[language])
    expect(more).to_be_hidden()
    box.fill(COMMON[language])
    expect(links).to_have_count(shown)
    expect(more).to_be_visible()


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
