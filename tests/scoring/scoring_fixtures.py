"""Small rubrics built in code for the scoring tests (and for golden vectors).

``texts_for`` writes a complete language file for any valid structure, so each
test only spells out the structure it is about.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from breakthrough_scoring import Rubric, load_rubric

REPO_BANDS = [
    {"id": "low", "min": 0},
    {"id": "middle", "min": 40, "neutral": True},
    {"id": "high", "min": 70},
]


def actions_for(bands: list[dict[str, Any]], prefix: str) -> dict[str, list[dict[str, Any]]]:
    return {
        band["id"]: [{"id": f"{prefix}-{band['id']}", "link": f"articles/{prefix}.md#{band['id']}"}] for band in bands
    }


def mixed_structure() -> dict[str, Any]:
    """Every feature at once: two answer scales, reverse, weights, a choice item, risk and
    strength scales, a band override, a composite, profiles and a ranking."""
    gamma_bands = [
        {"id": "low", "min": 0},
        {"id": "mid", "min": 50, "neutral": True},
        {"id": "top", "min": 80},
    ]
    return {
        "id": "fixture-mixed",
        "version": 3,
        "result": "scale-profile",
        "min_answers_total": 10,
        "answer_scales": {"agree5": {"values": [1, 2, 3, 4, 5]}, "freq4": {"values": [0, 1, 2, 3]}},
        "bands": copy.deepcopy(REPO_BANDS),
        "scales": [
            {"id": "alpha", "actions": actions_for(REPO_BANDS, "alpha")},
            {"id": "beta", "polarity": "risk", "min_answers": 2, "actions": actions_for(REPO_BANDS, "beta")},
            {
                "id": "gamma",
                "polarity": "strength",
                "bands": gamma_bands,
                "actions": actions_for(gamma_bands, "gamma"),
            },
        ],
        "items": [
            {"id": "a1", "scale": "alpha", "answers": "agree5"},
            {"id": "a2", "scale": "alpha", "answers": "agree5", "reverse": True},
            {"id": "a3", "scale": "alpha", "answers": "agree5", "weight": 2},
            {"id": "a4", "scale": "alpha", "answers": "freq4"},
            {"id": "b1", "scale": "beta", "answers": "agree5"},
            {"id": "b2", "scale": "beta", "answers": "agree5"},
            {"id": "b3", "scale": "beta", "answers": "agree5", "reverse": True},
            {"id": "b4", "scale": "beta", "answers": "agree5", "weight": 0.5},
            {"id": "g1", "scale": "gamma", "answers": "agree5"},
            {"id": "g2", "scale": "gamma", "answers": "agree5"},
            {"id": "g3", "scale": "gamma", "answers": "agree5"},
            {
                "id": "c1",
                "choice": [
                    {"id": "x", "scores": {"beta": 2, "gamma": 1}},
                    {"id": "y", "scores": {"beta": 0}},
                    {"id": "z", "scores": {"gamma": 3}},
                ],
            },
        ],
        "composites": [
            {
                "id": "overall",
                "components": [
                    {"scale": "alpha", "weight": 1},
                    {"scale": "beta", "weight": 2, "invert": True},
                ],
                "actions": actions_for(REPO_BANDS, "overall"),
            }
        ],
        "profiles": [
            {"id": "steady", "targets": {"alpha": 50, "beta": 50, "gamma": 50}},
            {"id": "bold", "targets": {"alpha": 90, "beta": 20, "gamma": 80}},
        ],
        "ranking": {"scales": ["gamma", "alpha", "beta"]},
    }


PERCENT = {"values": list(range(0, 101, 10))}


def grid_structure(
    polarities: tuple[str, ...] = ("strength", "strength", "strength", "strength"),
    *,
    result: str = "scale-profile",
    profiles: list[dict[str, Any]] | None = None,
    ranking: list[str] | None = None,
    composites: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Scales s1..sN, each with 4 items on a 0-100 answer scale and min_answers 1, so
    answering item sK-1 with v gives scale sK the score v exactly."""
    scales: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for number, polarity in enumerate(polarities, start=1):
        scale_id = f"s{number}"
        scales.append(
            {
                "id": scale_id,
                "polarity": polarity,
                "min_answers": 1,
                "actions": actions_for(REPO_BANDS, scale_id),
            }
        )
        items.extend({"id": f"{scale_id}-{i}", "scale": scale_id, "answers": "pct"} for i in range(1, 5))
    structure: dict[str, Any] = {
        "id": "fixture-grid",
        "version": 1,
        "result": result,
        "min_answers_total": 2,
        "answer_scales": {"pct": copy.deepcopy(PERCENT)},
        "bands": copy.deepcopy(REPO_BANDS),
        "scales": scales,
        "items": items,
    }
    if profiles is not None:
        structure["profiles"] = profiles
    if ranking is not None:
        structure["ranking"] = {"scales": ranking}
    if composites is not None:
        structure["composites"] = composites
    return structure


