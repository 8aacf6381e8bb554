"""Golden vectors: CPython reproduces them, they are up to date, and Pyodide in Node gives the same bytes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from breakthrough_scoring import dump_result, score_json
from tests.scoring.make_golden import GOLDEN, REPO, build_golden

NODE_SCRIPT = Path(__file__).resolve().parent / "run_golden_pyodide.mjs"
REGENERATE = "regenerate with: .venv/bin/python tests/scoring/make_golden.py (and review the diff)"


@cache
def golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def vector_names() -> list[str]:
    return [vector["name"] for vector in golden()["vectors"]]


def test_golden_vectors_cover_every_answer_set_kind() -> None:
    kinds = {name.rsplit("#", 1)[1] for name in vector_names()}
    assert {"all-min", "all-max", "middle", "mixed", "too-few", "straight-lining", "old-version"} <= kinds


def test_golden_inputs_are_up_to_date() -> None:
    fresh, _skipped = build_golden()
    committed = golden()
    assert sorted(committed["rubrics"]) == sorted(fresh["rubrics"]), f"rubric files changed; {REGENERATE}"
    for source, text in fresh["rubrics"].items():
        assert committed["rubrics"][source] == text, f"{source} changed; {REGENERATE}"
    assert [(v["name"], v["answers_json"]) for v in committed["vectors"]] == [
        (v["name"], v["answers_json"]) for v in fresh["vectors"]
    ], REGENERATE


def test_cpython_reproduces_golden_results() -> None:
    data = golden()
    different = [
        vector["name"]
        for vector in data["vectors"]
        if score_json(data["rubrics"][vector["rubric"]], vector["answers_json"]) != dump_result(vector["expected"])
    ]
    assert not different, f"scoring changed for {len(different)} vectors, e.g. {different[:3]}; {REGENERATE}"


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


@pytest.mark.node
def test_pyodide_in_node_gives_byte_identical_results() -> None:
    node = node_or_skip()
    completed = subprocess.run(
        [node, str(NODE_SCRIPT), str(GOLDEN)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout)
    data = golden()
    assert sorted(report["outputs"]) == sorted(vector_names())
    different = []
    for vector in data["vectors"]:
        cpython = score_json(data["rubrics"][vector["rubric"]], vector["answers_json"])
        if report["outputs"][vector["name"]] != cpython:
            different.append(vector["name"])
    assert not different, f"Pyodide {report['python']} differs from CPython for {different[:5]}"
