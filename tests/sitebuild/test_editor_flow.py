"""The editor's and the translator's day as CONTRIBUTING documents it, scripted end to end in a copy of the
project with the copy's own `kb`: scaffold an article, write the English text, check, build, start and finish
a translation, change the English text, see the diff, stamp, and run the tests CI runs on the repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.project import read_registry
from build_tools.structure.markdown_source import explicit_ids

from .project_copy import copy_project, run_kb

pytestmark = pytest.mark.slow

SLUG = "coaching-new-managers"
# What CI runs that looks at the repository as a whole (the rest of `make test` does not depend on content).
CI_REPOSITORY_TESTS = (
    "tests/sitebuild/test_checker.py::test_the_repository_passes_kb_check",
    "tests/sitebuild/test_repository_lists.py",
)
ENGLISH_BODY = """
A newly promoted manager learns more in the first ninety days than in any year before.

## The first ninety days {#first-ninety-days}

Meet every rep alone in the first two weeks, and ask what gets in the way of selling.

## In practice {#in-practice}

- [ ] Book one-to-ones with every rep.

## Related {#related}

- [Glossary](../glossary.md)
"""


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout


def _front_matter(text: str) -> str:
    return text[: text.index("\n---\n", 4) + 5]


def test_the_documented_editor_and_translator_flow(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    registry = read_registry(root)  # the copy's own languages
    default = registry.default_language
    translations = [code for code in registry.language_codes if code != default]
    first = translations[0]
    page = f"articles/{SLUG}.md"
    assert not (root / "docs" / default / page).exists()
    source_id = explicit_ids((root / "docs" / default / "sources.md").read_text(encoding="utf-8"))[0]

    # 1. Scaffold: the English page only.
    created = _ok(
        run_kb(
            root,
            *("new", "article", SLUG, "--title", "Coaching new sales managers"),
            *("--description", "How to help a newly promoted manager through the first ninety days."),
            *("--tag", "coaching", "--source", source_id),
        )
    )
    assert created.splitlines()[0] == f"created docs/{default}/{page}"
    assert [path for path in root.glob(f"docs/*/{page}")] == [root / "docs" / default / page]

    # 2. Write the English text.
    english = root / "docs" / default / page
    english.write_text(_front_matter(english.read_text(encoding="utf-8")) + ENGLISH_BODY, encoding="utf-8")

    # 3. Check: no error; each translation is a warning naming the command that starts it.
    checked = _ok(run_kb(root, "check"))
    for code in translations:
        missing = f"warning: docs/{code}/{page}: missing translation of docs/{default}/{page}"
        assert f"{missing} — `kb new translation {code} {page}` starts it" in checked
    assert "kb check: 0 error(s)" in checked

    # 4. Build: other languages show the English text under the notice, kept out of their sitemaps.
    site = tmp_path / "site"
    _ok(run_kb(root, "build", "--language", default, "--language", first, "--no-runtime", "--site-dir", str(site)))
    url = f"articles/{SLUG}/"
    assert "first-ninety-days" in (site / default / url / "index.html").read_text(encoding="utf-8")
    fallback = (site / first / url / "index.html").read_text(encoding="utf-8")
    assert "bt-fallback" in fallback and "Meet every rep alone" in fallback
    assert url not in (site / first / "sitemap.xml").read_text(encoding="utf-8")
    assert url in (site / default / "sitemap.xml").read_text(encoding="utf-8")

    # 5. A translator starts and writes one translation.
    _ok(run_kb(root, "new", "translation", first, page))
    translation = root / "docs" / first / page
    copy = translation.read_text(encoding="utf-8")
    assert "not translated yet" in _ok(run_kb(root, "check"))
    translated = copy.replace("Coaching new sales managers", f"Coaching ({first})").replace(
        "Meet every rep alone", f"({first}) Meet every rep alone"
    )
    translation.write_text(translated, encoding="utf-8")
    assert f"docs/{first}/{page}" not in _ok(run_kb(root, "check"))

    # 6. The English text changes: the translation is outdated, `kb diff` shows the section, `kb stamp` settles it.
    english.write_text(
        english.read_text(encoding="utf-8").replace("what gets in the way", "what most gets in the way"),
        encoding="utf-8",
    )
    outdated = _ok(run_kb(root, "check"))
    assert f"warning: docs/{first}/{page}:1: outdated translation" in outdated and "(1: #first-ninety-days)" in outdated
    shown = _ok(run_kb(root, "diff", first, page))
    assert "#first-ninety-days (## The first ninety days {#first-ninety-days}): changed" in shown
    assert "what most gets in the way" in shown
    summary_input = tmp_path / "changed.txt"
    summary_input.write_text(f"docs/{default}/{page}\n", encoding="utf-8")
    summary = _ok(run_kb(root, "status", "--changed", str(summary_input)))
    assert f"| `docs/{first}/{page}` | outdated: 1 section(s) changed (`#first-ninety-days`)" in summary
    translation.write_text(
        translation.read_text(encoding="utf-8").replace("what gets in the way", "what most gets in the way"),
        encoding="utf-8",
    )
    _ok(run_kb(root, "stamp", f"docs/{first}/{page}"))
    assert f"docs/{first}/{page}" not in _ok(run_kb(root, "check"))

    # 7. What CI runs on the repository passes with the article and its translations behind.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CI_REPOSITORY_TESTS],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:]
