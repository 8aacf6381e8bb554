"""Inert in a real browser, whatever a pull request contains.

Pages are loaded with the Content-Security-Policy switched off (``bypass_csp``), so that nothing here passes
thanks to the policy: the sanitiser and the plain-text treatment must hold on their own. Every element then
receives the events inline handlers listen to, and any ``alert`` that runs is a failure naming its payload.
The policy is tested on its own at the end: sent by no server, carried only by the page's <meta>.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from build_tools.serve import SiteServer
from build_tools.structure import sanitise
from tests.browser.test_assessments import BOOT_TIMEOUT, click_answers, made_up_answers, structure
from tests.security.hostile_site import LANGUAGE
from tests.security.payloads import MARKDOWN_PAYLOADS, TEXT_PAYLOADS
from tests.security.test_markdown_payloads import RENDER

pytestmark = pytest.mark.browser

# Fire what inline handlers wait for, on every element; open every <details>.
_PROVOKE = """() => {
  for (const element of document.querySelectorAll("*")) {
    for (const type of ["mouseover", "focus", "click", "error", "load", "toggle", "animationstart", "begin"]) {
      if (type === "click" && element.closest("a[href], button, input, label, summary")) continue;
      element.dispatchEvent(new Event(type));
    }
    if (element.tagName === "DETAILS") element.open = true;
  }
  return [...document.querySelectorAll("[href], [src], [action], [formaction], [data]")]
    .map((element) => element.getAttribute("href") ?? element.getAttribute("src") ?? element.getAttribute("action")
      ?? element.getAttribute("formaction") ?? element.getAttribute("data"))
    .filter((url) => /^(javascript|vbscript|data:text)/i.test(url.replace(/[\\t\\n\\r]/g, "").trim()));
}"""


@pytest.fixture
def unprotected(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page without any Content-Security-Policy, and the alerts it has shown."""
    context: BrowserContext = browser.new_context(bypass_csp=True)
    page = context.new_page()
    alerts: list[str] = []

    def on_dialog(dialog: object) -> None:
        alerts.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    yield page, alerts
    context.close()


def _show(page: Page, body: str) -> list[str]:
    page.set_content(f"<!doctype html><html><body>{body}</body></html>", wait_until="load")
    return list(page.evaluate(_PROVOKE))


def test_what_the_sanitiser_keeps_runs_nothing(unprotected: tuple[Page, list[str]]) -> None:
    page, alerts = unprotected
    for payload in MARKDOWN_PAYLOADS:
        active_urls = _show(page, sanitise.sanitise(RENDER(payload.markdown)))
        assert active_urls == [], payload.name
    page.wait_for_timeout(0)  # let queued error events run before the verdict
    assert alerts == []


def test_the_same_payloads_unsanitised_do_run(unprotected: tuple[Page, list[str]]) -> None:
    """The control: without the sanitiser these payloads are live, so the test above can fail."""
    page, alerts = unprotected
    live: set[str] = set()
    for payload in MARKDOWN_PAYLOADS:
        if _show(page, RENDER(payload.markdown)):
            live.add(payload.name)
    expect(page.locator("body")).to_be_attached()
    live |= set(alerts)
    print(f"\n{len(live)} of {len(MARKDOWN_PAYLOADS)} payloads are live without the sanitiser")
    assert len(live) >= 30, sorted(live)


def _pages(site_dir: Path) -> list[str]:
    pages = sorted(path.relative_to(site_dir).as_posix() for path in (site_dir / LANGUAGE).rglob("index.html"))
    return ["", *[page.removesuffix("index.html") for page in pages], f"{LANGUAGE}/404.html"]


def test_every_hostile_page_is_inert(unprotected: tuple[Page, list[str]], hostile_server: SiteServer) -> None:
    page, alerts = unprotected
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in _pages(hostile_server.site_dir):
        page.goto(hostile_server.url + path)
        assert page.evaluate(_PROVOKE) == [], path
    assert alerts == []
    assert errors == []


def test_a_hostile_assessment_scores_and_shows_its_texts_as_text(
    unprotected: tuple[Page, list[str]], hostile_server: SiteServer
) -> None:
    page, alerts = unprotected
    rubric_id = "leadership-duties"
    page.goto(f"{hostile_server.url}{LANGUAGE}/assessments/{rubric_id}/")
    rubric = structure(hostile_server.site_dir, LANGUAGE, rubric_id)
    click_answers(page, made_up_answers(rubric, "hostile"))
    page.locator("form.bt-form button[type=submit], .bt-assessment button[type=submit]").first.click()
    result = page.locator(".bt-result--shown")
    expect(result).to_be_visible(timeout=BOOT_TIMEOUT)
    shown = result.inner_text()
    assert any(payload in shown for payload in TEXT_PAYLOADS if "<" in payload), shown[:500]
    assert page.evaluate(_PROVOKE) == []
    assert alerts == []


def test_the_meta_policy_alone_blocks_an_injected_script(page: Page, site_server: SiteServer) -> None:
    """Served with no header at all (GitHub Pages), a script that got into a page still cannot run."""
    url = f"{site_server.url}{LANGUAGE}/about/"
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));"
    )
    original = page.request.get(url)
    assert "content-security-policy" not in {name.lower() for name in original.headers}
    tampered = original.text().replace("<body", "<body data-x><script>window.__injected = true</script><p hidden", 1)
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=tampered))
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("window.__injected") is None
    assert "script-src-elem" in page.evaluate("window.__violations") or "script-src" in page.evaluate(
        "window.__violations"
    )
