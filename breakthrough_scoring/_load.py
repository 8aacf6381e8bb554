"""Turn a parsed rubric (plain dicts and lists) into a checked ``Rubric``.

Order of checks: the shape of ``rubric.yaml`` (``_definitions.RUBRIC``), then
its cross-references and rules, then the shape of the language texts
(``_definitions.TEXTS``), then that the texts have exactly the keys the
structure needs. All problems of a stage are reported together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ._definitions import (
    ANSWER_SCALE,
    BAND,
    CHOICE_ITEM,
    COMPONENT,
    LANGUAGE_PATTERN,
    LIKERT_ITEM,
    RUBRIC,
    SCALE,
    TEXTS,
)
from ._fields import Sink, Text, one_of, suggestion
from ._hash import content_hash
from ._model import (
    Action,
    AnswerScale,
    Band,
    ChoiceItem,
    ChoiceOption,
    ChoiceScoring,
    Component,
    Composite,
    Item,
    LikertItem,
    Outcome,
    Profile,
    Ranking,
    Rubric,
    RubricTexts,
    Scale,
)
from .errors import SHOWN_VALUE_CHARS, FieldPath, RubricError, number_words, quoted, shortened

Raw = Mapping[str, Any]


def exact(number: int | float) -> Fraction:
    """An exact value for a number read from YAML/JSON.

    Floats go through their shortest repr, so 0.1 becomes 1/10 (what the
    writer meant), not the nearest binary fraction.
    """
    return Fraction(number) if isinstance(number, int) else Fraction(repr(number))


def min_answers_default(item_count: int) -> int:
    """ceil(0.75 * item_count), in integers so no float is involved."""
    return (3 * item_count + 3) // 4


def load_rubric(structure: Raw, texts: Raw | None = None, *, language: str | None = None) -> Rubric:
    """Check a parsed ``rubric.yaml`` (and optionally one ``<lang>.yaml``) and build a ``Rubric``.

    Raises ``RubricError`` listing every problem, each with the document
    ("rubric" or "texts"), a path such as ``("items", 3, "scale")``, what is
    wrong and what was expected. Without ``texts`` the rubric can still be
    scored; every text in the result is then ``None``.
    """
    structure_sink = Sink("rubric")
    rubric: Rubric | None = None
    if RUBRIC.check(structure, (), structure_sink):
        rubric = _build(structure, structure_sink)
    texts_sink = Sink("texts")
    texts_valid = texts is None or TEXTS.check(texts, (), texts_sink)
    if rubric is None or structure_sink.problems or not texts_valid:
        raise RubricError(structure_sink.problems + texts_sink.problems)

    if texts is None:
        if language is not None:
            if not Text(LANGUAGE_PATTERN).check(language, ("language",), texts_sink):
                raise RubricError(texts_sink.problems)
            rubric = dataclasses.replace(rubric, language=language)
        return rubric

    if language is not None and texts["language"] != language:
        texts_sink.add(
            ("language",),
            f"the texts are in {quoted(texts['language'])}",
            f"texts in {quoted(language)}, the language asked for",
        )
    _compare_shape(texts, text_shape(rubric), (), texts_sink)
    if texts_sink.problems:
        raise RubricError(texts_sink.problems)
    return _with_texts(rubric, texts)


# ------------------------------------------------------------------ structure


def _build(raw: Raw, sink: Sink) -> Rubric | None:
    answer_scales = _answer_scales(raw.get("answer_scales", {}), sink)
    default_bands = _bands(raw["bands"], ("bands",), sink)
    scale_ids = _unique_ids(raw["scales"], ("scales",), "scale", sink)
    items = _items(raw["items"], scale_ids, answer_scales, sink)
    scales = _scales(raw["scales"], raw["items"], default_bands, sink)
    composites = _composites(raw.get("composites", []), scale_ids, default_bands, sink)
    profiles = _profiles(raw.get("profiles", []), scale_ids, sink)
    ranking = _ranking(raw.get("ranking"), scale_ids, sink)

    if raw["min_answers_total"] > len(items):
        sink.add(
            ("min_answers_total",),
            f"min_answers_total is {number_words(raw['min_answers_total'])} but the rubric has only {len(items)} items",
            f"a whole number from 1 to {len(items)}",
        )
    needed = {
        "composite": ("composites", composites),
        "profile-fit": ("profiles", profiles),
        "ranking": ("ranking", ranking),
    }
    if raw["result"] in needed:
        section, content = needed[raw["result"]]
        if not content:
            sink.add(
                ("result",),
                f"result is {quoted(raw['result'])} but the rubric has no {section}",
                f"a {section} section (with at least one entry), or another result type",
            )
    if sink.problems:
        return None
    return Rubric(
        id=raw["id"],
        version=raw["version"],
        result=raw["result"],
        min_answers_total=raw["min_answers_total"],
        answer_scales=tuple(answer_scales.values()),
        scales=scales,
        items=tuple(items.values()),
        composites=composites,
        profiles=profiles,
        ranking=ranking,
        hash=content_hash(raw),
        language=None,
        texts=None,
    )


def _unique_ids(entries: list[Raw], path: FieldPath, what: str, sink: Sink) -> list[str]:
    """The ids of a list of entries, reporting repeats at the later entry."""
    first_index: dict[str, int] = {}
    for index, entry in enumerate(entries):
        entry_id = entry["id"]
        if entry_id in first_index:
            sink.add(
                (*path, index, "id"),
                f"the {what} id {quoted(entry_id)} is used twice (first at {path[-1]}[{first_index[entry_id]}])",
                f"a unique {what} id",
            )
        else:
            first_index[entry_id] = index
    return list(first_index)


def _answer_scales(raw: Mapping[str, Raw], sink: Sink) -> dict[str, AnswerScale]:
    result = {}
    for scale_id, spec in raw.items():
        values = ANSWER_SCALE.get(spec, "values")
        for index in range(1, len(values)):
            if values[index] <= values[index - 1]:
                sink.add(
                    ("answer_scales", scale_id, "values", index),
                    f"{number_words(values[index])} is not greater than the value before it "
                    f"({number_words(values[index - 1])})",
                    "strictly increasing whole numbers, e.g. [1, 2, 3, 4, 5]",
                )
        result[scale_id] = AnswerScale(scale_id, tuple(values), None)
    return result


def _bands(raw: list[Raw], path: FieldPath, sink: Sink) -> tuple[Band, ...]:
    _unique_ids(raw, path, "band", sink)
    bands = tuple(Band(entry["id"], exact(entry["min"]), bool(BAND.get(entry, "neutral")), None) for entry in raw)
    if bands[0].min != 0:
        sink.add(
            (*path, 0, "min"),
            f"the first band starts at {number_words(raw[0]['min'])}",
            "0, so that every score falls in a band",
        )
    for index in range(1, len(bands)):
        if bands[index].min <= bands[index - 1].min:
            sink.add(
                (*path, index, "min"),
                f"min {number_words(raw[index]['min'])} is not above "
                f"the previous band's min {number_words(raw[index - 1]['min'])}",
                "bands listed in ascending order, each min greater than the one before",
            )
    neutral = [index for index, band in enumerate(bands) if band.neutral]
    rule = "exactly one band with neutral: true, neither the first nor the last band"
    if len(neutral) != 1:
        sink.add(path, f"{len(neutral)} bands are marked neutral", rule)
    for index in neutral:
        if index in (0, len(bands) - 1):
            sink.add(
                (*path, index, "neutral"),
                f"the {'first' if index == 0 else 'last'} band is marked neutral",
                rule,
            )
    return bands


def _outcomes(
    bands: tuple[Band, ...], raw_actions: Mapping[str, list[Raw]], path: FieldPath, sink: Sink
) -> tuple[Outcome, ...]:
    band_ids = [band.id for band in bands]
    for band_id in raw_actions:
        if band_id not in band_ids:
            sink.add(
                (*path, band_id),
                f"actions for {quoted(band_id)}, which is not one of the bands here{suggestion(band_id, band_ids)}",
                f"actions only for the bands {one_of(band_ids)}",
            )
    outcomes = []
    for band in bands:
        if band.id not in raw_actions:
            sink.add(
                path,
                f"there are no actions for the band {quoted(band.id)}",
                f"1-3 actions for every band: {one_of(band_ids)}",
            )
            continue
        entries = raw_actions[band.id]
        _unique_ids(entries, (*path, band.id), "action", sink)
        actions = tuple(Action(entry["id"], entry.get("link"), None) for entry in entries)
        outcomes.append(Outcome(band, None, actions))
    return tuple(outcomes)


def _items(
    raw: list[Raw], scale_ids: list[str], answer_scales: Mapping[str, AnswerScale], sink: Sink
) -> dict[str, Item]:
    _unique_ids(raw, ("items",), "item", sink)
    items: dict[str, Item] = {}
    for index, entry in enumerate(raw):
        path: FieldPath = ("items", index)
        item: Item | None
        if "choice" in entry:
            item = _choice_item(entry, path, scale_ids, sink)
        else:
            item = _likert_item(entry, path, scale_ids, answer_scales, sink)
        if item is not None:
            items.setdefault(item.id, item)
    return items


def _likert_item(
    entry: Raw, path: FieldPath, scale_ids: list[str], answer_scales: Mapping[str, AnswerScale], sink: Sink
) -> LikertItem | None:
    ok = True
    if entry["scale"] not in scale_ids:
        sink.add(
            (*path, "scale"),
            f"there is no scale {quoted(entry['scale'])}{suggestion(entry['scale'], scale_ids)}",
            f"one of the scales {one_of(scale_ids)}",
        )
        ok = False
    if entry["answers"] not in answer_scales:
        names = list(answer_scales)
        sink.add(
            (*path, "answers"),
            f"there is no answer scale {quoted(entry['answers'])}{suggestion(entry['answers'], names)}",
            f"one of the answer scales under answer_scales: {one_of(names)}",
        )
        ok = False
    if not ok:
        return None
    return LikertItem(
        id=entry["id"],
        scale=entry["scale"],
        answer_scale=answer_scales[entry["answers"]],
        reverse=bool(LIKERT_ITEM.get(entry, "reverse")),
        weight=exact(LIKERT_ITEM.get(entry, "weight")),
        text=None,
    )


def _choice_item(entry: Raw, path: FieldPath, scale_ids: list[str], sink: Sink) -> ChoiceItem | None:
    _unique_ids(entry["choice"], (*path, "choice"), "option", sink)
    scored: set[str] = set()
    options = []
    for index, option in enumerate(entry["choice"]):
        for scale_id in option["scores"]:
            if scale_id not in scale_ids:
                sink.add(
                    (*path, "choice", index, "scores", scale_id),
                    f"there is no scale {quoted(scale_id)}{suggestion(scale_id, scale_ids)}",
                    f"one of the scales {one_of(scale_ids)}",
                )
            scored.add(scale_id)
        scores = tuple((scale_id, exact(points)) for scale_id, points in option["scores"].items())
        options.append(ChoiceOption(option["id"], scores, None))
    if not scored:
        sink.add(
            (*path, "choice"),
            "no option gives points to any scale",
            "at least one option with scores, e.g. {id: a, scores: {some-scale: 2}}",
        )
    scorings = []
    for scale_id in scale_ids:  # declared order keeps results independent of option order
        if scale_id in scored:
            points = tuple((option.id, dict(option.scores).get(scale_id, Fraction(0))) for option in options)
            values = [value for _, value in points]
            scorings.append(ChoiceScoring(scale_id, points, min(values), max(values)))
    return ChoiceItem(
        id=entry["id"],
        options=tuple(options),
        weight=exact(CHOICE_ITEM.get(entry, "weight")),
        scorings=tuple(scorings),
        text=None,
    )


def _items_per_scale(raw_items: list[Raw]) -> dict[str, int]:
    """Items per scale as written, so one broken item does not also make its scale look too short."""
    counts: dict[str, int] = {}
    for entry in raw_items:
        if "choice" in entry:
            scales = {scale_id for option in entry["choice"] for scale_id in option["scores"]}
        else:
            scales = {entry["scale"]}
        for scale_id in scales:
            counts[scale_id] = counts.get(scale_id, 0) + 1
    return counts


def _scales(raw: list[Raw], raw_items: list[Raw], default_bands: tuple[Band, ...], sink: Sink) -> tuple[Scale, ...]:
    counts = _items_per_scale(raw_items)
    scales = []
    for index, entry in enumerate(raw):
        path: FieldPath = ("scales", index)
        bands = _bands(entry["bands"], (*path, "bands"), sink) if "bands" in entry else default_bands
        outcomes = _outcomes(bands, entry["actions"], (*path, "actions"), sink)
        count = counts.get(entry["id"], 0)
        if count < 4:
            sink.add(
                path,
                f"the scale {quoted(entry['id'])} has {count} item{'s' if count != 1 else ''}",
                f"at least 4 items: likert items with scale: {shortened(entry['id'], SHOWN_VALUE_CHARS)} "
                "or choice options scoring it",
            )
        min_answers = SCALE.get(entry, "min_answers")
        if min_answers is None:
            min_answers = min_answers_default(count)
        elif min_answers > count:
            sink.add(
                (*path, "min_answers"),
                f"min_answers is {number_words(min_answers)} but the scale has only {count} items",
                f"a whole number from 1 to {count}, or no min_answers (default {min_answers_default(count)})",
            )
        scales.append(
            Scale(
                id=entry["id"],
                polarity=SCALE.get(entry, "polarity"),
                min_answers=min_answers,
                item_count=count,
                outcomes=outcomes,
                name=None,
                description=None,
            )
        )
    return tuple(scales)


def _composites(
    raw: list[Raw], scale_ids: list[str], default_bands: tuple[Band, ...], sink: Sink
) -> tuple[Composite, ...]:
    _unique_ids(raw, ("composites",), "composite", sink)
    composites = []
    for index, entry in enumerate(raw):
        path: FieldPath = ("composites", index)
        used: set[str] = set()
        components = []
        for position, component in enumerate(entry["components"]):
            scale_id = component["scale"]
            if scale_id not in scale_ids:
                sink.add(
                    (*path, "components", position, "scale"),
                    f"there is no scale {quoted(scale_id)}{suggestion(scale_id, scale_ids)}",
                    f"one of the scales {one_of(scale_ids)}",
                )
            elif scale_id in used:
                sink.add(
                    (*path, "components", position, "scale"),
                    f"the scale {quoted(scale_id)} is a component twice",
                    "each scale at most once per composite (use weight to count it more)",
                )
            used.add(scale_id)
            weight = exact(COMPONENT.get(component, "weight"))
            components.append(Component(scale_id, weight, bool(COMPONENT.get(component, "invert"))))
        bands = _bands(entry["bands"], (*path, "bands"), sink) if "bands" in entry else default_bands
        outcomes = _outcomes(bands, entry["actions"], (*path, "actions"), sink)
        composites.append(Composite(entry["id"], tuple(components), outcomes, None, None))
    return tuple(composites)


def _profiles(raw: list[Raw], scale_ids: list[str], sink: Sink) -> tuple[Profile, ...]:
    _unique_ids(raw, ("profiles",), "profile", sink)
    profiles = []
    for index, entry in enumerate(raw):
        path: FieldPath = ("profiles", index, "targets")
        targets = entry["targets"]
        for scale_id in targets:
            if scale_id not in scale_ids:
                sink.add(
                    (*path, scale_id),
                    f"there is no scale {quoted(scale_id)}{suggestion(scale_id, scale_ids)}",
                    f"targets only for the scales {one_of(scale_ids)}",
                )
        missing = [scale_id for scale_id in scale_ids if scale_id not in targets]
        if missing:
            sink.add(
                path,
                f"no target for {one_of(missing)}",
                f"a 0-100 target for every scale: {one_of(scale_ids)}",
            )
        ordered = tuple((scale_id, exact(targets[scale_id])) for scale_id in scale_ids if scale_id in targets)
        profiles.append(Profile(entry["id"], ordered, None, None))
    return tuple(profiles)


def _ranking(raw: Raw | None, scale_ids: list[str], sink: Sink) -> Ranking | None:
    if raw is None:
        return None
    seen: set[str] = set()
    for index, scale_id in enumerate(raw["scales"]):
        if scale_id not in scale_ids:
            sink.add(
                ("ranking", "scales", index),
                f"there is no scale {quoted(scale_id)}{suggestion(scale_id, scale_ids)}",
                f"one of the scales {one_of(scale_ids)}",
            )
        elif scale_id in seen:
            sink.add(
                ("ranking", "scales", index),
                f"the scale {quoted(scale_id)} is listed twice",
                "each scale at most once",
            )
        seen.add(scale_id)
    return Ranking(tuple(raw["scales"]))


# ---------------------------------------------------------------------- texts


@dataclasses.dataclass(frozen=True)
class _Labels:
    """Expected: one label per value of an answer scale."""

    scale: AnswerScale


_LEAF = "text"
Shape = dict[str, "Shape"] | _Labels | str


def _band_texts(outcomes: tuple[Outcome, ...]) -> dict[str, Shape]:
    return {
        outcome.band.id: {
            "interpretation": _LEAF,
            "actions": {action.id: _LEAF for action in outcome.actions},
        }
        for outcome in outcomes
    }


def text_shape(rubric: Rubric) -> dict[str, Shape]:
    """Exactly the keys a language file of this rubric must have (values: what each holds)."""
    band_ids: dict[str, Shape] = {}
    all_outcomes = [scale.outcomes for scale in rubric.scales] + [c.outcomes for c in rubric.composites]
    for outcomes in all_outcomes:
        for outcome in outcomes:
            band_ids.setdefault(outcome.band.id, _LEAF)
    shape: dict[str, Shape] = {
        "language": _LEAF,
        "title": _LEAF,
        "description": _LEAF,
        "disclaimer": _LEAF,
        "instructions": _LEAF,
    }
    if rubric.answer_scales:
        shape["answer_scales"] = {scale.id: _Labels(scale) for scale in rubric.answer_scales}
    shape["bands"] = band_ids
    shape["scales"] = {
        scale.id: {"name": _LEAF, "description": _LEAF, "bands": _band_texts(scale.outcomes)} for scale in rubric.scales
    }
    shape["items"] = {
        item.id: _LEAF
        if isinstance(item, LikertItem)
        else {"text": _LEAF, "options": {option.id: _LEAF for option in item.options}}
        for item in rubric.items
    }
    if rubric.composites:
        shape["composites"] = {
            composite.id: {"name": _LEAF, "description": _LEAF, "bands": _band_texts(composite.outcomes)}
            for composite in rubric.composites
        }
    if rubric.profiles:
        shape["profiles"] = {profile.id: {"name": _LEAF, "description": _LEAF} for profile in rubric.profiles}
    return shape


def text_paths(rubric: Rubric) -> tuple[FieldPath, ...]:
    """Every path to a string a language file of this rubric must contain, in file order."""
    paths: list[FieldPath] = []

    def walk(shape: Shape, path: FieldPath) -> None:
        if isinstance(shape, dict):
            for key, child in shape.items():
                walk(child, (*path, key))
        elif isinstance(shape, _Labels):
            paths.extend((*path, index) for index in range(len(shape.scale.values)))
        else:
            paths.append(path)

    walk(text_shape(rubric), ())
    return tuple(paths)


def _expected_words(shape: Shape) -> str:
    if isinstance(shape, _Labels):
        count = len(shape.scale.values)
        shown = [number_words(value) for value in shape.scale.values[:12]]  # a message stays short
        values = ", ".join(shown) + (f", … ({count} in all)" if count > len(shown) else "")
        return f"a list of {count} labels, one for each value {values} of answer scale {shape.scale.id}"
    if isinstance(shape, dict):
        return f"a mapping with the keys {one_of(list(shape))}" if shape else "an empty mapping"
    return "text"


_OPTIONAL_SECTIONS = ("answer_scales", "composites", "profiles")
# Checked for its shape by TEXTS only: its coverage of the items is the site checker's (missing = warning).
_UNSCORED_SECTIONS = ("observer",)


def _some(names: list[str]) -> str:
    """A readable list even when a rubric has dozens of ids."""
    return one_of(names) if len(names) <= 12 else f"{one_of(names[:12])}, … ({len(names)} in all)"


def _compare_shape(value: Any, shape: Shape, path: FieldPath, sink: Sink) -> None:
    if isinstance(shape, _Labels):
        if len(value) != len(shape.scale.values):
            sink.add(path, f"there are {len(value)} labels", _expected_words(shape))
        return
    if not isinstance(shape, dict):
        if not isinstance(value, str):
            sink.add(
                path,
                f"item {shortened(str(path[-1]), SHOWN_VALUE_CHARS)} is a likert item, so a mapping does not fit",
                "the statement as text",
            )
        return
    if not isinstance(value, Mapping):
        sink.add(
            path,
            f"item {shortened(str(path[-1]), SHOWN_VALUE_CHARS)} is a choice item, so a single text does not fit",
            _expected_words(shape),
        )
        return
    for key, entry in value.items():
        if path == () and key in _UNSCORED_SECTIONS:
            continue
        if key in shape:
            _compare_shape(entry, shape[key], (*path, key), sink)
        elif not (path == () and key in _OPTIONAL_SECTIONS and not entry):  # empty optional sections are fine
            sink.add(
                (*path, key),
                f"{quoted(key)} is not needed here: rubric.yaml declares no such id{suggestion(key, list(shape))}",
                f"only the keys {_some(list(shape))}",
            )
    for key, child in shape.items():
        if key not in value:
            sink.add(
                path,
                f"the key {quoted(key)} is missing",
                f"{shortened(key, SHOWN_VALUE_CHARS)}: {_expected_words(child)}",
            )


def _with_texts(rubric: Rubric, raw: Raw) -> Rubric:
    band_labels: Mapping[str, str] = raw["bands"]

    def outcomes_with_texts(outcomes: tuple[Outcome, ...], raw_bands: Raw) -> tuple[Outcome, ...]:
        result = []
        for outcome in outcomes:
            band_texts = raw_bands[outcome.band.id]
            actions = tuple(dataclasses.replace(a, text=band_texts["actions"][a.id]) for a in outcome.actions)
            band = dataclasses.replace(outcome.band, label=band_labels[outcome.band.id])
            result.append(Outcome(band, band_texts["interpretation"], actions))
        return tuple(result)

    def item_with_texts(item: Item) -> Item:
        if isinstance(item, LikertItem):
            return dataclasses.replace(
                item, text=raw["items"][item.id], answer_scale=answer_scales[item.answer_scale.id]
            )
        item_texts = raw["items"][item.id]
        options = tuple(dataclasses.replace(o, text=item_texts["options"][o.id]) for o in item.options)
        return dataclasses.replace(item, text=item_texts["text"], options=options)

    raw_labels = raw.get("answer_scales", {})
    answer_scales = {
        scale.id: dataclasses.replace(scale, labels=tuple(raw_labels[scale.id])) if scale.id in raw_labels else scale
        for scale in rubric.answer_scales
    }
    scales = tuple(
        dataclasses.replace(
            scale,
            name=raw["scales"][scale.id]["name"],
            description=raw["scales"][scale.id]["description"],
            outcomes=outcomes_with_texts(scale.outcomes, raw["scales"][scale.id]["bands"]),
        )
        for scale in rubric.scales
    )
    composites = tuple(
        dataclasses.replace(
            composite,
            name=raw["composites"][composite.id]["name"],
            description=raw["composites"][composite.id]["description"],
            outcomes=outcomes_with_texts(composite.outcomes, raw["composites"][composite.id]["bands"]),
        )
        for composite in rubric.composites
    )
    profiles = tuple(
        dataclasses.replace(
            profile,
            name=raw["profiles"][profile.id]["name"],
            description=raw["profiles"][profile.id]["description"],
        )
        for profile in rubric.profiles
    )
    texts = RubricTexts(raw["language"], raw["title"], raw["description"], raw["disclaimer"], raw["instructions"])
    return dataclasses.replace(
        rubric,
        answer_scales=tuple(answer_scales.values()),
        scales=scales,
        items=tuple(item_with_texts(item) for item in rubric.items),
        composites=composites,
        profiles=profiles,
        language=texts.language,
        texts=texts,
    )
