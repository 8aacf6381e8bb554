"""The mechanical part of CONTRIBUTING's checklist for questionnaire items (section "Writing questionnaire
items"). Judgement calls (one idea, behaviour, a fitting time frame, not leading, the same meaning in every
language) stay with reviewers; what a machine can decide without guessing is checked here:

- every scale with agreement or frequency statements has at least one reverse-keyed statement and at
  least one that is not, so that someone who agrees with everything does not come out at an extreme;
- a statement is one sentence in every language, since a second sentence is almost always a second idea.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from breakthrough_scoring import LikertItem, Rubric

from .problems import Problem
from .rubric_yaml import YamlDocument

CHECKLIST = "see CONTRIBUTING.md, “Writing questionnaire items”"

# A sentence ends where a full stop, question or exclamation mark or a semicolon (Latin, or the full-width
# CJK forms U+3002, U+FF01, U+FF1F, U+FF1B) is followed by more text; one at the very end is its own.
_SENTENCE_BREAK = re.compile(r"(?:[.!?;]\s+|[\u3002\uff01\uff1f\uff1b]\s*)(?=\S)")


def is_one_sentence(text: str) -> bool:
    """True unless a sentence break is followed by more text (see ``_SENTENCE_BREAK``)."""
    return _SENTENCE_BREAK.search(text.strip()) is None


def keying_problems(structure: YamlDocument, model: Rubric) -> list[Problem]:
    """Scales whose statements are all keyed the same way, at the scale's line in rubric.yaml."""
    problems = []
    for index, scale in enumerate(model.scales):
        statements = [item for item in model.items if isinstance(item, LikertItem) and item.scale == scale.id]
        if not statements:
            continue  # scored by choice questions only: there is no agreement to balance
        reverse = sum(item.reverse for item in statements)
        if reverse and reverse < len(statements):
            continue
        line, column = structure.locate(("scales", index, "id"))
        if not reverse:
            message = f"scale `{scale.id}` has no reverse-keyed statement among its {len(statements)}"
            fix = (
                "add `reverse: true` to one of its items in rubric.yaml, worded so that agreeing means less of"
                f" what the scale measures (keep the item's id), then bump `version` — {CHECKLIST}"
            )
        else:
            message = f"every statement of scale `{scale.id}` is reverse-keyed"
            fix = f"word at least one of its items the other way round and remove its `reverse: true` — {CHECKLIST}"
        problems.append(Problem(structure.display_path, line, message, fix, column=column))
    return problems


def statement_problems(texts: Mapping[str, YamlDocument], model: Rubric) -> list[Problem]:
    """Statements written as more than one sentence, in any language, at the statement's line."""
    statements = [item.id for item in model.items if isinstance(item, LikertItem)]
    problems = []
    for document in texts.values():
        items = document.value.get("items") if isinstance(document.value, Mapping) else None
        if not isinstance(items, Mapping):
            continue
        for item_id in statements:
            text = items.get(item_id)
            if isinstance(text, str) and not is_one_sentence(text):
                line, column = document.locate(("items", item_id))
                problems.append(
                    Problem(
                        document.display_path,
                        line,
                        f"statement `{item_id}` is more than one sentence",
                        f"keep one idea in one sentence; move an example into the sentence or drop it — {CHECKLIST}",
                        column=column,
                    )
                )
    return problems
