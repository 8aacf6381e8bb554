"""The questionnaire of an assessment page, rendered at build time from its rubric in the page's language.

Plain HTML that works before any script runs: one fieldset per item with a legend and a native radio group.
The script (theme/assets/javascripts/assessment.js) adds progress, saving and scoring on top.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jinja2

from ..files import TEMPLATES_DIR


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    item_id: str
    number: int
    text: str
    options: tuple[Option, ...]


def questions(structure: Mapping[str, Any], texts: Mapping[str, Any]) -> list[Question]:
    """Items in rubric order with their answer options in the texts' language."""
    found: list[Question] = []
    scales = structure.get("answer_scales", {})
    for number, item in enumerate(structure["items"], start=1):
        item_id = item["id"]
        text = texts["items"][item_id]
        if "choice" in item:
            labels = text["options"]
            options = tuple(Option(option["id"], labels[option["id"]]) for option in item["choice"])
            found.append(Question(item_id, number, text["text"], options))
        else:
            values = scales[item["answers"]]["values"]
            labels = texts["answer_scales"][item["answers"]]
            options = tuple(Option(str(value), label) for value, label in zip(values, labels, strict=True))
            found.append(Question(item_id, number, text, options))
    return found


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_form(
    structure: Mapping[str, Any],
    texts: Mapping[str, Any],
    strings: Mapping[str, Any],
    *,
    rubric_url: str,
    runtime_url: str,
    site_root_url: str,
    language: str,
    content_hash: str,
) -> str:
    """HTML of the questionnaire section; every text is autoescaped."""
    client_strings = {key: value for key, value in strings.items() if isinstance(value, str | dict)}
    return (
        _environment()
        .get_template("assessment-form.html")
        .render(
            rubric_id=structure["id"],
            version=structure["version"],
            content_hash=content_hash,
            texts=texts,
            strings=strings,
            questions=questions(structure, texts),
            rubric_url=rubric_url,
            runtime_url=runtime_url,
            site_root_url=site_root_url,
            language=language,
            client_strings=json.dumps(client_strings, ensure_ascii=False, sort_keys=True),
        )
    )
