"""Every scoring rule of the rubric format, one table per rule, with hand-computed numbers."""

from __future__ import annotations

import copy
import hashlib
import json
from fractions import Fraction
from typing import Any

import pytest

from breakthrough_scoring import content_hash, load_rubric, round_half_up, score
from tests.scoring.scoring_fixtures import (
    choice_structure,
    grid_answers,
    grid_structure,
    load,
    mixed_structure,
    probe_structure,
    texts_for,
)


def scale_result(result: dict[str, Any], scale_id: str) -> dict[str, Any]:
    return next(scale for scale in result["scales"] if scale["id"] == scale_id)


def scored(structure: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    return score(load(structure), answers)


# ---------------------------------------------------------------- likert items
# alpha: a1 agree5, a2 agree5 reverse, a3 agree5 weight 2, a4 freq4 (0..3); min_answers default 3.
# max per item: a1 4, a2 4, a3 8, a4 3.
LIKERT_CASES = [
    ("all lowest keyed", {"a1": 1, "a2": 5, "a3": 1, "a4": 0}, 0.0, "low"),
    ("all highest keyed", {"a1": 5, "a2": 1, "a3": 5, "a4": 3}, 100.0, "high"),
    # points 4 + 0 + 2*3 + 2 = 12 of 19 -> 63.157...
    ("mixed", {"a1": 5, "a2": 5, "a3": 4, "a4": 2}, 63.2, "middle"),
    # a4 unanswered: points 2 + 2 + 4 = 8 of 16
    ("three answered", {"a1": 3, "a2": 3, "a3": 3}, 50.0, "middle"),
    ("null is unanswered", {"a1": None, "a2": 1, "a3": 5, "a4": 3}, 100.0, "high"),
    # weight: 4 of 15 vs 8 of 15
    ("weight 1 item high", {"a1": 5, "a3": 1, "a4": 0}, 26.7, "low"),
    ("weight 2 item high", {"a1": 1, "a3": 5, "a4": 0}, 53.3, "middle"),
    # reverse: a2 = 2 keys to 4 -> 3 points
    ("reverse keyed", {"a1": 1, "a2": 2, "a3": 1}, 18.8, "low"),
]


@pytest.mark.parametrize(
    ("answers", "expected", "band"), [c[1:] for c in LIKERT_CASES], ids=[c[0] for c in LIKERT_CASES]
)
def test_likert_scale_scores(answers: dict[str, Any], expected: float, band: str) -> None:
    alpha = scale_result(scored(mixed_structure(), answers), "alpha")
    assert (alpha["score"], alpha["status"], alpha["band"]["id"]) == (expected, "ok", band)


@pytest.mark.parametrize(
    ("answers", "answered"),
    [({"a1": 5, "a2": 1}, 2), ({"a1": 5, "a2": None, "a3": None, "b1": 3}, 1), ({"b1": 3}, 0)],
)
def test_too_few_answers_in_a_scale_make_it_insufficient(answers: dict[str, Any], answered: int) -> None:
    alpha = scale_result(scored(mixed_structure(), answers), "alpha")
    assert alpha == alpha | {
        "score": None,
        "status": "insufficient",
        "answered": answered,
        "required": 3,
        "band": None,
        "interpretation": None,
        "actions": [],
    }


@pytest.mark.parametrize(("item_count", "default"), [(4, 3), (5, 4), (6, 5), (7, 6), (8, 6), (9, 7), (12, 9)])
def test_min_answers_default_is_ceil_three_quarters(item_count: int, default: int) -> None:
    structure = probe_structure([0, 1, 2])
    del structure["scales"][0]["min_answers"]
    structure["items"] = [{"id": f"p-{i}", "scale": "probe", "answers": "probe"} for i in range(item_count)]
    result = scored(structure, {"p-0": 1})
    assert scale_result(result, "probe")["required"] == default


# ---------------------------------------------------------------- choice items
# c1: x {beta 2, gamma 1}, y {beta 0}, z {gamma 3}. beta range 0..2, gamma range 0..3.
CHOICE_CASES = [
    ("x gives beta its max", {"b1": 1, "c1": "x"}, "beta", 33.3),  # (0 + 2) / (4 + 2)
    ("y gives beta its min", {"b1": 5, "c1": "y"}, "beta", 66.7),  # (4 + 0) / 6
    ("z scores beta 0 when not given", {"b1": 5, "c1": "z"}, "beta", 66.7),
    ("x gives gamma 1 of 3", {"g1": 3, "g2": 3, "c1": "x"}, "gamma", 45.5),  # (2 + 2 + 1) / 11
    ("z gives gamma its max", {"g1": 5, "g2": 5, "c1": "z"}, "gamma", 100.0),
    ("y scores gamma 0 when not given", {"g1": 5, "g2": 5, "c1": "y"}, "gamma", 72.7),  # 8 / 11
]


@pytest.mark.parametrize(
    ("answers", "scale", "expected"), [c[1:] for c in CHOICE_CASES], ids=[c[0] for c in CHOICE_CASES]
)
def test_choice_items(answers: dict[str, Any], scale: str, expected: float) -> None:
    assert scale_result(scored(mixed_structure(), answers), scale)["score"] == expected


def test_choice_item_counts_as_answered_for_every_scale_it_scores() -> None:
    result = scored(mixed_structure(), {"b1": 3, "c1": "y"})
    assert scale_result(result, "beta")["answered"] == 2
    assert scale_result(result, "gamma")["answered"] == 1  # y gives gamma nothing, but c1 scores gamma


def test_choice_item_weights() -> None:
    # q1 weight 1, q2 weight 2. north: q1=a 2/2, q2=b 0/4 -> 2/6.
    # south: 0/2 + 4/4 -> 4/6. east: 0/2 + 2/4 -> 2/6.
    result = scored(choice_structure(), {"q1": "a", "q2": "b"})
    assert [(s["id"], s["score"]) for s in result["scales"]] == [
        ("north", 33.3),
        ("south", 66.7),
        ("east", 33.3),
    ]


def test_scale_whose_items_never_differ_scores_50() -> None:
    structure = choice_structure()
    for item in structure["items"]:
        for option in item["choice"]:
            option["scores"]["flat"] = 1  # every option gives "flat" the same points: max is 0
    structure["scales"].append({"id": "flat", "min_answers": 1, "actions": structure["scales"][0]["actions"]})
    result = scored(structure, {"q1": "a"})
    assert scale_result(result, "flat")["score"] == 50.0


# ---------------------------------------------------------- bands and rounding


def probe_score(values: list[int], answer: int, bands: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return scale_result(scored(probe_structure(values, bands), {"p-1": answer}), "probe")


BAND_CASES = [
    ("0 is in the first band", [0, 5000, 10000], 0, 0.0, "low"),
    (
        "just below 40",
        [0, 3999, 10000],
        3999,
        40.0,
        "low",
    ),  # 39.99 shows as 40.0 but is low: exact value decides
    ("exactly 40 starts middle", [0, 4000, 10000], 4000, 40.0, "middle"),
    ("just below 70", [0, 6999, 10000], 6999, 70.0, "middle"),
    ("exactly 70 starts high", [0, 7000, 10000], 7000, 70.0, "high"),
    ("100 is in the last band", [0, 5000, 10000], 10000, 100.0, "high"),
]


@pytest.mark.parametrize(
    ("values", "answer", "shown", "band"), [c[1:] for c in BAND_CASES], ids=[c[0] for c in BAND_CASES]
)
def test_band_boundaries(values: list[int], answer: int, shown: float, band: str) -> None:
    probe = probe_score(values, answer)
    assert (probe["score"], probe["band"]["id"]) == (shown, band)


@pytest.mark.parametrize(("answer", "band"), [(10000, "full"), (9999, "mid"), (5000, "mid"), (4999, "low")])
def test_last_band_starting_at_100(answer: int, band: str) -> None:
    bands = [{"id": "low", "min": 0}, {"id": "mid", "min": 50, "neutral": True}, {"id": "full", "min": 100}]
    assert probe_score([0, 4999, 5000, 9999, 10000], answer, bands)["band"]["id"] == band


def test_neutral_band_is_reported() -> None:
    neutral = probe_score([0, 5000, 10000], 5000)["band"]
    low = probe_score([0, 5000, 10000], 0)["band"]
    assert neutral == {"id": "middle", "label": "Middle (en)", "neutral": True}
    assert low == {"id": "low", "label": "Low (en)", "neutral": False}


def test_scale_band_override_and_actions() -> None:
    # gamma bands: low 0, mid 50 (neutral), top 80
    result = scored(mixed_structure(), {"g1": 5, "g2": 5, "g3": 4})  # 11/12 -> 91.7
    gamma = scale_result(result, "gamma")
    assert gamma["band"]["id"] == "top"
    assert gamma["interpretation"] == "gamma top interpretation (en)"
    assert gamma["actions"] == [{"id": "gamma-top", "text": "do gamma-top (en)", "link": "articles/gamma.md#top"}]


ROUNDING_CASES = [
    ("12.25 rounds up (float round() would give 12.2)", [0, 49, 400], 49, 12.3),
    ("0.05 rounds up", [0, 1, 2000], 1, 0.1),
    ("6.25 rounds up", [0, 1, 16], 1, 6.3),
    ("43.75 rounds up", [0, 7, 16], 7, 43.8),
    ("1.25 rounds up", [0, 1, 80], 1, 1.3),
    ("12.5 stays", [0, 1, 8], 1, 12.5),
    ("33.33 rounds down", [0, 1, 3], 1, 33.3),
    ("66.67 rounds up", [0, 2, 3], 2, 66.7),
    ("16.67 rounds up", [0, 1, 6], 1, 16.7),
    ("12.2499 rounds down", [0, 122499, 1000000], 122499, 12.2),
]


@pytest.mark.parametrize(
    ("values", "answer", "expected"), [c[1:] for c in ROUNDING_CASES], ids=[c[0] for c in ROUNDING_CASES]
)
def test_rounding_half_up_at_output(values: list[int], answer: int, expected: float) -> None:
    assert probe_score(values, answer)["score"] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1225, 100), Fraction(123, 10)),
        (Fraction(-1225, 100), Fraction(-123, 10)),  # halves go away from zero, like decimal ROUND_HALF_UP
        (Fraction(5, 100), Fraction(1, 10)),
        (Fraction(-4, 100), Fraction(0)),
        (Fraction(100), Fraction(100)),
        (Fraction(1, 3), Fraction(3, 10)),
        (Fraction(2, 3), Fraction(7, 10)),
    ],
)
def test_round_half_up(value: Fraction, expected: Fraction) -> None:
    assert round_half_up(value) == expected


