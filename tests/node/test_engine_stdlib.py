"""The engine's trimmed standard library (build_tools/runtime_bundle.py): with it instead of Pyodide's own,
every assessment in every language scores byte for byte as CPython does, an error still reaches JavaScript,
and it holds compiled modules only, fewer bytes than the zip it replaces."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from breakthrough_scoring import score_json
from build_tools import runtime_bundle
from build_tools.project import read_registry
from build_tools.site_builder import SCORING_DISTRIBUTION, scoring_wheel
from tests.conftest import ROOT
from tests.scoring.test_golden import current_rubrics, node_or_skip, parity_requests

pytestmark = pytest.mark.node

SCRIPT = Path(__file__).with_name("score_with_engine_stdlib.mjs")
PYODIDE = ROOT / "node_modules" / "pyodide"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    node_or_skip()
    folder = tmp_path_factory.mktemp("runtime")
    name, data = scoring_wheel(ROOT)
    wheel = folder / name
    wheel.write_bytes(data)
    stdlib = folder / runtime_bundle.ENGINE_STDLIB
    stdlib.write_bytes(runtime_bundle.engine_stdlib(ROOT, PYODIDE, wheel))
    return wheel, stdlib


def test_every_assessment_scores_with_the_trimmed_stdlib(built: tuple[Path, Path], tmp_path: Path) -> None:
    wheel, stdlib = built
    requests = parity_requests(current_rubrics(), read_registry(ROOT).default_language)
    requests_path = tmp_path / "requests.json"
    requests_path.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [node_or_skip(), str(SCRIPT), str(requests_path), str(wheel), str(stdlib)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    expected = {
        vector["name"]: score_json(requests["rubrics"][vector["rubric"]], vector["answers_json"])
        for vector in requests["vectors"]
    }
    assert report["outputs"] == expected
    assert report["raised"] == "PythonError"
    # The Pyodide that ran had the trimmed library, not its own.
    assert report["stdlibFiles"] == zipfile.ZipFile(stdlib).namelist()


def test_the_trimmed_stdlib_is_compiled_and_smaller(built: tuple[Path, Path]) -> None:
    _, stdlib = built
    names = zipfile.ZipFile(stdlib).namelist()
    full = zipfile.ZipFile(PYODIDE / "python_stdlib.zip").namelist()
    assert names and all(name.endswith(".pyc") for name in names)
    assert {name[:-1] for name in names} <= set(full)
    assert len(names) < len([name for name in full if name.endswith(".py")]) / 1.5
    assert stdlib.stat().st_size < (PYODIDE / "python_stdlib.zip").stat().st_size
    assert SCORING_DISTRIBUTION.replace("-", "_") not in " ".join(names)


def test_a_second_build_takes_it_from_the_cache(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    wheel, stdlib = built

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("made again although its inputs did not change")

    monkeypatch.setattr(subprocess, "run", refuse)
    assert runtime_bundle.engine_stdlib(ROOT, PYODIDE, wheel) == stdlib.read_bytes()
