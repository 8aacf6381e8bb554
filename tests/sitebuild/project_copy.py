"""A copy of the whole project in a temporary folder, to run `kb` commands that edit sources (scaffolds)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What the project is made of (no site/, caches or virtual environment); node_modules is linked: large, read only.
SOURCES = (
    "mkdocs.yml",
    "docs",
    "assessments",
    "build_tools",
    "breakthrough_scoring",
    "tests",
    "benchmarks",
    "pyproject.toml",
    "Makefile",
    ".github",
    "CONTRIBUTING.md",
    "README.md",
    "SECURITY.md",
    "package.json",
)


def copy_project(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.pyc")
    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return target


def run_kb(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`kb` of the copy itself (its own build_tools, not the installed package), run inside the copy."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "build_tools.cli", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
