"""Privacy and security on the assessment pages: everything works under the Content-Security-Policy header,
no answer ever leaves the device, and without scripts the form still says what it needs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserType, Page, Request, expect

from build_tools.serve import SiteServer
from build_tools.structure.output_guard import CONTENT_SECURITY_POLICY

from .test_assessments import (
    BOOT_TIMEOUT,
    assert_same_result,
    click_answers,
    copied_link,
    engine_result,
    made_up_answers,
    page_url,
    show_result,
    strings,
    structure,
)

pytestmark = pytest.mark.browser

# ---------------------------------------------------------------------------------- privacy and security


def test_under_the_content_security_policy(page: Page, site_dir: Path, violations: list[str]) -> None:
    with SiteServer(site_dir, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY}) as server:
        response = page.goto(page_url(server.url, "en", "career-direction"))
        assert response is not None and "default-src 'self'" in response.headers["content-security-policy"]
        rubric = structure(site_dir, "en", "career-direction")
        indexes = made_up_answers(rubric, "csp")
        click_answers(page, indexes)
        show_result(page, "en")
        assert_same_result(page, engine_result(site_dir, "en", "career-direction", indexes), "en")
        assert page.locator("script:not([src]):not([type='application/json'])").count() == 0, "inline script"
    assert not violations and not page.evaluate("window.__btViolations || []"), violations


def test_no_answer_ever_leaves_the_device(
    page: Page, base_url: str, site_dir: Path, requests_seen: list[Request]
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    rubric = structure(site_dir, "pl", "sales-manager-traits")
    indexes = made_up_answers(rubric, "network")
    page.goto(page_url(base_url, "pl", "sales-manager-traits"))
    click_answers(page, indexes)
    show_result(page, "pl")
    page.get_by_label(strings("pl")["history"]["keep"]).check()
    link = copied_link(page, "pl")
    with page.expect_download():
        page.get_by_role("button", name=strings("pl")["share"]["download"]).click()
    page.goto(link)
    expect(page.locator(".bt-result--shown")).to_be_visible(timeout=BOOT_TIMEOUT)
    page.get_by_role("button", name=strings("pl")["clear"], exact=True).click()
    page.wait_for_load_state("networkidle")

    codes = link.split("#answers=")[1]
    answers_json = json.dumps(engine_result(site_dir, "pl", "sales-manager-traits", indexes)["answers"])
    assert requests_seen
    for request in requests_seen:
        if request.url.startswith(("data:", "blob:")):
            continue
        assert request.url.startswith(base_url), request.url
        assert request.method in ("GET", "HEAD"), (request.method, request.url)
        assert request.post_data_buffer is None, request.url
        assert "?" not in request.url and "#" not in request.url and codes not in request.url, request.url
        assert answers_json not in request.url


# ---------------------------------------------------------------------------------------- without scripts


def test_without_scripts_the_form_is_answerable_and_says_what_is_needed(
    browser_type: BrowserType, browser_type_launch_args: dict[str, Any], base_url: str
) -> None:
    texts = strings("fr")
    # Scripts off as a reader would turn them off (DevTools' switch would still hide <noscript>).
    args = [*browser_type_launch_args.get("args", []), "--blink-settings=scriptEnabled=false"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    try:
        page = browser.new_page()
        page.goto(page_url(base_url, "fr", "sales-manager-traits"))
        notice = page.locator(".bt-assessment noscript .admonition")  # text search skips <noscript>
        expect(notice).to_be_visible()
        expect(notice).to_have_text(texts["noscript"])
        expect(page.get_by_text(texts["privacy_title"])).to_be_visible()
        first = page.get_by_role("group").filter(has=page.locator("input[type=radio]")).first
        first.get_by_role("radio").first.focus()
        page.keyboard.press("ArrowRight")
        expect(first.get_by_role("radio").nth(1)).to_be_checked()
        # Nothing can be submitted: the buttons only appear with the script that keeps answers on the device.
        expect(page.get_by_role("button", name=texts["submit"])).to_be_hidden()
        page.keyboard.press("Enter")
        expect(page).to_have_url(page_url(base_url, "fr", "sales-manager-traits"))
    finally:
        browser.close()
