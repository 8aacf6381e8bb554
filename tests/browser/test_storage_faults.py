"""What the reader's browser gives back is not to be trusted: every value the site reads from localStorage or
sessionStorage (our answers and history, the remembered language, Material's palette and other settings) may
be corrupt or edited by hand, and storage may be blocked outright.

Whatever is stored, the page raises no uncaught error, runs nothing from the stored text, discards what it
cannot use and says so in the reader's language; search, the palette toggle and the assessments keep working.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import material
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, BrowserType, Dialog, Page, expect

from tests.example_budget import examples

from .test_assessments import (
    ASSESSMENTS,
    BOOT_TIMEOUT,
    LANGUAGES,
    READY,
    click_answers,
    fnv1a,
    made_up_answers,
    option_count,
    page_url,
    show_result,
    structure,
    value_of,
)
from .test_site import search

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
THEME_SCRIPTS = ROOT / "build_tools" / "theme" / "assets" / "javascripts"
TEMPLATE_SCRIPTS = ROOT / "build_tools" / "templates"
MATERIAL_BUNDLE = next((Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.js"))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _found(pattern: str, text: str) -> list[Any]:
    found = re.findall(pattern, text)
    assert found, f"the code no longer matches {pattern!r}: update the storage inventory of this test"
    return found


# The keys, as the code spells them (so that a renamed key changes this inventory too).
_ASSESSMENT_STORAGE = _read(THEME_SCRIPTS / "assessment" / "storage.js")
_ASSESSMENT_PREFIX = _found(r'const STORAGE_PREFIX = "([^"]+)";', _ASSESSMENT_STORAGE)[0]
_ASSESSMENT_RECORDS = _found(r"Key = `\$\{this\.prefix\}v\$\{version\}\.(\w+)`", _ASSESSMENT_STORAGE)
_LANGUAGE_KEY = _found(r'localStorage\.setItem\("([^"]+)"', _read(THEME_SCRIPTS / "language-switcher.js"))[0]
_MATERIAL_READS = _found(r'__md_get\("(\w+)"(?:,(\w+))?', _read(MATERIAL_BUNDLE))

# Every key whose value the site reads back: name -> (storage, key). {rubric} and {version} are the assessment's,
# {scope} Material's storage scope (the language root, e.g. "/en/").
STORED_KEYS: dict[str, tuple[str, str]] = {
    **{
        record: ("localStorage", f"{_ASSESSMENT_PREFIX}{{rubric}}.v{{version}}.{record}")
        for record in _ASSESSMENT_RECORDS
    },
    "language": ("localStorage", _LANGUAGE_KEY),
    **{name: (storage or "localStorage", f"{{scope}}.{name}") for name, storage in _MATERIAL_READS},
}

RUBRIC = "leadership-duties"  # profile-fit: its history entries carry fits and a closest profile
ARTICLE = "articles/what-a-sales-manager-does/"
DATE = "2025-03-01T09:30:00.000Z"
PAYLOAD = "<img src=x onerror=alert(1)>"
HUGE = "x" * 1_000_000
NAVIGATION_TIMEOUT = 15_000  # instant navigation fetches and swaps the page: slower on a busy machine


def locale(language: str) -> dict[str, Any]:
    return dict(yaml.safe_load(_read(ROOT / "build_tools" / "locales" / f"{language}.yml")))


def scope(base_url: str, language: str) -> str:
    return f"{urlsplit(base_url).path}{language}/"


def storage_key(name: str, base_url: str, language: str, version: int) -> tuple[str, str]:
    storage, template = STORED_KEYS[name]
    return storage, template.format(rubric=RUBRIC, version=version, scope=scope(base_url, language))


# --------------------------------------------------------------------------------------- the page under test


@dataclass
class Watched:
    """What must never happen on the page: uncaught errors, and dialogs (an alert() from a stored payload)."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_quiet(self, page: Page) -> None:
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        assert page.locator("img[src='x']").count() == 0, "an element from a stored payload is in the page"


