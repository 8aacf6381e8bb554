"""Ties in the browser: answering the middle option everywhere gives every area the same score, and the result
says so in the reader's language instead of naming areas by the order they are listed in.

The assessments come from the project: every scale-profile rubric and every ranking rubric (answered on its
agreement statements only, so that every direction ties)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from .test_assessments import LANGUAGES, REGISTRY, ROOT, page_url, show_result, strings, structure

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
