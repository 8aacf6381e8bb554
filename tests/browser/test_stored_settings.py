"""Stored settings that are not to be trusted (see test_storage_faults.py): Material's palette, the remembered
language, and site data blocked outright, by the browser's settings or by throwing getters. Whatever is stored,
the pages raise no uncaught error, run nothing from the stored text, discard what they cannot use and say so in
the reader's language; search, the palette toggle and the assessments keep working.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import BrowserType, Page, expect

from tests.example_budget import examples

from .conftest import Watched, watch
from .test_assessments import LANGUAGES, page_url, structure
from .test_site import search
from .test_storage_faults import (
    ARTICLE,
    HUGE,
    JSON_VALUES,
    PAYLOAD,
    RUBRIC,
    STORED_KEYS,
    answer_everything_and_see_the_result,
    locale,
    palette_toggle_works,
    seed,
    storage_key,
    stored,
    stored_texts,
)

pytestmark = pytest.mark.browser


# ------------------------------------------------------------------------------------------ palette, language


CORRUPT_PALETTE: list[tuple[str, str]] = [
    ("not JSON", "{"),
    ("JSON null", "null"),
    ("an index as text", json.dumps({"index": "1", "color": {}})),
    ("an index out of range", json.dumps({"index": 99, "color": {}})),
    (
        "markup in the colours",
        json.dumps({"index": 1, "color": {"media": PAYLOAD, "scheme": PAYLOAD, "primary": "x y", "accent": "z"}}),
    ),
    ("a scheme the site does not offer", json.dumps({"index": 0, "color": {"media": "(prefers-color-scheme)"}})),
    ("huge", json.dumps({"index": 0, "color": {"media": HUGE}})),
]


@pytest.mark.parametrize(("case", "text"), CORRUPT_PALETTE, ids=[case for case, _ in CORRUPT_PALETTE])
def test_a_corrupt_palette_is_discarded_with_a_notice_and_the_toggle_works(
    page: Page, base_url: str, watched: Watched, case: str, text: str
) -> None:
    language = "zh"
    storage, key = storage_key("__palette", base_url, language, 0)
    page.goto(f"{base_url}{language}/{ARTICLE}")
    seed(page, {(storage, key): text})
    page.reload()
    expect(page.locator("[data-bt-discarded=__palette]")).to_have_text(locale(language)["theme"]["palette_discarded"])
    assert stored(page, storage, key) != text  # gone (Material writes the scheme shown at once)
    palette_toggle_works(page, language)
    watched.assert_quiet(page)


def test_a_valid_palette_is_kept_without_a_notice(page: Page, base_url: str, watched: Watched) -> None:
    """The checks take what Material itself writes: the dark scheme chosen survives a reload."""
    page.goto(f"{base_url}en/{ARTICLE}")
    palette_toggle_works(page, "en")
    page.get_by_title(locale("en")["theme"]["to_dark"]).click()
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    expect(page.locator("[data-bt-discarded]")).to_have_count(0)
    watched.assert_quiet(page)


@pytest.mark.parametrize(
    "text", ["constructor", "__proto__", PAYLOAD, HUGE, ""], ids=["constructor", "proto", "markup", "huge", "empty"]
)
def test_a_corrupt_remembered_language_falls_back_to_the_browser_language(
    page: Page, base_url: str, watched: Watched, text: str
) -> None:
    storage, key = storage_key("language", base_url, "en", 0)
    page.goto(f"{base_url}en/")
    seed(page, {(storage, key): text})
    page.goto(base_url)
    expect(page).to_have_url(f"{base_url}en/")
    watched.assert_quiet(page)


# ------------------------------------------------------------------------------------------ storage blocked


# Site data blocked by a page script: both storage getters throw, as Chromium's own blocking makes them.
BLOCKED_STORAGE = """for (const name of ["localStorage", "sessionStorage"]) {
  Object.defineProperty(window, name, {
    get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
  });
}"""


@pytest.fixture
def page_with_site_data_blocked(
    browser_type: BrowserType, browser_type_launch_args: dict[str, Any], tmp_path: Path
) -> Iterator[Page]:
    """Chromium with site data (cookies and storage) blocked in its content settings, as a reader can set it."""
    preferences = {"profile": {"default_content_setting_values": {"cookies": 2}}}  # 2: block
    (tmp_path / "Default").mkdir()
    (tmp_path / "Default" / "Preferences").write_text(json.dumps(preferences), encoding="utf-8")
    context = browser_type.launch_persistent_context(str(tmp_path), **browser_type_launch_args)
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


@pytest.mark.parametrize("blocked_by", ["content settings", "throwing getters"])
def test_with_site_data_blocked_search_palette_and_assessments_work(
    request: pytest.FixtureRequest, base_url: str, site_dir: Path, blocked_by: str
) -> None:
    if blocked_by == "content settings":
        page: Page = request.getfixturevalue("page_with_site_data_blocked")
    else:
        page = request.getfixturevalue("page")
        page.add_init_script(BLOCKED_STORAGE)
    watched = watch(page)
    language = "pl"
    page.goto(f"{base_url}{language}/")
    access = "() => { try { localStorage.length; return 'allowed'; } catch (error) { return error.name; } }"
    assert page.evaluate(access) == "SecurityError"
    expect(search(page, language, "środowisko").first).to_be_visible()
    page.keyboard.press("Escape")
    palette_toggle_works(page, language)
    rubric = structure(site_dir, language, RUBRIC)
    page.goto(page_url(base_url, language, RUBRIC))
    notices = locale(language)["assessment"]["notices"]
    expect(page.get_by_text(notices["storage_unavailable"])).to_be_visible()
    answer_everything_and_see_the_result(page, rubric, language)
    palette_toggle_works(page, language)
    watched.assert_quiet(page)


# ------------------------------------------------------------------------------------------- property-based


# Palettes close to what Material writes, from this site's own option values and random ones.
NEAR_VALID_PALETTES = st.fixed_dictionaries(
    {
        "index": st.integers(-1, 2) | JSON_VALUES,
        "color": st.fixed_dictionaries(
            {
                part: st.sampled_from(values) | st.text(max_size=10)
                for part, values in {
                    "media": ["(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"],
                    "scheme": ["default", "slate"],
                    "primary": ["custom"],
                    "accent": ["custom"],
                }.items()
            }
        ),
    }
)


def test_any_stored_settings_leave_the_pages_working(page: Page, base_url: str, watched: Watched) -> None:
    """Material's keys (only the palette is read with this site's features) and the remembered language."""
    language = "en"
    names = [name for name in STORED_KEYS if name.startswith("__")]
    started = time.perf_counter()
    runs = 0
    page.goto(f"{base_url}{language}/{ARTICLE}")  # an origin to store into

    @settings(max_examples=examples(8), deadline=None)
    @given(
        values=st.fixed_dictionaries(
            {}, optional={name: stored_texts(NEAR_VALID_PALETTES) for name in [*names, "language"]}
        )
    )
    def check(values: dict[str, str]) -> None:
        nonlocal runs
        runs += 1
        keys = {name: storage_key(name, base_url, language, 0) for name in values}
        seed(page, {keys[name]: text for name, text in values.items() if name == "language"})
        page.goto(base_url)  # the root page reads the language, then leads to a language's home
        homes = "|".join(map(re.escape, LANGUAGES))
        expect(page).to_have_url(re.compile(rf"{re.escape(base_url)}({homes})/$"))
        seed(page, {keys[name]: text for name, text in values.items() if name != "language"})
        page.goto(f"{base_url}{language}/{ARTICLE}")
        palette = page.locator("[data-bt-discarded=__palette]")
        if "__palette" in values:
            expect(palette).to_have_count(0 if stored(page, *keys["__palette"]) == values["__palette"] else 1)
        palette_toggle_works(page, language)
        watched.assert_quiet(page)

    check()
    print(f"\n[storage faults] {runs} random settings in {time.perf_counter() - started:.1f} s")