def watch(page: Page) -> Watched:
    seen = Watched()
    page.on("pageerror", lambda error: seen.errors.append(str(error)))

    def dismiss(dialog: Dialog) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return seen


@pytest.fixture
def watched(page: Page) -> Watched:
    return watch(page)


@dataclass
class Assessment:
    """One assessment page whose engine is running, shared by the tests below: booting Python takes seconds."""

    page: Page
    watched: Watched
    language: str
    rubric: dict[str, Any]
    base_url: str

    def key(self, name: str) -> tuple[str, str]:
        return storage_key(name, self.base_url, self.language, self.rubric["version"])

    def reopen(self) -> None:
        """Back to the previous page and forward again by instant navigation: the assessment's script starts
        afresh on the new page content and reads storage again; the engine keeps running."""
        self.page.go_back()
        expect(self.page.locator("section.bt-assessment")).to_have_count(0, timeout=NAVIGATION_TIMEOUT)
        self.page.go_forward()
        section = self.page.locator(f"section.bt-assessment[data-rubric-id={RUBRIC}]{READY}")
        expect(section).to_be_attached(timeout=NAVIGATION_TIMEOUT)


def nav_title(language: str, rubric_id: str) -> str:
    """The assessment's title in the navigation (from its page's front matter)."""
    docs = ROOT / "docs" / language / "assessments" / f"{rubric_id}.md"
    return str(yaml.safe_load(_read(docs).split("---")[1])["title"])


def open_by_instant_navigation(page: Page, language: str, rubric_id: str) -> None:
    page.locator(".md-nav--primary").get_by_role("link", name=nav_title(language, rubric_id)).first.click()
    ready = page.locator(f"section.bt-assessment[data-rubric-id={rubric_id}]{READY}")
    expect(ready).to_be_attached(timeout=BOOT_TIMEOUT)


@pytest.fixture(scope="module")
def running_assessment(browser: Browser, base_url: str, site_dir: Path) -> Iterator[Assessment]:
    language = "fr"
    context = browser.new_context()
    page = context.new_page()
    watched = watch(page)
    page.goto(f"{base_url}{language}/assessments/")
    open_by_instant_navigation(page, language, RUBRIC)
    yield Assessment(page, watched, language, structure(site_dir, language, RUBRIC), base_url)
    context.close()


@pytest.fixture
def assessment(running_assessment: Assessment) -> Assessment:
    running_assessment.watched.errors.clear()
    running_assessment.watched.dialogs.clear()
    page = running_assessment.page
    if not page.locator(f"section.bt-assessment[data-rubric-id={RUBRIC}]{READY}").count():
        # A failed test left the shared page elsewhere: start over, so that one failure is not reported many times.
        page.goto(f"{running_assessment.base_url}{running_assessment.language}/assessments/")
        open_by_instant_navigation(page, running_assessment.language, RUBRIC)
    return running_assessment


def seed(page: Page, values: dict[tuple[str, str], str]) -> None:
    """Empties both storages of the page's origin and stores each raw text under (storage, key)."""
    page.evaluate(
        """(entries) => {
      localStorage.clear();
      sessionStorage.clear();
      for (const [storage, key, text] of entries) window[storage].setItem(key, text);
    }""",
        [[storage, key, text] for (storage, key), text in values.items()],
    )


def stored(page: Page, storage: str, key: str) -> str | None:
    return page.evaluate("([storage, key]) => window[storage].getItem(key)", [storage, key])  # type: ignore[no-any-return]


def answer_everything_and_see_the_result(page: Page, rubric: dict[str, Any], language: str) -> None:
    click_answers(page, made_up_answers(rubric, "storage faults"))
    show_result(page, language)


