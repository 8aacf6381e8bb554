"""Atomic builds: a build that fails anywhere leaves the last good site byte for byte, and no temporary
folder behind; a build that succeeds replaces what it built, whole."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools import files as fs
from build_tools.site_builder import BuildError, build_site

from .miniproject import (
    REGISTRY,
    STAMP,
    digests,
    home_and_guide_project,
    home_titles,
    write_page,
)

URL = "https://example.test/"


def _break_english(root: Path) -> None:
    write_page(root, "en", "guide.md", "Guide", "[broken](nowhere.md)")


def _break_last_language(root: Path) -> None:
    # Languages are built in the registry's order: every other one has succeeded by the time the last fails.
    last = REGISTRY.language_codes[-1]
    write_page(root, last, "index.md", home_titles()[last], "[broken](nowhere.md)", extra=STAMP)


def _break_runtime(root: Path) -> None:
    # Every language builds; the runtime, last, cannot (this project has no node_modules/pyodide).
    write_page(root, "en", "guide.md", "Guide", "The second version.")


@pytest.mark.parametrize(
    ("break_project", "with_runtime", "message"),
    [
        (_break_english, False, "nowhere.md"),
        (_break_last_language, False, "nowhere.md"),
        (_break_runtime, True, "npm ci"),
    ],
    ids=["first-language", "last-language", "runtime"],
)
def test_a_failed_build_leaves_the_site_byte_identical(
    tmp_path: Path, break_project: Callable[[Path], None], with_runtime: bool, message: str
) -> None:
    root = home_and_guide_project(tmp_path / "project", "The first version.")
    site = tmp_path / "site"
    build_site(root, site, site_url=URL, runtime=False)
    before = digests(site)
    break_project(root)
    with pytest.raises(BuildError, match=message):
        build_site(root, site, site_url=URL, runtime=with_runtime)
    assert digests(site) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project", "site"], "no temporary folder left"


def test_a_failed_partial_build_leaves_every_language(tmp_path: Path) -> None:
    root = home_and_guide_project(tmp_path / "project", "The first version.")
    site = tmp_path / "site"
    build_site(root, site, site_url=URL, runtime=False)
    before = digests(site)
    write_page(root, "fr", "index.md", "Accueil", "[cassé](nulle-part.md)", extra="translated_from: a1b2c3d4e5f6\n")
    with pytest.raises(BuildError, match=r"(?s)\[fr\].*nulle-part\.md"):
        build_site(root, site, site_url=URL, languages=["fr"], runtime=False)
    assert digests(site) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project", "site"]


def test_a_partial_build_replaces_only_its_languages(tmp_path: Path) -> None:
    root = home_and_guide_project(tmp_path / "project", "The first version.")
    site = tmp_path / "site"
    build_site(root, site, site_url=URL, runtime=False)
    english = {name: digest for name, digest in digests(site).items() if name.startswith("en/")}
    write_page(root, "fr", "index.md", "Accueil", "Nouvelle version.", extra="translated_from: a1b2c3d4e5f6\n")
    (site / "fr" / "stale.html").write_text("from an older build", encoding="utf-8")
    build_site(root, site, site_url=URL, languages=["fr"], runtime=False)
    assert "Nouvelle version." in (site / "fr" / "index.html").read_text(encoding="utf-8")
    assert not (site / "fr" / "stale.html").exists(), "the language folder is replaced, not merged"
    assert {name: digest for name, digest in digests(site).items() if name.startswith("en/")} == english
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project", "site"]


def test_the_built_site_is_readable_by_a_web_server(tmp_path: Path) -> None:
    # The build folder becomes the site: it must get the usual permissions, not a private temp folder's 0700.
    root = home_and_guide_project(tmp_path / "project", "The first version.")
    site = tmp_path / "site"
    build_site(root, site, site_url=URL, runtime=False)
    usual = tmp_path / "made-by-mkdir"
    usual.mkdir()
    assert stat.S_IMODE(site.stat().st_mode) == stat.S_IMODE(usual.stat().st_mode)


@pytest.mark.parametrize("target_exists", [False, True])
def test_replace_dir_swaps_in_the_new_folder_whole(tmp_path: Path, target_exists: bool) -> None:
    target = tmp_path / "site"
    if target_exists:
        (target / "old").mkdir(parents=True)
        (target / "old" / "page.html").write_text("old", encoding="utf-8")
    new = fs.make_staging_dir(target)
    (new / "page.html").write_text("new", encoding="utf-8")
    fs.replace_dir(new, target)
    assert digests(target) == {"page.html": hashlib.sha256(b"new").hexdigest()}
    assert os.listdir(tmp_path) == ["site"]


def test_replace_entries_keeps_what_the_new_folder_lacks(tmp_path: Path) -> None:
    target = tmp_path / "site"
    for name, text in {
        "en/index.html": "en",
        "fr/index.html": "old fr",
        "fr/gone.html": "x",
        "robots.txt": "old",
    }.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
    new = fs.make_staging_dir(target)
    for name, text in {"fr/index.html": "new fr", "robots.txt": "new"}.items():
        (new / name).parent.mkdir(parents=True, exist_ok=True)
        (new / name).write_text(text, encoding="utf-8")
    fs.replace_entries(new, target)
    assert {name: (target / name).read_text(encoding="utf-8") for name in digests(target)} == {
        "en/index.html": "en",
        "fr/index.html": "new fr",
        "robots.txt": "new",
    }
    assert os.listdir(tmp_path) == ["site"]
