"""What the reader's browser gives back is not to be trusted: every value the site reads from localStorage or
sessionStorage (our answers and history, the remembered language, Material's palette and other settings) may
be corrupt or edited by hand, and storage may be blocked outright.

Whatever is stored, the page raises no uncaught error, runs nothing from the stored text, discards what it
cannot use and says so in the reader's language; search, the palette toggle and the assessments keep working.
This file: the inventory of stored values and the assessment's own records (answers and kept results);
Material's settings, the remembered language and blocked storage are in test_stored_settings.py, so that
pytest-xdist (`make test`, one file per worker) can run the two beside each other.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import material
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, expect

from tests.example_budget import examples

from .conftest import Watched, watch
from .test_assessments import (
    ASSESSMENTS,
    BOOT_TIMEOUT,
    READY,
    click_answers,
    fnv1a,
    made_up_answers,
    option_count,
    show_result,
    structure,
    value_of,
)

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


# ------------------------------------------------------------------------------- the pages under test


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
    # First the page's own deferred write: a result shown before is kept at the next idle moment (page.js
    # keepLater), into whatever history is stored then, so after the seeding it would change the seeded record.
    page.evaluate(
        """(entries) => new Promise((done) => requestIdleCallback(() => {
      localStorage.clear();
      sessionStorage.clear();
      for (const [storage, key, text] of entries) window[storage].setItem(key, text);
      done();
    }, {timeout: 2000}))""",
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