def palette_toggle_works(page: Page, language: str) -> None:
    """Switches to the other scheme and back, from whichever the page shows."""
    texts = locale(language)["theme"]
    body = page.locator("body")
    for _ in range(2):
        dark = body.get_attribute("data-md-color-scheme") == "slate"
        page.get_by_title(texts["to_light" if dark else "to_dark"]).click()
        expect(body).to_have_attribute("data-md-color-scheme", "default" if dark else "slate")


# ------------------------------------------------------------------------------------------- the inventory


def test_the_inventory_names_every_stored_value_the_site_reads() -> None:
    """A script that starts reading storage shows up here, so that its values get checked and tested too."""
    ours = {
        path.name
        for path in [*THEME_SCRIPTS.rglob("*.js"), *TEMPLATE_SCRIPTS.glob("*.js")]
        if re.search(r"getItem\(|__md_get\(", _read(path))
    }
    assert ours == {"storage.js", "md-globals.js", "md-palette.js", "language-redirect.js"}
    assert set(STORED_KEYS) >= {"answers", "history", "language", "__palette"}
    literal_reads = set(re.findall(r'getItem\("([^"]+)"\)', _read(TEMPLATE_SCRIPTS / "language-redirect.js")))
    assert literal_reads <= {key for _, key in STORED_KEYS.values()}
    assert set(re.findall(r'__md_get\("(\w+)"', _read(THEME_SCRIPTS / "md-palette.js"))) <= set(STORED_KEYS)


# ------------------------------------------------------------------------- what the page writes stays


def test_what_the_page_writes_is_read_back_without_a_notice(
    page: Page, base_url: str, site_dir: Path, watched: Watched
) -> None:
    """The checks accept every record the page writes itself: answers and kept results of every result type
    (composite, scale profile, profile fit, ranking) come back, and the kept result is compared with."""
    language = "en"
    texts = locale(language)["assessment"]
    page.goto(f"{base_url}{language}/assessments/")
    for rubric_id in ASSESSMENTS:
        open_by_instant_navigation(page, language, rubric_id)
        rubric = structure(site_dir, language, rubric_id)
        answers = made_up_answers(rubric, "written")
        click_answers(page, answers)
        show_result(page, language)
        page.get_by_label(texts["history"]["keep"]).check()
        expect(page.get_by_text(texts["history"]["kept"])).to_be_visible()
        page.go_back()
        expect(page.locator(f"section.bt-assessment[data-rubric-id={rubric_id}]")).to_have_count(0)
        page.go_forward()
        expect(page.locator(f"section.bt-assessment[data-rubric-id={rubric_id}]{READY}")).to_be_attached()
        expect(page.locator(".bt-notice[data-notice=restored]")).to_be_visible()
        expect(page.locator(".bt-notice[data-notice$=discarded]")).to_have_count(0)
        first = rubric["items"][0]
        click_answers(page, {first["id"]: (answers[first["id"]] + 1) % option_count(rubric, first)})  # another answer
        show_result(page, language)
        expect(page.locator(".bt-history__list li")).to_have_count(1)
    watched.assert_quiet(page)


# ------------------------------------------------------------------------------ hand-picked corrupt values


def _answers(answers: Any, saved: Any = DATE) -> str:
    return json.dumps({"saved": saved, "answers": answers})


# name -> [(what it is, the raw stored text, what the page says: "all" discarded, "part" discarded)].
# {first} stands for a valid answer to the first statement (filled in per rubric).
CORRUPT_ANSWERS: list[tuple[str, str, str]] = [
    ("not JSON", "{answers: 1", "all"),
    ("JSON null", "null", "all"),
    ("a list", "[1, 2, 3]", "all"),
    ("a string with markup", json.dumps(PAYLOAD), "all"),
    ("answers as a list", _answers([1, 2]), "all"),
    ("markup instead of a date", _answers({"{first}": 0}, saved=PAYLOAD), "all"),
    ("a number as a date", _answers({"{first}": 0}, saved=1e300), "all"),
    ("values of the wrong type", _answers({"{first}": ["{value}"]}), "all"),
    ("huge", _answers({"{first}": HUGE}), "all"),
    ("unknown statements beside a valid one", _answers({"{first}": 0, PAYLOAD: 1, "__proto__": {"x": 1}}), "part"),
]


