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
    main_thread: list[str]  # where the main thread's time went (simulated phone), largest first


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
    breakdown = (report["audits"].get("mainthread-work-breakdown", {}).get("details") or {}).get("items", [])
    return Audit(
        scores,
        [
            f"{audit['id']} ({audit['score']:.2f}"
            + (f", {audit['displayValue']}" if audit.get("displayValue") else "")
            + ")"
            for audit in failing
        ],
        [f"{item['groupLabel']} {item['duration']:.0f} ms" for item in breakdown[:4]],
    )


def missing_fonts(languages: Sequence[str]) -> list[str]:
    """Languages this machine has no font for (fontconfig's ``fc-list :lang=…``). Chromium then searches a
    fallback for every glyph and draws boxes: main-thread work (and a page) no reader's phone has, which
    Lighthouse counts in full (zh here: first paint 3.0 to 3.5 s without a CJK font, 1.4 to 1.6 s with one)."""
    missing = []
    for language in languages:
        try:
            found = subprocess.run(
                ["fc-list", f":lang={language}", "family"], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return []  # no fontconfig: nothing to say either way
        if not found.stdout.strip():
            missing.append(language)
    return missing


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
    unfit = missing_fonts(sorted({target.language for target in targets}))
    if unfit:
        notes.append(
            f"Lighthouse: this machine has no font for {', '.join(unfit)} (fc-list :lang=…): those pages' figures"
            " include Chromium's fallback search for every glyph, which readers' devices never do (Debian:"
            " apt-get install fonts-noto-cjk for zh)"
        )
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
            notes.append(
                f"Lighthouse, {target.kind} ({target.language}) costs points on: {', '.join(failing[:12])};"
                f" main thread: {', '.join(audits[-1].main_thread)}"
            )
    return figures
