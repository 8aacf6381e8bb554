"""The hostile site (tests/security/hostile_site.py), built once per session and served without any
response header: what it shows must be inert even where no Content-Security-Policy is sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.serve import SiteServer
from build_tools.site_builder import build_site
from tests.security.hostile_site import LANGUAGE, make_hostile_project


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    root = make_hostile_project(tmp_path_factory.mktemp("hostile-project"))
    site_dir = tmp_path_factory.mktemp("hostile-site")
    server = SiteServer(site_dir)  # no headers at all, as on GitHub Pages
    build_site(root, site_dir, site_url=server.url, languages=[LANGUAGE])
    with server:
        yield server


@pytest.fixture(scope="session")
def hostile_site(hostile_server: SiteServer) -> Path:
    return hostile_server.site_dir
