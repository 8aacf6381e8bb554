"""The returning reader's engine: after the first result, the worker keeps a memory snapshot of a fresh engine
on the device; a second tab starts from it and scores the same; a damaged one is discarded and the engine
starts as usual. No answer sent to the engine is ever in the snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import BrowserContext, Page

from .test_assessments import ASSESSMENTS, BOOT_TIMEOUT, page_url
from .test_offline import LANGUAGE, SNAPSHOT_ENTRY, score

pytestmark = pytest.mark.browser

RUBRIC = ASSESSMENTS[0]

# Every message the page's engine worker sends, and every answers text the page sends it, kept in the page.
WATCH_WORKER = """(() => {
  const Own = window.Worker;
  window.__btWorker = {received: [], answers: [], created: 0};
  window.Worker = class extends Own {
    constructor(...args) {
      super(...args);
      window.__btWorker.created += 1;
      this.addEventListener("message", (event) => window.__btWorker.received.push(event.data));
    }
    postMessage(message, ...rest) {
      if (message && typeof message.answers === "string") window.__btWorker.answers.push(message.answers);
      return super.postMessage(message, ...rest);
    }
  };
})();"""


def snapshot_outcomes(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate("() => window.__btWorker.received.filter((message) => message.type === 'snapshot')"))


def wait_for_outcome(page: Page, outcome: str) -> None:
    page.wait_for_function(
        "(outcome) => window.__btWorker.received.some((m) => m.type === 'snapshot' && m.outcome === outcome)",
        arg=outcome,
        timeout=BOOT_TIMEOUT * 2,
    )


def kept_snapshots(page: Page, entry: dict[str, str]) -> list[str]:
    return list(
        page.evaluate(
            """async (entry) => {
      if (!(await caches.has(entry.cache))) return [];
      return (await (await caches.open(entry.cache)).keys()).map((request) => request.url);
    }""",
            entry,
        )
    )


def first_visit(context: BrowserContext, base_url: str, site_dir: Path) -> Page:
    """One visit with one result, until the worker says the snapshot is kept."""
    context.add_init_script(WATCH_WORKER)
    page = context.new_page()
    page.goto(page_url(base_url, LANGUAGE, RUBRIC))
    score(page, site_dir, RUBRIC)
    wait_for_outcome(page, "stored")
    return page


def test_a_second_tab_starts_from_the_snapshot_and_scores_the_same(
    context: BrowserContext, base_url: str, site_dir: Path
) -> None:
    page = first_visit(context, base_url, site_dir)
    entry = page.evaluate(SNAPSHOT_ENTRY, base_url)
    assert kept_snapshots(page, entry) == [entry["url"]]
    # No answers text the page sent the engine is anywhere in the snapshot's bytes.
    sent: list[str] = page.evaluate("() => window.__btWorker.answers")
    assert sent
    found = page.evaluate(
        """async ([entry, texts]) => {
      const bytes = new Uint8Array(await (await (await caches.open(entry.cache)).match(entry.url)).arrayBuffer());
      const text = new TextDecoder("latin1").decode(bytes);
      return texts.filter((sent) => text.includes(sent));
    }""",
        [entry, sent],
    )
    assert found == []
    second = context.new_page()
    second.goto(page_url(base_url, LANGUAGE, RUBRIC))
    score(second, site_dir, RUBRIC)
    assert [message["outcome"] for message in snapshot_outcomes(second)] == ["used"]
    # A returning reader's engine worker starts before the assessment's modules load (the service worker
    # serves the runtime from the device), and main.js takes that worker over rather than starting another.
    started = second.evaluate(
        """() => {
      const created = performance.getEntriesByName("bt:worker-created");
      const main = performance.getEntriesByType("resource").find((entry) => entry.name.endsWith("/assessment/main.js"));
      return {created: created.map((mark) => mark.startTime), main: main ? main.startTime : null,
        workers: window.__btWorker.created};
    }"""
    )
    assert len(started["created"]) == 1 and started["workers"] == 1, started
    assert started["main"] is not None and started["created"][0] < started["main"], started


def visit_with_a_changed_snapshot(
    context: BrowserContext, page: Page, base_url: str, site_dir: Path, change: Literal["flip a byte", "cut 4 KiB off"]
) -> tuple[Page, list[dict[str, Any]]]:
    """Changes the kept snapshot's bytes (its stored headers, its length among them, stay), then opens the
    assessment in a new tab and scores it there: that tab and its snapshot messages."""
    page.evaluate(
        """async ([entry, change]) => {
      const cache = await caches.open(entry.cache);
      const kept = await cache.match(entry.url);
      let bytes = new Uint8Array(await kept.arrayBuffer());
      if (change === "flip a byte") bytes[bytes.length >> 1] ^= 0xff;
      else bytes = bytes.subarray(0, bytes.length - 4096);
      await cache.put(entry.url, new Response(bytes, {headers: kept.headers}));
    }""",
        [page.evaluate(SNAPSHOT_ENTRY, base_url), change],
    )
    second = context.new_page()
    second.goto(page_url(base_url, LANGUAGE, RUBRIC))
    score(second, site_dir, RUBRIC)
    return second, snapshot_outcomes(second)


def test_a_damaged_snapshot_is_discarded_and_the_engine_starts_as_usual(
    context: BrowserContext, base_url: str, site_dir: Path
) -> None:
    page = first_visit(context, base_url, site_dir)
    second, outcomes = visit_with_a_changed_snapshot(context, page, base_url, site_dir, "flip a byte")
    assert outcomes[0]["outcome"] == "discarded" and outcomes[0]["detail"].startswith("checksum"), outcomes
    # The engine that started as usual makes a good one again after its first result.
    wait_for_outcome(second, "stored")
    third = context.new_page()
    third.goto(page_url(base_url, LANGUAGE, RUBRIC))
    score(third, site_dir, RUBRIC)
    assert [message["outcome"] for message in snapshot_outcomes(third)] == ["used"]


def test_a_truncated_snapshot_is_refused_before_pyodide_restores_it(
    context: BrowserContext, base_url: str, site_dir: Path
) -> None:
    """The bytes reach Pyodide as the cache reads them (the runtime compiles meanwhile): one cut short, as by a
    full disk, fails its stored length and is discarded before any of it is restored."""
    page = first_visit(context, base_url, site_dir)
    _, outcomes = visit_with_a_changed_snapshot(context, page, base_url, site_dir, "cut 4 KiB off")
    assert outcomes[0]["outcome"] == "discarded" and outcomes[0]["detail"].endswith(" stored"), outcomes
    assert "used" not in [message["outcome"] for message in outcomes], outcomes