def grid_answers(**scores: int | None) -> dict[str, int | None]:
    """``grid_answers(s1=80, s2=None)`` answers item sK-1 with the value."""
    return {f"{scale_id}-1": value for scale_id, value in scores.items()}


def probe_structure(values: list[int], bands: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One scale of 4 items on an answer scale with arbitrary values and min_answers 1:
    answering p-1 with v scores 100 * (v - lo) / (hi - lo), for exact boundary tests."""
    bands = copy.deepcopy(bands or REPO_BANDS)
    return {
        "id": "fixture-probe",
        "version": 1,
        "result": "scale-profile",
        "min_answers_total": 1,
        "answer_scales": {"probe": {"values": values}},
        "bands": bands,
        "scales": [{"id": "probe", "min_answers": 1, "actions": actions_for(bands, "probe")}],
        "items": [{"id": f"p-{i}", "scale": "probe", "answers": "probe"} for i in range(1, 5)],
    }


def choice_structure() -> dict[str, Any]:
    """Only choice items (no answer scales at all), ranking result."""
    options = [
        {"id": "a", "scores": {"north": 2}},
        {"id": "b", "scores": {"south": 2, "east": 1}},
        {"id": "c", "scores": {"east": 2}},
        {"id": "d", "scores": {}},
    ]
    return {
        "id": "fixture-choice",
        "version": 1,
        "result": "ranking",
        "min_answers_total": 3,
        "bands": copy.deepcopy(REPO_BANDS),
        "scales": [
            {"id": s, "min_answers": 2, "actions": actions_for(REPO_BANDS, s)} for s in ("north", "south", "east")
        ],
        "items": [{"id": f"q{i}", "choice": copy.deepcopy(options), "weight": i} for i in range(1, 5)],
        "ranking": {"scales": ["north", "south", "east"]},
    }


def texts_for(structure: dict[str, Any], language: str = "en") -> dict[str, Any]:
    """A complete, valid language file for ``structure`` (strings say where they belong)."""

    def band_texts(owner: dict[str, Any]) -> dict[str, Any]:
        return {
            band_id: {
                "interpretation": f"{owner['id']} {band_id} interpretation ({language})",
                "actions": {action["id"]: f"do {action['id']} ({language})" for action in actions},
            }
            for band_id, actions in owner["actions"].items()
        }

    band_ids: dict[str, str] = {}
    for owner in structure["scales"] + structure.get("composites", []):
        for band in owner.get("bands", structure["bands"]):
            band_ids.setdefault(band["id"], f"{band['id'].title()} ({language})")
    items: dict[str, Any] = {}
    for item in structure["items"]:
        if "choice" in item:
            items[item["id"]] = {
                "text": f"question {item['id']} ({language})",
                "options": {option["id"]: f"option {option['id']} ({language})" for option in item["choice"]},
            }
        else:
            items[item["id"]] = f"statement {item['id']} ({language})"
    texts: dict[str, Any] = {
        "language": language,
        "title": f"{structure['id']} ({language})",
        "description": "A fixture rubric.",
        "disclaimer": f"Self-reflection aid only ({language}).",
        "instructions": "Answer every statement.",
        "bands": band_ids,
        "scales": {
            scale["id"]: {
                "name": f"{scale['id']} name",
                "description": "Measures a thing.",
                "bands": band_texts(scale),
            }
            for scale in structure["scales"]
        },
        "items": items,
    }
    if structure.get("answer_scales"):
        texts["answer_scales"] = {
            scale_id: [f"label {value}" for value in scale["values"]]
            for scale_id, scale in structure["answer_scales"].items()
        }
    if structure.get("composites"):
        texts["composites"] = {
            composite["id"]: {
                "name": f"{composite['id']} name",
                "description": "Sums up.",
                "bands": band_texts(composite),
            }
            for composite in structure["composites"]
        }
    if structure.get("profiles"):
        texts["profiles"] = {
            profile["id"]: {"name": f"{profile['id']} name", "description": "A reference pattern."}
            for profile in structure["profiles"]
        }
    return texts


def load(structure: dict[str, Any], with_texts: bool = True) -> Rubric:
    return load_rubric(structure, texts_for(structure) if with_texts else None)


FIXTURES: dict[str, Callable[[], dict[str, Any]]] = {
    "fixture-mixed": mixed_structure,
    "fixture-choice": choice_structure,
    "fixture-grid": lambda: grid_structure(
        ("strength", "risk", "strength"),
        result="profile-fit",
        profiles=[
            {"id": "p-one", "targets": {"s1": 30, "s2": 60, "s3": 90}},
            {"id": "p-two", "targets": {"s1": 75, "s2": 25, "s3": 50}},
            # p-two mirrored around 50: as close as p-two whenever s1 and s2 are equal (the middle and
            # all-min answer sets), so the vectors pin a stated profile tie.
            {"id": "p-three", "targets": {"s1": 25, "s2": 75, "s3": 50}},
        ],
        ranking=["s3", "s1", "s2"],
    ),
}
