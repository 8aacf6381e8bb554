"""The JavaScript unit tests (node:test, tests/node/*.test.mjs) run with the rest of the suite."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import ROOT, require_tool

pytestmark = pytest.mark.node


def test_node_unit_tests_pass() -> None:
    node = require_tool("node", "the browser client's pure modules are tested with node:test")
    if not (ROOT / "node_modules" / "pyodide").is_dir():
        pytest.fail("node_modules is not installed: run `make bootstrap` (npm ci)")
    done = subprocess.run(
        [node, "--test", "--test-reporter=tap", "tests/node/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "NODE_PATH": str(ROOT / "node_modules")},
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-20_000:]
    counts = {name: int(count) for name, count in re.findall(r"^# (tests|pass|fail) (\d+)$", report, re.MULTILINE)}
    assert counts.get("fail") == 0, report[-20_000:]
    assert counts.get("pass", 0) > 0 and counts.get("pass") == counts.get("tests"), counts