# ------------------------------------------------------------------ composites
# overall = (alpha + 2 * (100 - beta)) / 3; beta is a risk scale with min_answers 2.
COMPOSITE_CASES = [
    ("best case", {"a1": 5, "a2": 1, "a3": 5, "b1": 1, "b2": 1}, 100.0, "high"),
    ("worst case", {"a1": 1, "a2": 5, "a3": 1, "b1": 5, "b2": 5}, 0.0, "low"),
    # alpha 63.157..., beta 4/6: (63.157 + 66.667) / 3 = 43.27
    ("weighted and inverted", {"a1": 5, "a2": 5, "a3": 4, "a4": 2, "b1": 3, "c1": "x"}, 43.3, "middle"),
    # alpha 100, beta 50 -> (100 + 100) / 3 = 66.67
    ("uses exact scale scores", {"a1": 5, "a2": 1, "a3": 5, "b1": 3, "b2": 3}, 66.7, "middle"),
]


@pytest.mark.parametrize(
    ("answers", "expected", "band"), [c[1:] for c in COMPOSITE_CASES], ids=[c[0] for c in COMPOSITE_CASES]
)
def test_composites(answers: dict[str, Any], expected: float, band: str) -> None:
    overall = scored(mixed_structure(), answers)["composites"][0]
    assert (overall["score"], overall["status"], overall["band"]["id"]) == (expected, "ok", band)
    assert overall["actions"][0]["id"] == f"overall-{band}"


