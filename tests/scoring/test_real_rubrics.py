"""The real rubrics in assessments/ load, in every language file present, with no problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.structure.rubric_yaml import check_rubric_files

REPO = Path(__file__).resolve().parents[2]
RUBRICS = sorted((REPO / "assessments").glob("*/rubric.yaml"))


@pytest.mark.parametrize("rubric_path", RUBRICS, ids=lambda path: path.parent.name)
def test_real_rubric_files_have_no_problems(rubric_path: Path) -> None:
    folder = rubric_path.parent
    texts = {
        path.stem: (path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))
        for path in sorted(folder.glob("*.yaml"))
        if path.name != "rubric.yaml"
    }
    assert texts, f"{folder.name} has no language files"
    problems = check_rubric_files(rubric_path.read_text(encoding="utf-8"), str(rubric_path.relative_to(REPO)), texts)
    assert not problems, "\n".join(str(problem) for problem in problems)
