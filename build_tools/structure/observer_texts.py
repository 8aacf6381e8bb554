"""The observer form's wordings (``observer:`` in ``<lang>.yaml``): the statements of the self form, worded
for someone who rates the taker ("This manager …"), scored by the same rubric.

The engine checks only the section's shape (non-empty texts, no unknown keys inside it) and never scores
with it. What needs the rubric and the other languages is checked here:

- an observer wording for an item the rubric does not have, or for a choice item (raters answer the
  statements only), is an error;
- once any language has an observer form, a language whose self texts lack it, or lack some of its
  statements, is behind: a warning, like a missing language, since the self form still works;
- an observer statement is one sentence, like its self statement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from breakthrough_scoring import LikertItem, Rubric

from .item_rules import CHECKLIST, is_one_sentence
from .problems import Problem
from .rubric_yaml import YamlDocument

SECTION = "observer"
# Missing ids named in one warning; the rest are counted, so a language far behind gets one readable line.
SHOWN_MISSING = 5


def _observer_items(document: YamlDocument) -> Mapping[str, object] | None:
    section = document.value.get(SECTION) if isinstance(document.value, Mapping) else None
    items = section.get("items") if isinstance(section, Mapping) else None
    return items if isinstance(items, Mapping) else None


def observer_problems(texts: Mapping[str, YamlDocument], model: Rubric) -> list[Problem]:
    """Every problem of the observer wordings of one rubric's languages (``texts``: language -> document)."""
    statements = [item.id for item in model.items if isinstance(item, LikertItem)]
    known = {item.id for item in model.items}
    observed = {language: _observer_items(document) for language, document in texts.items()}
    having = sorted(language for language, items in observed.items() if items is not None)
    if not having:
        return []  # this assessment has no observer form
    problems: list[Problem] = []
    for language, document in texts.items():
        items = observed[language]
        path = document.display_path
        if items is None:
            line, _ = document.locate(("items",))  # the statements to word for raters
            problems.append(
                Problem(
                    path,
                    line,
                    f"the {language} texts have no observer form, which the {', '.join(having)} texts have",
                    f"add an `{SECTION}:` section with `instructions` and a wording of every statement for raters"
                    f" (“This manager …”), as in assessments/{model.id}/{having[0]}.yaml — until then raters"
                    f" cannot answer in {language}",
                    "warning",
                )
            )
            continue
        for item_id, text in items.items():
            line, column = document.locate((SECTION, "items", item_id))
            if item_id not in known:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"observer wording `{item_id}` matches no item of rubric.yaml",
                        "use the id of one of its statements, or remove the wording",
                        column=column,
                    )
                )
            elif item_id not in statements:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"observer wording `{item_id}` is for a choice item; raters answer statements only",
                        "remove the wording",
                        column=column,
                    )
                )
            elif isinstance(text, str) and not is_one_sentence(text):
                problems.append(
                    Problem(
                        path,
                        line,
                        f"observer statement `{item_id}` is more than one sentence",
                        f"keep one idea in one sentence, like the self statement — {CHECKLIST}",
                        column=column,
                    )
                )
        missing = [item_id for item_id in statements if item_id not in items]
        if missing:
            line, _ = document.locate((SECTION, "items"))
            named = ", ".join(f"`{item_id}`" for item_id in missing[:SHOWN_MISSING])
            more = f" and {len(missing) - SHOWN_MISSING} more" if len(missing) > SHOWN_MISSING else ""
            problems.append(
                Problem(
                    path,
                    line,
                    f"the {language} observer form has no wording for {named}{more}",
                    f"add each under `{SECTION}.items`, worded about the person rated — until then raters"
                    f" cannot answer in {language}",
                    "warning",
                )
            )
    return problems


@dataclass(frozen=True)
class ObserverForm:
    """The observer form of one language, as raters see it: how to answer and every statement's wording."""

    instructions: str
    statements: tuple[tuple[str, str], ...]  # (item id, wording) of every statement, in rubric order

    def as_json_value(self) -> dict[str, Any]:
        return {"instructions": self.instructions, "items": dict(self.statements)}


def observer_form(texts: Mapping[str, Any], model: Rubric) -> ObserverForm | None:
    """The observer form of one language's checked texts, or None unless it words every statement: a rater
    answers all of them or none (a language behind is reported by ``observer_problems``)."""
    section = texts.get(SECTION)
    if not isinstance(section, Mapping):
        return None
    instructions, items = section.get("instructions"), section.get("items")
    if not isinstance(instructions, str) or not isinstance(items, Mapping):
        return None
    statements = tuple(item.id for item in model.items if isinstance(item, LikertItem))
    wordings = tuple((item_id, items.get(item_id)) for item_id in statements)
    if not statements or not all(isinstance(text, str) and text.strip() for _, text in wordings):
        return None
    return ObserverForm(instructions, tuple((item_id, str(text)) for item_id, text in wordings))
