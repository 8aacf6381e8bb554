"""The pinned Pyodide starts offline in Node from the npm package (no CDN, no network)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_tool

pytestmark = pytest.mark.node


def test_pyodide_boots_offline_in_node() -> None:
    node = require_tool("node", "Node.js runs Pyodide outside the browser")
    script = Path(__file__).with_name("pyodide_boot.mjs")
    done = subprocess.run(
        [node, str(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "NODE_PATH": str(ROOT / "node_modules"),
            "HTTP_PROXY": "http://127.0.0.1:9",
            "HTTPS_PROXY": "http://127.0.0.1:9",
        },
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["python"].startswith("3.14.")
    lock = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text(encoding="utf-8"))
    assert lock["version"] == "314.0.7"