@pytest.mark.parametrize(
    "answers",
    [{"a1": 5, "a2": 1, "a3": 5, "b1": 1}, {"a1": 5, "b1": 1, "b2": 2}],
    ids=["beta insufficient", "alpha insufficient"],
)
def test_composite_is_insufficient_when_any_component_is(answers: dict[str, Any]) -> None:
    overall = scored(mixed_structure(), answers)["composites"][0]
    assert overall | {"name": None, "description": None} == {
        "id": "overall",
        "name": None,
        "description": None,
        "score": None,
        "status": "insufficient",
        "band": None,
        "interpretation": None,
        "actions": [],
    }


def test_composite_summary_names_the_first_composite() -> None:
    structure = mixed_structure()
    structure["result"] = "composite"
    structure["composites"].append(copy.deepcopy(structure["composites"][0]) | {"id": "second"})
    assert scored(structure, {"a1": 3})["summary"] == {"type": "composite", "composite": "overall"}


# -------------------------------------------------------------------- profiles


def profile_structure(*targets: tuple[int | float, ...]) -> dict[str, Any]:
    profiles = [
        {"id": f"p{n}", "targets": {f"s{k}": t for k, t in enumerate(target, start=1)}}
        for n, target in enumerate(targets, start=1)
    ]
    return grid_structure(("strength",) * len(targets[0]), result="profile-fit", profiles=profiles)


