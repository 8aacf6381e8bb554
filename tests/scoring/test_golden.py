"""Golden vectors: every rubric, in every language the site lists, gives the pinned projection; Pyodide in
Node gives byte for byte what CPython gives, texts included; text edits need no new vectors."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from breakthrough_scoring import load_rubric, score_json, text_paths
from build_tools.project import read_registry
from tests.scoring.golden_vectors import (
    FIXTURE_PREFIX,
    REPO,
    Golden,
    RubricSource,
    all_rubrics,
    check_rubric,
    fixture_rubrics,
    project_rubrics,
    read_golden,
    rubric_json,
)
from tests.scoring.scoring_fixtures import FIXTURES, mixed_structure

NODE_SCRIPT = Path(__file__).resolve().parent / "score_in_pyodide.mjs"
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@cache
def golden() -> Golden:
    return read_golden()


@cache
def current_rubrics() -> dict[str, RubricSource]:
    return all_rubrics(REPO)


# Keys known without reading any rubric, so that a new assessment is a failing case of its own.
RUBRIC_KEYS = sorted(
    {*read_registry(REPO).assessment_ids, *(FIXTURE_PREFIX + name for name in FIXTURES), *golden()["rubrics"]}
)


@pytest.mark.parametrize("key", RUBRIC_KEYS)
def test_rubric_gives_its_golden_projection_in_every_language(key: str) -> None:
    problems = check_rubric(key, current_rubrics().get(key), golden()["rubrics"].get(key))
    assert not problems, "\n".join(problems)


def test_golden_vectors_cover_every_answer_set_kind() -> None:
    kinds = {name for entry in golden()["rubrics"].values() for name in entry["vectors"]}
    assert {"all-min", "all-max", "middle", "mixed", "too-few", "straight-lining", "old-version"} <= kinds
    assert {"off-scale", "unknown-option"} <= kinds


def test_an_assessment_without_vectors_is_named_with_the_command_to_run() -> None:
    source = current_rubrics()["career-bottleneck"]
    [problem] = check_rubric("career-bottleneck", source, None)
    assert problem == (
        "no golden vectors for assessment career-bottleneck — run `python tests/scoring/make_golden.py` "
        "and review the diff"
    )
    [problem] = check_rubric("career-bottleneck", None, golden()["rubrics"]["career-bottleneck"])
    assert problem.startswith("golden vectors for career-bottleneck, which is no longer in the project — run")


def test_a_new_language_needs_no_new_golden_vectors() -> None:
    source = current_rubrics()["career-bottleneck"]
    english = source.texts["en"]
    assert english is not None
    texts = dict(source.texts)
    translated = copy.deepcopy(english) | {"language": "xx"}
    texts["xx"] = translated  # a new language, translated
    texts["yy"] = None  # a new language whose texts are not written yet: its readers get the English ones
    problems = check_rubric(
        source.key, RubricSource(source.key, source.structure, texts), golden()["rubrics"][source.key]
    )
    assert problems == []
    translated["scales"] = {}  # but texts that do not load are named
    [problem] = check_rubric(
        source.key, RubricSource(source.key, source.structure, texts), golden()["rubrics"][source.key]
    )
    assert problem.startswith("assessments/career-bottleneck/xx.yaml does not load: ")


def _edit_every_text(root: Path) -> None:
    """Replace every text of every language file under ``root``/assessments with other words."""
    for source in project_rubrics(root).values():
        paths = [path for path in text_paths(load_rubric(source.structure)) if path != ("language",)]  # a code
        for code, texts in source.texts.items():
            if texts is None:  # not translated yet
                continue
            for number, path in enumerate(paths):
                holder: Any = texts
                for part in path[:-1]:
                    holder = holder[part]
                holder[path[-1]] = f"Edited wording {number} ({code})."
            (root / "assessments" / source.key / f"{code}.yaml").write_text(
                yaml.dump(texts, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )


def test_editing_every_text_needs_no_new_golden_vectors(tmp_path: Path) -> None:
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "assessments", tmp_path / "assessments")
    _edit_every_text(tmp_path)
    edited = project_rubrics(tmp_path)
    original = current_rubrics()
    assert list(edited) == list(read_registry(REPO).assessment_ids) and edited
    for key, source in edited.items():
        problems = check_rubric(key, source, golden()["rubrics"].get(key))
        assert not problems, "\n".join(problems)
        for code, texts in source.texts.items():  # the edits reached what the reader sees
            if texts is None:
                continue
            request = source.requests["mixed"]
            before = score_json(rubric_json(source.structure, original[key].texts[code]), request)
            after = score_json(rubric_json(source.structure, texts), request)
            assert "Edited wording" in after and before != after


def test_a_changed_band_threshold_fails_with_the_scores_that_moved() -> None:
    structure = mixed_structure()
    assert structure["bands"][1] == {"id": "middle", "min": 40, "neutral": True}
    structure["bands"][1]["min"] = 60  # one number: scores from 40 to 60 fall from "middle" to "low"
    [fixture] = [source for source in fixture_rubrics(("en",)).values() if source.key == "fixture:fixture-mixed"]
    changed = RubricSource(fixture.key, structure, fixture.texts)
    problems = check_rubric(changed.key, changed, golden()["rubrics"][changed.key])
    assert problems[0].startswith(
        "tests/scoring/scoring_fixtures.py (fixture:fixture-mixed, rubric) is not the structure"
    )
    [moved] = [problem for problem in problems if "score differently" in problem]
    assert moved.startswith("fixture rubric fixture-mixed in the structure alone, en: ")
    assert '.band.id: golden "middle", now "low"' in moved
    assert problems[-1].startswith("if that change is on purpose, run `python tests/scoring/make_golden.py`")


def test_one_changed_number_in_the_golden_data_fails() -> None:
    entry = copy.deepcopy(golden()["rubrics"]["leadership-duties"])
    result = entry["vectors"]["mixed"]["expected"]["result"]
    result["profiles"]["fits"][0]["distance"] += 0.1
    source = current_rubrics()["leadership-duties"]
    problem, regenerate = check_rubric(source.key, source, entry)
    languages = ", ".join(code for code, texts in source.texts.items() if texts is not None)
    assert problem.startswith(f"assessment leadership-duties in the structure alone, {languages}: 1 of 8 answer")
    assert "mixed (result.profiles.fits[0].distance: golden" in problem
    assert regenerate.startswith("if that change is on purpose")


def test_an_int_where_the_golden_data_has_a_float_fails() -> None:
    """The comparison is of JSON text: 50 and 50.0 (or 1 and true) are different outputs."""
    entry = copy.deepcopy(golden()["rubrics"]["fixture:fixture-mixed"])
    scale = entry["vectors"]["middle"]["expected"]["result"]["scales"][0]
    assert isinstance(scale["score"], float)
    scale["score"] = int(scale["score"]) if scale["score"].is_integer() else scale["score"] + 0.1
    problems = check_rubric("fixture:fixture-mixed", current_rubrics()["fixture:fixture-mixed"], entry)
    assert any("result.scales[0].score: golden" in problem for problem in problems)


def node_or_skip() -> str:
    node = shutil.which("node")
    pyodide = REPO / "node_modules" / "pyodide" / "pyodide.mjs"
    missing = "node is not installed" if node is None else "" if pyodide.exists() else "npm pyodide is not installed"
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{missing}, but CI=true requires the Pyodide parity check (run npm ci)")
        pytest.skip(f"{missing}: the Pyodide parity check needs Node 20+ and `npm ci`")
    assert node is not None
    return node


def parity_requests(sources: dict[str, RubricSource], default_language: str) -> dict[str, Any]:
    """Every assessment in every language with every answer set, as the page sends them: the whole outputs,
    texts included, are compared between the runtimes. The fixture rubrics' texts differ between languages
    only by a suffix, so one language of theirs is enough (the Node run stays as short as before)."""
    rubrics: dict[str, str] = {}
    vectors: list[dict[str, str]] = []
    for key, source in sources.items():
        for language, texts in source.texts.items():
            if texts is None or (source.is_fixture and language != default_language):
                continue  # a missing file is reported by the golden check
            name = f"{key}/{language}"
            rubrics[name] = rubric_json(source.structure, texts)
            vectors.extend(
                {"name": f"{name}#{kind}", "rubric": name, "answers_json": request}
                for kind, request in source.requests.items()
            )
    return {"rubrics": rubrics, "vectors": vectors}


@pytest.mark.node
def test_pyodide_in_node_gives_byte_identical_results(tmp_path: Path) -> None:
    node = node_or_skip()
    registry = read_registry(REPO)
    requests = parity_requests(current_rubrics(), registry.default_language)
    requests_path = tmp_path / "requests.json"
    requests_path.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    completed = subprocess.run(
        [node, str(NODE_SCRIPT), str(requests_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout)
    cpython = {
        vector["name"]: score_json(requests["rubrics"][vector["rubric"]], vector["answers_json"])
        for vector in requests["vectors"]
    }
    assert sorted(report["outputs"]) == sorted(cpython)
    different = [name for name, output in cpython.items() if report["outputs"][name] != output]
    assert not different, f"Pyodide {report['python']} differs from CPython for {different[:5]}"
    languages = {name.split("#")[0].rsplit("/", 1)[1] for name in cpython}
    assert languages == set(registry.language_codes)
