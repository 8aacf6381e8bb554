"""Languages are built in parallel processes: the same bytes as one after the other, and a failure in several
languages reported once, with the file and line, naming every language it stopped."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from build_tools.site_builder import BuildError, build_site

from .miniproject import DEFAULT, REGISTRY, STAMP, TRANSLATIONS, home_titles, make_project, write_page

URL = "https://example.test/"


def digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project", nav=["index.md", "guide.md", "translation-status.md"])
    for language, title in home_titles().items():
        write_page(root, language, "index.md", title, extra="" if language == DEFAULT else STAMP)
    write_page(root, DEFAULT, "guide.md", "Guide", "The guide.")
    return root


def test_parallel_and_serial_builds_are_byte_identical(tmp_path: Path) -> None:
    root = _project(tmp_path)
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
    root = _project(tmp_path)
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
    root = _project(tmp_path)
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
