"""`kb serve` after a save: a page that breaks the build leaves the last good site served and says why; the
fix is served as soon as it is saved."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.serve import LIVE_RELOAD_PATH, Generation, SiteServer, rebuilder
from build_tools.site_builder import build_site

from .miniproject import DEFAULT, REGISTRY, add_runtime_sources, home_titles, make_project, write_page

TRANSLATED = "translated_from: a1b2c3d4e5f6\n"


@dataclass
class DevSite:
    root: Path
    site_dir: Path
    server: SiteServer
    generation: Generation


@pytest.fixture
def dev_site(tmp_path: Path) -> Iterator[DevSite]:
    root = make_project(tmp_path / "project", nav=["index.md", "translation-status.md"])
    for language, title in home_titles().items():
        write_page(
            root, language, "index.md", title, f"{title}, first version.", "" if language == DEFAULT else TRANSLATED
        )
    add_runtime_sources(root)
    site_dir = tmp_path / "site"
    generation = Generation()
    with SiteServer(site_dir, live_reload=generation) as server:
        build_site(root, site_dir, site_url=server.url)
        yield DevSite(root, site_dir, server, generation)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_bad_save_keeps_the_last_good_page_served_and_prints_the_error(
    dev_site: DevSite, capsys: pytest.CaptureFixture[str]
) -> None:
    rebuild = rebuilder(dev_site.root, dev_site.site_dir, dev_site.server.url, dev_site.generation)
    seen = dev_site.generation.value

    page = write_page(dev_site.root, "fr", "index.md", "Accueil", "Lien [cassé](nulle-part.md).", TRANSLATED)
    rebuild([page])
    printed = capsys.readouterr().out.splitlines()
    problem = (
        "docs/fr/index.md:8: link to `nulle-part.md`: page does not exist — check the path; it is relative to docs/fr/."
    )
    assert printed == [problem, "rebuild failed; still serving the last good build"]
    assert dev_site.generation.problems == (problem,), "open pages show the problem"
    status, html = fetch(dev_site.server.url + "fr/")
    assert status == 200 and "Accueil, first version." in html
    assert dev_site.generation.value == seen, "open pages are not reloaded onto a failed build"

    write_page(dev_site.root, "fr", "index.md", "Accueil", "Accueil, second version.", TRANSLATED)
    rebuild([page])
    assert "rebuilt fr in" in capsys.readouterr().out
    status, html = fetch(dev_site.server.url + "fr/")
    assert status == 200 and "Accueil, second version." in html
    assert fetch(dev_site.server.url + "en/")[0] == 200, "the other languages are still there"
    assert dev_site.generation.value == seen + 1, "open pages reload"
    assert not dev_site.generation.problems, "and no longer show the problem"


def test_a_site_left_from_an_earlier_run_is_rebuilt_whole_on_the_first_save(
    dev_site: DevSite, capsys: pytest.CaptureFixture[str]
) -> None:
    # `kb serve` started on a broken page serves the previous run's site; that site may be stale in every
    # language, so the first good save rebuilds all of them, not only the one saved.
    write_page(dev_site.root, "en", "index.md", "Home", "Home, changed while the server was stopped.")
    rebuild = rebuilder(
        dev_site.root, dev_site.site_dir, dev_site.server.url, dev_site.generation, site_is_current=False
    )
    page = write_page(dev_site.root, "fr", "index.md", "Accueil", "Accueil, second version.", TRANSLATED)
    rebuild([page])
    assert f"rebuilt {', '.join(REGISTRY.language_codes)} in" in capsys.readouterr().out
    assert "Home, changed while the server was stopped." in fetch(dev_site.server.url + "en/")[1]


def test_before_any_build_pages_wait_and_the_poll_carries_the_problems(tmp_path: Path) -> None:
    # `kb serve` whose first build failed with no earlier site: every page says it waits, with the script
    # that shows the problems and reloads once a save builds.
    generation = Generation()
    problem = "docs/en/index.md:3: link to `x.md`: page does not exist — check the path; it is relative to docs/en/."
    generation.report([problem])
    with SiteServer(tmp_path / "site", live_reload=generation) as server:
        status, html = fetch(server.url + "en/")
        assert status == 503 and f'<script src="{LIVE_RELOAD_PATH}.js"></script>' in html
        _, state = fetch(f"{server.url}{LIVE_RELOAD_PATH.lstrip('/')}?since=null")
        assert json.loads(state) == {"generation": 0, "version": 1, "problems": [problem]}
        status, script = fetch(f"{server.url}{LIVE_RELOAD_PATH.lstrip('/')}.js")
        assert status == 200 and 'setAttribute("role", "alert")' in script and "textContent" in script
    generation.bump()
    assert generation.state() == {"generation": 1, "version": 2, "problems": []}, "a good build clears them"
