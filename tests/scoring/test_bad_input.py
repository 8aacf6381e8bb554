"""Bad rubrics, texts and answers: each is refused with a path, what is wrong and what was expected."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from breakthrough_scoring import (
    ERROR_KINDS,
    AnswerError,
    RubricError,
    dump_result,
    load_rubric,
    score,
    score_json,
)
from tests.scoring.scoring_fixtures import choice_structure, load, mixed_structure, texts_for

Mutation = Callable[[dict[str, Any]], object]


def rubric_problems(structure: dict[str, Any], texts: dict[str, Any] | None = None, **kwargs: Any) -> list[Any]:
    with pytest.raises(RubricError) as caught:
        load_rubric(structure, texts, **kwargs)
    problems = list(caught.value.problems)
    for problem in problems:
        assert problem.message and problem.expected, problem  # always both: what is wrong, what was expected
    return problems


def mutated(change: Mutation) -> dict[str, Any]:
    structure = mixed_structure()
    change(structure)
    return structure


def four_actions(s: dict[str, Any]) -> None:
    s["scales"][0]["actions"]["low"] = [{"id": f"act-{n}"} for n in range(4)]


def set_bands(*mins_and_neutral: tuple[int, bool]) -> Mutation:
    def change(s: dict[str, Any]) -> None:
        s["bands"] = [
            {"id": band_id, "min": band_min, "neutral": neutral}
            for band_id, (band_min, neutral) in zip(("low", "middle", "high"), mins_and_neutral, strict=True)
        ]

    return change


STRUCTURE_CASES: list[tuple[str, Mutation, tuple[Any, ...], str]] = [
    (
        "unknown key",
        lambda s: s["items"][0].update(wieght=2),
        ("items", 0, "wieght"),
        "did you mean 'weight'",
    ),
    ("unknown top-level key", lambda s: s.update(colour="red"), ("colour",), "unknown key"),
    ("missing key", lambda s: s.pop("version"), (), "'version' is missing"),
    ("bad id form", lambda s: s["items"][0].update(id="A1"), ("items", 0, "id"), "not in the required form"),
    ("version 0", lambda s: s.update(version=0), ("version",), "too small"),
    ("version as text", lambda s: s.update(version="1"), ("version",), "not a whole number"),
    ("unknown result type", lambda s: s.update(result="profile"), ("result",), "did you mean 'profile-fit'"),
    ("duplicate item id", lambda s: s["items"][1].update(id="a1"), ("items", 1, "id"), "used twice"),
    (
        "duplicate scale id",
        lambda s: s["scales"].append(copy.deepcopy(s["scales"][0])),
        ("scales", 3, "id"),
        "twice",
    ),
    (
        "unknown scale",
        lambda s: s["items"][0].update(scale="alpah"),
        ("items", 0, "scale"),
        "did you mean 'alpha'",
    ),
    (
        "unknown answer scale",
        lambda s: s["items"][0].update(answers="agree7"),
        ("items", 0, "answers"),
        "agree7",
    ),
    ("fewer than 4 items", lambda s: s["items"].pop(3), ("scales", 0), "has 3 items"),
    (
        "min_answers above item count",
        lambda s: s["scales"][1].update(min_answers=6),
        ("scales", 1, "min_answers"),
        "6",
    ),
    (
        "min_answers 0",
        lambda s: s["scales"][1].update(min_answers=0),
        ("scales", 1, "min_answers"),
        "too small",
    ),
    (
        "min_answers_total above items",
        lambda s: s.update(min_answers_total=13),
        ("min_answers_total",),
        "12 items",
    ),
    ("weight 0", lambda s: s["items"][0].update(weight=0), ("items", 0, "weight"), "out of range"),
    ("weight true", lambda s: s["items"][0].update(weight=True), ("items", 0, "weight"), "not a number"),
    (
        "reverse not a flag",
        lambda s: s["items"][0].update(reverse="yes"),
        ("items", 0, "reverse"),
        "not true or false",
    ),
    (
        "reverse on a choice item",
        lambda s: s["items"][11].update(reverse=True),
        ("items", 11, "reverse"),
        "unknown",
    ),
    ("polarity", lambda s: s["scales"][0].update(polarity="good"), ("scales", 0, "polarity"), "not allowed"),
    (
        "answer values not increasing",
        lambda s: s["answer_scales"]["agree5"].update(values=[1, 3, 2, 4, 5]),
        ("answer_scales", "agree5", "values", 2),
        "not greater",
    ),
    (
        "answer scale of one value",
        lambda s: s["answer_scales"]["agree5"].update(values=[1]),
        ("answer_scales", "agree5", "values"),
        "1 entries",
    ),
    ("bands not from 0", set_bands((5, False), (40, True), (70, False)), ("bands", 0, "min"), "starts at 5"),
    ("bands not ascending", set_bands((0, False), (40, True), (40, False)), ("bands", 2, "min"), "not above"),
    (
        "band min above 100",
        set_bands((0, False), (40, True), (101, False)),
        ("bands", 2, "min"),
        "out of range",
    ),
    (
        "no neutral band",
        set_bands((0, False), (40, False), (70, False)),
        ("bands",),
        "0 bands are marked neutral",
    ),
    ("two neutral bands", set_bands((0, False), (40, True), (70, True)), ("bands",), "2 bands"),
    ("neutral first", set_bands((0, True), (40, False), (70, False)), ("bands", 0, "neutral"), "first band"),
    ("neutral last", set_bands((0, False), (40, False), (70, True)), ("bands", 2, "neutral"), "last band"),
    ("two bands only", lambda s: s["bands"].pop(), ("bands",), "2 entries"),
    ("four actions", four_actions, ("scales", 0, "actions", "low"), "4 entries"),
    (
        "no actions",
        lambda s: s["scales"][0]["actions"].update(low=[]),
        ("scales", 0, "actions", "low"),
        "0 entries",
    ),
    (
        "band without actions",
        lambda s: s["scales"][0]["actions"].pop("high"),
        ("scales", 0, "actions"),
        "'high'",
    ),
    (
        "actions for an unknown band",
        lambda s: s["scales"][0]["actions"].update(hgh=[{"id": "x"}]),
        ("scales", 0, "actions", "hgh"),
        "did you mean 'high'",
    ),
    (
        "duplicate action id",
        lambda s: s["scales"][0]["actions"]["low"].append({"id": "alpha-low"}),
        ("scales", 0, "actions", "low", 1, "id"),
        "used twice",
    ),
    (
        "absolute link",
        lambda s: s["scales"][0]["actions"]["low"][0].update(link="https://example.com/x.md"),
        ("scales", 0, "actions", "low", 0, "link"),
        "not in the required form",
    ),
    (
        "boolean key from YAML",
        lambda s: s["scales"][0]["actions"].update({True: [{"id": "x"}]}),
        ("scales", 0, "actions", "True"),
        "not text",
    ),
    (
        "choice scores an unknown scale",
        lambda s: s["items"][11]["choice"][0]["scores"].update(delta=1),
        ("items", 11, "choice", 0, "scores", "delta"),
        "no scale 'delta'",
    ),
    (
        "duplicate option id",
        lambda s: s["items"][11]["choice"][1].update(id="x"),
        ("items", 11, "choice", 1, "id"),
        "used twice",
    ),
    (
        "one option",
        lambda s: s["items"][11].update(choice=[{"id": "x", "scores": {"beta": 1}}]),
        ("items", 11, "choice"),
        "1 entries",
    ),
    (
        "no option scores anything",
        lambda s: s["items"][11].update(choice=[{"id": "x", "scores": {}}, {"id": "y", "scores": {}}]),
        ("items", 11, "choice"),
        "no option gives points",
    ),
    (
        "item neither likert nor choice",
        lambda s: s["items"].__setitem__(0, "a1"),
        ("items", 0),
        "none of the allowed",
    ),
    (
        "composite component unknown",
        lambda s: s["composites"][0]["components"][0].update(scale="omega"),
        ("composites", 0, "components", 0, "scale"),
        "no scale 'omega'",
    ),
    (
        "composite component twice",
        lambda s: s["composites"][0]["components"][1].update(scale="alpha"),
        ("composites", 0, "components", 1, "scale"),
        "component twice",
    ),
    (
        "composite without actions for a band",
        lambda s: s["composites"][0]["actions"].pop("low"),
        ("composites", 0, "actions"),
        "'low'",
    ),
    (
        "profile target missing",
        lambda s: s["profiles"][0]["targets"].pop("gamma"),
        ("profiles", 0, "targets"),
        "gamma",
    ),
    (
        "profile target for unknown scale",
        lambda s: s["profiles"][0]["targets"].update(delta=5),
        ("profiles", 0, "targets", "delta"),
        "no scale 'delta'",
    ),
    (
        "profile target above 100",
        lambda s: s["profiles"][0]["targets"].update(alpha=120),
        ("profiles", 0, "targets", "alpha"),
        "out of range",
    ),
    (
        "ranking unknown scale",
        lambda s: s["ranking"]["scales"].__setitem__(1, "omega"),
        ("ranking", "scales", 1),
        "omega",
    ),
    (
        "ranking repeats",
        lambda s: s["ranking"]["scales"].__setitem__(2, "gamma"),
        ("ranking", "scales", 2),
        "twice",
    ),
    (
        "result needs its section",
        lambda s: (s.update(result="ranking"), s.pop("ranking")),
        ("result",),
        "no ranking",
    ),
    (
        "NaN",
        lambda s: s["profiles"][0]["targets"].update(alpha=float("nan")),
        ("profiles", 0, "targets", "alpha"),
        "not a number",
    ),
]


@pytest.mark.parametrize(
    ("change", "path", "fragment"), [c[1:] for c in STRUCTURE_CASES], ids=[c[0] for c in STRUCTURE_CASES]
)
def test_structure_problems_have_paths(change: Mutation, path: tuple[Any, ...], fragment: str) -> None:
    problems = rubric_problems(mutated(change), texts_for(mixed_structure()))
    matching = [p for p in problems if p.document == "rubric" and p.path == path]
    assert matching, f"no problem at {path}: {problems}"
    assert any(fragment in p.message for p in matching), matching


def test_structure_must_be_a_mapping() -> None:
    [problem] = rubric_problems([1, 2])  # type: ignore[arg-type]
    assert (problem.path, problem.expected.startswith("a mapping with the keys id, version")) == ((), True)


def test_all_problems_are_reported_together() -> None:
    structure = mutated(lambda s: (s["items"][0].update(scale="nope"), s["items"][1].update(answers="nope")))
    paths = [p.path for p in rubric_problems(structure)]
    assert ("items", 0, "scale") in paths and ("items", 1, "answers") in paths


def texts_mutated(change: Mutation, structure: dict[str, Any] | None = None) -> dict[str, Any]:
    texts = texts_for(structure or mixed_structure())
    change(texts)
    return texts


TEXTS_CASES: list[tuple[str, Mutation, tuple[Any, ...], str]] = [
    ("missing item", lambda t: t["items"].pop("a1"), ("items",), "'a1' is missing"),
    ("extra item", lambda t: t["items"].update(zz="Hello"), ("items", "zz"), "no such id"),
    ("too few labels", lambda t: t["answer_scales"]["agree5"].pop(), ("answer_scales", "agree5"), "4 labels"),
    (
        "labels for an unknown answer scale",
        lambda t: t["answer_scales"].update(agree7=["a", "b"]),
        ("answer_scales", "agree7"),
        "no such id",
    ),
    (
        "choice item as a statement",
        lambda t: t["items"].update(c1="Pick one"),
        ("items", "c1"),
        "choice item",
    ),
    (
        "likert item as a mapping",
        lambda t: t["items"].update(a1={"text": "x", "options": {}}),
        ("items", "a1"),
        "likert item",
    ),
    (
        "option text missing",
        lambda t: t["items"]["c1"]["options"].pop("z"),
        ("items", "c1", "options"),
        "'z' is missing",
    ),
    (
        "option text extra",
        lambda t: t["items"]["c1"]["options"].update(w="W"),
        ("items", "c1", "options", "w"),
        "no such id",
    ),
    (
        "action text missing",
        lambda t: t["scales"]["alpha"]["bands"]["low"]["actions"].pop("alpha-low"),
        ("scales", "alpha", "bands", "low", "actions"),
        "'alpha-low' is missing",
    ),
    ("band label missing", lambda t: t["bands"].pop("mid"), ("bands",), "'mid' is missing"),
    (
        "interpretation missing",
        lambda t: t["scales"]["beta"]["bands"]["high"].pop("interpretation"),
        ("scales", "beta", "bands", "high"),
        "missing",
    ),
    ("empty title", lambda t: t.update(title="  "), ("title",), "empty"),
    ("title not text", lambda t: t.update(title=12), ("title",), "where text was needed"),
    ("unknown top-level key", lambda t: t.update(footer="x"), ("footer",), "unknown key"),
    ("composites missing", lambda t: t.pop("composites"), (), "'composites' is missing"),
    (
        "profile name missing",
        lambda t: t["profiles"]["bold"].pop("name"),
        ("profiles", "bold"),
        "'name' is missing",
    ),
    ("language code", lambda t: t.update(language="English"), ("language",), "required form"),
]


@pytest.mark.parametrize(("change", "path", "fragment"), [c[1:] for c in TEXTS_CASES], ids=[c[0] for c in TEXTS_CASES])
def test_texts_problems_have_paths(change: Mutation, path: tuple[Any, ...], fragment: str) -> None:
    problems = rubric_problems(mixed_structure(), texts_mutated(change))
    matching = [p for p in problems if p.document == "texts" and p.path == path]
    assert matching, f"no problem at {path}: {problems}"
    assert any(fragment in p.message for p in matching), matching


def test_texts_in_another_language_than_asked() -> None:
    [problem] = rubric_problems(mixed_structure(), texts_for(mixed_structure(), "fr"), language="en")
    assert (problem.document, problem.path) == ("texts", ("language",))


def test_empty_optional_sections_are_allowed_in_texts() -> None:
    structure = choice_structure()  # no answer scales, composites or profiles
    texts = texts_for(structure) | {"composites": {}, "profiles": {}, "answer_scales": {}}
    assert load_rubric(structure, texts).texts is not None


def test_rubric_error_message_lists_every_problem() -> None:
    with pytest.raises(RubricError) as caught:
        load_rubric(mutated(lambda s: s["items"][0].update(scale="nope")))
    assert "items[0].scale: there is no scale 'nope'" in str(caught.value)
    assert "— expected one of the scales alpha, beta, gamma" in str(caught.value)


# --------------------------------------------------------------------- answers

ANSWER_CASES: list[tuple[str, Any, dict[str, Any], str, str | None]] = [
    ("unknown item", {"zz": 3}, {}, "unknown-item", "zz"),
    ("off the scale", {"a1": 6}, {}, "off-scale", "a1"),
    ("off the freq scale", {"a4": 4}, {}, "off-scale", "a4"),
    ("bool is not an int", {"a1": True}, {}, "wrong-type", "a1"),
    ("text for likert", {"a1": "3"}, {}, "wrong-type", "a1"),
    ("float for likert", {"a1": 3.0}, {}, "wrong-type", "a1"),
    ("number for choice", {"c1": 1}, {}, "wrong-type", "c1"),
    ("unknown option", {"c1": "w"}, {}, "unknown-option", "c1"),
    ("answers not a mapping", [["a1", 3]], {}, "wrong-type", None),
    ("wrong version", {"a1": 3}, {"rubric_version": 2}, "version-mismatch", None),
    ("version as bool", {"a1": 3}, {"rubric_version": True}, "wrong-type", None),
    ("empty answers", {}, {}, "no-answers", None),
    ("only nulls", {"a1": None, "c1": None}, {}, "no-answers", None),
]


@pytest.mark.parametrize(
    ("answers", "options", "kind", "item"), [c[1:] for c in ANSWER_CASES], ids=[c[0] for c in ANSWER_CASES]
)
def test_answer_errors(answers: Any, options: dict[str, Any], kind: str, item: str | None) -> None:
    with pytest.raises(AnswerError) as caught:
        score(load(mixed_structure()), answers, **options)
    error = caught.value
    assert (error.kind, error.problems[0].item) == (kind, item)
    assert error.problems[0].message and error.problems[0].expected


def test_every_answer_problem_is_reported() -> None:
    with pytest.raises(AnswerError) as caught:
        score(load(mixed_structure()), {"a1": 9, "zz": 1, "c1": "q", "a2": 3}, rubric_version=1)
    kinds = [problem.kind for problem in caught.value.problems]
    assert kinds == ["version-mismatch", "off-scale", "unknown-item", "unknown-option"]
    assert "expected one of 1, 2, 3, 4, 5" in str(caught.value)


def test_matching_version_is_accepted() -> None:
    assert score(load(mixed_structure()), {"a1": 3}, rubric_version=3)["answered"] == 1


# ------------------------------------------------------------- the JSON boundary


def rubric_json(structure: dict[str, Any] | None = None, with_texts: bool = True) -> str:
    structure = structure or mixed_structure()
    return json.dumps({"structure": structure, "texts": texts_for(structure) if with_texts else None})


def answers_json(answers: dict[str, Any], version: Any = 3) -> str:
    return json.dumps({"version": version, "answers": answers})


def test_score_json_success_matches_score() -> None:
    answers = {"a1": 5, "c1": "x"}
    output = score_json(rubric_json(), answers_json(answers))
    assert output == dump_result({"ok": True, "result": score(load(mixed_structure()), answers, rubric_version=3)})


BOUNDARY_CASES: list[tuple[str, Any, Any, str]] = [
    ("rubric not JSON", "{", answers_json({"a1": 3}), "invalid-json"),
    ("answers not JSON", rubric_json(), "nope", "invalid-json"),
    ("NaN is not JSON", rubric_json(), '{"version": 3, "answers": {"a1": NaN}}', "invalid-json"),
    ("rubric not an object", "[]", answers_json({"a1": 3}), "invalid-request"),
    ("rubric without structure", json.dumps({"texts": None}), answers_json({"a1": 3}), "invalid-request"),
    (
        "rubric extra key",
        json.dumps({"structure": {}, "extra": 1}),
        answers_json({"a1": 3}),
        "invalid-request",
    ),
    ("answers without version", rubric_json(), json.dumps({"answers": {"a1": 3}}), "invalid-request"),
    ("answers with null version", rubric_json(), answers_json({"a1": 3}, None), "invalid-request"),
    ("not strings", None, 12, "invalid-request"),
    (
        "bad rubric",
        rubric_json(mutated(lambda s: s.pop("version")), with_texts=False),
        answers_json({"a1": 3}),
        "invalid-rubric",
    ),
    ("bad answer", rubric_json(), answers_json({"a1": 7}), "invalid-answers"),
    ("old version", rubric_json(), answers_json({"a1": 3}, 2), "invalid-answers"),
    ("answers not a mapping", rubric_json(), json.dumps({"version": 3, "answers": [1]}), "invalid-answers"),
]


@pytest.mark.parametrize(
    ("rubric_text", "answers_text", "kind"),
    [c[1:] for c in BOUNDARY_CASES],
    ids=[c[0] for c in BOUNDARY_CASES],
)
def test_score_json_never_raises(rubric_text: Any, answers_text: Any, kind: str) -> None:
    output = json.loads(score_json(rubric_text, answers_text))
    assert output["ok"] is False
    assert output["error"]["kind"] == kind and kind in ERROR_KINDS
    assert output["error"]["message"]
    assert isinstance(output["error"]["details"], list)


def test_score_json_error_details() -> None:
    rubric_error = json.loads(
        score_json(rubric_json(mutated(lambda s: s["items"][0].update(scale="x"))), answers_json({}))
    )
    assert rubric_error["error"]["details"][0] == {
        "document": "rubric",
        "path": ["items", 0, "scale"],
        "message": "there is no scale 'x'",
        "expected": "one of the scales alpha, beta, gamma",
    }
    answer_error = json.loads(score_json(rubric_json(), answers_json({"c1": "q"})))
    assert answer_error["error"]["details"] == [
        {
            "kind": "unknown-option",
            "item": "c1",
            "message": "item c1 has no option 'q'",
            "expected": "one of x, y, z",
        }
    ]


def test_score_json_reports_internal_errors_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    import breakthrough_scoring._boundary as boundary

    def explode(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(boundary, "score", explode)
    output = json.loads(score_json(rubric_json(), answers_json({"a1": 3})))
    # The page shows the message to readers: no Python exception name, no text from inside the engine.
    assert output == {
        "ok": False,
        "error": {
            "kind": "internal-error",
            "message": "the scoring engine failed unexpectedly: a fault in the engine",
            "details": [],
        },
    }
