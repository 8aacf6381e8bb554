"""Actions link to articles by their titles, resolved at build time: showing a result downloads no search
index, and each language's page names the links in its own language."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Request

from build_tools.project import load_project
from build_tools.structure.rubric_model import CheckedRubric

from .test_assessments import BOOT_TIMEOUT, LANGUAGES, READY, click_answers, made_up_answers, page_url, show_result

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PROJECT = load_project(ROOT)
# An assessment whose actions link to articles, so that a result shows links.
RUBRIC: CheckedRubric = next(rubric for _, rubric in sorted(PROJECT.rubrics.items()) if rubric.links)


def published_url(base_url: str, language: str, link: str) -> str:
    """Where the site publishes a rubric's link (``articles/x.md#id`` -> ``…/<lang>/articles/x/#id``)."""
    path, _, anchor = link.partition("#")
    page = path.removesuffix("index.md")
    page = page[: -len(".md")] + "/" if page.endswith(".md") else page
    return f"{base_url}{language}/{page}" + (f"#{anchor}" if anchor else "")


EN_DASH = "\u2013"  # between an article's title and its section's, as the page writes it


def expected_labels(base_url: str, language: str) -> dict[str, str]:
    return {
        published_url(base_url, language, link): (
            f"{title.page} {EN_DASH} {title.section}" if title.section else title.page
        )
        for link, title in RUBRIC.link_titles[language].items()
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_action_links_carry_their_titles_without_a_search_index(
    page: Page, base_url: str, language: str, requests_seen: list[Request]
) -> None:
    expected = expected_labels(base_url, language)
    assert expected, f"{RUBRIC.rubric_id} has action links: each must get its title in {language}"
    page.goto(page_url(base_url, language, RUBRIC.rubric_id))
    page.wait_for_selector(READY, state="attached", timeout=BOOT_TIMEOUT)
    # A spread of answers, so that several scales show actions.
    click_answers(page, made_up_answers(dict(RUBRIC.structure), f"titles-{language}"))
    before = len(requests_seen)
    show_result(page, language)
    # The page's own requests: the service worker fills its cache (search files included) in the background.
    during_submit = [request.url for request in requests_seen[before:] if request.service_worker is None]
    assert not [url for url in during_submit if "/pagefind/" in url], during_submit

    shown = page.eval_on_selector_all(".bt-action__link", "(links) => links.map((a) => [a.href, a.textContent])")
    assert shown, "the result shows action links"
    for href, text in shown:
        assert href in expected, f"{href} is not one of the rubric's links"
        assert text == expected[href]
