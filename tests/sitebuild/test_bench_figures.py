"""The plumbing of `make bench` (never its timings): the median, percentile and spread maths, ratios taken
pair by pair, verdicts against budgets in both directions, and the report and results.json it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.bench import SERVED_SITE, lighthouse_targets
from benchmarks.build_timing import plain_configs
from benchmarks.figures import RATIO, Figure, Spread, pairwise_ratios, percentile, ratio_figure
from benchmarks.lighthouse import cpu_slowdown
from benchmarks.report import console_lines, markdown_report, results_json
from build_tools.project import read_registry

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("samples", "share", "expected"),
    [
        ([5.0], 0.95, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
        ([4.0, 1.0, 3.0, 2.0], 0.0, 1.0),
        ([4.0, 1.0, 3.0, 2.0], 1.0, 4.0),
        ([float(value) for value in range(1, 41)], 0.95, 38.05),  # 40 submits: between the 38th and 39th
    ],
)
def test_percentile_interpolates_between_ranks(samples: list[float], share: float, expected: float) -> None:
    assert percentile(samples, share) == pytest.approx(expected)


def test_percentile_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_spread() -> None:
    spread = Spread.of([3.0, 1.0, 2.0, 10.0, 4.0])
    assert (spread.median, spread.p25, spread.p75, spread.low, spread.high, spread.count) == (3, 2, 4, 1, 10, 5)


def test_ratios_are_taken_pair_by_pair() -> None:
    assert pairwise_ratios([2.0, 9.0], [4.0, 3.0]) == [0.5, 3.0]
    with pytest.raises(ValueError):
        pairwise_ratios([1.0], [1.0, 2.0])
    figure = ratio_figure("k", "engine / bare", [2.0, 9.0, 3.0], [4.0, 3.0, 3.0], 0.8)
    assert figure.value == 1.0  # the median of 0.5, 3 and 1, not the ratio of the medians (3 / 3)
    assert figure.unit == RATIO
    assert figure.spread is not None and (figure.spread.low, figure.spread.high) == (0.5, 3.0)
    assert figure.detail.startswith("3 vs 3 ms (medians of 3)")


@pytest.mark.parametrize(
    ("value", "budget", "higher_is_better", "verdict"),
    [
        (0.5, 0.5, False, "PASS"),
        (0.51, 0.5, False, "OVER"),
        (95.0, 95.0, True, "PASS"),
        (94.0, 95.0, True, "OVER"),
        (1e9, None, False, "INFO"),
    ],
)
def test_verdicts(value: float, budget: float | None, higher_is_better: bool, verdict: str) -> None:
    assert Figure("k", "n", value, "", budget, higher_is_better=higher_is_better).verdict == verdict


FAKE = [
    ratio_figure("build", "full build / plain", [2.0, 2.2], [5.0, 5.5], 0.5, unit="s"),
    Figure("submit_p95", "submit to painted, p95", 21.0, "ms", 16, spread=Spread.of([18.0, 21.0])),
    Figure("lh", "Lighthouse performance | article", 96.0, "", 95, higher_is_better=True),
    Figure("bytes", "first visit bytes", 1234.6, "KB", None),
]
ENVIRONMENT = {"date": "2026-12-03 10:00 UTC", "machine": "Linux, 2 cores", "chromium": "Chromium 1.2.3"}


def test_results_json_holds_every_figure_and_what_is_over() -> None:
    document = json.loads(results_json(FAKE, ENVIRONMENT, ["a note"]))
    assert [figure["key"] for figure in document["figures"]] == [figure.key for figure in FAKE]
    assert document["summary"] == {"figures": 4, "with_budget": 3, "over": ["submit_p95"]}
    assert document["environment"] == ENVIRONMENT
    assert document["figures"][0]["spread"]["count"] == 2
    assert document["figures"][2]["budget_direction"] == "at least"
    assert document["notes"] == ["a note"]


def test_markdown_report_prints_each_figure_with_its_budget_and_verdict() -> None:
    report = markdown_report(FAKE, ENVIRONMENT, ["a note"])
    rows = [line for line in report.splitlines() if line.startswith("| ") and "figure" not in line]
    assert len(rows) == len(FAKE)
    assert rows[0].startswith("| PASS | full build / plain | 0.4 \u00d7 | \u2264 0.5 \u00d7 |")
    assert rows[1].startswith("| OVER | submit to painted, p95 | 21 ms | \u2264 16 ms |")
    assert "Lighthouse performance \\| article" in rows[2], "a | in a name must not split the row"
    assert rows[3].startswith("| INFO | first visit bytes | 1235 KB | \u2014 |")
    assert "2 of 3 figures within budget; over: submit to painted, p95." in report
    assert "- chromium: Chromium 1.2.3" in report and "- a note" in report


def test_console_lines() -> None:
    lines = console_lines(FAKE)
    assert [line.split()[0] for line in lines] == ["PASS", "OVER", "PASS", "INFO"]


def test_plain_builds_cover_every_language_without_the_plugin(tmp_path: Path) -> None:
    import yaml

    registry = read_registry(ROOT)
    configs = plain_configs(ROOT, tmp_path)
    assert len(configs) == len(registry.language_codes)
    for config, code in zip(configs, registry.language_codes, strict=True):
        loaded = yaml.safe_load(config.read_text(encoding="utf-8"))
        assert loaded["docs_dir"] == str(ROOT / "docs" / code)
        # No plugin at all, not even MkDocs' default search: the site's own build has no lunr index either.
        assert loaded["plugins"] == []
        assert loaded["theme"] == {"name": "material", "language": code}
        # Never into the site the browser and Lighthouse parts are served (they once measured plain Material).
        assert not Path(loaded["site_dir"]).is_relative_to(tmp_path / SERVED_SITE)


def test_lighthouse_pages_exist_in_two_languages() -> None:
    targets = lighthouse_targets(ROOT)
    registry = read_registry(ROOT)
    assert {target.language for target in targets} == set(list(registry.language_codes)[:2])
    assert {target.kind for target in targets} == {"article", "assessment"}
    for target in targets:
        source = target.path.removeprefix(f"{target.language}/").rstrip("/") + ".md"
        assert (ROOT / "docs" / target.language / source).is_file(), target


@pytest.mark.parametrize(
    ("benchmark_index", "expected"),
    [
        (1056.0, 4.0),  # the host the preset's fixed 4 times was made for
        (528.0, 2.0),  # a loaded machine: half as fast, half the slowdown
        (2112.0, 8.0),  # a faster host is slowed down more, not held to 4
        (264.0, 1.0),  # as fast as the preset's phone
        (100.0, 1.0),  # slower than the phone: never sped up
    ],
)
def test_lighthouse_slowdown_makes_the_host_the_presets_phone(benchmark_index: float, expected: float) -> None:
    assert cpu_slowdown(benchmark_index) == pytest.approx(expected)