def test_profile_distance_fit_and_gaps() -> None:
    # scores 80, 40, 60. p1 gaps 10, -10, 0 -> sqrt(200 / 3) = 8.165 -> 8.2; p2 matches exactly.
    result = scored(profile_structure((70, 50, 60), (80, 40, 60)), grid_answers(s1=80, s2=40, s3=60))
    p1, p2 = result["profiles"]["fits"]
    assert (p1["distance"], p1["fit"], p1["status"]) == (8.2, 91.8, "ok")
    assert [gap["gap"] for gap in p1["gaps"]] == [10.0, -10.0, 0.0]
    assert p1["gaps"][0] == {"scale": "s1", "target": 70.0, "score": 80.0, "gap": 10.0}
    assert (p2["distance"], p2["fit"]) == (0.0, 100.0)
    assert result["profiles"]["closest"] == "p2"
    assert result["summary"] == {"type": "profile-fit", "profile": "p2", "tied": []}


@pytest.mark.parametrize(
    ("targets", "tied"),
    [
        (((70, 40), (90, 40), (0, 0)), ["p1", "p2"]),  # p1 and p2 both at 7.1; p3 further away
        (((0, 0), (90, 40), (70, 40)), ["p2", "p3"]),  # the tie is named in rubric order, wherever it sits
        (((70, 40), (90, 40), (80, 50)), ["p1", "p2", "p3"]),
    ],
)
def test_a_profile_tie_is_stated_not_broken_by_rubric_order(
    targets: tuple[tuple[float, ...], ...], tied: list[str]
) -> None:
    result = scored(profile_structure(*targets), grid_answers(s1=80, s2=40))
    assert [fit["distance"] for fit in result["profiles"]["fits"] if fit["id"] in tied] == [7.1] * len(tied)
    assert result["profiles"]["closest"] is None
    assert result["summary"] == {"type": "profile-fit", "profile": None, "tied": tied}


@pytest.mark.parametrize("targets", [((70, 40), (69.95, 40), (100, 100)), ((69.95, 40), (70, 40), (100, 100))])
def test_profile_tie_is_decided_on_the_rounded_distance(targets: tuple[tuple[float, ...], ...]) -> None:
    # distances sqrt(50) = 7.071 and sqrt(50.50125) = 7.106 both round to 7.1: a tie, whichever profile
    # is further away before rounding, because the rounded distance is the one reported and compared.
    result = scored(profile_structure(*targets), grid_answers(s1=80, s2=40))
    assert result["summary"] == {"type": "profile-fit", "profile": None, "tied": ["p1", "p2"]}


@pytest.mark.parametrize(
    ("target", "distance", "fit", "gap"),
    [(47.75, 2.3, 97.7, 2.3), (52.25, 2.3, 97.7, -2.3), (0, 50.0, 50.0, 50.0), (100, 50.0, 50.0, -50.0)],
)
def test_profile_distance_rounds_half_up(target: float, distance: float, fit: float, gap: float) -> None:
    # one scale: distance = |gap| = 2.25 exactly -> 2.3
    result = scored(profile_structure((target,)), grid_answers(s1=50))
    only = result["profiles"]["fits"][0]
    assert (only["distance"], only["fit"], only["gaps"][0]["gap"]) == (distance, fit, gap)


