"""`kb serve` while editing, in the browser: a save that breaks the build leaves the last good page served and
shows the problem over it (an overlay announced as an alert, with a close button), and the save that fixes
it reloads the page, updated, without the overlay. `kb serve` runs on port 0 in a copy of the project."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, expect

from build_tools.project import read_registry
from tests.sitebuild.project_copy import copy_project

from .conftest import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_REGISTRY = read_registry(Path(__file__).resolve().parents[2])
# A translation's page: a save there rebuilds that language only.
LANGUAGE = _REGISTRY.languages.translations[0].code
OVERLAY = "#kb-serve-problems"
START_TIMEOUT = 600  # seconds: the first build makes every language and the runtime
REBUILD_TIMEOUT = 180_000  # milliseconds: one language's rebuild on a busy two-core machine


@dataclass
class DevServer:
    root: Path
    url: str
    output: list[str]


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        into.put(line.rstrip("\n"))


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    folder = tmp_path_factory.mktemp("serve-overlay")
    root = copy_project(folder / "project")
    process = subprocess.Popen(
        [sys.executable, "-m", "build_tools.cli", "serve", "--port", "0", "--site-dir", str(folder / "site")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    output: list[str] = []
    try:
        while not (output and output[-1].startswith("serving ")):
            try:
                output.append(lines.get(timeout=START_TIMEOUT))
            except queue.Empty:
                pytest.fail("kb serve did not start:\n" + "\n".join(output))
        url = output[-1].split()[1]
        yield DevServer(root, url, output)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_bad_save_keeps_the_page_and_shows_why_until_the_fix(
    dev_server: DevServer, browser: Browser, axe_script: Path
) -> None:
    page_file = dev_server.root / "docs" / LANGUAGE / "index.md"
    good = page_file.read_text(encoding="utf-8")
    context = browser.new_context()
    blocked: list[str] = []
    context.on("console", lambda message: _policy_errors(message, blocked))
    page = context.new_page()
    url = f"{dev_server.url}{LANGUAGE}/"
    page.goto(url)
    heading = page.locator("article h1").first
    expect(heading).to_be_visible()
    title = heading.inner_text()
    overlay = page.locator(OVERLAY)
    expect(overlay).to_have_count(0)

    broken_line = len(good.splitlines()) + 1
    page_file.write_text(good + ("" if good.endswith("\n") else "\n") + "A [broken](no-such-page.md) link.\n", "utf-8")
    problem = (
        f"docs/{LANGUAGE}/index.md:{broken_line}: link to `no-such-page.md`: page does not exist — check the path;"
        f" it is relative to docs/{LANGUAGE}/."
    )
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(problem, timeout=REBUILD_TIMEOUT)
    expect(alert).to_contain_text("last good version of the page")
    expect(heading).to_have_text(title)

    # Another tab opened now gets the last good page (not a 404), with the overlay, and can close it.
    other = context.new_page()
    response = other.goto(url)
    assert response is not None and response.status == 200
    expect(other.locator("article h1").first).to_have_text(title)
    expect(other.get_by_text("broken", exact=True)).to_have_count(0)
    other_alert = other.get_by_role("alert")
    expect(other_alert).to_contain_text(problem)
    violations = axe_violations(other, axe_script, include=OVERLAY)
    assert violations == [], describe(violations)
    close = other_alert.get_by_role("button", name="Close the build problems")
    close.focus()
    expect(close).to_be_focused()
    other.keyboard.press("Enter")
    expect(other.locator(OVERLAY)).to_have_count(0)

    page_file.write_text(good + ("" if good.endswith("\n") else "\n") + "\nFixed and saved again.\n", "utf-8")
    expect(page.get_by_text("Fixed and saved again.")).to_be_visible(timeout=REBUILD_TIMEOUT)
    expect(page.locator(OVERLAY)).to_have_count(0)
    expect(page.locator("article h1").first).to_have_text(title)
    assert blocked == [], "the overlay runs under the pages' Content-Security-Policy"
    context.close()


def _policy_errors(message: ConsoleMessage, into: list[str]) -> None:
    if message.type == "error" and "Content Security Policy" in message.text:
        into.append(message.text)
