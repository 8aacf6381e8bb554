"""Every assessment in every language answered with the keyboard only, from the top of the page: Tab reaches
the first question, arrows choose, Enter asks; the result equals the CPython engine's, the form and the result
pass axe, and the page reports no CSP violation or script error.

Its own file so that pytest-xdist (`make test`, one file per worker) can run this matrix beside the rest of
the assessment tests in test_assessments.py.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations, describe
from .test_assessments import (
    ASSESSMENTS,
    BOOT_TIMEOUT,
    LANGUAGES,
    assert_same_result,
    engine_result,
    made_up_answers,
    page_url,
    result_heading,
    strings,
    structure,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("rubric_id", ASSESSMENTS)
def test_keyboard_only_gives_the_engines_result(
    page: Page, base_url: str, site_dir: Path, axe_script: Path, violations: list[str], language: str, rubric_id: str
) -> None:
    texts = strings(language)
    rubric = structure(site_dir, language, rubric_id)
    indexes = made_up_answers(rubric, f"{language}/{rubric_id}")
    items = [item["id"] for item in rubric["items"]]
    page.goto(page_url(base_url, language, rubric_id))
    progress = page.locator("[data-bt-progress]")
    expect(progress).to_have_text(texts["progress"].format(answered=0, total=len(items)))
    form_violations = axe_violations(page, axe_script, include=".bt-assessment")
    assert not form_violations, describe(form_violations)

    # From the top of the page to the first answer with Tab only, then each group: arrows choose, Tab moves on.
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == items[0]:
            break
    else:
        pytest.fail("Tab never reached the first question")
    for position, item_id in enumerate(items):
        assert page.evaluate("document.activeElement.name") == item_id
        index = indexes[item_id]
        if index == 0:
            page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowRight")
        if position == len(items) // 2:
            expect(progress).to_have_text(texts["progress"].format(answered=position + 1, total=len(items)))
        page.keyboard.press("Tab")
    submit = page.get_by_role("button", name=texts["submit"], exact=True)
    expect(submit).to_be_focused()
    expect(progress).to_have_text(texts["progress"].format(answered=len(items), total=len(items)))
    started = time.perf_counter()
    page.keyboard.press("Enter")
    # (Not wait_for_function: Playwright evaluates its predicate as a string, which the pages' CSP forbids.)
    expect(result_heading(page, language)).to_be_focused(timeout=BOOT_TIMEOUT)
    print(
        f"\n[{language}/{rubric_id}] Enter to result shown (the engine may still have been starting): "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    expect(result_heading(page, language)).to_be_focused()

    assert_same_result(page, engine_result(site_dir, language, rubric_id, indexes), language)
    result_violations = axe_violations(page, axe_script, include=".bt-assessment")
    assert not result_violations, describe(result_violations)
    assert not violations and not page.evaluate("window.__btViolations || []"), violations
