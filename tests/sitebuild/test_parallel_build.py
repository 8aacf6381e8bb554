"""Languages are built in parallel processes: the same bytes as one after the other, and a failure in several
languages reported once, with the file and line, naming every language it stopped."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.site_builder import BuildError, build_site

from .miniproject import (
    DEFAULT,
    REGISTRY,
    STAMP,
    TRANSLATIONS,
    digests,
    home_and_guide_project,
    home_titles,
    write_page,
)

URL = "https://example.test/"


def test_parallel_and_serial_builds_are_byte_identical(tmp_path: Path) -> None:
    root = home_and_guide_project(tmp_path / "project", "The guide.")
    parallel = build_site(root, tmp_path / "parallel", site_url=URL, runtime=False, jobs=2)
    serial = build_site(root, tmp_path / "serial", site_url=URL, runtime=False, jobs=1)
    assert list(parallel.seconds_by_language) == list(serial.seconds_by_language) == list(REGISTRY.language_codes)
    first, second = digests(tmp_path / "parallel"), digests(tmp_path / "serial")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert {f"{code}/index.html" for code in REGISTRY.language_codes} <= first.keys()


def test_a_page_every_language_shows_fails_once_naming_them_all(tmp_path: Path) -> None:
    # The guide exists only in the default language: every translation falls back to it, so every language's
    # build stops on the same line of the same file.
    root = home_and_guide_project(tmp_path / "project", "The guide.")
    write_page(root, DEFAULT, "guide.md", "Guide", "Text.\n\n[broken](nowhere.md)")
    with pytest.raises(BuildError) as failure:
        build_site(root, tmp_path / "site", site_url=URL, runtime=False, jobs=2)
    message = str(failure.value)
    assert message.count("nowhere.md") == 1, message
    assert f"docs/{DEFAULT}/guide.md:" in message
    header = message.splitlines()[0]
    assert all(code in header for code in REGISTRY.language_codes), header
    assert not (tmp_path / "site").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project"], "no staging folder left behind"


def test_failures_in_two_languages_are_both_reported(tmp_path: Path) -> None:
    root = home_and_guide_project(tmp_path / "project", "The guide.")
    broken = TRANSLATIONS[:2]
    for language in broken:
        write_page(root, language, "index.md", home_titles()[language], f"[cassé](absent-{language}.md)", extra=STAMP)
    with pytest.raises(BuildError) as failure:
        build_site(root, tmp_path / "site", site_url=URL, runtime=False, jobs=2)
    message = str(failure.value)
    header = message.splitlines()[0]
    for language in broken:
        assert language in header, header
        assert message.count(f"absent-{language}.md") == 1, message
        assert f"docs/{language}/index.md:" in message
