"""What a result leaves the reader with: a link that reopens it elsewhere (and damaged links that say so and
break nothing), the downloaded file and the printed report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .test_assessments import (
    BOOT_TIMEOUT,
    READY,
    assert_same_result,
    click_answers,
    copied_link,
    engine_result,
    fnv1a,
    made_up_answers,
    page_url,
    result_heading,
    show_result,
    shown,
    stored_keys,
    strings,
    structure,
)

pytestmark = pytest.mark.browser

# ------------------------------------------------------------------------------------------- result links


def test_a_result_link_reopens_the_result_elsewhere(
    browser: Browser, page: Page, base_url: str, site_dir: Path
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    texts = strings("fr")
    rubric = structure(site_dir, "fr", "career-bottleneck")
    indexes = made_up_answers(rubric, "link", skip=frozenset({rubric["items"][3]["id"]}))
    page.goto(page_url(base_url, "fr", "career-bottleneck"))
    click_answers(page, indexes)
    show_result(page, "fr")
    link = copied_link(page, "fr")
    expect(page.get_by_text(texts["share"]["copied"])).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    mine = shown(page)

    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(link)
        expect(result_heading(other, "fr")).to_be_focused(timeout=BOOT_TIMEOUT)
        assert shown(other) == mine
        assert_same_result(other, engine_result(site_dir, "fr", "career-bottleneck", indexes), "fr")
        expect(other.get_by_text(texts["notices"]["from_link"])).to_be_visible()
        assert stored_keys(other, "career-bottleneck") == [], "answers from a link are not saved unasked"
        # Changing an answer makes them the reader's own: saved, and out of the address bar.
        other.locator(f"input[name='{rubric['items'][3]['id']}']").first.check()
        expect(other.get_by_text(texts["notices"]["from_link"])).to_be_hidden()
        assert "#" not in other.url
        assert len(stored_keys(other, "career-bottleneck")) == 1
    finally:
        fresh.close()


@pytest.fixture(scope="module")
def link_to_damage(browser: Browser, base_url: str, site_dir: Path) -> str:
    """The result link every damaged link below is made from: the same made-up answers give the same link, so
    one engine start makes it for all of them (each still opens its damaged link in a fresh context)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        rubric = structure(site_dir, "en", "leadership-duties")
        page.goto(page_url(base_url, "en", "leadership-duties"))
        click_answers(page, made_up_answers(rubric, "damaged"))
        show_result(page, "en")
        return copied_link(page, "en")
    finally:
        context.close()


@pytest.mark.parametrize("damage", ["tampered", "truncated", "garbage", "other-assessment", "old-version"])
def test_a_damaged_link_says_so_and_breaks_nothing(
    browser: Browser, link_to_damage: str, base_url: str, site_dir: Path, damage: str
) -> None:
    texts = strings("en")
    rubric = structure(site_dir, "en", "leadership-duties")
    base, fragment = link_to_damage.split("#", 1)
    payload = fragment.removeprefix("answers=")
    fmt, version, codes, check = payload.split(".")
    if damage == "tampered":
        codes = codes[:5] + ("1" if codes[5] != "1" else "2") + codes[6:]
        fragment = f"answers={fmt}.{version}.{codes}.{check}"
    elif damage == "truncated":
        fragment = fragment[: len(fragment) // 2]
    elif damage == "garbage":
        fragment = "answers=%E0%A4%A"
    elif damage == "other-assessment":
        base = page_url(base_url, "en", "career-bottleneck")
    else:
        # A well-formed link for an older version of the rubric: its questions are not known any more.
        codes = "1" * len(rubric["items"])
        fragment = f"answers={fmt}.0.{codes}.{fnv1a(f'leadership-duties|0|{codes}')}"
    errors: list[str] = []
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.on("pageerror", lambda error: errors.append(str(error)))
        other.goto(f"{base}#{fragment}")
        message = texts["notices"]["link_outdated" if damage == "old-version" else "link_invalid"]
        expect(other.get_by_text(message)).to_be_visible()
        expect(other.locator(".bt-result")).to_be_hidden()
        expect(other.locator("[data-bt-form] input:checked")).to_have_count(0)
        other.wait_for_selector(READY, state="attached", timeout=BOOT_TIMEOUT)
        assert not errors, errors
    finally:
        fresh.close()


# --------------------------------------------------------------------------------- downloading, printing


def test_download_holds_rubric_version_hash_and_result(page: Page, base_url: str, site_dir: Path) -> None:
    rubric = structure(site_dir, "zh", "career-direction")
    indexes = made_up_answers(rubric, "download")
    page.goto(page_url(base_url, "zh", "career-direction"))
    click_answers(page, indexes)
    show_result(page, "zh")
    with page.expect_download() as download:
        page.get_by_role("button", name=strings("zh")["share"]["download"]).click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    expected = engine_result(site_dir, "zh", "career-direction", indexes)
    section = page.locator("section.bt-assessment")
    assert (
        data["rubric"]
        == expected["rubric"]
        == {"id": "career-direction", "version": rubric["version"], "hash": section.get_attribute("data-rubric-hash")}
    )
    assert data["result"] == expected and data["answers"] == expected["answers"]
    assert download.value.suggested_filename.startswith(f"career-direction-v{rubric['version']}-")


def test_print_gives_a_short_clean_report(page: Page, base_url: str, site_dir: Path) -> None:
    rubric = structure(site_dir, "fr", "career-bottleneck")  # the longest result
    page.goto(page_url(base_url, "fr", "career-bottleneck"))
    click_answers(page, made_up_answers(rubric, "print"))
    show_result(page, "fr")
    page.emulate_media(media="print")
    for hidden in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        "[data-bt-form]",
        ".bt-privacy",
        ".bt-tools",
        "[data-bt-bar]",
    ):
        expect(page.locator(hidden).first).to_be_hidden()
    for visible in ("h1", ".bt-result", ".bt-summary", ".bt-disclaimer", ".bt-result__meta"):
        expect(page.locator(visible).first).to_be_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 2, f"the printed report has {pages} pages"
