"""Properties that hold for any valid rubric and any answers (hypothesis generates both)."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakthrough_scoring import dump_result, load_rubric, score, score_json
from tests.example_budget import examples
from tests.scoring.scoring_fixtures import actions_for, texts_for

SETTINGS = settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def structures(draw: st.DrawFn) -> dict[str, Any]:
    """Small but varied valid rubrics: any answer values, weights, reverse keying, choice items, bands,
    composites, profiles and a ranking."""
    answer_scales = {
        f"as{n}": {"values": sorted(draw(st.sets(st.integers(-5, 12), min_size=2, max_size=7)))}
        for n in range(draw(st.integers(1, 2)))
    }
    cut_low, cut_high = sorted(draw(st.sets(st.integers(1, 99), min_size=2, max_size=2)))
    bands = [
        {"id": "low", "min": 0},
        {"id": "mid", "min": cut_low, "neutral": True},
        {"id": "high", "min": cut_high},
    ]
    weights = st.sampled_from([1, 2, 3, 0.5, 1.5, 0.25])
    scale_ids = [f"sc{n}" for n in range(draw(st.integers(1, 3)))]
    scales = []
    items: list[dict[str, Any]] = []
    for scale_id in scale_ids:
        count = draw(st.integers(4, 6))
        items.extend(
            {
                "id": f"{scale_id}-i{n}",
                "scale": scale_id,
                "answers": draw(st.sampled_from(sorted(answer_scales))),
                "reverse": draw(st.booleans()),
                "weight": draw(weights),
            }
            for n in range(count)
        )
        scales.append(
            {
                "id": scale_id,
                "polarity": draw(st.sampled_from(["strength", "risk"])),
                "min_answers": draw(st.integers(1, count)),
                "actions": actions_for(bands, scale_id),
            }
        )
    for n in range(draw(st.integers(0, 2))):
        options: list[dict[str, Any]] = [
            {
                "id": f"o{k}",
                "scores": draw(
                    st.dictionaries(st.sampled_from(scale_ids), st.integers(-2, 4), max_size=len(scale_ids))
                ),
            }
            for k in range(draw(st.integers(2, 4)))
        ]
        options[0]["scores"].setdefault(scale_ids[0], 1)  # score at least one scale
        items.append({"id": f"ch{n}", "choice": options, "weight": draw(weights)})
    components = [
        {"scale": scale_id, "weight": draw(weights), "invert": draw(st.booleans())}
        for scale_id in draw(st.lists(st.sampled_from(scale_ids), min_size=1, unique=True))
    ]
    profiles = [
        {"id": f"pr{n}", "targets": {scale_id: draw(st.integers(0, 100)) for scale_id in scale_ids}}
        for n in range(draw(st.integers(1, 3)))
    ]
    structure: dict[str, Any] = {
        "id": "generated",
        "version": 1,
        "result": draw(st.sampled_from(["scale-profile", "composite", "profile-fit", "ranking"])),
        "min_answers_total": draw(st.integers(1, len(items))),
        "answer_scales": answer_scales,
        "bands": bands,
        "scales": scales,
        "items": draw(st.permutations(items)),
        "composites": [{"id": "combined", "components": components, "actions": actions_for(bands, "combined")}],
        "profiles": profiles,
        "ranking": {"scales": draw(st.permutations(scale_ids))},
    }
    if len(scale_ids) < 2:  # a ranking needs two scales
        del structure["ranking"]
        if structure["result"] == "ranking":
            structure["result"] = "scale-profile"
    return structure


def item_values(structure: dict[str, Any], item: dict[str, Any]) -> list[Any]:
    if "choice" in item:
        return [option["id"] for option in item["choice"]]
    return list(structure["answer_scales"][item["answers"]]["values"])


@st.composite
def answered(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    structure = draw(structures())
    answers = {
        item["id"]: draw(st.one_of(st.none(), st.sampled_from(item_values(structure, item))))
        for item in structure["items"]
    }
    if all(value is None for value in answers.values()):
        first = structure["items"][0]
        answers[first["id"]] = item_values(structure, first)[0]
    return structure, answers


def outcome(result: dict[str, Any]) -> dict[str, Any]:
    """The parts of a result that depend on scores (not on the hash, answer order or flags)."""
    return {key: result[key] for key in ("scales", "composites", "profiles", "ranking", "summary")}


@SETTINGS
@given(answered())
def test_scores_stay_within_0_and_100(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    structure, answers = case
    result = score(load_rubric(structure, texts_for(structure)), answers)
    for entry in result["scales"] + result["composites"] + result["ranking"]:
        assert entry["score"] is None or 0 <= entry["score"] <= 100
        assert (entry["score"] is None) == (entry["status"] == "insufficient")
    for fit in result["profiles"]["fits"]:
        assert fit["fit"] is None or 0 <= fit["fit"] <= 100
        assert fit["distance"] is None or 0 <= fit["distance"] <= 100


@SETTINGS
@given(answered(), st.data())
def test_raising_a_positively_keyed_answer_never_lowers_its_scale(
    case: tuple[dict[str, Any], dict[str, Any]], data: st.DataObject
) -> None:
    structure, answers = case
    plain = [item for item in structure["items"] if "choice" not in item and not item["reverse"]]
    if not plain:
        return
    item = data.draw(st.sampled_from(plain))
    values = item_values(structure, item)
    low, high = sorted(data.draw(st.lists(st.sampled_from(values), min_size=2, max_size=2)))
    rubric = load_rubric(structure)
    before = score(rubric, answers | {item["id"]: low})
    after = score(rubric, answers | {item["id"]: high})
    index = [scale["id"] for scale in structure["scales"]].index(item["scale"])
    lower, higher = before["scales"][index]["score"], after["scales"][index]["score"]
    assert (lower is None) == (higher is None)
    assert lower is None or higher >= lower


@SETTINGS
@given(answered(), st.data())
def test_reverse_keying_mirrors(case: tuple[dict[str, Any], dict[str, Any]], data: st.DataObject) -> None:
    structure, answers = case
    likert = [n for n, item in enumerate(structure["items"]) if "choice" not in item]
    position = data.draw(st.sampled_from(likert))
    item = structure["items"][position]
    values = item_values(structure, item)
    # the mirrored answer must be on the scale too; the two ends always are
    value = data.draw(st.sampled_from([v for v in values if values[0] + values[-1] - v in values]))
    flipped = copy.deepcopy(structure)
    flipped["items"][position]["reverse"] = not item["reverse"]
    original = score(load_rubric(structure), answers | {item["id"]: value})
    mirrored = score(load_rubric(flipped), answers | {item["id"]: values[0] + values[-1] - value})
    assert outcome(mirrored) == outcome(original)


@SETTINGS
@given(answered(), st.randoms(use_true_random=False))
def test_order_of_answers_and_items_does_not_matter(case: tuple[dict[str, Any], dict[str, Any]], rng: Any) -> None:
    structure, answers = case
    rubric = load_rubric(structure, texts_for(structure))
    shuffled_answers = list(answers.items())
    rng.shuffle(shuffled_answers)
    assert dump_result(score(rubric, dict(shuffled_answers))) == dump_result(score(rubric, answers))
    reordered = copy.deepcopy(structure)
    rng.shuffle(reordered["items"])
    assert outcome(score(load_rubric(reordered, texts_for(reordered)), answers)) == outcome(score(rubric, answers))


@SETTINGS
@given(answered())
def test_same_input_gives_byte_identical_json(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    structure, answers = case
    rubric_text = json.dumps({"structure": structure, "texts": texts_for(structure)})
    answers_text = json.dumps({"version": 1, "answers": answers})
    first = score_json(rubric_text, answers_text)
    again = score_json(json.dumps(json.loads(rubric_text)), json.dumps(json.loads(answers_text)))
    assert first == again
    assert json.loads(first)["ok"] is True
    fresh = score(load_rubric(copy.deepcopy(structure), texts_for(structure)), copy.deepcopy(answers), rubric_version=1)
    assert first == dump_result({"ok": True, "result": fresh})
