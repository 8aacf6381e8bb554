"""Lighthouse (npm) on the served site: the mobile preset (its default: a mid-range phone on a slow 4G
connection, simulated), with the site served gzipped as a static host does.

The preset slows the host's processor down 4 times, which makes a phone of a host that scores about 1,000 on
Lighthouse's benchmark. Each run is gathered once (``-G``) and audited (``-A``) twice: at the preset's 4 times
(the budgeted figures: the issue names the mobile preset) and, for information, with the slowdown that makes
this host the preset's phone (Lighthouse's documented CPU calibration; a quiet machine here scores ~2,000,
a loaded one 200 to 400). The simulated network is the preset's in both."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.browser_timing import CHROMIUM_ARGS
from benchmarks.figures import RATIO, Figure, Spread

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass(frozen=True)
class Target:
    kind: str  # "article" or "assessment": their budgets differ
    language: str
    path: str


# Chrome DevTools' CPU calibration (CalibrationController.ts) takes a low-tier phone, the Moto G Power 2022
# that Lighthouse's mobile preset names in its user agent, as 264 on Lighthouse's benchmark.
PRESET_PHONE_BENCHMARK = 264.0
PRESET_CPU_SLOWDOWN = 4.0


def cpu_slowdown(benchmark_index: float) -> float:
    """The slowdown that makes a host scoring ``benchmark_index`` as fast as the preset's phone; a host
    slower than the phone is not sped up (factor 1)."""
    return max(1.0, round(benchmark_index / PRESET_PHONE_BENCHMARK, 2))


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
    benchmark_index: float  # the host's speed on Lighthouse's benchmark during this run
    cpu_slowdown: float  # the slowdown the run was audited with


def run_lighthouse(root: Path, chromium: str, url: str, output: Path) -> tuple[Audit, Audit]:
    """Gather ``url`` once into a folder beside ``output``, then audit it twice: with the preset's slowdown
    (``output``, JSON: the budgeted figures, as the issue names the mobile preset) and with the slowdown that
    makes this host the preset's phone (beside it: reported for information).

    Simulated throttling slows nothing while gathering (the page loads at full speed and the slowdown is
    applied to the recorded tasks when auditing), so the slowdown written into the saved settings is the
    one the audit uses; Lighthouse refuses an audit whose settings differ from the gathered ones."""
    artifacts = output.with_suffix("")
    common = [
        str(root / "node_modules" / ".bin" / "lighthouse"),
        url,
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
    ]
    environment = {**os.environ, "CHROME_PATH": chromium}

    def lighthouse(*arguments: str) -> None:
        done = subprocess.run(
            [*common, *arguments], env=environment, capture_output=True, text=True, timeout=300, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"lighthouse {url} {arguments[0]} failed:\n{done.stderr[-3000:]}")

    lighthouse(f"--gather-mode={artifacts}")
    saved = artifacts / "artifacts.json"
    gathered = json.loads(saved.read_text(encoding="utf-8"))
    benchmark_index = float(gathered["BenchmarkIndex"])

    def audited(slowdown: float, report_path: Path) -> Audit:
        gathered["settings"]["throttling"]["cpuSlowdownMultiplier"] = slowdown
        saved.write_text(json.dumps(gathered), encoding="utf-8")
        lighthouse(
            f"--audit-mode={artifacts}",
            f"--throttling.cpuSlowdownMultiplier={slowdown:g}",
            "--output=json",
            f"--output-path={report_path}",
        )
        if not report_path.is_file():
            raise RuntimeError(f"lighthouse {url} wrote no report")
        return read_audit(report_path, benchmark_index, slowdown)

    calibrated = output.with_name(output.stem + "-calibrated.json")
    return audited(PRESET_CPU_SLOWDOWN, output), audited(cpu_slowdown(benchmark_index), calibrated)


def read_audit(output: Path, benchmark_index: float, slowdown: float) -> Audit:
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
        benchmark_index,
        slowdown,
    )


def missing_fonts(languages: Sequence[str]) -> list[str]:
    """Languages this machine has no font for (fontconfig's ``fc-list :lang=…``): Chromium draws their text as
    boxes, which no reader sees. Side by side with Debian's Noto CJK (a fresh browser per load, alternating,
    4 each, on a loaded machine) the zh pages' main-thread time differed by no consistent amount (0.8 to
    1.3 times, as much as an English page's between two identical runs), so the bench does not install it."""
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
            f"Lighthouse: this machine has no font for {', '.join(unfit)} (fc-list :lang=…): those pages' text is"
            " drawn as boxes, which readers never see; with a CJK font their figures moved by no consistent amount"
            " (Debian: apt-get install fonts-noto-cjk for zh)"
        )
    notes.append(
        f"Lighthouse: the budgeted figures use the mobile preset's processor slowdown ({PRESET_CPU_SLOWDOWN:g}{RATIO},"
        " which makes a host of about 1,000 on Lighthouse's benchmark the preset's phone); the INFO lines audit the"
        f" same runs with the slowdown that makes this host that phone (benchmark index ÷ {PRESET_PHONE_BENCHMARK:g},"
        f" at least 1{RATIO}: harsher than the preset on a quiet machine, milder on a loaded one)"
    )
    for target in targets:
        audits: list[Audit] = []
        calibrated: list[Audit] = []
        for run in range(runs):
            output = folder / f"lighthouse-{target.kind}-{target.language}-{run}.json"
            preset, host_phone = run_lighthouse(root, chromium, base_url + target.path, output)
            audits.append(preset)
            calibrated.append(host_phone)
            progress(f"lighthouse {target.kind} {target.language} {run + 1}/{runs}: {audits[-1].scores}")
        slowdowns = "/".join(f"{audit.cpu_slowdown:g}{RATIO}" for audit in calibrated)
        hosts = "/".join(f"{audit.benchmark_index:.0f}" for audit in audits)
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
                    detail=f"/{target.path}, median of {len(values)}; the preset's CPU slowdown"
                    f" {PRESET_CPU_SLOWDOWN:g}{RATIO} (host {hosts})",
                    samples=tuple(values),
                )
            )
        host_scores = [audit.scores["performance"] for audit in calibrated if "performance" in audit.scores]
        if host_scores:
            spread = Spread.of(host_scores)
            figures.append(
                Figure(
                    f"lighthouse_performance_{target.kind}_{target.language}_host_phone",
                    f"Lighthouse mobile performance, {target.kind} ({target.language}), this host as the phone",
                    spread.median,
                    "",
                    None,
                    higher_is_better=True,
                    spread=spread,
                    detail=f"the same runs audited with CPU slowdown {slowdowns} (host {hosts})",
                    samples=tuple(host_scores),
                )
            )
        failing = audits[-1].failing
        if failing:
            notes.append(
                f"Lighthouse, {target.kind} ({target.language}) costs points on: {', '.join(failing[:12])};"
                f" main thread: {', '.join(audits[-1].main_thread)}"
            )
    return figures
