"""The questionnaire of an assessment page, rendered at build time from its rubric in the page's language.

Plain HTML that works before any script runs: one fieldset per item with a legend and a native radio group.
The script (theme/assets/javascripts/assessment.js) adds progress, saving and scoring on top; what it needs
to know about the rubric without running Python (which scales each item counts for, how many answers each
scale needs, where the bands start) is written into data attributes here, from the engine's own reading of
the rubric, so the page and the engine cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from breakthrough_scoring import ChoiceItem, Rubric

from .observer_texts import observer_form
from .rubric_model import CheckedRubric
from .templating import environment

# Radio groups with more options than this, or with long labels, are stacked one option per line.
INLINE_OPTIONS_MAX = 5
INLINE_LABEL_MAX = 40


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    item_id: str
    number: int
    text: str
    kind: str  # "likert" (values are whole numbers) or "choice" (values are option ids)
    scales: tuple[str, ...]  # the scales this item counts for
    options: tuple[Option, ...]

    @property
    def stacked(self) -> bool:
        return len(self.options) > INLINE_OPTIONS_MAX or any(
            len(option.label) > INLINE_LABEL_MAX for option in self.options
        )


def _item_scales(rubric: Rubric) -> dict[str, tuple[str, ...]]:
    return {
        item.id: tuple(scoring.scale for scoring in item.scorings) if isinstance(item, ChoiceItem) else (item.scale,)
        for item in rubric.items
    }


def questions(rubric: CheckedRubric, language: str) -> list[Question]:
    """Items in rubric order with their answer options in ``language``."""
    structure, texts = rubric.structure, rubric.texts[language]
    found: list[Question] = []
    scales = structure.get("answer_scales", {})
    item_scales = _item_scales(rubric.model)
    for number, item in enumerate(structure["items"], start=1):
        item_id = item["id"]
        text = texts["items"][item_id]
        if "choice" in item:
            labels = text["options"]
            options = tuple(Option(option["id"], labels[option["id"]]) for option in item["choice"])
            found.append(Question(item_id, number, text["text"], "choice", item_scales[item_id], options))
        else:
            values = scales[item["answers"]]["values"]
            labels = texts["answer_scales"][item["answers"]]
            options = tuple(Option(str(value), label) for value, label in zip(values, labels, strict=True))
            found.append(Question(item_id, number, text, "likert", item_scales[item_id], options))
    return found


def scoring_facts(rubric: Rubric) -> dict[str, Any]:
    """What the page needs to point to missing answers and draw bars: answers needed, band starts."""

    def starts(outcomes: Any) -> list[float]:
        return [float(outcome.band.min) for outcome in outcomes if outcome.band.min > 0]

    return {
        "min_answers_total": rubric.min_answers_total,
        "scales": {
            scale.id: {"min_answers": scale.min_answers, "bands": starts(scale.outcomes)} for scale in rubric.scales
        },
        "composites": {composite.id: {"bands": starts(composite.outcomes)} for composite in rubric.composites},
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def render_form(
    rubric: CheckedRubric,
    language: str,
    strings: Mapping[str, Any],
    templates: Mapping[str, str],
    *,
    rubric_url: str,
    runtime_url: str,
    site_root_url: str,
) -> str:
    """HTML of the questionnaire section in ``language`` (the rubric has its texts); every text is
    autoescaped. ``templates`` are the tool's templates by name, read by the caller."""
    client_strings = {key: value for key, value in strings.items() if isinstance(value, str | dict)}
    # Raters answer the observer form on this page (the script shows it for an invitation link).
    observer = observer_form(rubric.texts[language], rubric.model)
    return (
        environment(templates)
        .get_template("assessment-form.html")
        .render(
            rubric_id=rubric.rubric_id,
            version=rubric.structure["version"],
            content_hash=rubric.content_hash,
            texts=rubric.texts[language],
            strings=strings,
            questions=questions(rubric, language),
            rubric_url=rubric_url,
            runtime_url=runtime_url,
            site_root_url=site_root_url,
            language=language,
            client_strings=_json(client_strings),
            scoring=_json(scoring_facts(rubric.model)),
            observer=_json(observer.as_json_value()) if observer else "",
        )
    )
