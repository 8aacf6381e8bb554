"""Rubric files from a pull request: texts and questionnaires have documented size limits, reported with
the file, line and what was expected."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from breakthrough_scoring._definitions import MAX_ITEMS
from breakthrough_scoring._fields import TEXT_MAX_CHARS
from build_tools.structure.rubric_yaml import check_rubric_files
from tests.sitebuild.miniproject import ROOT

RUBRIC_ID = "leadership-duties"
FOLDER = ROOT / "assessments" / RUBRIC_ID


def _load(name: str) -> Any:
    return yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))


def _problems(rubric: Any, texts: Any) -> list[str]:
    return [
        f"{problem.path}:{problem.line}: {problem.message} — {problem.expected}"
        for problem in check_rubric_files(
            yaml.safe_dump(rubric, allow_unicode=True, sort_keys=False),
            f"assessments/{RUBRIC_ID}/rubric.yaml",
            {"en": (yaml.safe_dump(texts, allow_unicode=True, sort_keys=False), f"assessments/{RUBRIC_ID}/en.yaml")},
        )
    ]


def _first_text_key(texts: dict[str, Any]) -> str:
    return next(key for key, value in texts.items() if isinstance(value, str) and key not in {"language", "id"})


@pytest.mark.parametrize(("length", "refused"), [(TEXT_MAX_CHARS, False), (TEXT_MAX_CHARS + 1, True)])
def test_a_rubric_text_has_a_length_limit(length: int, refused: bool) -> None:
    texts = _load("en.yaml")
    key = _first_text_key(texts)
    texts[key] = "x" * length
    found = [message for message in _problems(_load("rubric.yaml"), texts) if "characters" in message]
    assert bool(found) == refused, found
    if refused:
        assert found[0].startswith(f"assessments/{RUBRIC_ID}/en.yaml:") and str(TEXT_MAX_CHARS) in found[0]


def test_a_questionnaire_has_an_item_limit() -> None:
    rubric = _load("rubric.yaml")
    items = rubric["items"]
    rubric["items"] = [
        {**copy.deepcopy(items[index % len(items)]), "id": f"x-{index}"} for index in range(MAX_ITEMS + 1)
    ]
    found = _problems(rubric, _load("en.yaml"))
    assert any(f"{MAX_ITEMS}" in message and "rubric.yaml" in message for message in found), found[:5]