def _fill_answer(text: str, rubric: dict[str, Any]) -> str:
    item = rubric["items"][0]
    value = value_of(rubric, item, 1)
    text = text.replace('"{first}": 0', f'"{item["id"]}": {json.dumps(value)}')
    return text.replace('"{first}"', json.dumps(item["id"])).replace('"{value}"', json.dumps(value))


@pytest.mark.parametrize(("case", "text", "discarded"), CORRUPT_ANSWERS, ids=[case for case, _, _ in CORRUPT_ANSWERS])
def test_corrupt_saved_answers_are_discarded_with_a_notice(
    assessment: Assessment, case: str, text: str, discarded: str
) -> None:
    page, language, rubric = assessment.page, assessment.language, assessment.rubric
    storage, key = assessment.key("answers")
    seed(page, {(storage, key): _fill_answer(text, rubric)})
    assessment.reopen()
    notices = locale(language)["assessment"]["notices"]
    notice = notices["answers_discarded" if discarded == "all" else "answers_partly_discarded"]
    expect(page.locator(".bt-notice[data-notice=answers-discarded]")).to_have_text(notice)
    if discarded == "all":
        assert stored(page, storage, key) is None
        expect(page.locator("[data-bt-form] input:checked")).to_have_count(0)
    else:  # the valid answer is back, and only it is kept
        expect(page.locator("[data-bt-form] input:checked")).to_have_count(1)
        assert list(json.loads(stored(page, storage, key) or "{}")["answers"]) == [rubric["items"][0]["id"]]
    answer_everything_and_see_the_result(page, rubric, language)
    assessment.watched.assert_quiet(page)


