"""`benchmarks/results.json` and the Markdown report: every figure with its budget, PASS or OVER, and the
machine, versions and date they were measured on."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure, number

DASH = "\u2013"


def environment(root: Path, chromium: str | None) -> dict[str, str]:
    """The machine and the versions the figures depend on."""

    def output(*command: str) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False, cwd=root)
        except OSError:
            return "not installed"
        return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else ""

    def package(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    def npm_package(name: str) -> str:
        manifest = root / "node_modules" / name / "package.json"
        return (
            str(json.loads(manifest.read_text(encoding="utf-8"))["version"]) if manifest.is_file() else "not installed"
        )

    cpu = "unknown"
    if Path("/proc/cpuinfo").is_file():
        names = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": output("git", "rev-parse", "--short", "HEAD"),
        "machine": f"{platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} cores, {cpu}",
        "python": platform.python_version(),
        "mkdocs": package("mkdocs"),
        "mkdocs-material": package("mkdocs-material"),
        "node": output("node", "--version"),
        "pyodide": npm_package("pyodide"),
        "lighthouse": npm_package("lighthouse"),
        "chromium": output(chromium, "--version") if chromium else "not installed",
    }


def results_json(figures: Sequence[Figure], env: Mapping[str, str], notes: Sequence[str]) -> str:
    over = [figure.key for figure in figures if figure.verdict == "OVER"]
    document: dict[str, Any] = {
        "environment": dict(env),
        "summary": {
            "figures": len(figures),
            "with_budget": sum(1 for figure in figures if figure.budget is not None),
            "over": over,
        },
        "figures": [figure.as_json() for figure in figures],
        "notes": list(notes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_report(figures: Sequence[Figure], env: Mapping[str, str], notes: Sequence[str]) -> str:
    budgeted = [figure for figure in figures if figure.budget is not None]
    over = [figure for figure in budgeted if figure.verdict == "OVER"]
    lines = [
        "# Benchmark report",
        "",
        f"{len(budgeted) - len(over)} of {len(budgeted)} figures within budget"
        + (f"; over: {', '.join(figure.name for figure in over)}." if over else "."),
        "",
        f"| | figure | value | budget | spread (p25{DASH}p75; min{DASH}max; n) | how |",
        "|---|---|---|---|---|---|",
    ]
    for figure in figures:
        spread = figure.spread
        spread_text = (
            f"{number(spread.p25)}{DASH}{number(spread.p75)}; {number(spread.low)}{DASH}{number(spread.high)}; "
            f"{spread.count}"
            if spread
            else ""
        )
        lines.append(
            f"| {figure.verdict} | {_cell(figure.name)} | {number(figure.value)} {figure.unit} | "
            f"{_cell(figure.budget_text)} | {spread_text} | {_cell(figure.detail)} |"
        )
    lines += ["", "## Machine and versions", ""]
    lines += [f"- {name}: {value}" for name, value in env.items()]
    if notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def console_lines(figures: Sequence[Figure]) -> list[str]:
    """One line per figure, as `make bench` prints them."""
    width = max((len(figure.name) for figure in figures), default=10)
    return [
        f"{figure.verdict:4}  {figure.name:<{width}}  {number(figure.value):>8} {figure.unit:<5} "
        f"(budget {figure.budget_text})"
        for figure in figures
    ]
