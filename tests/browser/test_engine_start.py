"""The scoring engine's start on the assessment pages: how long it takes, one engine serving every assessment
reached by instant navigation, broken hosting (wrong MIME type, missing or hanging files) reported clearly
with a retry that works, and axe while the engine loads.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import BrowserContext, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError

from build_tools.serve import SiteServer

from .conftest import axe_violations, describe
from .test_assessments import (
    BOOT_TIMEOUT,
    READY,
    ROOT,
    SETTLED,
    assert_same_result,
    click_answers,
    engine_result,
    made_up_answers,
    page_url,
    show_result,
    strings,
    structure,
)

pytestmark = pytest.mark.browser

# ------------------------------------------------------------------------------------------------ timings


def test_engine_ready_and_result_timings(page: Page, base_url: str, site_dir: Path) -> None:
    rubric = structure(site_dir, "en", "career-bottleneck")
    started = time.perf_counter()
    page.goto(page_url(base_url, "en", "career-bottleneck"))
    page.wait_for_selector(READY, state="attached", timeout=BOOT_TIMEOUT)
    ready_ms = (time.perf_counter() - started) * 1000
    indexes = made_up_answers(rubric, "timings")
    click_answers(page, indexes)
    started = time.perf_counter()
    show_result(page, "en")
    result_ms = (time.perf_counter() - started) * 1000
    print(f"\n[timings] page load to engine ready: {ready_ms:.0f} ms; submit to result: {result_ms:.0f} ms")
    expect(page.get_by_role("status").filter(has_text=strings("en")["engine"]["ready"])).to_be_visible()
    assert_same_result(page, engine_result(site_dir, "en", "career-bottleneck", indexes), "en")


# ------------------------------------------------------------------------------- broken hosting, retrying


@pytest.fixture
def own_server(site_dir: Path) -> Iterator[SiteServer]:
    """The site on a server of its own, whose MIME types a test may break without affecting others."""
    with SiteServer(site_dir) as server:
        yield server


def expect_failure_then_retry(
    page: Page, server: SiteServer, rubric_id: str, fix: Any, failure_text: str, detail: str | None
) -> None:
    texts = strings("en")
    rubric = structure(server.site_dir, "en", rubric_id)
    indexes = {item["id"]: 3 for item in rubric["items"][:4]}
    page.goto(page_url(server.url, "en", rubric_id))
    click_answers(page, indexes)
    status = page.get_by_role("status").filter(has_text=failure_text)
    started = time.perf_counter()
    expect(status).to_be_visible(timeout=15_000)
    print(f"\n[{rubric_id}] failure shown after {(time.perf_counter() - started) * 1000:.0f} ms")
    if detail:
        expect(page.locator("[data-bt-engine-detail]")).to_contain_text(detail)
    expect(page.locator("[data-bt-form] input:checked")).to_have_count(4)
    # Asking for the result tries once more, then says why it cannot come yet; the answers stay.
    page.get_by_role("button", name=texts["submit"], exact=True).click()
    page.get_by_role("button", name=texts["unanswered"]["anyway"]).click()
    retry = page.get_by_role("button", name=texts["engine"]["retry"]).first
    expect(retry).to_be_visible(timeout=15_000)
    expect(page.locator(".bt-result").get_by_text(failure_text)).to_be_visible()
    expect(page.locator("[data-bt-form] input:checked")).to_have_count(4)
    fix()
    retry.click()
    # The retry either starts the engine or fails again; a second failure is reported with its reason.
    expect(page.locator("section.bt-assessment[data-bt-assessment-state=failed]")).to_have_count(0)
    expect(page.locator(SETTLED)).to_be_attached(timeout=BOOT_TIMEOUT)
    retried = page.locator("section.bt-assessment")
    assert retried.get_attribute("data-bt-assessment-state") == "ready", (
        page.locator("[data-bt-engine-status]").text_content(),
        page.locator("[data-bt-engine-detail]").text_content(),
    )
    expect(page.locator(".bt-result--shown")).to_be_visible(timeout=BOOT_TIMEOUT)
    expect(page.locator("[data-bt-form] input:checked")).to_have_count(4)
    assert_same_result(page, engine_result(server.site_dir, "en", rubric_id, indexes), "en")


def test_wasm_with_a_wrong_mime_type_fails_clearly_and_retry_works(page: Page, own_server: SiteServer) -> None:
    own_server.mime_overrides[".wasm"] = "text/plain"
    expect_failure_then_retry(
        page,
        own_server,
        "career-bottleneck",
        lambda: own_server.mime_overrides.pop(".wasm"),
        strings("en")["engine"]["failed"],
        "text/plain",
    )


def test_a_missing_wasm_fails_clearly_and_retry_works(page: Page, own_server: SiteServer) -> None:
    def missing(route: Route) -> None:
        route.fulfill(status=404, body="not found")

    page.route("**/pyodide.asm.wasm", missing)
    expect_failure_then_retry(
        page,
        own_server,
        "sales-manager-traits",
        lambda: page.unroute("**/pyodide.asm.wasm"),
        strings("en")["engine"]["failed"],
        "pyodide.asm.wasm",
    )


def test_no_retry_is_offered_while_the_retry_asking_started_runs(page: Page, own_server: SiteServer) -> None:
    """A retry button shown during a retry would do nothing, and that retry could fail for the old reason."""
    texts = strings("en")
    rubric = structure(own_server.site_dir, "en", "career-bottleneck")
    held: list[Route] = []
    holding = False

    def missing_or_held(route: Route) -> None:
        if holding:
            held.append(route)
        else:
            route.fulfill(status=404, body="not found")

    page.route("**/pyodide.asm.wasm", missing_or_held)
    page.goto(page_url(own_server.url, "en", "career-bottleneck"))
    click_answers(page, {item["id"]: 3 for item in rubric["items"][:4]})
    expect(page.locator("section.bt-assessment[data-bt-assessment-state=failed]")).to_be_attached(timeout=15_000)
    retry = page.get_by_role("button", name=texts["engine"]["retry"])
    holding = True  # the retry that asking starts cannot end before the test lets it
    page.get_by_role("button", name=texts["submit"], exact=True).click()
    page.get_by_role("button", name=texts["unanswered"]["anyway"]).click()
    expect(page.locator(".bt-result").get_by_text(texts["engine"]["waiting"])).to_be_visible()
    expect(retry).to_have_count(0)
    holding = False
    for route in held:
        route.fulfill(status=404, body="not found")
    expect(retry.first).to_be_visible(timeout=15_000)
    expect(page.locator(".bt-result").get_by_text(texts["engine"]["failed"])).to_be_visible()


# A stall limit below the time compiling the runtime and starting Python take even on an idle machine
# (about 2 s here, 6 to 15 s with two CPU hogs running), and far above any pause between the bytes of a download
# from 127.0.0.1 (0.35 s at most under the same load, but a full-suite run under two hogs once saw the retry
# pass 1 s without a byte). The engine must tell the two apart: a silent start-up counted as a stall would make
# the retry below time out too.
STALL_LIMIT_MS = 1800


def test_a_hanging_download_times_out_clearly_and_retry_works(page: Page, own_server: SiteServer) -> None:
    page.add_init_script(f"window.BT_ENGINE_TIMEOUT_MS = {STALL_LIMIT_MS}")
    held: list[Route] = []

    def hang(route: Route) -> None:
        if route.request.method == "GET":
            held.append(route)  # never answered: the silent hang the timeout exists for
        else:
            route.continue_()

    page.route("**/pyodide.asm.wasm", hang)

    def fix() -> None:
        page.unroute("**/pyodide.asm.wasm")

    try:
        expect_failure_then_retry(page, own_server, "leadership-duties", fix, strings("en")["engine"]["timeout"], None)
    finally:
        for route in held:  # unroute lets held requests go on; any left are dropped
            with contextlib.suppress(PlaywrightError):
                route.abort()


def test_axe_while_the_engine_is_loading_and_on_a_dark_result(
    page: Page, base_url: str, site_dir: Path, axe_script: Path
) -> None:
    page.emulate_media(color_scheme="dark")
    held: list[Route] = []

    def hold(route: Route) -> None:
        if route.request.method == "GET":
            held.append(route)
        else:
            route.continue_()

    page.route("**/pyodide.asm.wasm", hold)
    page.goto(page_url(base_url, "pl", "leadership-duties"))
    expect(page.get_by_role("status").filter(has_text=strings("pl")["engine"]["downloading"])).to_be_visible()
    loading = axe_violations(page, axe_script)
    assert not loading, describe(loading)
    expect(page.locator("[data-bt-assessment-state=downloading]")).to_be_attached()
    assert held, "the runtime download was held"
    page.unroute("**/pyodide.asm.wasm")  # the held download goes on
    rubric = structure(site_dir, "pl", "leadership-duties")
    click_answers(page, made_up_answers(rubric, "dark", skip=frozenset(i["id"] for i in rubric["items"][:9])))
    page.get_by_role("button", name=strings("pl")["submit"], exact=True).click()
    page.get_by_role("button", name=strings("pl")["unanswered"]["anyway"]).click()
    expect(page.locator(".bt-result--shown")).to_be_visible(timeout=BOOT_TIMEOUT)
    result = axe_violations(page, axe_script)
    assert not result, describe(result)


# ------------------------------------------------------------------------------------ instant navigation


def test_instant_navigation_reuses_the_engine(
    page: Page, base_url: str, site_dir: Path, context: BrowserContext
) -> None:
    wasm_downloads: list[str] = []
    workers: list[str] = []
    context.on(
        "request",
        lambda request: (
            wasm_downloads.append(request.url)
            # The service worker keeps its own copy once the engine is ready: not the engine downloading again.
            if request.url.endswith(".wasm") and request.method == "GET" and request.service_worker is None
            else None
        ),
    )
    page.on("worker", lambda worker: workers.append(worker.url) if "engine-worker" in worker.url else None)
    # The memory-snapshot maker boots a runtime of its own after the engine's first score (the warm-up at
    # ready included): kept out here, so that every runtime download counted is the engine's.
    context.route("**/snapshot-maker.mjs", lambda route: route.abort())

    def title(rubric_id: str) -> str:
        page_text = (ROOT / "docs" / "en" / "assessments" / f"{rubric_id}.md").read_text(encoding="utf-8")
        return str(yaml.safe_load(page_text.split("---")[1])["title"])

    # A page without an assessment starts no engine; the first assessment reached by instant navigation does.
    page.goto(f"{base_url}en/assessments/")
    page.wait_for_load_state("networkidle")
    assert workers == [] and wasm_downloads == []
    page.evaluate("window.__btSameDocument = true")
    page.locator(".md-nav--primary").get_by_role("link", name=title("career-bottleneck")).first.click()
    expect(page).to_have_url(page_url(base_url, "en", "career-bottleneck"))
    expect(page.locator(READY)).to_be_attached(timeout=BOOT_TIMEOUT)

    # The running engine serves the second page at once: its section says ready while that page's rubric JSON
    # is still on its way (held here); the rubric is needed for a score, not for saying ready.
    held: list[Route] = []
    context.route("**/assets/rubrics/leadership-duties.json", lambda route: held.append(route))
    target = structure(site_dir, "en", "leadership-duties")
    page.locator(".md-nav--primary").get_by_role("link", name=title("leadership-duties")).first.click()
    expect(page).to_have_url(page_url(base_url, "en", "leadership-duties"))
    assert page.evaluate("window.__btSameDocument") is True, "instant navigation kept the document"
    expect(page.locator("section.bt-assessment[data-rubric-id=leadership-duties]" + READY)).to_be_attached()
    expect(page.get_by_role("status").filter(has_text=strings("en")["engine"]["ready"])).to_be_visible()
    context.unroute("**/assets/rubrics/leadership-duties.json")
    for route in held:
        route.continue_()
    indexes = made_up_answers(target, "instant")
    click_answers(page, indexes)
    started = time.perf_counter()
    show_result(page, "en")
    print(
        f"\n[instant navigation] submit to result on the second page: {(time.perf_counter() - started) * 1000:.0f} ms"
    )
    assert_same_result(page, engine_result(site_dir, "en", "leadership-duties", indexes), "en")
    assert len(workers) == 1, workers
    assert len(wasm_downloads) == 1, wasm_downloads

    # Back to the first assessment: still the same engine.
    page.go_back()
    expect(page).to_have_url(page_url(base_url, "en", "career-bottleneck"))
    expect(page.locator("section.bt-assessment[data-rubric-id=career-bottleneck]" + READY)).to_be_attached()
    assert len(workers) == 1 and len(wasm_downloads) == 1