def _history_entry(rubric: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """An entry as the page writes it after a result (all first answers), with `changes` applied."""
    version = rubric["version"]
    codes = "0" * len(rubric["items"])
    profiles = [profile["id"] for profile in rubric["profiles"]]
    entry = {
        "date": DATE,
        "codes": f"1.{version}.{codes}.{fnv1a(f'{RUBRIC}|{version}|{codes}')}",
        "scales": {scale["id"]: 25.0 for scale in rubric["scales"]},
        "composites": {},
        "fits": {profile: 40.0 for profile in profiles},
        "summary": {"type": "profile-fit", "profile": profiles[0]},
    }
    return {**entry, **changes}


def _history(*entries: Any, keep: Any = True) -> str:
    return json.dumps({"keep": keep, "entries": list(entries)})


# what it is, the stored record (from the rubric), "all" or "part" discarded
CORRUPT_HISTORY: list[tuple[str, Any, str]] = [
    ("not JSON", lambda rubric: "][", "all"),
    ("a number", lambda rubric: "42", "all"),
    ("entries as markup", lambda rubric: json.dumps({"keep": True, "entries": PAYLOAD}), "all"),
    ("keep is not a yes or no", lambda rubric: _history(_history_entry(rubric), keep="yes"), "all"),
    ("only broken entries", lambda rubric: _history(_history_entry(rubric, date=PAYLOAD), 7), "all"),
    (
        "markup in place of ids beside a good entry",
        lambda rubric: _history(
            rubric,
            _history_entry(rubric, summary={"type": "profile-fit", "profile": PAYLOAD}),
            _history_entry(rubric, scales={PAYLOAD: 10}),
            _history_entry(rubric, fits={"senior": "<b>1</b>"}),
            _history_entry(rubric, summary={"type": "scale-profile", "strongest": PAYLOAD, "weakest": []}),
            _history_entry(rubric, codes="1.1.000.deadbeef"),
            _history_entry(rubric, date="2025-13-45"),
            _history_entry(rubric, scales={"strategy": 1e9}),
            _history_entry(rubric),
        ),
        "part",
    ),
]


@pytest.mark.parametrize(("case", "make", "discarded"), CORRUPT_HISTORY, ids=[case for case, _, _ in CORRUPT_HISTORY])
def test_corrupt_kept_results_are_discarded_with_a_notice(
    assessment: Assessment, case: str, make: Any, discarded: str
) -> None:
    page, language, rubric = assessment.page, assessment.language, assessment.rubric
    storage, key = assessment.key("history")
    seed(page, {(storage, key): make(rubric)})
    assessment.reopen()
    notices = locale(language)["assessment"]["notices"]
    notice = notices["history_discarded" if discarded == "all" else "history_partly_discarded"]
    expect(page.locator(".bt-notice[data-notice=history-discarded]")).to_have_text(notice)
    answer_everything_and_see_the_result(page, rubric, language)
    earlier = page.locator(".bt-history__list li")
    if discarded == "all":
        expect(earlier).to_have_count(0)
    else:  # the one good entry is listed and compared with, the rest is gone from the device
        expect(earlier).to_have_count(1)
        expect(page.locator(".bt-change").first).to_be_visible()
        assert len(json.loads(stored(page, storage, key) or "{}")["entries"]) == 2  # the good one and today's
    assessment.watched.assert_quiet(page)


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


# Text the browser stores as given (a lone surrogate would come back changed, as U+FFFD).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


def near_valid_records(rubric: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Records close to what the page writes, with random parts: these reach the checks beyond the shape."""
    item_ids = st.sampled_from([item["id"] for item in rubric["items"]]) | st.text(max_size=12)
    answers = st.fixed_dictionaries(
        {"saved": st.sampled_from([DATE, PAYLOAD]) | JSON_VALUES, "answers": st.dictionaries(item_ids, JSON_VALUES)}
    )
    good = _history_entry(rubric)
    one_part_replaced = st.builds(lambda part, value: {**good, part: value}, st.sampled_from(sorted(good)), JSON_VALUES)
    entries = st.lists(st.just(good) | one_part_replaced | JSON_VALUES, max_size=5)
    history = st.fixed_dictionaries({"keep": st.booleans() | JSON_VALUES, "entries": entries})
    return answers | history


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


def stored_texts(near_valid: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    """Any raw text: JSON of any shape, near-valid records, or not JSON at all."""
    return (JSON_VALUES | near_valid).map(json.dumps) | TEXT | st.just(PAYLOAD)


def test_any_stored_values_leave_the_assessment_working(assessment: Assessment) -> None:
    page, language, rubric = assessment.page, assessment.language, assessment.rubric
    notices = {
        "answers": ".bt-notice[data-notice=answers-discarded]",
        "history": ".bt-notice[data-notice=history-discarded]",
    }
    started = time.perf_counter()
    runs = 0

    # One page for every example: each stores its values over the last ones' and opens the assessment again.
    @settings(max_examples=examples(20), deadline=None)
    @given(
        values=st.fixed_dictionaries({}, optional={name: stored_texts(near_valid_records(rubric)) for name in notices})
    )
    def check(values: dict[str, str]) -> None:
        nonlocal runs
        runs += 1
        assessment.watched.errors.clear()
        assessment.watched.dialogs.clear()
        seed(page, {assessment.key(name): text for name, text in values.items()})
        assessment.reopen()
        for name, selector in notices.items():
            # Unchanged means accepted as it was; anything removed or rewritten is reported.
            kept = name not in values or stored(page, *assessment.key(name)) == values[name]
            expect(page.locator(selector)).to_have_count(0 if kept else 1)
        click_answers(page, made_up_answers(rubric, "storage faults"))
        page.get_by_role("button", name=locale(language)["assessment"]["submit"], exact=True).click()
        expect(page.locator(".bt-result--shown")).to_be_visible(timeout=10_000)  # the engine is already running
        assessment.watched.assert_quiet(page)

    check()
    print(f"\n[storage faults] {runs} random answers and histories in {time.perf_counter() - started:.1f} s")


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
