"""Pure scoring: a checked ``Rubric`` plus answers -> a plain, JSON-able result.

All arithmetic is exact (``Fraction``); numbers are rounded only when they are
written into the result, half up to one decimal. Bands, ranking order and
summaries are decided on the exact values. The one float computation is the
square root of the profile distance, as the rubric format prescribes.

Key order of the result (dicts keep insertion order; JSON output is not
key-sorted, so this order is part of the byte-identical contract)::

    rubric {id, version, hash}, language, answers, answered, total,
    scales [{id, name, description, polarity, score, status, answered,
             required, band {id, label, neutral} | null, interpretation,
             actions [{id, text, link}]}],
    composites [{id, name, description, score, status, band, interpretation, actions}],
    profiles {fits [{id, name, description, status, distance, fit,
                     gaps [{scale, target, score, gap}]}], closest},
    ranking [{scale, position, score, status}],
    summary {type, ...}, flags [...], disclaimer

Summaries: scale-profile {strongest, weakest, even}, composite {composite},
profile-fit {profile, tied}, ranking {scale, tied}; see ``_summary``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ._model import ChoiceItem, Item, LikertItem, Outcome, Rubric, Scale
from .errors import SHOWN_VALUE_CHARS, AnswerError, AnswerProblem, described_number, number_words, quoted, shortened

Result = dict[str, Any]

FLAG_STRAIGHT_LINING = "straight-lining"
FLAG_TOO_FEW_ANSWERS = "too-few-answers"
STRAIGHT_LINING_MIN_ITEMS = 6
SUMMARY_SIZE = 2  # strongest / weakest scales named in a scale-profile summary


def round_half_up(value: Fraction) -> Fraction:
    """``value`` rounded to one decimal, halves away from zero (decimal ROUND_HALF_UP)."""
    tenths = value * 10
    magnitude = (2 * abs(tenths.numerator) + tenths.denominator) // (2 * tenths.denominator)
    return Fraction(magnitude if tenths >= 0 else -magnitude, 10)


def _output(value: Fraction | None) -> float | None:
    """A rounded value as a JSON number; float(n/10) is the double nearest n/10, so it prints as 'n.n'."""
    return None if value is None else float(round_half_up(value))


def dump_result(value: object) -> str:
    """Canonical JSON text of a result (any JSON-able value): compact, UTF-8, keys in insertion order."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# -------------------------------------------------------------------- answers


