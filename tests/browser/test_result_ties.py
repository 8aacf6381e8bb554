"""Ties in the browser: answering the middle option everywhere gives every area the same score, and the result
says so in the reader's language instead of naming areas by the order they are listed in.

The assessments come from the project: every scale-profile rubric and every ranking rubric (answered on its
agreement statements only, so that every direction ties), and every profile-fit rubric, answered so that two
reference profiles are equally close (the answers are searched with the engine, not written down here)."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from breakthrough_scoring import score_json

from .test_assessments import (
    LANGUAGES,
    REGISTRY,
    ROOT,
    click_answers,
    page_url,
    rubric_text,
    show_result,
    strings,
    structure,
)

pytestmark = pytest.mark.browser


def _result_type(rubric_id: str) -> str:
    path = ROOT / "assessments" / rubric_id / "rubric.yaml"
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["result"])


CASES = [
    (language, rubric_id)
    for rubric_id in REGISTRY.assessment_ids
    if _result_type(rubric_id) in ("scale-profile", "ranking")
    for language in LANGUAGES
]
SCORE = r"50[.,]0"  # 50 with one decimal, in any of the site's number formats


def _answer_the_middle(page: Page, rubric: dict[str, Any]) -> None:
    """The middle option of every agreement or frequency statement; choice questions left unanswered."""
    page.evaluate(
        """(items) => {
      for (const item of items) {
        const options = document.querySelectorAll(`input[name="${item}"]`);
        options[Math.floor(options.length / 2)].click();
      }
    }""",
        [item["id"] for item in rubric["items"] if "scale" in item],
    )


def _pattern(template: str, **fields: str) -> str:
    """A locale template as a regular expression, each {field} replaced by the given pattern."""
    return "".join(
        fields[part[1:-1]] if re.fullmatch(r"\{\w+\}", part) else re.escape(part)
        for part in re.split(r"(\{\w+\})", template)
    )


@pytest.mark.parametrize(("language", "rubric_id"), CASES)
def test_a_tie_is_stated_not_broken_by_list_order(
    page: Page, base_url: str, site_dir: Path, language: str, rubric_id: str
) -> None:
    texts = strings(language)["result"]
    rubric = structure(site_dir, language, rubric_id)
    page.goto(page_url(base_url, language, rubric_id))
    _answer_the_middle(page, rubric)
    show_result(page, language)
    summary = page.locator("[data-bt-result] .bt-summary")
    names = page.locator("[data-bt-result] .bt-scale h4").all_text_contents()
    assert len(names) == len(rubric["scales"])
    if _result_type(rubric_id) == "scale-profile":
        expect(summary).to_contain_text(re.compile(_pattern(texts["even_score"], score=SCORE)))
        expect(summary).not_to_contain_text(texts["strongest"])
        expect(summary).not_to_contain_text(texts["weakest"])
    else:
        separator = re.escape(texts["list_separator"])
        every_name = separator.join(f"(?:{'|'.join(re.escape(name) for name in names)})" for _ in names)
        title = summary.locator("h3")
        expect(title).to_have_text(re.compile(f"^{_pattern(texts['tied_directions'], names=every_name)}$"))
        for name in names:
            expect(title).to_contain_text(name)


PROFILE_CASES = [
    (language, rubric_id)
    for rubric_id in REGISTRY.assessment_ids
    if _result_type(rubric_id) == "profile-fit"
    for language in LANGUAGES
]


def _answer_positions(rubric: dict[str, Any], keyed: dict[str, int]) -> dict[str, int]:
    """Option indexes that give each scale ``keyed[scale]`` keyed steps in all, spread over its statements."""
    left = dict(keyed)
    positions = {}
    for item in rubric["items"]:
        steps = len(rubric["answer_scales"][item["answers"]]["values"]) - 1
        taken = min(steps, left[item["scale"]])
        left[item["scale"]] -= taken
        positions[item["id"]] = steps - taken if item.get("reverse") else taken
    return positions


def _profile_tie(rubric_json: str) -> tuple[dict[str, int], list[str]]:
    """The first answers (in a fixed search order) whose result names two or more profiles as equally close,
    as option indexes, with the tied profiles' names in the rubric's language."""
    rubric = json.loads(rubric_json)["structure"]
    if any("scale" not in item for item in rubric["items"]):
        pytest.skip("the search below answers statements only")

    def capacity(scale_id: str) -> int:
        items = [item for item in rubric["items"] if item["scale"] == scale_id]
        return sum(len(rubric["answer_scales"][item["answers"]]["values"]) - 1 for item in items)

    scales = [scale["id"] for scale in rubric["scales"]]
    candidates: Iterator[tuple[int, ...]] = itertools.product(*(range(capacity(scale) + 1) for scale in scales))
    for keyed in itertools.islice(candidates, 20_000):
        positions = _answer_positions(rubric, dict(zip(scales, keyed, strict=True)))
        values = {
            item["id"]: rubric["answer_scales"][item["answers"]]["values"][positions[item["id"]]]
            for item in rubric["items"]
        }
        reply = json.loads(score_json(rubric_json, json.dumps({"version": rubric["version"], "answers": values})))
        summary = reply["result"]["summary"]
        if summary["tied"]:
            names = {fit["id"]: fit["name"] for fit in reply["result"]["profiles"]["fits"]}
            return positions, [names[profile_id] for profile_id in summary["tied"]]
    pytest.fail("no answers in the search make two profiles equally close")


@pytest.mark.parametrize(("language", "rubric_id"), PROFILE_CASES)
def test_equally_close_profiles_are_named_together(
    page: Page, base_url: str, site_dir: Path, language: str, rubric_id: str
) -> None:
    texts = strings(language)["result"]
    positions, tied = _profile_tie(rubric_text(site_dir, language, rubric_id))
    page.goto(page_url(base_url, language, rubric_id))
    click_answers(page, positions)
    show_result(page, language)
    title = page.locator("[data-bt-result] .bt-summary h3")
    names = re.escape(texts["list_separator"]).join(re.escape(name) for name in tied)
    expect(title).to_have_text(re.compile(f"^{_pattern(texts['tied_profiles'], names=names)}$"))
    prefix = texts["closest_profile"].split("{name}")[0]
    expect(page.locator("[data-bt-result] .bt-summary")).not_to_contain_text(prefix)
