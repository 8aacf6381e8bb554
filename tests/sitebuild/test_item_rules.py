"""The checker's questionnaire-item rules (build_tools/structure/item_rules.py): each scale keyed both ways,
each statement one sentence in every language — reported at the right file and line, with how to fix it.

The cases edit a real assessment's files (the first one in the registry with a reverse-keyed statement on
every scale), so the rules are tried on what contributors actually write."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from build_tools.structure.problems import Problem
from build_tools.structure.rubric_model import RubricFiles, SourceFile, check_rubric

from .miniproject import REGISTRY, ROOT, assessment_texts

LANGUAGES = REGISTRY.language_codes


def _statements(files: dict[str, str]) -> dict[str, list[dict[str, object]]]:
    """Scale id -> its agreement/frequency items (those with a `scale`), as written in rubric.yaml."""
    by_scale: dict[str, list[dict[str, object]]] = {}
    for item in yaml.safe_load(files["rubric"])["items"]:
        if "scale" in item:
            by_scale.setdefault(str(item["scale"]), []).append(item)
    return by_scale


def _subject() -> tuple[str, dict[str, str], str, list[dict[str, object]]]:
    """An assessment, its files, and a scale of it with exactly one reverse-keyed statement among several."""
    for assessment in REGISTRY.assessment_ids:
        files = assessment_texts(assessment)
        for scale, items in _statements(files).items():
            if len(items) > 2 and sum(bool(item.get("reverse")) for item in items) == 1:
                return assessment, files, scale, items
    raise AssertionError("no assessment has a scale with exactly one reverse-keyed statement among three or more")


ASSESSMENT, FILES, SCALE, ITEMS = _subject()
REVERSED = next(str(item["id"]) for item in ITEMS if item.get("reverse"))
FORWARD = next(str(item["id"]) for item in ITEMS if not item.get("reverse"))


def _line_of(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith(start))


def _item_line(text: str, item_id: str) -> str:
    return next(line for line in text.splitlines() if line.lstrip().startswith(f"- {{id: {item_id},"))


def _unreverse(files: dict[str, str]) -> dict[str, str]:
    line = _item_line(files["rubric"], REVERSED)
    return {**files, "rubric": files["rubric"].replace(line, line.replace(", reverse: true", ""))}


def _reverse_all(files: dict[str, str]) -> dict[str, str]:
    rubric = files["rubric"]
    for item in ITEMS:
        line = _item_line(rubric, str(item["id"]))
        if "reverse: true" not in line:
            rubric = rubric.replace(line, line.replace("}", ", reverse: true}"))
    return {**files, "rubric": rubric}


def _statement(code: str, text: str) -> Callable[[dict[str, str]], dict[str, str]]:
    def edit(files: dict[str, str]) -> dict[str, str]:
        lines = files[code].splitlines(keepends=True)
        index = next(i for i, line in enumerate(lines) if line.startswith(f"  {FORWARD}:"))
        lines[index] = f'  {FORWARD}: "{text}"\n'
        return {**files, code: "".join(lines)}

    return edit


def _problems(files: dict[str, str]) -> list[Problem]:
    folder = f"assessments/{ASSESSMENT}"
    rubric_files = RubricFiles(
        ASSESSMENT,
        SourceFile(f"{folder}/rubric.yaml", files["rubric"]),
        {code: SourceFile(f"{folder}/{code}.yaml", files[code]) for code in LANGUAGES if code in files},
    )
    _, problems = check_rubric(rubric_files, LANGUAGES)
    return [problem for problem in problems if "CONTRIBUTING.md" in problem.fix]


SCALE_LINE = ("rubric", f"- id: {SCALE}")
# name, edit, expected (file, what its line starts with, words of the message) or None for no problem
CASES: list[tuple[str, Callable[[dict[str, str]], dict[str, str]], tuple[str, str, str] | None]] = [
    ("the assessment as it is", lambda files: files, None),
    ("no reverse-keyed statement", _unreverse, (*SCALE_LINE, f"scale `{SCALE}` has no reverse-keyed statement")),
    ("only reverse-keyed statements", _reverse_all, (*SCALE_LINE, f"every statement of scale `{SCALE}`")),
    (
        "two sentences",
        _statement("en", "I plan my week. I also plan my month."),
        ("en", f"{FORWARD}:", f"statement `{FORWARD}` is more than one sentence"),
    ),
    (
        "two clauses joined by a semicolon",
        _statement("en", "I plan my week; my team plans the month."),
        ("en", f"{FORWARD}:", "more than one sentence"),
    ),
    (
        "two Chinese sentences",
        _statement("zh", "我每周做计划。我也做月度计划。"),
        ("zh", f"{FORWARD}:", "more than one sentence"),
    ),
    ("one sentence ending in a question mark", _statement("en", "Do I plan my week?"), None),
    ("one Chinese sentence with its full stop", _statement("zh", "我每周做计划。"), None),
    ("a decimal number is not a sentence end", _statement("en", "I answer within 1.5 days."), None),
]


@pytest.mark.parametrize(("edit", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_item_rules(edit: Callable[[dict[str, str]], dict[str, str]], expected: tuple[str, str, str] | None) -> None:
    files = edit(dict(FILES))
    problems = _problems(files)
    if expected is None:
        assert problems == []
        return
    where, start, words = expected
    path = f"assessments/{ASSESSMENT}/{where}.yaml"
    assert [(problem.path, problem.line) for problem in problems] == [(path, _line_of(files[where], start))]
    assert words in problems[0].message
    assert problems[0].severity == "error"
    assert str(problems[0]).startswith(f"{path}:{problems[0].line}")


def test_every_assessment_passes_the_item_rules() -> None:
    for assessment in REGISTRY.assessment_ids:
        files = assessment_texts(assessment)
        folder = f"assessments/{assessment}"
        rubric_files = RubricFiles(
            assessment,
            SourceFile(f"{folder}/rubric.yaml", files["rubric"]),
            {code: SourceFile(f"{folder}/{code}.yaml", files[code]) for code in LANGUAGES if code in files},
        )
        _, problems = check_rubric(rubric_files, LANGUAGES)
        assert [str(problem) for problem in problems if "CONTRIBUTING.md" in problem.fix] == [], assessment


def test_the_checklist_the_messages_point_to_exists() -> None:
    assert "## Writing questionnaire items" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