def test_fit_is_zero_at_the_largest_distance() -> None:
    result = scored(profile_structure((0, 100, 0)), grid_answers(s1=100, s2=0, s3=100))
    assert (result["profiles"]["fits"][0]["distance"], result["profiles"]["fits"][0]["fit"]) == (100.0, 0.0)


def test_profiles_are_insufficient_when_a_scale_is() -> None:
    result = scored(profile_structure((70, 50, 60), (80, 40, 60)), grid_answers(s1=80, s2=40))
    fits = result["profiles"]["fits"]
    assert [(f["status"], f["distance"], f["fit"]) for f in fits] == [("insufficient", None, None)] * 2
    assert fits[0]["gaps"][2] == {"scale": "s3", "target": 60.0, "score": None, "gap": None}
    assert result["profiles"]["closest"] is None
    assert result["summary"] == {"type": "profile-fit", "profile": None, "tied": []}


# --------------------------------------------------------------------- ranking


def ranked(answers: dict[str, Any], structure: dict[str, Any] | None = None) -> list[tuple[str, int, str]]:
    structure = structure or grid_structure(("strength",) * 3, result="ranking", ranking=["s3", "s1", "s2"])
    return [(entry["scale"], entry["position"], entry["status"]) for entry in scored(structure, answers)["ranking"]]


RANKING_CASES = [
    ("by score", grid_answers(s1=20, s2=90, s3=50), ["s2", "s3", "s1"]),
    ("tie keeps ranking order", grid_answers(s1=60, s2=60, s3=40), ["s1", "s2", "s3"]),
    ("all tied", grid_answers(s1=50, s2=50, s3=50), ["s3", "s1", "s2"]),
    ("insufficient last", grid_answers(s2=10, s3=20), ["s3", "s2", "s1"]),
    ("insufficient in ranking order", grid_answers(s2=10), ["s2", "s3", "s1"]),
]


@pytest.mark.parametrize(("answers", "order"), [c[1:] for c in RANKING_CASES], ids=[c[0] for c in RANKING_CASES])
def test_ranking(answers: dict[str, Any], order: list[str]) -> None:
    assert [scale for scale, _, _ in ranked(answers)] == order
    assert [position for _, position, _ in ranked(answers)] == [1, 2, 3]


def test_ranking_marks_insufficient_scales_and_summary_names_the_top() -> None:
    structure = grid_structure(("strength",) * 3, result="ranking", ranking=["s3", "s1", "s2"])
    result = scored(structure, grid_answers(s2=10))
    assert result["ranking"][2] == {"scale": "s1", "position": 3, "score": None, "status": "insufficient"}
    assert result["summary"] == {"type": "ranking", "scale": "s2", "tied": []}


def test_ranking_summary_is_null_when_nothing_is_sufficient() -> None:
    structure = grid_structure(("strength",) * 3, result="ranking", ranking=["s3", "s1", "s2"])
    for scale in structure["scales"]:
        scale["min_answers"] = 2
    assert scored(structure, grid_answers(s1=10))["summary"] == {"type": "ranking", "scale": None, "tied": []}


RANKING_SUMMARY_CASES = [
    ("one top", grid_answers(s1=20, s2=90, s3=50), "s2", []),
    ("shared top names both, in ranking order", grid_answers(s1=60, s2=60, s3=40), None, ["s1", "s2"]),
    ("all tied", grid_answers(s1=50, s2=50, s3=50), None, ["s3", "s1", "s2"]),
    ("tie below the top does not matter", grid_answers(s1=40, s2=40, s3=70), "s3", []),
    ("an insufficient scale is never tied", grid_answers(s2=10), "s2", []),
]


@pytest.mark.parametrize(
    ("answers", "top", "tied"), [c[1:] for c in RANKING_SUMMARY_CASES], ids=[c[0] for c in RANKING_SUMMARY_CASES]
)
def test_ranking_summary_states_a_shared_top(answers: dict[str, Any], top: str | None, tied: list[str]) -> None:
    structure = grid_structure(("strength",) * 3, result="ranking", ranking=["s3", "s1", "s2"])
    assert scored(structure, answers)["summary"] == {"type": "ranking", "scale": top, "tied": tied}


