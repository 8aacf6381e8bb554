"""The assessment pages in Chromium, scored by Python in a module worker, with results that equal the CPython
engine's: missing answers and focus, saving, clearing, the kept history, and storage that is full or disabled.
The helpers here are shared by the other browser test files of the assessments, which pytest-xdist (`make
test`, one file per worker) runs beside this one: the engine's start, broken hosting and instant navigation
(test_engine_start.py), result links, downloading and printing (test_result_links.py), the CSP and privacy
(test_assessment_privacy.py), and every assessment answered with the keyboard only (test_keyboard_results.py).

Answers are made up deterministically per assessment and language, so each run checks the same cases.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from breakthrough_scoring import score_json
from build_tools.project import read_registry

pytestmark = pytest.mark.browser

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = read_registry(ROOT)
ASSESSMENTS = list(REGISTRY.assessment_ids)
LANGUAGES = list(REGISTRY.language_codes)
STORAGE_PREFIX = "bt.assessment."
READY = "[data-bt-assessment-state=ready]"
SETTLED = "section.bt-assessment:is([data-bt-assessment-state=ready], [data-bt-assessment-state=failed])"
BOOT_TIMEOUT = 60_000  # a cold boot takes a few seconds; CI machines can be slow
NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")  # U+2212 minus signs are replaced first


# ------------------------------------------------------------------------------------------------ helpers


def strings(language: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "build_tools" / "locales" / f"{language}.yml").read_text(encoding="utf-8"))
    return dict(data["assessment"])


def rubric_text(site_dir: Path, language: str, rubric_id: str) -> str:
    return (site_dir / language / "assets" / "rubrics" / f"{rubric_id}.json").read_text(encoding="utf-8")


def structure(site_dir: Path, language: str, rubric_id: str) -> dict[str, Any]:
    return dict(json.loads(rubric_text(site_dir, language, rubric_id))["structure"])


def option_count(rubric: dict[str, Any], item: dict[str, Any]) -> int:
    if "choice" in item:
        return len(item["choice"])
    return len(rubric["answer_scales"][item["answers"]]["values"])


def value_of(rubric: dict[str, Any], item: dict[str, Any], index: int) -> int | str:
    if "choice" in item:
        return str(item["choice"][index]["id"])
    return int(rubric["answer_scales"][item["answers"]]["values"][index])


def made_up_answers(rubric: dict[str, Any], seed: str, skip: frozenset[str] = frozenset()) -> dict[str, int]:
    """Item id -> option index, varied but reproducible (never all the same answer)."""
    chooser = random.Random(seed)
    return {
        item["id"]: chooser.randrange(option_count(rubric, item)) for item in rubric["items"] if item["id"] not in skip
    }


def engine_result(site_dir: Path, language: str, rubric_id: str, indexes: dict[str, int]) -> dict[str, Any]:
    """What the CPython engine gives for the same answers and the same rubric file the page uses."""
    rubric = structure(site_dir, language, rubric_id)
    items = {item["id"]: item for item in rubric["items"]}
    answers = {item_id: value_of(rubric, items[item_id], index) for item_id, index in indexes.items()}
    output = json.loads(
        score_json(
            rubric_text(site_dir, language, rubric_id), json.dumps({"version": rubric["version"], "answers": answers})
        )
    )
    assert output["ok"], output
    return dict(output["result"])


def fnv1a(text: str) -> str:
    """The checksum of result links (32-bit FNV-1a of the UTF-8 text, 8 hex digits)."""
    value = 0x811C9DC5
    for byte in text.encode():
        value = ((value ^ byte) * 0x01000193) % 2**32
    return f"{value:08x}"


def number(text: str) -> float:
    match = NUMBER.search(text.replace("\u2212", "-"))
    assert match, f"no number in {text!r}"
    return float(match.group().replace(",", ".").replace("+", ""))


def page_url(base_url: str, language: str, rubric_id: str) -> str:
    return f"{base_url}{language}/assessments/{rubric_id}/"


def click_answers(page: Page, indexes: dict[str, int]) -> None:
    """Answer with the mouse (tests whose subject is not the keyboard)."""
    page.evaluate(
        """(indexes) => {
      for (const [item, index] of Object.entries(indexes)) {
        document.querySelectorAll(`input[name="${item}"]`)[index].click();
      }
    }""",
        indexes,
    )


def shown(page: Page) -> dict[str, Any]:
    """Every number and status the result shows, read from the page in one go."""
    return dict(
        page.evaluate("""() => {
      const text = (node) => node ? node.textContent : null;
      const result = document.querySelector("[data-bt-result]");
      const scales = {};
      for (const block of result.querySelectorAll(".bt-scale")) {
        scales[block.dataset.scale] = {
          name: text(block.querySelector("h4")),
          score: text(block.querySelector(".bt-score__value")),
          band: text(block.querySelector(".bt-score__band")),
          notEnough: text(block.querySelector(".bt-not-enough")),
          actions: block.querySelectorAll(".bt-actions li").length,
          links: [...block.querySelectorAll(".bt-actions a")].map((a) => a.getAttribute("href")),
        };
      }
      const summary = result.querySelector(".bt-summary");
      return {
        scales,
        order: [...result.querySelectorAll(".bt-scale")].map((block) => block.dataset.scale),
        summaryTitle: text(summary.querySelector("h3")),
        summaryText: summary.textContent,
        summaryScore: text(summary.querySelector(":scope > .bt-score .bt-score__value")),
        summaryNotEnough: text(summary.querySelector(":scope > .bt-not-enough")),
        profiles: Object.fromEntries([...summary.querySelectorAll(".bt-profile")].map((block) => [
          block.dataset.profile, {
            fit: text(block.querySelector(".bt-score__value")),
            gaps: [...block.querySelectorAll("tbody tr")].map((row) =>
              [...row.querySelectorAll("th, td")].map((cell) => cell.textContent)),
          }])),
        ranking: [...summary.querySelectorAll(".bt-ranking li")].map((item) => ({
          name: text(item.querySelector(".bt-ranking__name")),
          score: text(item.querySelector(".bt-score__value")),
        })),
        flags: [...result.querySelectorAll("[data-flag]")].map((node) => node.dataset.flag),
        disclaimer: text(document.querySelector(".bt-disclaimer")),
      };
    }""")
    )


def assert_same_result(page: Page, expected: dict[str, Any], language: str) -> None:
    """The numbers, bands and statuses on the page equal the CPython engine's result."""
    texts = strings(language)
    seen = shown(page)
    for scale in expected["scales"]:
        block = seen["scales"][scale["id"]]
        assert block["name"] == scale["name"]
        if scale["status"] == "ok":
            assert number(block["score"]) == scale["score"], (scale["id"], block["score"])
            assert scale["band"]["label"] in block["band"]
            assert block["actions"] == len(scale["actions"])
            for link in block["links"]:
                assert "://" not in link and ".md" not in link, link
        else:
            assert block["score"] is None
            assert block["notEnough"] == texts["result"]["not_enough"].format(
                answered=scale["answered"], required=scale["required"]
            )
    summary = expected["summary"]
    names = {scale["id"]: scale["name"] for scale in expected["scales"]}
    if summary["type"] == "composite":
        composite = next(c for c in expected["composites"] if c["id"] == summary["composite"])
        assert seen["summaryTitle"] == composite["name"]
        if composite["status"] == "ok":
            assert number(seen["summaryScore"]) == composite["score"]
        else:
            assert seen["summaryNotEnough"] == texts["result"]["composite_not_enough"]
    elif summary["type"] == "profile-fit":
        fits = {fit["id"]: fit for fit in expected["profiles"]["fits"]}
        if summary.get("tied"):
            separator = texts["result"]["list_separator"]
            assert seen["summaryTitle"] == texts["result"]["tied_profiles"].format(
                names=separator.join(fits[profile_id]["name"] for profile_id in summary["tied"])
            )
        elif summary["profile"] is None:
            assert seen["summaryTitle"] == texts["result"]["summary"]
        else:
            assert seen["summaryTitle"] == texts["result"]["closest_profile"].format(
                name=fits[summary["profile"]]["name"]
            )
            for profile_id, block in seen["profiles"].items():
                fit = fits[profile_id]
                assert number(block["fit"]) == fit["fit"]
                for row, gap in zip(block["gaps"], fit["gaps"], strict=True):
                    assert row[0] == names[gap["scale"]]
                    assert number(row[1]) == gap["score"] and number(row[2]) == gap["target"]
                    assert number(row[3]) == gap["gap"]
    elif summary["type"] == "ranking":
        assert [entry["name"] for entry in seen["ranking"]] == [names[r["scale"]] for r in expected["ranking"]]
        for entry, ranked in zip(seen["ranking"], expected["ranking"], strict=True):
            assert (number(entry["score"]) if entry["score"] else None) == ranked["score"]
        assert seen["order"] == [r["scale"] for r in expected["ranking"]]
    else:
        for scale_id in summary["strongest"] + summary["weakest"]:
            assert names[scale_id] in seen["summaryText"]
    assert seen["flags"] == expected["flags"]
    assert seen["disclaimer"] == expected["disclaimer"]


