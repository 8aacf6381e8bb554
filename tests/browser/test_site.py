"""The site in Chromium: every language renders, the switcher keeps the page, search works per language,
nothing leaves the local server, and axe finds no violations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Request, expect

from build_tools import files as fs
from build_tools.project import read_registry

from .conftest import axe_violations, describe

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = read_registry(ROOT)
# Each language's home is titled with the site's name in that language (its interface strings).
LOCALES = {code: locale.data for code, locale in fs.read_locales(ROOT, REGISTRY.language_codes).items()}
HOMES = {code: str(strings["site_name"]) for code, strings in LOCALES.items()}
ARTICLE = "articles/what-a-sales-manager-does/"
# A browser language the site does not have: the root page lets the reader choose.
ELSEWHERE = next(tag for tag in ("de-DE", "es-ES", "it-IT", "ja-JP") if tag[:2] not in REGISTRY.language_codes)


@pytest.mark.parametrize("language", list(HOMES))
def test_home_renders_in_its_language(page: Page, base_url: str, language: str) -> None:
    page.goto(f"{base_url}{language}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page).to_have_title(re.compile(re.escape(HOMES[language])))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation").first).to_be_visible()


@pytest.mark.parametrize(
    ("locale", "expected"),
    # Every other language, by its code with a region (the root looks at the language part) and without.
    [
        *(
            (f"{code}-{code.upper()}" if index % 2 else code, f"{code}/")
            for index, code in enumerate(REGISTRY.language_codes)
            if code != REGISTRY.default_language
        ),
        (ELSEWHERE, ""),
    ],
)
def test_root_sends_the_reader_to_their_browser_language(
    browser: Browser, base_url: str, locale: str, expected: str
) -> None:
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(base_url)
    expect(page).to_have_url(f"{base_url}{expected}")
    if not expected:  # a language the site does not have: the reader chooses from the list, each in its language
        for code in REGISTRY.language_codes:
            link = page.locator(f'a[data-bt-language="{code}"]')
            expect(link).to_be_visible()
            expect(link).to_have_text(LOCALES[code]["root"]["go"])
    context.close()


def test_root_remembers_the_language_chosen_in_the_switcher(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}en/{ARTICLE}")
    _switch_to(page, "Polski")
    expect(page).to_have_url(f"{base_url}pl/{ARTICLE}")
    page.goto(base_url)
    expect(page).to_have_url(f"{base_url}pl/")


def _material_string(language: str, key: str) -> str:
    """One of Material's own interface strings (its translations ship as template partials)."""
    import material

    partial = Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{language}.html"
    match = re.search(rf'"{re.escape(key)}": "([^"]*)"', partial.read_text(encoding="utf-8"))
    assert match, f"Material has no {key} for {language}"
    return match.group(1)


def search(page: Page, language: str, query: str) -> Locator:
    """Enter a query once Material's search worker has its index (a query entered earlier is dropped)."""
    meta = page.locator(".md-search-result__meta")
    expect(meta).not_to_have_text(_material_string(language, "search.result.initializer"), timeout=15_000)
    box = page.get_by_role("textbox", name=_material_string(language, "search.placeholder"))
    box.click()
    box.fill(query)
    box.press("End")  # fill() sends no key event; Material runs the query on key events
    return page.locator(".md-search-result__item a")


def _switch_to(page: Page, language_name: str) -> None:
    switcher = page.locator(".bt-switcher")
    switcher.get_by_role("button").hover()
    switcher.get_by_role("link", name=language_name).click()


def test_switcher_lands_on_the_same_page(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}en/{ARTICLE}")
    _switch_to(page, "Français")
    expect(page).to_have_url(f"{base_url}fr/{ARTICLE}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    _switch_to(page, "简体中文")
    expect(page).to_have_url(f"{base_url}zh/{ARTICLE}")


def test_switcher_on_a_missing_page_leads_to_each_language_home(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}pl/no-such-page/")
    _switch_to(page, "Français")
    expect(page).to_have_url(f"{base_url}fr/")


def test_switcher_follows_instant_navigation(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}en/")
    page.evaluate("window.__bt_marker = 'still the same document'")
    page.get_by_role("navigation").get_by_role("link", name="Articles").first.click()
    expect(page).to_have_url(f"{base_url}en/articles/")
    assert page.evaluate("window.__bt_marker") == "still the same document", "instant navigation is on"
    _switch_to(page, "Polski")
    expect(page).to_have_url(f"{base_url}pl/articles/")


@pytest.mark.parametrize(
    ("language", "query", "expected_page"),
    [
        # Words that occur only inside running sentences, never alone in a title or heading: found only if
        # the index is segmented (jieba for Chinese) and Polish diacritics survive indexing.
        ("zh", "转介绍", "articles/what-a-sales-manager-does/"),
        ("pl", "środowisko", "articles/what-a-sales-manager-does/"),
        ("fr", "recrutement", "articles/hiring-and-promoting-sales-managers/"),
    ],
)
def test_search_finds_words_in_the_language(
    page: Page, base_url: str, language: str, query: str, expected_page: str
) -> None:
    page.goto(f"{base_url}{language}/")
    results = search(page, language, query)
    expect(results.first).to_be_visible()
    hrefs = [link.get_attribute("href") or "" for link in results.all()]
    assert any(expected_page in href for href in hrefs), hrefs


def test_every_request_stays_on_the_local_server(page: Page, base_url: str, requests_seen: list[Request]) -> None:
    for path in ("", "en/", f"en/{ARTICLE}", "zh/", "fr/glossary/", "pl/about/", "en/no-such-page/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    outside = [
        request.url
        for request in requests_seen
        if not request.url.startswith(base_url) and not request.url.startswith("data:")
    ]
    assert requests_seen and not outside, outside


@pytest.mark.parametrize("path", ["en/", f"zh/{ARTICLE}", "fr/glossary/", "pl/translation-status/", "en/404.html", ""])
def test_axe_finds_no_violations(page: Page, base_url: str, axe_script: Path, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)


def test_axe_finds_no_violations_with_search_open_in_dark_mode(page: Page, base_url: str, axe_script: Path) -> None:
    page.emulate_media(color_scheme="dark")
    # Play animations at a quarter speed, as on a loaded CI machine: the results' fade-in is still running
    # when they become visible, and the check must measure the settled colours, not a frame of the fade.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Animation.enable")
    cdp.send("Animation.setPlaybackRate", {"playbackRate": 0.25})
    page.goto(f"{base_url}en/")
    expect(search(page, "en", "manager").first).to_be_visible()
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)
