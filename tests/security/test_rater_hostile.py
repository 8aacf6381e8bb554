"""The rater view of the hostile site stays inert: poisoned observer statements, instructions and rater
strings, and a first name in the invitation that carries markup, are shown as text, with the page's
Content-Security-Policy and with it switched off (so that nothing here passes thanks to the policy alone).

Invitations are made with the site's own feedback-links.js (``encodeInvitation``), imported into the page.
Names it refuses (bidi overrides, invisible and control characters, too long) are refused there, and a link
carrying one anyway opens to the view's error, in words, with the name nowhere on the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from build_tools.serve import SiteServer
from tests.browser.test_rater import OBSERVED, invitation, links_module, page_url
from tests.security.hostile_site import LANGUAGE
from tests.security.test_in_browser import _PROVOKE

pytestmark = pytest.mark.browser

# Markup, quotes and scripts that cleanName accepts (visible characters, at most 40): each calls alert with
# its own name if it ever runs.
NAMES = (
    "<img src=x onerror=alert('rater-img')>",
    "<svg onload=alert('rater-svg')>",
    "\"'><b>Łucja</b> & 李 <script>alert(1)",
)
# What cleanName refuses: bidi overrides and isolates, invisible format characters, controls, too long.
REFUSED = ("\u202eevil\u202c", "Anna\u2066x\u2069", "Anna\u200b", "Anna\u0000", "x" * 41)

# The only elements the rater view builds; markup in a text would bring others.
VIEW_TAGS = {"DIV", "H3", "P", "INPUT", "LABEL", "FORM", "FIELDSET", "LEGEND", "SPAN", "BUTTON", "SECTION"}

_WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(event.violatedDirective));"""

# What the page shows and what it should show, from the data it was given (the poisoned texts themselves).
_READ_VIEW = """() => {
  const section = document.querySelector("section[data-rubric-id]");
  const strings = JSON.parse(section.dataset.strings);
  const observer = JSON.parse(section.dataset.observer);
  const view = section.querySelector("[data-bt-rater]");
  const fieldsets = [...view.querySelectorAll("fieldset[data-rater-item]")];
  return {
    strings: strings.rater,
    observer,
    legends: fieldsets.map((fieldset) => fieldset.querySelector("legend").textContent),
    expected: fieldsets.map((fieldset, index) => `${index + 1}. ${observer.items[fieldset.dataset.raterItem]}`),
    instructions: view.querySelector(".bt-instructions").textContent,
    tags: [...new Set([...view.querySelectorAll("*")].map((node) => node.tagName))],
    handlers: [...document.querySelectorAll("*")].flatMap((node) =>
      [...node.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((a) => `${node.tagName} ${a.name}`)),
  };
}"""


@pytest.fixture(params=["policy", "no-policy"])
def watched(browser: Browser, request: pytest.FixtureRequest) -> Iterator[tuple[Page, list[str]]]:
    """A page with the site's policy or without any, and what ran that should not: dialogs, page errors."""
    context = browser.new_context(bypass_csp=request.param == "no-policy")
    page = context.new_page()
    page.add_init_script(_WATCH)
    ran: list[str] = []

    def on_dialog(dialog: Any) -> None:
        ran.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: ran.append(f"error: {error}"))
    yield page, ran
    context.close()


def _encode(page: Page, rubric_id: str, name: str) -> dict[str, str]:
    """encodeInvitation of the site's module: {"link": …} or {"refused": the error's name}."""
    return dict(
        page.evaluate(
            """async ([module, rubricId, name]) => {
                 const section = document.querySelector("section[data-rubric-id]");
                 const form = {rubricId, version: Number(section.dataset.rubricVersion), items: []};
                 try { return {link: (await import(module)).encodeInvitation(form, name)}; }
                 catch (error) { return {refused: error.name}; }
               }""",
            [links_module(page), rubric_id, name],
        )
    )


def _assert_inert(page: Page, ran: list[str]) -> None:
    assert page.evaluate(_PROVOKE) == []
    page.wait_for_timeout(0)  # let queued error events run before the verdict
    assert ran == []
    assert page.evaluate("window.__violations") == []


@pytest.mark.parametrize("rubric_id", OBSERVED)
def test_poisoned_observer_texts_rater_strings_and_names_stay_text(
    watched: tuple[Page, list[str]], hostile_server: SiteServer, rubric_id: str
) -> None:
    page, ran = watched
    base = page_url(hostile_server.url, LANGUAGE, rubric_id)
    page.goto(f"{base}#invite=x")  # an unusable invitation: the view's error, and the site's modules to import
    expect(page.locator("[data-bt-rater-error]")).to_be_visible()
    links = {name: _encode(page, rubric_id, name) for name in NAMES}
    assert all("link" in made for made in links.values()), links

    for name, made in links.items():
        page.goto("about:blank")
        page.goto(f"{base}#invite={made['link']}")
        view = page.locator("[data-bt-rater]")
        expect(view.locator("fieldset").first).to_be_visible()
        shown = page.evaluate(_READ_VIEW)
        # first what would run or build elements, then what is shown
        _assert_inert(page, ran)
        assert set(shown["tags"]) <= VIEW_TAGS, shown["tags"]
        assert shown["handlers"] == []
        assert any("<" in text for text in shown["observer"]["items"].values()), "the observer texts are poisoned"
        assert shown["legends"] == shown["expected"]
        assert shown["instructions"] == shown["observer"]["instructions"]
        expect(view.locator("h3").first).to_have_text(shown["strings"]["title"].replace("{name}", name))
        expect(view.locator("[data-bt-rater-disclaimer]")).to_have_text(shown["strings"]["disclaimer"])

        # the response part brings more rater strings
        view.locator("fieldset input[type=radio]").first.check()
        view.locator("form button[type=submit]").click()
        expect(page.locator("[data-bt-rater-link]")).to_be_visible()
        send = shown["strings"]["send"]
        expect(view.get_by_text(send, exact=True)).to_be_visible()
        assert set(page.evaluate(_READ_VIEW)["tags"]) <= VIEW_TAGS
        _assert_inert(page, ran)


def test_names_the_links_refuse_are_refused_and_never_shown(
    watched: tuple[Page, list[str]], hostile_server: SiteServer
) -> None:
    page, ran = watched
    rubric_id = OBSERVED[0]
    base = page_url(hostile_server.url, LANGUAGE, rubric_id)
    page.goto(f"{base}#invite=x")
    error = page.locator("[data-bt-rater-error]")
    expect(error).to_be_visible()
    version = int(page.evaluate("document.querySelector('section[data-rubric-id]').dataset.rubricVersion"))
    for name in REFUSED:
        assert _encode(page, rubric_id, name) == {"refused": "RangeError"}, repr(name)
        # made by hand, checksum and all: the view still refuses it, saying so in the page's words
        page.goto("about:blank")
        page.goto(f"{base}#invite={invitation(rubric_id, version, name)}")
        expect(error).to_have_attribute("data-bt-rater-error", "invalid")
        words = page.evaluate("JSON.parse(document.querySelector('section[data-rubric-id]').dataset.strings)")
        expect(error).to_have_text(words["rater"]["errors"]["invalid"])
        expect(page.locator("[data-bt-rater] fieldset")).to_have_count(0)
        assert name not in page.locator("body").inner_text()
        _assert_inert(page, ran)
