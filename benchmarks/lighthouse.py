"""Lighthouse (npm) on the served site: the mobile preset (its default: a mid-range phone on a slow 4G
connection, simulated), with the site served gzipped as a static host does."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.browser_timing import CHROMIUM_ARGS
from benchmarks.figures import Figure, Spread

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass(frozen=True)
class Target:
    kind: str  # "article" or "assessment": their budgets differ
    language: str
    path: str


def budget(kind: str, category: str) -> float:
    """The issue's budgets: performance ≥ 95 on articles and ≥ 90 on assessments; the rest 100."""
    if category == "performance":
        return 95 if kind == "article" else 90
    return 100


@dataclass(frozen=True)
class Audit:
    scores: dict[str, float]  # category -> 0..100
    failing: list[str]  # audits below full marks that count towards a score, worst first


def run_lighthouse(root: Path, chromium: str, url: str, output: Path) -> Audit:
    command = [
        str(root / "node_modules" / ".bin" / "lighthouse"),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
    ]
    environment = {**os.environ, "CHROME_PATH": chromium}
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0 or not output.is_file():
        raise RuntimeError(f"lighthouse {url} failed:\n{done.stderr[-3000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    scores = {
        name: round(float(report["categories"][name]["score"] or 0) * 100, 1)
        for name in CATEGORIES
        if name in report["categories"]
    }
    weighted = {
        reference["id"]
        for category in report["categories"].values()
        for reference in category["auditRefs"]
        if reference.get("weight", 0) > 0
    }
    failing = sorted(
        (
            audit
            for audit_id, audit in report["audits"].items()
            if audit_id in weighted and audit.get("score") is not None and audit["score"] < 1
        ),
        key=lambda audit: audit["score"],
    )
    return Audit(
        scores,
        [
            f"{audit['id']} ({audit['score']:.2f}"
            + (f", {audit['displayValue']}" if audit.get("displayValue") else "")
            + ")"
            for audit in failing
        ],
    )


def measure(
    root: Path,
    chromium: str,
    base_url: str,
    targets: Sequence[Target],
    runs: int,
    folder: Path,
    progress: Callable[[str], None],
    notes: list[str],
) -> list[Figure]:
    """A figure per page and category (median of ``runs``); ``notes`` get what costs points."""
    figures: list[Figure] = []
    for target in targets:
        audits = []
        for run in range(runs):
            output = folder / f"lighthouse-{target.kind}-{target.language}-{run}.json"
            audits.append(run_lighthouse(root, chromium, base_url + target.path, output))
            progress(f"lighthouse {target.kind} {target.language} {run + 1}/{runs}: {audits[-1].scores}")
        for category in CATEGORIES:
            values = [audit.scores[category] for audit in audits if category in audit.scores]
            if not values:
                continue
            spread = Spread.of(values)
            figures.append(
                Figure(
                    f"lighthouse_{category}_{target.kind}_{target.language}",
                    f"Lighthouse mobile {category}, {target.kind} ({target.language})",
                    spread.median,
                    "",
                    budget(target.kind, category),
                    higher_is_better=True,
                    spread=spread,
                    detail=f"/{target.path}, median of {len(values)}",
                    samples=tuple(values),
                )
            )
        failing = audits[-1].failing
        if failing:
            notes.append(f"Lighthouse, {target.kind} ({target.language}) costs points on: {', '.join(failing[:12])}")
    return figures