def test_choice_only_ranking() -> None:
    result = scored(choice_structure(), {"q1": "a", "q2": "b"})  # north 33.3, south 66.7, east 33.3
    assert [entry["scale"] for entry in result["ranking"]] == ["south", "north", "east"]


# ---------------------------------------------------------- scale-profile summary
FOUR = ("strength", "strength", "strength", "risk")
EIGHT = ("strength",) * 8
SUMMARY_CASES = [
    (
        "risk scale is most favourable when low",
        FOUR,
        dict(s1=80, s2=40, s3=60, s4=10),
        ["s4", "s1"],
        ["s2", "s3"],
        False,
    ),
    (
        "risk scale is least favourable when high",
        FOUR,
        dict(s1=80, s2=40, s3=60, s4=100),
        ["s1", "s3"],
        ["s4", "s2"],
        False,
    ),
    ("three scored", FOUR, dict(s1=80, s2=40, s3=60), ["s1", "s3"], ["s2"], False),
    ("two scored", FOUR, dict(s1=80, s2=40), ["s1"], ["s2"], False),
    ("two scored and tied", FOUR, dict(s1=50, s2=50), [], [], True),
    ("one scored", FOUR, dict(s3=70), ["s3"], [], False),
    ("all tied names no scale", FOUR, dict(s1=50, s2=50, s3=50, s4=50), [], [], True),
    ("equally favourable across polarities", FOUR, dict(s1=70, s2=70, s3=70, s4=30), [], [], True),
    ("no more than half the scales in one list", FOUR, dict(s1=90, s2=60, s3=60, s4=90), ["s1"], ["s4"], False),
    (
        "a tie at the cut is named together",
        EIGHT,
        dict(s1=90, s2=70, s3=70, s4=50, s5=50, s6=50, s7=50, s8=10),
        ["s1", "s2", "s3"],
        ["s8"],
        False,
    ),
    (
        "two levels, four and four",
        EIGHT,
        dict(s1=60, s2=40, s3=60, s4=40, s5=60, s6=40, s7=60, s8=40),
        ["s1", "s3", "s5", "s7"],
        ["s2", "s4", "s6", "s8"],
        False,
    ),
    (
        "a tie too large to name is left out",
        EIGHT,
        dict(s1=50, s2=50, s3=80, s4=50, s5=50, s6=20, s7=50, s8=50),
        ["s3"],
        ["s6"],
        False,
    ),
    (
        "five high, three low",
        EIGHT,
        dict(s1=60, s2=60, s3=60, s4=60, s5=60, s6=40, s7=40, s8=40),
        [],
        ["s6", "s7", "s8"],
        False,
    ),
]


@pytest.mark.parametrize(
    ("polarities", "scores", "strongest", "weakest", "even"),
    [c[1:] for c in SUMMARY_CASES],
    ids=[c[0] for c in SUMMARY_CASES],
)
def test_scale_profile_summary(
    polarities: tuple[str, ...], scores: dict[str, int], strongest: list[str], weakest: list[str], even: bool
) -> None:
    summary = scored(grid_structure(polarities), grid_answers(**scores))["summary"]
    assert summary == {"type": "scale-profile", "strongest": strongest, "weakest": weakest, "even": even}
    assert not set(strongest) & set(weakest)


# ----------------------------------------------------------------------- flags
SAME_POSITION = {"a1": 3, "a2": 3, "a3": 3, "a4": 2, "b1": 3, "b2": 3}  # index 2 on agree5 and on freq4
FLAG_CASES = [
    ("six likert at the same position, few answers", SAME_POSITION, ["straight-lining", "too-few-answers"]),
    ("five is not enough", {k: v for k, v in SAME_POSITION.items() if k != "b2"}, ["too-few-answers"]),
    ("one differs", SAME_POSITION | {"b2": 4}, ["too-few-answers"]),
    ("same value, different position", SAME_POSITION | {"a4": 3}, ["too-few-answers"]),
    (
        "choice answers do not break straight-lining",
        SAME_POSITION | {"c1": "x"},
        ["straight-lining", "too-few-answers"],
    ),
    (
        "ten answered is enough",
        SAME_POSITION | {"b3": 3, "b4": 3, "g1": 3, "c1": "z"},
        ["straight-lining"],
    ),
    ("nine answered is too few", SAME_POSITION | {"b3": 1, "b4": 2, "g1": 3}, ["too-few-answers"]),
    (
        "no flags",
        {"a1": 1, "a2": 2, "a3": 3, "a4": 0, "b1": 5, "b2": 4, "b3": 3, "b4": 2, "g1": 1, "g2": 2, "g3": 5},
        [],
    ),
]


