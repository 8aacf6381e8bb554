"""The editor's and the translator's day as CONTRIBUTING documents it, scripted end to end in a copy of the
project with the copy's own `kb`: scaffold an article, write the English text, check, build, start and finish
a translation, change the English text, see the diff, stamp, and run the tests CI runs on the repository."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_tools.cli import build_parser
from build_tools.project import read_registry

from .project_copy import copy_project, run_kb

pytestmark = pytest.mark.slow

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

- [What a sales manager does](what-a-sales-manager-does.md)
"""


ROOT = Path(__file__).resolve().parents[2]
_REVISION = re.compile(r"\b[0-9a-f]{12}\b")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _masked(line: str) -> str:
    """Revisions and dates differ from run to run; the rest of a documented line must be exact."""
    return _DATE.sub("<date>", _REVISION.sub("<revision>", line.rstrip()))


def documented_outputs() -> list[tuple[list[str], list[str]]]:
    """CONTRIBUTING's commands (a ```sh block: its words after `kb`) and the output shown right after them (a
    ```text block)."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    found: list[tuple[list[str], list[str]]] = []
    for command, output in re.findall(r"```sh\n(.*?)```\s*```text\n(.*?)```", text, flags=re.DOTALL):
        words = shlex.split(command.replace("\\\n", " "))
        found.append((words[1:] if words[0].endswith("/kb") else words, [line.strip() for line in output.splitlines()]))
    return found


def documented(*start: str) -> tuple[list[str], list[str]]:
    matches = [(words, lines) for words, lines in documented_outputs() if words[: len(start)] == list(start)]
    assert len(matches) == 1, f"CONTRIBUTING shows `{' '.join(start)}` once, with its output"
    return matches[0]


def as_documented(lines: list[str], output: str, *, only: str = "") -> None:
    """Every documented line (those mentioning ``only``, when given) is a line of the real output."""
    actual = {_masked(line.strip()) for line in output.splitlines()}
    expected = [_masked(line) for line in lines if line and only in line]
    assert expected, "CONTRIBUTING shows this command's output"
    missing = [line for line in expected if line not in actual]
    assert not missing, f"CONTRIBUTING shows lines the command does not print: {missing}\n{output}"


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

    # 1. Scaffold, exactly as documented: the English page only.
    new_article, shown = documented("new", "article")
    slug = new_article[2]
    page = f"articles/{slug}.md"
    assert not (root / "docs" / default / page).exists()
    created = _ok(run_kb(root, *new_article))
    as_documented(shown, created)
    assert list(root.glob(f"docs/*/{page}")) == [root / "docs" / default / page]

    # 2. Write the English text.
    english = root / "docs" / default / page
    english.write_text(_front_matter(english.read_text(encoding="utf-8")) + ENGLISH_BODY, encoding="utf-8")

    # 3. Check: no error; each translation is a warning naming the command that starts it.
    checked = _ok(run_kb(root, "check"))
    as_documented(documented("make", "check")[1], checked, only=slug)
    for code in translations:
        missing = f"warning: docs/{code}/{page}: missing translation of docs/{default}/{page}"
        assert f"{missing} — `kb new translation {code} {page}` starts it" in checked
    assert "kb check: 0 error(s)" in checked

    # 5. A translator starts one translation, as documented.
    new_translation, shown = documented("new", "translation")
    first = new_translation[2]
    assert first in translations and new_translation[3] == page
    as_documented(shown, _ok(run_kb(root, *new_translation)))
    translation = root / "docs" / first / page
    copy = translation.read_text(encoding="utf-8")
    assert "not translated yet: still the copy" in _ok(run_kb(root, "check"))

    # 4. Build: the untouched copy is not published; readers get the English text under the notice, kept out
    # of their sitemap.
    site = tmp_path / "site"
    _ok(run_kb(root, "build", "--language", default, "--language", first, "--no-runtime", "--site-dir", str(site)))
    url = f"articles/{slug}/"
    assert "first-ninety-days" in (site / default / url / "index.html").read_text(encoding="utf-8")
    fallback = (site / first / url / "index.html").read_text(encoding="utf-8")
    assert "bt-fallback" in fallback and "Meet every rep alone" in fallback
    assert url not in (site / first / "sitemap.xml").read_text(encoding="utf-8")
    assert url in (site / default / "sitemap.xml").read_text(encoding="utf-8")

    # The translator writes the text: it is a translation now.
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
    assert f"warning: docs/{first}/{page}:1: outdated translation" in outdated
    assert "(1: #first-ninety-days)" in outdated
    diff, shown = documented("diff")
    as_documented(shown, _ok(run_kb(root, *diff)))
    summary_input = tmp_path / "changed.txt"
    summary_input.write_text(f"docs/{default}/{page}\n", encoding="utf-8")
    summary = _ok(run_kb(root, "status", "--changed", str(summary_input)))
    assert f"| `docs/{first}/{page}` | outdated: 1 section(s) changed (`#first-ninety-days`)" in summary
    translation.write_text(
        translation.read_text(encoding="utf-8").replace("what gets in the way", "what most gets in the way"),
        encoding="utf-8",
    )
    stamp, shown = documented("stamp", f"docs/{first}/{page}")
    as_documented(shown, _ok(run_kb(root, *stamp)))
    assert f"docs/{first}/{page}" not in _ok(run_kb(root, "check"))

    # A typo fix in English, marked minor as documented (it reads git history: the copy becomes a clone).
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "before the typo fix"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.test", *command], cwd=root, check=True)
    english.write_text(
        english.read_text(encoding="utf-8").replace("Book one-to-ones", "Book one-to-one meetings"), encoding="utf-8"
    )
    minor, shown = documented("stamp", "--minor")
    as_documented(shown, _ok(run_kb(root, *minor)))
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


def test_ci_reports_translations_behind_in_the_job_summary_and_never_fails_on_them() -> None:
    """CONTRIBUTING's "What CI accepts": the pull request's job summary gets `kb status --changed`, in a step
    that cannot fail the job."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"] if "kb status" in step.get("run", "")]
    assert len(steps) == 1, "one step writes the translation report"
    step = steps[0]
    assert step.get("continue-on-error") is True and "pull_request" in step["if"]
    line = next(line for line in step["run"].splitlines() if "kb status" in line)
    command, _, target = line.partition(">>")
    assert target.strip() == '"$GITHUB_STEP_SUMMARY"'
    arguments = shlex.split(command)[1:]
    assert build_parser().parse_args(arguments).changed, "limited to the files the pull request changes"