def stored_keys(page: Page, rubric_id: str) -> list[str]:
    return list(
        page.evaluate(
            "(prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix))",
            f"{STORAGE_PREFIX}{rubric_id}.",
        )
    )


def result_heading(page: Page, language: str) -> Any:
    return page.get_by_role("heading", name=strings(language)["result_title"], exact=True)


def show_result(page: Page, language: str) -> None:
    page.get_by_role("button", name=strings(language)["submit"], exact=True).click()
    expect(page.locator(".bt-result--shown")).to_be_visible(timeout=BOOT_TIMEOUT)


def copied_link(page: Page, language: str) -> str:
    page.get_by_role("button", name=strings(language)["share"]["copy"]).click()
    field = page.get_by_label(strings(language)["share"]["link_label"])
    expect(field).to_have_value(re.compile("#answers="))
    return str(field.input_value())


# ------------------------------------------------------------------------------ missing answers, focus


def test_asking_too_early_points_to_the_missing_answers(page: Page, base_url: str, site_dir: Path) -> None:
    texts = strings("en")
    rubric = structure(site_dir, "en", "sales-manager-traits")
    # Leave out enough statements of one scale that it falls below its minimum; the rest is answered.
    scale = rubric["scales"][1]
    own = [item["id"] for item in rubric["items"] if item.get("scale") == scale["id"]]
    minimum = scale.get("min_answers", (3 * len(own) + 3) // 4)
    left_out = own[: len(own) - minimum + 2]  # still short after one of them is answered
    indexes = made_up_answers(rubric, "missing", skip=frozenset(left_out))
    page.goto(page_url(base_url, "en", "sales-manager-traits"))
    click_answers(page, indexes)
    page.get_by_role("button", name=texts["submit"], exact=True).click()

    expect(page.locator(f"input[name='{left_out[0]}']").first).to_be_focused()
    expect(page.get_by_text(texts["unanswered"]["message"].format(count=len(left_out)))).to_be_visible()
    marked = page.locator(".bt-item--missing")
    expect(marked).to_have_count(len(left_out))
    for item_id in left_out:
        expect(
            page.get_by_role("group", name=re.compile(texts["unanswered"]["note"])).and_(
                page.locator(f"#bt-item-{item_id}")
            )
        ).to_be_visible()
    expect(page.locator(".bt-result")).to_be_hidden()

    # Answering one removes its mark; the reader may still ask for the result with what they gave.
    page.keyboard.press("Space")
    expect(marked).to_have_count(len(left_out) - 1)
    answered = indexes | {left_out[0]: 0}
    page.get_by_role("button", name=texts["submit"], exact=True).click()
    expect(page.locator(f"input[name='{left_out[1]}']").first).to_be_focused()
    page.get_by_role("button", name=texts["unanswered"]["anyway"]).click()
    expect(result_heading(page, "en")).to_be_focused(timeout=BOOT_TIMEOUT)
    expected = engine_result(site_dir, "en", "sales-manager-traits", answered)
    assert next(s for s in expected["scales"] if s["id"] == scale["id"])["status"] == "insufficient"
    assert_same_result(page, expected, "en")


def test_too_few_answers_are_flagged_and_scales_say_not_enough(page: Page, base_url: str, site_dir: Path) -> None:
    rubric = structure(site_dir, "fr", "leadership-duties")
    indexes = {item["id"]: 2 for item in rubric["items"][:7]}  # also the same answer: not straight-lining yet
    page.goto(page_url(base_url, "fr", "leadership-duties"))
    click_answers(page, indexes)
    page.get_by_role("button", name=strings("fr")["submit"], exact=True).click()
    expect(page.locator(".bt-item--missing")).to_have_count(len(rubric["items"]) - 7)
    page.get_by_role("button", name=strings("fr")["unanswered"]["anyway"]).click()
    expect(page.locator(".bt-result--shown")).to_be_visible(timeout=BOOT_TIMEOUT)
    expected = engine_result(site_dir, "fr", "leadership-duties", indexes)
    assert expected["flags"] == ["straight-lining", "too-few-answers"]
    assert_same_result(page, expected, "fr")
    expect(
        page.get_by_text(
            strings("fr")["flags"]["too-few-answers"].format(
                answered=7, total=len(rubric["items"]), minimum=rubric["min_answers_total"]
            )
        )
    ).to_be_visible()


# ----------------------------------------------------------------------------------- saving and clearing


def test_answers_survive_a_reload_and_clear_leaves_nothing(page: Page, base_url: str, site_dir: Path) -> None:
    texts = strings("pl")
    rubric = structure(site_dir, "pl", "career-direction")
    url = page_url(base_url, "pl", "career-direction")
    page.goto(url)
    first = {item["id"]: 1 for item in rubric["items"][:6]}
    click_answers(page, first)
    expect(page.locator("[data-bt-progress]")).to_have_text(
        texts["progress"].format(answered=6, total=len(rubric["items"]))
    )
    page.reload()
    expect(page.locator(".bt-notice[data-notice=restored]")).to_be_visible()
    for item_id in first:
        expect(page.locator(f"input[name='{item_id}']").nth(1)).to_be_checked()
    expect(page.locator("[data-bt-progress]")).to_have_text(
        texts["progress"].format(answered=6, total=len(rubric["items"]))
    )

    # A result kept on the device, then a changed answer: the new result shows the change.
    indexes = made_up_answers(rubric, "history")
    click_answers(page, indexes)
    show_result(page, "pl")
    page.get_by_label(texts["history"]["keep"]).check()
    expect(page.get_by_text(texts["history"]["kept"])).to_be_visible()
    changed = dict(indexes)
    changed[rubric["items"][0]["id"]] = (indexes[rubric["items"][0]["id"]] + 2) % option_count(
        rubric, rubric["items"][0]
    )
    click_answers(page, {rubric["items"][0]["id"]: changed[rubric["items"][0]["id"]]})
    expect(page.locator("[data-bt-stale]")).to_be_visible()
    show_result(page, "pl")
    expect(page.locator("[data-bt-stale]")).to_be_hidden()
    expect(page.locator(".bt-change").first).to_be_visible()
    expect(page.locator(".bt-history__list li")).to_have_count(1)
    assert_same_result(page, engine_result(site_dir, "pl", "career-direction", changed), "pl")
    assert len(stored_keys(page, "career-direction")) == 2  # answers and history

    page.get_by_role("button", name=texts["clear"], exact=True).click()
    expect(page.locator(".bt-notice[data-notice=cleared]")).to_be_visible()
    assert stored_keys(page, "career-direction") == []
    expect(page.locator("[data-bt-form] input:checked")).to_have_count(0)
    expect(page.locator(".bt-result")).to_be_hidden()
    page.reload()
    expect(page.locator("[data-bt-form] input:checked")).to_have_count(0)
    expect(page.locator(".bt-notice[data-notice=restored]")).to_have_count(0)
    assert stored_keys(page, "career-direction") == []


# What the page has done when the result's first nodes go in (a mutation observer's callback runs after the
# task that put them there, before any other task): the heading focused, the scales there, and whether the
# parts below the result and the kept result's entry are there yet.
WATCH_FIRST_NODES = """(historyKey) => {
  const body = document.querySelector("[data-bt-result-body]");
  window.__btFirstNodes = null;
  const observer = new MutationObserver(() => {
    observer.disconnect();
    window.__btFirstNodes = {
      focused: document.activeElement?.id ?? null,
      scales: body.querySelectorAll(".bt-scale").length,
      below: [".bt-feedback", ".bt-history", ".bt-tools"].filter((part) => body.querySelector(part)),
      kept: JSON.parse(localStorage.getItem(historyKey)).entries.length,
    };
  });
  observer.observe(body, {childList: true});
}"""


def test_the_result_is_shown_before_the_work_below_it(page: Page, base_url: str, site_dir: Path) -> None:
    """The result is put on the page and focused first; the parts below it (asking others, the history,
    sharing) and writing the kept result come in later tasks, so the frame that shows it waits for neither."""
    texts = strings("fr")
    rubric = structure(site_dir, "fr", "career-direction")
    page.goto(page_url(base_url, "fr", "career-direction"))
    indexes = made_up_answers(rubric, "first nodes")
    click_answers(page, indexes)
    show_result(page, "fr")
    page.get_by_label(texts["history"]["keep"]).check()
    expect(page.get_by_text(texts["history"]["kept"])).to_be_visible()
    first = rubric["items"][0]
    click_answers(page, {first["id"]: (indexes[first["id"]] + 1) % option_count(rubric, first)})
    history_key = next(key for key in stored_keys(page, "career-direction") if key.endswith(".history"))
    page.evaluate(WATCH_FIRST_NODES, history_key)
    page.get_by_role("button", name=texts["submit"], exact=True).click()
    page.wait_for_function("() => window.__btFirstNodes !== null")
    seen = page.evaluate("() => window.__btFirstNodes")
    assert seen == {
        "focused": "bt-result-title",
        "scales": len(rubric["scales"]),
        "below": [],
        "kept": 1,
    }, seen
    for part in (".bt-history", ".bt-tools"):
        expect(page.locator(f"[data-bt-result-body] {part}")).to_be_attached()
    expect(page.locator(".bt-history__list li")).to_have_count(1)
    page.wait_for_function(
        "(key) => JSON.parse(localStorage.getItem(key)).entries.length === 2", arg=history_key, timeout=BOOT_TIMEOUT
    )


@pytest.mark.parametrize("storage", ["full", "disabled"])
def test_without_storage_everything_works_for_the_session(
    page: Page, base_url: str, site_dir: Path, storage: str
) -> None:
    if storage == "full":
        page.add_init_script("""Storage.prototype.setItem = function () {
          throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        };""")
    else:
        page.add_init_script("""Object.defineProperty(window, "localStorage", {
          get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
        });""")
    texts = strings("zh")
    rubric = structure(site_dir, "zh", "sales-manager-traits")
    page.goto(page_url(base_url, "zh", "sales-manager-traits"))
    expect(page.get_by_text(texts["notices"]["storage_unavailable"])).to_be_visible()
    indexes = made_up_answers(rubric, "no storage")
    click_answers(page, indexes)
    show_result(page, "zh")
    page.get_by_label(texts["history"]["keep"]).check()
    expect(page.get_by_text(texts["history"]["kept"])).to_be_visible()
    assert_same_result(page, engine_result(site_dir, "zh", "sales-manager-traits", indexes), "zh")
