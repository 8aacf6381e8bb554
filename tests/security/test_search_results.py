"""Search results are inert: on the hostile site (a payload in every title and interface string), served
without any Content-Security-Policy, what the search shows is text — titles and excerpts with the payloads
written out, Pagefind's <mark> the only markup — and nothing runs, whatever is hovered, focused or clicked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

from build_tools.serve import SiteServer
from tests.security.hostile_site import LANGUAGE
from tests.security.payloads import TEXT_PAYLOADS
from tests.security.test_in_browser import _PROVOKE

pytestmark = pytest.mark.browser

# Words of the payloads and of the poisoned titles: each query's results carry payloads in their texts.
QUERIES = ("managing", "script", "img", "marketing", "onerror")
# What the results list may hold: the list's items, the links, their title and excerpt, the matches.
ALLOWED_TAGS = {"LI", "A", "SPAN", "MARK"}


@pytest.fixture
def unprotected_page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context: BrowserContext = browser.new_context(bypass_csp=True)
    page = context.new_page()
    alerts: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        alerts.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page, alerts
    context.close()


def test_hostile_titles_and_excerpts_in_search_results_stay_text(
    unprotected_page: tuple[Page, list[str]], hostile_server: SiteServer
) -> None:
    page, alerts = unprotected_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{hostile_server.url}{LANGUAGE}/")
    toggle = page.locator("[data-bt-search-toggle]")
    toggle.click()
    box = page.locator("[data-bt-search-input]")
    results = page.locator("[data-bt-search-results]")
    shown_payloads: set[str] = set()
    for query in QUERIES:
        if not box.is_visible():  # the provoked clicks below land outside the panel, which closes it
            toggle.click()
        box.fill("")
        expect(results.locator("a")).to_have_count(0)
        box.fill(query)
        expect(results.locator("a").first).to_be_visible()
        tags = results.evaluate("(list) => [...list.querySelectorAll('*')].map((node) => node.tagName)")
        assert set(tags) <= ALLOWED_TAGS, (query, sorted(set(tags)))
        for link in results.locator("a").all():
            href = link.get_attribute("href") or ""
            assert href.startswith(f"{hostile_server.url}{LANGUAGE}/"), href
            link.hover()
            link.focus()
        texts = results.locator(".bt-search__title, .bt-search__excerpt").all_text_contents()
        shown_payloads |= {payload for payload in TEXT_PAYLOADS for text in texts if payload in text}
        assert page.evaluate(_PROVOKE) == [], query
    # The payloads that look like markup are shown as the characters written.
    assert {payload for payload in shown_payloads if "<" in payload}, shown_payloads
    # The live region's texts come from the (poisoned) interface strings: text too.
    if not box.is_visible():
        toggle.click()
    box.fill("qxzqxzqxz")
    none = (page.locator("[data-bt-search]").get_attribute("data-bt-none") or "").replace("{query}", "qxzqxzqxz")
    assert any(payload in none for payload in TEXT_PAYLOADS), none
    expect(page.locator("[data-bt-search-status]")).to_have_text(none)
    assert page.locator("[data-bt-search-status] *").count() == 0
    assert alerts == []
    assert errors == []