@pytest.mark.parametrize(("answers", "flags"), [c[1:] for c in FLAG_CASES], ids=[c[0] for c in FLAG_CASES])
def test_flags(answers: dict[str, Any], flags: list[str]) -> None:
    assert scored(mixed_structure(), answers)["flags"] == flags


# ------------------------------------------------------------ result envelope


def test_result_lists_answers_in_item_order_and_counts() -> None:
    result = score(load(mixed_structure()), {"c1": "x", "g1": 2, "a2": 4, "a1": None}, rubric_version=3)
    assert list(result) == [
        "rubric",
        "language",
        "answers",
        "answered",
        "total",
        "scales",
        "composites",
        "profiles",
        "ranking",
        "summary",
        "flags",
        "disclaimer",
    ]
    assert list(result["answers"].items()) == [("a2", 4), ("g1", 2), ("c1", "x")]
    assert (result["answered"], result["total"]) == (3, 12)
    assert result["rubric"] == {"id": "fixture-mixed", "version": 3, "hash": content_hash(mixed_structure())}
    assert (result["language"], result["disclaimer"]) == ("en", "Self-reflection aid only (en).")


def test_result_without_texts_has_null_texts() -> None:
    rubric = load_rubric(mixed_structure(), language="pl")
    result = score(rubric, {"a1": 5, "a2": 1, "a3": 5})
    alpha = result["scales"][0]
    assert (result["language"], result["disclaimer"], alpha["name"], alpha["interpretation"]) == (
        "pl",
        None,
        None,
        None,
    )
    assert alpha["band"]["label"] is None
    assert alpha["actions"] == [{"id": "alpha-high", "text": None, "link": "articles/alpha.md#high"}]


def test_action_without_link_has_null_link() -> None:
    structure = mixed_structure()
    del structure["scales"][0]["actions"]["high"][0]["link"]
    alpha = scored(structure, {"a1": 5, "a2": 1, "a3": 5})["scales"][0]
    assert alpha["actions"] == [{"id": "alpha-high", "text": "do alpha-high (en)", "link": None}]


def test_empty_structure_sections_are_reported_empty() -> None:
    result = scored(probe_structure([0, 1]), {"p-1": 1})
    assert (result["composites"], result["profiles"], result["ranking"]) == (
        [],
        {"fits": [], "closest": None},
        [],
    )


# ------------------------------------------------------------------- the hash


def test_content_hash_is_sha256_of_canonical_json() -> None:
    structure = {"n": [1, 2.5], "id": "é"}
    canonical = '{"id":"é","n":[1,2.5]}'.encode()
    assert content_hash(structure) == hashlib.sha256(canonical).hexdigest()[:16]
    assert len(content_hash(structure)) == 16


def test_content_hash_pinned_for_the_mixed_fixture() -> None:
    # Pinned: if this changes, the canonical form changed and every saved result's hash with it.
    expected = hashlib.sha256(
        json.dumps(mixed_structure(), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    ).hexdigest()[:16]
    assert content_hash(mixed_structure()) == expected == "1e35e021783cb39d"


def test_content_hash_ignores_key_order_and_texts_but_not_values() -> None:
    structure = mixed_structure()
    reordered = dict(reversed(list(structure.items())))
    assert content_hash(reordered) == content_hash(structure)
    texts_en, texts_fr = texts_for(structure, "en"), texts_for(structure, "fr")
    assert load_rubric(structure, texts_en).hash == load_rubric(structure, texts_fr).hash == content_hash(structure)
    changed = copy.deepcopy(structure)
    changed["items"][0]["weight"] = 1  # default made explicit: different content
    assert content_hash(changed) != content_hash(structure)
    as_float = copy.deepcopy(changed)
    as_float["items"][0]["weight"] = 1.0
    assert content_hash(as_float) != content_hash(changed)
