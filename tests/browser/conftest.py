"""Helpers for browser tests: axe, request capture, errors and dialogs watched."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, Request

pytestmark = pytest.mark.browser


_SETTLE_ANIMATIONS = """() => Promise.all(
    document.getAnimations()
        .filter((animation) => Number.isFinite(animation.effect?.getComputedTiming().endTime ?? Infinity))
        .map((animation) => animation.finished.catch(() => undefined))
)"""


def axe_violations(page: Page, axe_script: Path, *, include: str | None = None) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.x A/AA and best practices) on the page once its finite animations have settled.

    Colour contrast is measured through ancestors' opacity: run mid-transition (Material fades the search
    results in over 0.4 s) and axe reports colours the reader never sees at rest.
    """
    page.evaluate(_SETTLE_ANIMATIONS)
    # Evaluated through the DevTools protocol: a <script> tag would be (rightly) blocked by the pages' CSP.
    page.evaluate(axe_script.read_text(encoding="utf-8") + "\n;void 0")
    options = {"resultTypes": ["violations"]}
    context = include or "document"
    result: dict[str, Any] = page.evaluate(
        "([context, options]) => axe.run(context === 'document' ? document : context, options)",
        [context, options],
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )


@pytest.fixture
def requests_seen(context: BrowserContext) -> Iterator[list[Request]]:
    """Every request the context makes, workers included."""
    seen: list[Request] = []
    context.on("request", lambda request: seen.append(request))
    yield seen


@pytest.fixture
def violations(page: Page) -> Iterator[list[str]]:
    """Content-Security-Policy violations and script errors of the page and its workers."""
    found: list[str] = []
    page.add_init_script("""document.addEventListener("securitypolicyviolation", (event) => {
      (window.__btViolations = window.__btViolations || []).push(
        `${event.effectiveDirective} ${event.blockedURI}`);
    });""")
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}")
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    yield found


@dataclass
class Watched:
    """What must never happen on the page: uncaught errors, and dialogs (an alert() from a stored payload)."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_quiet(self, page: Page) -> None:
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        assert page.locator("img[src='x']").count() == 0, "an element from a stored payload is in the page"


def watch(page: Page) -> Watched:
    seen = Watched()
    page.on("pageerror", lambda error: seen.errors.append(str(error)))

    def dismiss(dialog: Dialog) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return seen


@pytest.fixture
def watched(page: Page) -> Watched:
    return watch(page)
