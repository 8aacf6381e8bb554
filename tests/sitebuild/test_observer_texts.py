"""The observer form's wordings (``observer:`` in ``<lang>.yaml``, build_tools/structure/observer_texts.py):
a wording for an unknown item, a choice item or an empty one is an error; a language behind the others is a
warning; every problem is at the right file and line with how to fix it. Observer texts never change scores.

The cases edit a real assessment's files: the first one in the registry with an observer form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from build_tools.structure.problems import Problem
from build_tools.structure.rubric_model import RubricFiles, SourceFile, check_rubric

from .miniproject import REGISTRY, assessment_texts

LANGUAGES = REGISTRY.language_codes
Files = dict[str, str]


def _has_observer(files: Files) -> bool:
    return any("observer" in (yaml.safe_load(files[code]) or {}) for code in LANGUAGES if code in files)


OBSERVED = [assessment for assessment in REGISTRY.assessment_ids if _has_observer(assessment_texts(assessment))]
ASSESSMENT = OBSERVED[0]
FILES = assessment_texts(ASSESSMENT)
FIRST, OTHER = LANGUAGES[0], LANGUAGES[-1]
STATEMENT = next(str(item["id"]) for item in yaml.safe_load(FILES["rubric"])["items"] if "scale" in item)


def _check(assessment: str, files: Files) -> tuple[object, list[Problem]]:
    folder = f"assessments/{assessment}"
    rubric_files = RubricFiles(
        assessment,
        SourceFile(f"{folder}/rubric.yaml", files["rubric"]),
        {code: SourceFile(f"{folder}/{code}.yaml", files[code]) for code in LANGUAGES if code in files},
    )
    return check_rubric(rubric_files, LANGUAGES)


def _observer_problems(assessment: str, files: Files) -> list[Problem]:
    _, problems = _check(assessment, files)
    return [problem for problem in problems if "observer" in problem.message or "observer" in problem.fix]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _section_span(text: str) -> tuple[int, int]:
    """Start and end (line indexes) of the top-level `observer:` section."""
    lines = _lines(text)
    start = next(i for i, line in enumerate(lines) if line.startswith("observer:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n", "")), len(lines))
    return start, end


def _without_section(text: str) -> str:
    lines = _lines(text)
    start, end = _section_span(text)
    return "".join(lines[:start] + lines[end:])


def _drop_section(code: str) -> Callable[[Files], Files]:
    return lambda files: {**files, code: _without_section(files[code])}


def _set_wording(code: str, item_id: str, value: str | None) -> Callable[[Files], Files]:
    """Replace (value None: remove) the observer wording of ``item_id``, or add it after `items:`."""

    def edit(files: Files) -> Files:
        lines = _lines(files[code])
        start, end = _section_span(files[code])
        found = next((i for i in range(start, end) if lines[i].startswith(f"    {item_id}:")), None)
        if found is not None and value is None:
            del lines[found]
        elif found is not None:
            lines[found] = f"    {item_id}: {value}\n"
        else:
            items = next(i for i in range(start, end) if lines[i].startswith("  items:"))
            lines.insert(items + 1, f"    {item_id}: {value}\n")
        return {**files, code: "".join(lines)}

    return edit


def _observer_line(code: str, start: str) -> Callable[[Files], int]:
    def line(files: Files) -> int:
        lines = _lines(files[code])
        first, end = _section_span(files[code])
        return next(i + 1 for i in range(first, end) if lines[i].lstrip().startswith(start))

    return line


def _line(code: str, start: str) -> Callable[[Files], int]:
    return lambda files: next(i for i, line in enumerate(_lines(files[code]), 1) if line.startswith(start))


# name, edit, expected (language, where its line is, severity, words of the message) or None for no problem
CASES: list[tuple[str, Callable[[Files], Files], tuple[str, Callable[[Files], int], str, str] | None]] = [
    ("the assessment as it is", lambda files: files, None),
    (
        "a language without an observer form is behind",
        _drop_section(OTHER),
        (OTHER, _line(OTHER, "items:"), "warning", f"the {OTHER} texts have no observer form"),
    ),
    (
        "a language missing one wording is behind",
        _set_wording(OTHER, STATEMENT, None),
        (OTHER, _observer_line(OTHER, "items:"), "warning", f"no wording for `{STATEMENT}`"),
    ),
    (
        "a wording for an unknown item",
        _set_wording(FIRST, "no-such-item", '"This manager plans."'),
        (FIRST, _observer_line(FIRST, "no-such-item:"), "error", "`no-such-item` matches no item"),
    ),
    (
        "an empty wording",
        _set_wording(FIRST, STATEMENT, '""'),
        (FIRST, _observer_line(FIRST, f"{STATEMENT}:"), "error", "empty"),
    ),
    (
        "a blank wording",
        _set_wording(FIRST, STATEMENT, '"   "'),
        (FIRST, _observer_line(FIRST, f"{STATEMENT}:"), "error", "empty"),
    ),
    (
        "two sentences",
        _set_wording(FIRST, STATEMENT, '"This manager plans. They also review."'),
        (FIRST, _observer_line(FIRST, f"{STATEMENT}:"), "error", "more than one sentence"),
    ),
    (
        "an unknown key in the section",
        lambda files: {**files, FIRST: files[FIRST].replace("\nobserver:\n", '\nobserver:\n  extra: "x"\n')},
        (FIRST, _observer_line(FIRST, "extra:"), "error", "unknown key 'extra'"),
    ),
    ("one sentence with a decimal number", _set_wording(FIRST, STATEMENT, '"This manager answers in 1.5 days."'), None),
]


@pytest.mark.parametrize(("edit", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_observer_texts(
    edit: Callable[[Files], Files], expected: tuple[str, Callable[[Files], int], str, str] | None
) -> None:
    files = edit(dict(FILES))
    problems = _observer_problems(ASSESSMENT, files)
    if expected is None:
        assert problems == []
        return
    code, line_of, severity, words = expected
    path = f"assessments/{ASSESSMENT}/{code}.yaml"
    assert [(problem.path, problem.line, problem.severity) for problem in problems] == [
        (path, line_of(files), severity)
    ], [str(problem) for problem in problems]
    assert words in problems[0].message
    assert str(problems[0]).startswith(f"{path}:{problems[0].line}")


def test_a_wording_for_a_choice_item_is_an_error() -> None:
    """Raters answer statements only; found on any assessment of the registry with a choice item."""
    for assessment in REGISTRY.assessment_ids:
        files = assessment_texts(assessment)
        choice = next(
            (str(item["id"]) for item in yaml.safe_load(files["rubric"])["items"] if "scale" not in item), None
        )
        if choice is None:
            continue
        statement = next(str(item["id"]) for item in yaml.safe_load(files["rubric"])["items"] if "scale" in item)
        files = {
            **files,
            FIRST: f'{files[FIRST]}observer:\n  instructions: "Rate this manager."\n  items:\n'
            f'    {statement}: "This manager plans."\n    {choice}: "This manager chooses."\n',
        }
        errors = [problem for problem in _observer_problems(assessment, files) if problem.severity == "error"]
        assert [problem.message for problem in errors] == [
            f"observer wording `{choice}` is for a choice item; raters answer statements only"
        ]
        assert errors[0].line == len(_lines(files[FIRST]))
        return
    pytest.skip("no assessment of the registry has a choice item")


def test_an_assessment_without_observer_forms_has_no_observer_problems() -> None:
    files = {key: _without_section(text) if key != "rubric" else text for key, text in FILES.items()}
    assert _observer_problems(ASSESSMENT, files) == []


def test_observer_texts_never_change_scores() -> None:
    """The same rubric scores both forms: the model and the content hash ignore the observer section."""
    with_observer, _ = _check(ASSESSMENT, FILES)
    files = {key: _without_section(text) if key != "rubric" else text for key, text in FILES.items()}
    without_observer, _ = _check(ASSESSMENT, files)
    assert with_observer is not None and without_observer is not None
    assert with_observer.content_hash == without_observer.content_hash  # type: ignore[attr-defined]
    assert with_observer.model == without_observer.model  # type: ignore[attr-defined]


@pytest.mark.parametrize("assessment", OBSERVED)
def test_every_observer_form_is_complete_in_every_language(assessment: str) -> None:
    files = assessment_texts(assessment)
    assert [str(problem) for problem in _observer_problems(assessment, files)] == []
    statements = {str(item["id"]) for item in yaml.safe_load(files["rubric"])["items"] if "scale" in item}
    for code in LANGUAGES:
        assert set(yaml.safe_load(files[code])["observer"]["items"]) == statements, (assessment, code)
