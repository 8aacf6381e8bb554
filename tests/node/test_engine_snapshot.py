"""The returning reader's memory snapshot (build_tools/runtime/engine-snapshot.mjs), with the real Pyodide in
Node and the worker's own start-up: a kept snapshot of this engine is used and scores as CPython does; a
damaged one, one made for another engine and one Pyodide cannot restore are each discarded (deleted), and
the engine starts as usual and scores the same."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from breakthrough_scoring import score_json
from build_tools import runtime_bundle
from build_tools.project import read_registry
from build_tools.site_builder import write_runtime
from tests.conftest import ROOT
from tests.scoring.test_golden import current_rubrics, node_or_skip, parity_requests

pytestmark = pytest.mark.node

SCRIPT = Path(__file__).with_name("snapshot_boot.mjs")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    node = node_or_skip()
    site = tmp_path_factory.mktemp("site")
    runtime = write_runtime(ROOT, site)
    requests = parity_requests(current_rubrics(), read_registry(ROOT).default_language)
    vector = requests["vectors"][0]
    request = {"rubric": requests["rubrics"][vector["rubric"]], "answers": vector["answers_json"]}
    request_path = site / "request.json"
    request_path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [node, str(SCRIPT), str(runtime), str(request_path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["expected"] = score_json(request["rubric"], request["answers"])
    result["engine_files"] = json.loads((runtime / runtime_bundle.ENGINE_FILES).read_text(encoding="utf-8"))
    return result


def test_the_build_states_what_a_snapshot_depends_on(report: dict[str, Any]) -> None:
    files = report["engine_files"]
    package = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text(encoding="utf-8"))
    assert files["pyodide"] == package["version"]
    assert files["stdlib"]["file"] == runtime_bundle.ENGINE_STDLIB
    assert files["wheel"]["file"].startswith("breakthrough_scoring-") and files["wheel"]["file"].endswith(".whl")


def test_a_first_start_finds_no_snapshot_and_a_made_one_is_kept(report: dict[str, Any]) -> None:
    first = report["first"]
    assert (first["state"], first["fromSnapshot"], first["snapshot"], first["kept"]) == ("ready", False, [], False)
    assert first["output"] == report["expected"]
    assert report["made"]["bytes"] > 1_000_000


@pytest.mark.parametrize("start", ["restored", "restoredAgain"])
def test_a_kept_snapshot_of_this_engine_is_used_and_scores_as_cpython(report: dict[str, Any], start: str) -> None:
    booted = report[start]
    assert (booted["state"], booted["fromSnapshot"], booted["kept"]) == ("ready", True, True)
    assert [message["outcome"] for message in booted["snapshot"]] == ["used"]
    assert booted["output"] == report["expected"]


@pytest.mark.parametrize(
    ("start", "why"),
    [
        ("corrupted", "checksum"),
        ("truncated", "stored"),
        ("otherEngine", "made for another engine"),
        ("unusable", "could not restore"),
    ],
)
def test_a_bad_snapshot_is_discarded_and_the_engine_starts_as_usual(
    report: dict[str, Any], start: str, why: str
) -> None:
    booted = report[start]
    assert (booted["state"], booted["fromSnapshot"], booted["failures"]) == ("ready", False, [])
    assert [message["outcome"] for message in booted["snapshot"]] == ["discarded"]
    assert why in booted["snapshot"][0]["detail"]
    assert booted["kept"] is False, "a discarded snapshot is deleted"
    assert booted["output"] == report["expected"]