def _is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: object) -> str:
    """An answer described in words, quoting at most a short prefix of it (it comes from the reader)."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true (a yes/no value)" if value else "false (a yes/no value)"
    if isinstance(value, str):
        return f"the text {quoted(value)}"
    if isinstance(value, int | float):
        return described_number(value)
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    if isinstance(value, Mapping):
        return "an object"
    return "a value that is not text, a number, a list or an object"


def _list(values: list[str]) -> str:
    shown = ", ".join(shortened(value, SHOWN_VALUE_CHARS) for value in values[:8])
    return shown + (f", … ({len(values)} in all)" if len(values) > 8 else "")


def _check_likert(item: LikertItem, value: object) -> AnswerProblem | None:
    values = item.answer_scale.values
    allowed = ", ".join(str(v) for v in values)
    if not _is_whole_number(value):
        return AnswerProblem(
            "wrong-type",
            item.id,
            f"item {item.id} has {_shown(value)}",
            f"a whole number of answer scale {item.answer_scale.id}: {allowed}",
        )
    assert isinstance(value, int)
    if value not in values:
        return AnswerProblem(
            "off-scale",
            item.id,
            f"item {item.id} has the value {number_words(value)}, which is not on answer scale {item.answer_scale.id}",
            f"one of {allowed}",
        )
    return None


def _check_choice(item: ChoiceItem, value: object) -> AnswerProblem | None:
    option_ids = [option.id for option in item.options]
    if not isinstance(value, str):
        return AnswerProblem(
            "wrong-type",
            item.id,
            f"item {item.id} has {_shown(value)}",
            f"an option id as text: {_list(option_ids)}",
        )
    if value not in option_ids:
        return AnswerProblem(
            "unknown-option",
            item.id,
            f"item {item.id} has no option {quoted(value)}",
            f"one of {_list(option_ids)}",
        )
    return None


def check_answers(rubric: Rubric, answers: object, rubric_version: object = None) -> dict[str, int | str]:
    """The answered items (null dropped) in item order, or ``AnswerError`` listing every problem."""
    problems: list[AnswerProblem] = []
    if rubric_version is not None:
        if not _is_whole_number(rubric_version):
            problems.append(
                AnswerProblem("wrong-type", None, f"the rubric version is {_shown(rubric_version)}", "a whole number")
            )
        elif rubric_version != rubric.version:
            assert isinstance(rubric_version, int)
            problems.append(
                AnswerProblem(
                    "version-mismatch",
                    None,
                    f"the answers are for version {number_words(rubric_version)} of rubric {rubric.id}, "
                    f"which is now version {rubric.version}",
                    f"answers given to version {rubric.version}; the questions changed, so answer again",
                )
            )
    if not isinstance(answers, Mapping):
        problems.append(
            AnswerProblem("wrong-type", None, f"the answers are {_shown(answers)}", "a mapping from item id to answer")
        )
        raise AnswerError(problems)
    items: dict[str, Item] = {item.id: item for item in rubric.items}
    given: dict[str, int | str] = {}
    for key, value in answers.items():
        item = items.get(key) if isinstance(key, str) else None
        if item is None:
            problems.append(
                AnswerProblem(
                    "unknown-item",
                    shortened(key, SHOWN_VALUE_CHARS) if isinstance(key, str) else None,
                    f"{quoted(key) if isinstance(key, str) else _shown(key)} is not an item of rubric {rubric.id}",
                    f"item ids of this rubric: {_list(list(items))}",
                )
            )
            continue
        if value is None:  # unanswered
            continue
        problem = _check_likert(item, value) if isinstance(item, LikertItem) else _check_choice(item, value)
        if problem is None:
            assert isinstance(value, int | str)
            given[item.id] = value
        else:
            problems.append(problem)
    if problems:
        raise AnswerError(problems)
    if not given:
        raise AnswerError([AnswerProblem("no-answers", None, "no item is answered", "at least one answered item")])
    return {item_id: given[item_id] for item_id in items if item_id in given}


# -------------------------------------------------------------------- scoring


@dataclass
class _Tally:
    points: Fraction = Fraction(0)
    maximum: Fraction = Fraction(0)
    answered: int = 0

    def add(self, points: Fraction, maximum: Fraction) -> None:
        self.points += points
        self.maximum += maximum
        self.answered += 1


def _tally(rubric: Rubric, given: Mapping[str, int | str]) -> dict[str, _Tally]:
    tallies = {scale.id: _Tally() for scale in rubric.scales}
    for item in rubric.items:
        if item.id not in given:
            continue
        value = given[item.id]
        if isinstance(item, LikertItem):
            assert isinstance(value, int)
            low, high = item.answer_scale.lowest, item.answer_scale.highest
            keyed = low + high - value if item.reverse else value
            tallies[item.scale].add(item.weight * (keyed - low), item.weight * (high - low))
        else:
            for scoring in item.scorings:
                chosen = dict(scoring.points)[str(value)]
                tallies[scoring.scale].add(
                    item.weight * (chosen - scoring.lowest), item.weight * (scoring.highest - scoring.lowest)
                )
    return tallies


def _scale_score(scale: Scale, tally: _Tally) -> Fraction | None:
    if tally.answered < scale.min_answers:
        return None
    if tally.maximum == 0:  # every answered item gives this scale the same points
        return Fraction(50)
    return 100 * tally.points / tally.maximum


def _outcome(outcomes: tuple[Outcome, ...], score: Fraction) -> Outcome:
    """The band with the highest min <= score (min inclusive, next min exclusive, 100 in the last band)."""
    chosen = outcomes[0]
    for outcome in outcomes:
        if outcome.band.min <= score:
            chosen = outcome
    return chosen


def _banded(outcomes: tuple[Outcome, ...], score: Fraction | None) -> dict[str, Any]:
    if score is None:
        return {"band": None, "interpretation": None, "actions": []}
    outcome = _outcome(outcomes, score)
    band = outcome.band
    return {
        "band": {"id": band.id, "label": band.label, "neutral": band.neutral},
        "interpretation": outcome.interpretation,
        "actions": [{"id": action.id, "text": action.text, "link": action.link} for action in outcome.actions],
    }


def _status(score: Fraction | None) -> str:
    return "ok" if score is not None else "insufficient"


def _composite_score(components: tuple[tuple[Fraction, bool, Fraction | None], ...]) -> Fraction | None:
    if any(score is None for _, _, score in components):
        return None
    total = Fraction(0)
    for weight, invert, score in components:
        assert score is not None
        total += weight * (100 - score if invert else score)
    return total / sum(weight for weight, _, _ in components)


def _distance(gaps: list[Fraction]) -> Fraction:
    """Root mean square of the gaps: exact mean, float square root, rounded half up."""
    mean_square = sum(gap * gap for gap in gaps) / len(gaps)
    return round_half_up(Fraction(math.sqrt(float(mean_square))))


def _profiles(rubric: Rubric, scores: Mapping[str, Fraction | None]) -> tuple[dict[str, Any], list[str]]:
    """The fits, and the ids of every profile at the smallest (rounded) distance, in rubric order.

    ``closest`` names a profile only when it alone is nearest: declaration order never picks one of two
    equally close profiles.
    """
    fits = []
    distances: list[tuple[Fraction, str]] = []
    for profile in rubric.profiles:
        gaps = []
        exact_gaps: list[Fraction] = []
        for scale_id, target in profile.targets:
            score = scores[scale_id]
            gap = None if score is None else score - target
            if gap is not None:
                exact_gaps.append(gap)
            gaps.append({"scale": scale_id, "target": _output(target), "score": _output(score), "gap": _output(gap)})
        sufficient = len(exact_gaps) == len(profile.targets)
        distance = _distance(exact_gaps) if sufficient else None
        fit = max(Fraction(0), 100 - distance) if distance is not None else None
        if distance is not None:
            distances.append((distance, profile.id))
        fits.append(
            {
                "id": profile.id,
                "name": profile.name,
                "description": profile.description,
                "status": _status(distance),
                "distance": _output(distance),
                "fit": _output(fit),
                "gaps": gaps,
            }
        )
    nearest = min((distance for distance, _ in distances), default=None)
    leaders = [profile_id for distance, profile_id in distances if distance == nearest]
    return {"fits": fits, "closest": leaders[0] if len(leaders) == 1 else None}, leaders


def _ranking(rubric: Rubric, scores: Mapping[str, Fraction | None]) -> list[dict[str, Any]]:
    if rubric.ranking is None:
        return []
    order = list(rubric.ranking.scales)
    sufficient = [scale_id for scale_id in order if scores[scale_id] is not None]
    # Python's sort is stable, so equal scores keep ranking.scales order.
    sufficient.sort(key=lambda scale_id: -_known(scores[scale_id]))
    insufficient = [scale_id for scale_id in order if scores[scale_id] is None]
    return [
        {
            "scale": scale_id,
            "position": position,
            "score": _output(scores[scale_id]),
            "status": _status(scores[scale_id]),
        }
        for position, scale_id in enumerate(sufficient + insufficient, start=1)
    ]


def _known(value: Fraction | None) -> Fraction:
    assert value is not None
    return value


def _leading(entries: list[tuple[Fraction, int, str]], wanted: int, limit: int) -> list[str]:
    """The ``wanted`` first of ``entries`` (sorted best first by their key), never cutting a tie.

    Scales tied with the last one wanted are all named, as long as no more than
    ``limit`` are; otherwise the whole tied group is left out, so that list order
    never decides which of two equal scales is named.
    """
    if wanted == 0:
        return []
    boundary = entries[wanted - 1][0]
    named = [entry for entry in entries if entry[0] <= boundary]
    if len(named) > limit:
        named = [entry for entry in entries if entry[0] < boundary]
    return [scale_id for _, _, scale_id in named]


def _summary(
    rubric: Rubric,
    scores: Mapping[str, Fraction | None],
    profiles: Mapping[str, Any],
    nearest: list[str],
    ranking: list[dict[str, Any]],
) -> dict[str, Any]:
    if rubric.result == "composite":
        return {"type": "composite", "composite": rubric.composites[0].id}
    if rubric.result == "profile-fit":
        return {"type": "profile-fit", "profile": profiles["closest"], "tied": nearest if len(nearest) > 1 else []}
    if rubric.result == "ranking":
        # Exact scores decide the tie; the ranking entries only carry rounded ones.
        top = scores[ranking[0]["scale"]] if ranking else None
        leaders = [entry["scale"] for entry in ranking if top is not None and scores[entry["scale"]] == top]
        return {
            "type": "ranking",
            "scale": leaders[0] if len(leaders) == 1 else None,
            "tied": leaders if len(leaders) > 1 else [],
        }
    # scale-profile: favourability puts risk and strength scales on one footing.
    favourable = [
        (100 - score if scale.polarity == "risk" else score, index, scale.id)
        for index, scale in enumerate(rubric.scales)
        if (score := scores[scale.id]) is not None
    ]
    limit = (len(favourable) + 1) // 2  # neither list names more than half of the scored scales
    best_first = sorted(((-value, index, scale_id) for value, index, scale_id in favourable))
    strongest = _leading(best_first, min(SUMMARY_SIZE, limit), limit)
    worst_first = sorted(entry for entry in favourable if entry[2] not in strongest)
    return {
        "type": "scale-profile",
        "strongest": strongest,
        "weakest": _leading(worst_first, min(SUMMARY_SIZE, len(worst_first)), limit),
        "even": len(favourable) > 1 and len({value for value, _, _ in favourable}) == 1,
    }


def _flags(rubric: Rubric, given: Mapping[str, int | str]) -> list[str]:
    flags = []
    positions = {
        item.answer_scale.values.index(value)
        for item in rubric.items
        if isinstance(item, LikertItem) and isinstance(value := given.get(item.id), int)
    }
    likert_answered = sum(1 for item in rubric.items if isinstance(item, LikertItem) and item.id in given)
    if likert_answered >= STRAIGHT_LINING_MIN_ITEMS and len(positions) == 1:
        flags.append(FLAG_STRAIGHT_LINING)
    if len(given) < rubric.min_answers_total:
        flags.append(FLAG_TOO_FEW_ANSWERS)
    return flags


def score(rubric: Rubric, answers: Mapping[str, object], *, rubric_version: int | None = None) -> Result:
    """Score ``answers`` (item id -> value, option id or None) against ``rubric``.

    ``rubric_version``, when given, must equal the rubric's version (answers
    saved for an older questionnaire are refused). Raises ``AnswerError``.
    The result is plain JSON-able data; see the module docstring for its keys.
    """
    given = check_answers(rubric, answers, rubric_version)
    tallies = _tally(rubric, given)
    scores = {scale.id: _scale_score(scale, tallies[scale.id]) for scale in rubric.scales}

    scales = [
        {
            "id": scale.id,
            "name": scale.name,
            "description": scale.description,
            "polarity": scale.polarity,
            "score": _output(scores[scale.id]),
            "status": _status(scores[scale.id]),
            "answered": tallies[scale.id].answered,
            "required": scale.min_answers,
            **_banded(scale.outcomes, scores[scale.id]),
        }
        for scale in rubric.scales
    ]
    composites = []
    for composite in rubric.composites:
        value = _composite_score(tuple((c.weight, c.invert, scores[c.scale]) for c in composite.components))
        composites.append(
            {
                "id": composite.id,
                "name": composite.name,
                "description": composite.description,
                "score": _output(value),
                "status": _status(value),
                **_banded(composite.outcomes, value),
            }
        )
    profiles, nearest = _profiles(rubric, scores)
    ranking = _ranking(rubric, scores)
    return {
        "rubric": {"id": rubric.id, "version": rubric.version, "hash": rubric.hash},
        "language": rubric.language,
        "answers": dict(given),
        "answered": len(given),
        "total": len(rubric.items),
        "scales": scales,
        "composites": composites,
        "profiles": profiles,
        "ranking": ranking,
        "summary": _summary(rubric, scores, profiles, nearest, ranking),
        "flags": _flags(rubric, given),
        "disclaimer": rubric.texts.disclaimer if rubric.texts else None,
    }
