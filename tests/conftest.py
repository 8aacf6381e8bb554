"""Shared fixtures: the site built once per session and served on 127.0.0.1, and the Chromium to test it in.

Browser tests use Debian's Chromium through pytest-playwright (never a downloaded browser). Without
Chromium they are skipped with a reason, except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.browser_timing import CHROMIUM_ARGS
from build_tools.serve import SiteServer
from build_tools.site_builder import build_site
from tests import example_budget  # loads the hypothesis profile (quick, or HYPOTHESIS_PROFILE) for every test

ROOT = Path(__file__).resolve().parents[1]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require_tool(name: str, why: str) -> str:
    """Path of an executable; skip the test without it, or fail under CI=true."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed ({why})"
    if in_ci():
        pytest.fail(message + " — CI must run every test")
    pytest.skip(message)


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The real site, built once into a temporary folder and served on a free port.

    The server binds its port before the build because the site must know its own URL (Material's instant
    navigation matches links against the sitemap, host and port included).
    """
    site_dir = tmp_path_factory.mktemp("site")
    server = SiteServer(site_dir)
    build_site(ROOT, site_dir, site_url=server.url)
    with server:
        yield server


@pytest.fixture(scope="session")
def site_dir(site_server: SiteServer) -> Path:
    return site_server.site_dir


@pytest.fixture(scope="session")
def base_url(site_server: SiteServer) -> str:
    return site_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    executable = require_tool("chromium", "Debian package `chromium`; `make test` installs it as root")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def axe_script() -> Path:
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make test does)")
    return path


def pytest_report_header() -> str:
    return f"hypothesis profile: {example_budget.PROFILE} (HYPOTHESIS_PROFILE=thorough: ten times the examples)"
