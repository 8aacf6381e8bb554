"""Files a pull request can add besides text: links, encodings, sizes, names, and files beside pages.

Each case gives `kb check` a problem naming the file (and the line where there is one) and makes the build
stop with the same message before MkDocs reads anything: no traceback, nothing linked is ever read or
published.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.project import check_project
from build_tools.site_builder import BuildError, build_site
from build_tools.structure import limits
from tests.sitebuild.test_checker import clean_project

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SECRET = "this text lives outside the repository"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path, Path], None]  # (project root, a folder outside it)
    expected: str  # the start of the problem: "path" or "path:line"
    message: str  # a word of the message


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


def _page(body: str) -> str:
    return f"---\ntitle: Extra\ndescription: d\nupdated: 2026-11-25\n---\n\n{body}\n"


def _link(link: str, target: str) -> Callable[[Path, Path], None]:
    """A symbolic link at ``link``; OUTSIDE and ROOT in ``target`` name a folder outside and the project."""

    def make(root: Path, outside: Path) -> None:
        (outside / "secret.md").write_text(_page(SECRET), encoding="utf-8")
        (outside / "folder").mkdir(exist_ok=True)
        (outside / "folder" / "secret.md").write_text(_page(SECRET), encoding="utf-8")
        (root / ".git").mkdir(exist_ok=True)
        (root / ".git" / "config").write_text("[remote]\n  token = secret\n", encoding="utf-8")
        place = root / link
        place.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.replace("OUTSIDE", str(outside)).replace("ROOT", str(root)), place)

    return make


def _file(relative: str, data: bytes | str) -> Callable[[Path, Path], None]:
    return lambda root, outside: _write(root / relative, data)


CASES = [
    Case("link-to-a-file-outside", _link("docs/en/leak.md", "OUTSIDE/secret.md"), "docs/en/leak.md", "symbolic link"),
    Case("link-to-a-folder-outside", _link("docs/en/leak", "OUTSIDE/folder"), "docs/en/leak", "symbolic link"),
    Case("link-into-git", _link("docs/en/git", "ROOT/.git"), "docs/en/git", "symbolic link"),
    Case("link-to-git-config", _link("docs/fr/config.md", "ROOT/.git/config"), "docs/fr/config.md", "symbolic link"),
    Case("link-as-image", _link("docs/en/chart.png", "OUTSIDE/secret.md"), "docs/en/chart.png", "symbolic link"),
    Case("dangling-link", _link("docs/en/gone.md", "OUTSIDE/nothing.md"), "docs/en/gone.md", "symbolic link"),
    Case("link-in-assessments", _link("assessments/leak", "OUTSIDE/folder"), "assessments/leak", "symbolic link"),
    Case(
        "latin-1-page", _file("docs/en/extra.md", _page("caf\u00e9").encode("latin-1")), "docs/en/extra.md:7", "UTF-8"
    ),
    Case("utf-16-page", _file("docs/en/extra.md", _page("text").encode("utf-16")), "docs/en/extra.md", "binary"),
    Case("binary-page", _file("docs/zh/extra.md", b"\x00\x01\x02" * 100), "docs/zh/extra.md", "binary"),
    Case(
        "page-too-large",
        _file("docs/en/extra.md", _page("word " * (limits.MARKDOWN_FILE_MAX_BYTES // 5))),
        "docs/en/extra.md",
        "limit",
    ),
    Case("line-too-long", _file("docs/en/extra.md", _page("x" * 6000)), "docs/en/extra.md:7", "characters"),
    Case(
        "paragraph-too-long",
        _file("docs/en/extra.md", _page(("word " * 900 + "\n") * 3)),
        "docs/en/extra.md:7",
        "paragraph",
    ),
    Case("line-of-angle-brackets", _file("docs/en/extra.md", _page("<" * 100_000)), "docs/en/extra.md", "limit"),
    Case("many-raw-tags", _file("docs/en/extra.md", _page("x <a \n" * 300)), "docs/en/extra.md:207", "raw HTML"),
    Case("many-brackets", _file("docs/en/extra.md", _page("[ " * 2100)), "docs/en/extra.md:7", "`[`"),
    Case(
        "markup-in-file-name", _file('docs/en/"><img src=x onerror=alert(1)>.md', _page("x")), "docs/en/", "file name"
    ),
    Case("upper-case-file-name", _file("docs/en/Extra Page.md", _page("x")), "docs/en/Extra Page.md", "file name"),
    Case("svg-beside-a-page", _file("docs/en/chart.svg", "<svg onload=alert(1)/>"), "docs/en/chart.svg", ".svg"),
    Case("html-beside-a-page", _file("docs/en/evil.html", "<script>alert(1)</script>"), "docs/en/evil.html", ".html"),
    Case("script-beside-a-page", _file("docs/pl/evil.js", "alert(1)"), "docs/pl/evil.js", ".js"),
    Case("html-named-png", _file("docs/en/chart.png", "<script>alert(1)</script>"), "docs/en/chart.png", "not a .png"),
    Case(
        "image-too-large",
        _file("docs/en/chart.png", PNG + b"\x00" * limits.ASSET_FILE_MAX_BYTES),
        "docs/en/chart.png",
        "limit",
    ),
    Case(
        "latin-1-rubric-texts",
        _file("assessments/x/en.yaml", "title: caf\u00e9\n".encode("latin-1")),
        "assessments/x/en.yaml:1",
        "UTF-8",
    ),
]


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    return clean_project(tmp_path), outside


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_kb_check_names_the_file(project: tuple[Path, Path], case: Case) -> None:
    root, outside = project
    case.make(root, outside)
    found = [str(problem) for problem in check_project(root).problems]
    matching = [message for message in found if message.startswith(case.expected) and case.message in message]
    assert matching, found
    assert all(" — " in message for message in matching), "each message says how to fix it"
    assert not any(SECRET in message for message in found)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_build_refuses_before_reading(project: tuple[Path, Path], case: Case) -> None:
    root, outside = project
    case.make(root, outside)
    site = root.parent / "site"
    with pytest.raises(BuildError) as raised:
        build_site(root, site, site_url="https://example.test/", languages=["en"], runtime=False)
    message = str(raised.value)
    assert case.expected in message and case.message in message, message
    assert "Traceback" not in message
    published = [path for path in site.rglob("*") if path.is_file()] if site.exists() else []
    assert not any(SECRET in path.read_text(encoding="utf-8", errors="replace") for path in published)
    assert not any(path.name == "config" for path in published)


def test_a_byte_order_mark_is_fine(project: tuple[Path, Path]) -> None:
    root, _ = project
    page = root / "docs" / "en" / "about.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    assert [p for p in check_project(root).problems if p.severity == "error"] == []
