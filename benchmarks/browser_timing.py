"""Browser measures for `make bench` (Playwright on Debian's Chromium)."""

from __future__ import annotations

import contextlib
import time
from typing import Any

# Debian's Chromium as a test and benchmark browser: no sandbox (root in CI), and none of the background
# connections to Google's services that this machine's closed network would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def page_weight_kib(browser: Any, url: str) -> float:
    """Bytes a first visit to ``url`` downloads (bodies of every response), in KiB."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []

    def record(response: Any) -> None:
        with contextlib.suppress(Exception):  # redirects and aborted requests have no body
            sizes.append(len(response.body()))

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    context.close()
    return sum(sizes) / 1024


def assessment_timings(browser: Any, url: str) -> tuple[float, float]:
    """(page load to engine ready, submit to result shown) in milliseconds, on a cold browser context."""
    context = browser.new_context()
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("[data-bt-assessment-state=ready]", state="attached", timeout=60_000)
    ready_ms = (time.perf_counter() - started) * 1000
    for fieldset in page.locator("fieldset[data-item]").all():
        fieldset.locator("input[type=radio]").nth(2).check()
    started = time.perf_counter()
    page.locator("[data-bt-submit]").click()
    page.wait_for_selector("[data-bt-result]:not([hidden])", timeout=60_000)
    result_ms = (time.perf_counter() - started) * 1000
    context.close()
    return ready_ms, result_ms
