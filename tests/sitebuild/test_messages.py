"""One message format everywhere: each `kb` command, run in a copy of the project with one seeded fault,
reports it as ``path:line[:col]: what — how to fix`` with the path relative to the project root, each
problem once, no traceback, and exits 1 (2 for a usage error such as an unknown ``--source`` id).

`kb check` and `kb build` must print the very same line for the same fault."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.project import read_registry

from .project_copy import copy_project, run_kb

pytestmark = pytest.mark.slow

_REGISTRY = read_registry(Path(__file__).resolve().parents[2])
DEFAULT = _REGISTRY.languages.default_code
OTHER = _REGISTRY.languages.translations[0].code  # any translation language of the project
RUBRIC = _REGISTRY.assessment_ids[0]

# A problem line: an optional "warning: ", a relative path (no leading slash, no spaces), an optional line and
# column, what is wrong, and (optionally) " — " and how to fix it. Summary lines start with "kb ".
PROBLEM_LINE = re.compile(r"^(warning: )?(?!/)[^\s:]+(:[1-9]\d*(:[1-9]\d*)?)?: \S.*$")


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _append(path: Path, text: str) -> int:
    """Append one line to ``path``; returns its line number."""
    number = _line_count(path) + 1
    with path.open("a", encoding="utf-8") as stream:
        stream.write(("" if path.read_text(encoding="utf-8").endswith("\n") else "\n") + text + "\n")
    return number


@dataclass(frozen=True)
class Fault:
    """A fault seeded in the copy: ``seed`` makes it and returns the exact line `kb` must print."""

    name: str
    seed: Callable[[Path], str]
    commands: tuple[tuple[str, ...], ...]
    exit_code: int = 1


def _broken_link(root: Path) -> str:
    line = _append(root / "docs" / OTHER / "index.md", "A link to [nowhere](no-such-page.md).")
    return (
        f"docs/{OTHER}/index.md:{line}: link to `no-such-page.md`: page does not exist — check the path; it is"
        f" relative to docs/{OTHER}/."
    )


def _rubric_syntax(root: Path) -> str:
    line = _append(root / "assessments" / RUBRIC / "rubric.yaml", "oops: : x")
    return (
        f"assessments/{RUBRIC}/rubric.yaml:{line}:7: YAML syntax error: mapping values are not allowed here"
        " — expected valid YAML; check the indentation and quote text containing ': ' or ' #'"
    )


def _config_syntax(root: Path) -> str:
    line = _append(root / "mkdocs.yml", "oops: : x")
    return (
        f"mkdocs.yml:{line}:7: YAML syntax error: mapping values are not allowed here"
        " — expected valid YAML; check the indentation and quote text containing ': ' or ' #'"
    )


def _locale_syntax(root: Path) -> str:
    line = _append(root / "build_tools" / "locales" / f"{OTHER}.yml", "oops: : x")
    return (
        f"build_tools/locales/{OTHER}.yml:{line}:7: YAML syntax error: mapping values are not allowed here"
        " — expected valid YAML; check the indentation and quote text containing ': ' or ' #'"
    )


def _missing_locale(root: Path) -> str:
    (root / "build_tools" / "locales" / f"{OTHER}.yml").unlink()
    return (
        f"build_tools/locales/{OTHER}.yml: the {OTHER} interface strings do not exist — run `kb new language"
        f" {OTHER}`, or copy build_tools/locales/{DEFAULT}.yml and translate every value"
    )


def _missing_language_folder(root: Path) -> str:
    shutil.rmtree(root / "docs" / OTHER)
    return (
        f"docs/{OTHER}/: the folder of language `{OTHER}` does not exist — create it (an empty"
        f" docs/{OTHER}/.gitkeep is enough: pages fall back to the default language) or remove `{OTHER}` from"
        " mkdocs.yml"
    )


def _unknown_source(root: Path) -> str:
    return f"docs/{DEFAULT}/sources.md: no source with id `no-such-source` — use one of: "


def _stamp_missing_page(root: Path) -> str:
    return f"docs/{OTHER}/no-such-page.md: does not exist — check the path"


def _stamp_untranslatable(root: Path) -> str:
    (root / "docs" / OTHER / "only-here.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    return f"docs/{OTHER}/only-here.md: no docs/{DEFAULT}/only-here.md to record — a translation keeps its page's path"


CHECK = ("check",)
BUILD = ("build", "--no-runtime", "--language", OTHER)
FAULTS = [
    Fault("broken link", _broken_link, (CHECK, BUILD)),
    Fault("rubric YAML syntax", _rubric_syntax, (CHECK, BUILD)),
    Fault("mkdocs.yml YAML syntax", _config_syntax, (CHECK, BUILD)),
    Fault("locale YAML syntax", _locale_syntax, (CHECK, BUILD)),
    Fault("missing locale file", _missing_locale, (CHECK, BUILD)),
    Fault("missing docs/<lang>/", _missing_language_folder, (CHECK, BUILD)),
    Fault(
        "unknown --source id",
        _unknown_source,
        (
            (
                "new",
                "article",
                "messages-test",
                "--title",
                "T",
                "--description",
                "D",
                "--tag",
                "t",
                "--source",
                "no-such-source",
            ),
        ),
        exit_code=2,
    ),
    Fault("stamp a missing page", _stamp_missing_page, (("stamp", f"docs/{OTHER}/no-such-page.md"),), exit_code=2),
    Fault(
        "stamp a page with no original", _stamp_untranslatable, (("stamp", f"docs/{OTHER}/only-here.md"),), exit_code=2
    ),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("messages") / "pristine")


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Iterator[Path]:
    """A fresh copy for each fault (copied from the module's copy: no fault leaks into the next case)."""
    root = tmp_path / "project"
    shutil.copytree(pristine, root, symlinks=True)
    yield root


def _problem_lines(command: tuple[str, ...], result: subprocess.CompletedProcess[str]) -> list[str]:
    """`kb check` lists problems as its output (or as errors when it cannot read on); the other commands report
    them as errors, apart from what they did. Summary lines start with "kb "."""
    stream = result.stdout + result.stderr if command[0] == "check" else result.stderr
    return [line for line in stream.splitlines() if line.strip() and not line.startswith("kb ")]


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
def test_each_command_reports_the_fault_once_in_the_one_format(fault: Fault, project: Path) -> None:
    expected = fault.seed(project)
    printed: dict[tuple[str, ...], list[str]] = {}
    for command in fault.commands:
        result = run_kb(project, *command)
        shown = result.stdout + result.stderr
        assert result.returncode == fault.exit_code, f"kb {' '.join(command)}: exit {result.returncode}\n{shown}"
        assert "Traceback" not in shown
        assert str(project) not in shown, "paths are relative to the project root"
        problems = _problem_lines(command, result)
        assert problems, shown
        for line in problems:
            assert PROBLEM_LINE.match(line), f"not path:line[:col]: what — fix: {line!r}"
        assert len(problems) == len(set(problems)), f"a problem printed twice:\n{shown}"
        matching = [line for line in problems if line.startswith(expected)]
        assert len(matching) == 1, f"expected once: {expected!r}\ngot:\n{shown}"
        printed[command] = matching
    assert len({tuple(lines) for lines in printed.values()}) == 1, f"commands disagree: {printed}"


def test_an_unknown_source_lists_the_valid_ids_and_writes_nothing(project: Path) -> None:
    result = run_kb(
        project, "new", "article", "messages-test", "--title", "T", "--description", "D", "--tag", "t",
        "--source", "no-such-source",
    )  # fmt: skip
    assert result.returncode == 2
    sources = (project / "docs" / DEFAULT / "sources.md").read_text(encoding="utf-8")
    valid = re.findall(r"\{#([a-z0-9-]+)\}", sources)
    assert valid, "the project's Sources page has ids"
    assert f"use one of: {', '.join(sorted(valid))}; or add a heading with {{#no-such-source}}" in result.stderr
    assert not list((project / "docs").glob("*/articles/messages-test.md"))
