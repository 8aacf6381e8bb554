"""Figures of `make bench`: samples, their median and spread, a budget, and the verdict; no I/O here.

A figure is a ratio to a baseline measured in the same run wherever the issue defines one (so that the
machine's speed cancels out), else an absolute value with the issue's budget.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Verdict = Literal["PASS", "OVER", "INFO"]
RATIO = "\u00d7"  # the unit of a ratio to a baseline (multiplication sign)


def percentile(samples: Sequence[float], share: float) -> float:
    """The ``share`` quantile (0..1) with linear interpolation between the closest ranks (numpy's default)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Spread:
    """How far repeated samples lie apart: the middle half (p25 to p75) and the extremes."""

    median: float
    p25: float
    p75: float
    low: float
    high: float
    count: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Spread:
        return cls(
            median=statistics.median(samples),
            p25=percentile(samples, 0.25),
            p75=percentile(samples, 0.75),
            low=min(samples),
            high=max(samples),
            count=len(samples),
        )


def pairwise_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """Each run's ratio to the baseline run next to it (they alternate, so both saw the same machine)."""
    if len(numerators) != len(denominators):
        raise ValueError(f"{len(numerators)} runs against {len(denominators)} baseline runs")
    return [top / bottom for top, bottom in zip(numerators, denominators, strict=True)]


@dataclass(frozen=True)
class Figure:
    """One line of the report. ``value`` is what the budget is checked against (a median, a p95, a score)."""

    key: str  # stable identifier in results.json
    name: str
    value: float
    unit: str  # RATIO, "ms", "KB", "score", …
    budget: float | None  # None: reported for information
    higher_is_better: bool = False  # Lighthouse scores: at least the budget
    spread: Spread | None = None
    detail: str = ""  # how it was measured, the baseline's own numbers
    samples: tuple[float, ...] = field(default=())

    @property
    def verdict(self) -> Verdict:
        if self.budget is None:
            return "INFO"
        within = self.value >= self.budget if self.higher_is_better else self.value <= self.budget
        return "PASS" if within else "OVER"

    @property
    def budget_text(self) -> str:
        if self.budget is None:
            return "—"
        return f"{'≥' if self.higher_is_better else '≤'} {number(self.budget)} {self.unit}".rstrip()

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "budget": self.budget,
            "budget_direction": "at least" if self.higher_is_better else "at most",
            "verdict": self.verdict,
            "spread": None if self.spread is None else self.spread.__dict__,
            "detail": self.detail,
            "samples": list(self.samples),
        }


def number(value: float) -> str:
    """A figure as printed: three significant digits for ratios and small values, whole numbers above 100."""
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.3g}"


def ratio_figure(
    key: str,
    name: str,
    runs: Sequence[float],
    baseline: Sequence[float],
    budget: float | None,
    detail: str = "",
    *,
    unit: str = "ms",
) -> Figure:
    """The median of the per-pair ratios, with their spread; the detail names both medians."""
    ratios = pairwise_ratios(runs, baseline)
    spread = Spread.of(ratios)
    medians = (
        f"{number(statistics.median(runs))} vs {number(statistics.median(baseline))} {unit} (medians of {len(runs)})"
    )
    text = f"{medians}; {detail}" if detail else medians
    return Figure(key, name, spread.median, RATIO, budget, spread=spread, detail=text, samples=tuple(ratios))
