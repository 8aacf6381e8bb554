"""`kb new language` and `kb new assessment` in a copy of the whole project, run by the copy's own `kb`: after
the command (and, for an assessment, the texts it asks for) `kb check` and `kb build` pass, and the tests
that derive their lists from the registry pass in the copy too."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.project import read_registry

from .project_copy import copy_project, run_kb

pytestmark = pytest.mark.slow

_REGISTRY = read_registry(Path(__file__).resolve().parents[2])
# A language and an assessment the project does not have yet (this test also runs in copies that have one).
CODE = next(code for code in ("xx", "xy", "xz", "qa") if code not in _REGISTRY.language_codes)
NAME = CODE.capitalize()
RUBRIC = next(name for name in ("demo-check", "demo-check-b", "demo-check-c") if name not in _REGISTRY.assessment_ids)
# Tests whose lists of languages come from the registry (CODEOWNERS, issue form, scaffolds, CONTRIBUTING).
REGISTRY_TESTS = ("tests/sitebuild/test_repository_lists.py", "tests/sitebuild/test_scaffolds.py")


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def with_language(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = copy_project(tmp_path_factory.mktemp("with-language") / "project")
    _ok(run_kb(root, "new", "language", CODE, "--name", NAME))
    yield root


def test_the_new_language_is_in_the_registry_and_check_passes(with_language: Path) -> None:
    registry = read_registry(with_language)
    assert registry.language_codes[-1] == CODE
    output = _ok(run_kb(with_language, "check"))
    for rubric_id in registry.assessment_ids:
        assert f"warning: assessments/{rubric_id}/{CODE}.yaml" in output, "missing texts are warnings, not silent"
    assert f"warning: docs/{CODE}/index.md" in output, "missing pages are warnings"
    strict = run_kb(with_language, "check", "--strict")
    assert strict.returncode == 1, "nothing of the new language is translated: --strict fails"


def test_untranslated_interface_strings_are_reported(with_language: Path) -> None:
    output = run_kb(with_language, "check").stdout
    assert f"the {CODE} interface strings are not translated yet" in output


def test_the_new_language_builds_with_every_page_falling_back(with_language: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _ok(run_kb(with_language, "build", "--language", CODE, "--no-runtime", "--site-dir", str(site)))
    home = (site / CODE / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{CODE}"' in home
    assert "bt-fallback" in home, "the page is the default language's, with the notice"
    assert f'data-bt-language="{CODE}"' in (site / "index.html").read_text(encoding="utf-8")
    for rubric_id in read_registry(with_language).assessment_ids:
        page = (site / CODE / "assessments" / rubric_id / "index.html").read_text(encoding="utf-8")
        assert f'data-rubric-id="{rubric_id}"' in page, "the questionnaire, in the default language's texts"


def test_registry_derived_tests_pass_in_the_copy(with_language: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *REGISTRY_TESTS],
        cwd=with_language,
        env={**os.environ, "PYTHONPATH": str(with_language)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout


# --- kb new assessment ------------------------------------------------------------------------------------


def _write_all(value: Any, code: str, counter: list[int]) -> Any:
    """Every empty text written (made-up, numbered sentences: the test only needs them present)."""
    if isinstance(value, dict):
        return {key: _write_all(item, code, counter) for key, item in value.items()}
    if isinstance(value, list):
        return [_write_all(item, code, counter) for item in value]
    if value == "":
        counter[0] += 1
        return f"Text {counter[0]} ({code})."
    return value


def test_a_new_assessment_is_refused_until_written_then_checks_and_builds(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    codes = read_registry(root).language_codes
    _ok(run_kb(root, "new", "assessment", RUBRIC))
    assert RUBRIC in read_registry(root).assessment_ids

    refused = run_kb(root, "check")
    assert refused.returncode == 1
    errors = [line for line in refused.stdout.splitlines() if line and not line.startswith(("warning:", "kb check:"))]
    assert errors and all(
        line.startswith((f"assessments/{RUBRIC}/", *(f"docs/{code}/assessments/{RUBRIC}.md" for code in codes)))
        for line in errors
    ), errors
    page = f"assessments/{RUBRIC}"
    for code in codes:
        assert any(line.startswith(f"assessments/{RUBRIC}/{code}.yaml") for line in errors), code
        assert any(line.startswith(f"docs/{code}/{page}.md") for line in errors), code

    for code in codes:
        texts_path = root / "assessments" / RUBRIC / f"{code}.yaml"
        texts = _write_all(yaml.safe_load(texts_path.read_text(encoding="utf-8")), code, [0])
        texts_path.write_text(yaml.safe_dump(texts, allow_unicode=True, sort_keys=False), encoding="utf-8")
        page_path = root / "docs" / code / f"{page}.md"
        page_text = page_path.read_text(encoding="utf-8")
        page_text = page_text.replace('title: ""', f'title: "Demo check ({code})"')
        page_text = page_text.replace('description: ""', 'description: "One line about the demo check."')
        page_path.write_text(page_text + "\nWhat the check is about.\n", encoding="utf-8")
    _ok(run_kb(root, "check"))

    site = tmp_path / "site"
    default = codes[0]
    _ok(run_kb(root, "build", "--language", default, "--no-runtime", "--site-dir", str(site)))
    built = (site / default / page / "index.html").read_text(encoding="utf-8")
    assert f'data-rubric-id="{RUBRIC}"' in built
    assert f"({default})." in built, "the written texts are on the page"

    # A language may follow later: without its page and texts, its readers get the default ones (a warning).
    later = codes[-1]
    (root / "assessments" / RUBRIC / f"{later}.yaml").unlink()
    (root / "docs" / later / f"{page}.md").unlink()
    output = _ok(run_kb(root, "check"))
    assert f"warning: assessments/{RUBRIC}/{later}.yaml" in output
