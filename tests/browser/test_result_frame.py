"""A result within one frame: the result of the answers on the form is made when their score arrives (scored
ahead), so that asking for it only puts it on the page; anything it was made from that changed since (the kept
results) makes it again on asking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .test_assessments import (
    BOOT_TIMEOUT,
    assert_same_result,
    click_answers,
    engine_result,
    made_up_answers,
    option_count,
    page_url,
    result_heading,
    show_result,
    strings,
    structure,
)

pytestmark = pytest.mark.browser

PREPARED = "[data-bt-result][data-bt-prepared]"

# Counts the elements the page makes from now until the result's first nodes go in (a mutation observer's
# callback runs at the end of the task that put them there).
COUNT_ELEMENTS_MADE = """() => {
  const body = document.querySelector("[data-bt-result-body]");
  const make = Document.prototype.createElement;
  const seen = window.__btMade = {made: 0, atFirstNodes: null};
  document.createElement = function (...args) {
    seen.made += 1;
    return make.apply(this, args);
  };
  const observer = new MutationObserver(() => {
    observer.disconnect();
    seen.atFirstNodes = seen.made;
    document.createElement = make;
  });
  observer.observe(body, {childList: true});
}"""


def elements_made_before_the_result(page: Page, language: str) -> Any:
    page.evaluate(COUNT_ELEMENTS_MADE)
    page.get_by_role("button", name=strings(language)["submit"], exact=True).click()
    expect(result_heading(page, language)).to_be_focused(timeout=BOOT_TIMEOUT)
    return page.evaluate("() => window.__btMade.atFirstNodes")


def test_a_result_scored_ahead_is_only_put_on_the_page(page: Page, base_url: str, site_dir: Path) -> None:
    rubric = structure(site_dir, "pl", "career-bottleneck")
    indexes = made_up_answers(rubric, "made ahead")
    page.goto(page_url(base_url, "pl", "career-bottleneck"))
    click_answers(page, indexes)
    expect(page.locator(PREPARED)).to_be_attached(timeout=BOOT_TIMEOUT)

    assert elements_made_before_the_result(page, "pl") == 0
    expect(page.locator(PREPARED)).to_have_count(0)
    expected = engine_result(site_dir, "pl", "career-bottleneck", indexes)
    assert_same_result(page, expected, "pl")

    # Asked again for the same answers, nothing is prepared: the result is made on asking, and is the same.
    assert elements_made_before_the_result(page, "pl") > 0
    assert_same_result(page, expected, "pl")


def test_a_result_prepared_before_the_kept_results_changed_is_made_again(
    page: Page, base_url: str, site_dir: Path
) -> None:
    texts = strings("fr")
    rubric = structure(site_dir, "fr", "career-direction")
    indexes = made_up_answers(rubric, "kept changed")
    page.goto(page_url(base_url, "fr", "career-direction"))
    click_answers(page, indexes)
    show_result(page, "fr")
    keep = page.get_by_label(texts["history"]["keep"])
    keep.check()
    expect(page.get_by_text(texts["history"]["kept"])).to_be_visible()

    first = rubric["items"][0]
    changed = {**indexes, first["id"]: (indexes[first["id"]] + 1) % option_count(rubric, first)}
    click_answers(page, {first["id"]: changed[first["id"]]})
    expect(page.locator(PREPARED)).to_be_attached(timeout=BOOT_TIMEOUT)
    # Made with one kept result to compare with; the reader then stops keeping results.
    keep.uncheck()
    expect(page.get_by_text(texts["history"]["deleted"])).to_be_visible()

    assert elements_made_before_the_result(page, "fr") > 0
    expect(page.locator("[data-bt-result-body] .bt-change")).to_have_count(0)
    expect(page.get_by_label(texts["history"]["keep"])).not_to_be_checked()
    assert_same_result(page, engine_result(site_dir, "fr", "career-direction", changed), "fr")
