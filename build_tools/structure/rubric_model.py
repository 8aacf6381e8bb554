"""Rubrics as the site uses them: checked once, then handed to the form renderer, the link checker and the
JSON the browser's worker scores with."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from breakthrough_scoring import Rubric, content_hash

from .item_rules import keying_problems, statement_problems
from .problems import Problem
from .rubric_yaml import read_rubric

# Where each language's build puts the rubrics its assessment pages use (relative to site/<lang>/).
RUBRICS_DIR = "assets/rubrics"


@dataclass(frozen=True)
class SourceFile:
    """A file as read: its path relative to the project root (as editors see it) and its text."""

    path: str
    text: str


@dataclass(frozen=True)
class RubricFiles:
    """The files of one assessment: ``rubric.yaml`` and the texts of each language that has them."""

    rubric_id: str
    structure: SourceFile
    texts: Mapping[str, SourceFile]


@dataclass(frozen=True)
class RubricLink:
    path: str  # the rubric file
    line: int
    link: str


@dataclass(frozen=True)
class CheckedRubric:
    """A rubric the engine accepts, with the texts of every language whose texts it accepts too."""

    rubric_id: str
    structure: Mapping[str, Any]  # rubric.yaml as written: the content hash and the browser's copy
    model: Rubric  # the engine's reading: items, scales, bands
    texts: Mapping[str, Mapping[str, Any]]  # language -> its texts
    content_hash: str
    links: tuple[RubricLink, ...]

    def client_json(self, language: str) -> str:
        """What the browser's worker passes to ``score_json``: structure and this language's texts."""
        return json.dumps(
            {"structure": self.structure, "texts": self.texts[language]},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )


def action_links(structure: Mapping[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path in the rubric, link) of every action link of its scales and composites."""
    for section in ("scales", "composites"):
        for index, entry in enumerate(structure.get(section) or []):
            actions = entry.get("actions") if isinstance(entry, Mapping) else None
            if not isinstance(actions, Mapping):
                continue
            for band, listed in actions.items():
                for position, action in enumerate(listed if isinstance(listed, list) else []):
                    if isinstance(action, Mapping) and isinstance(action.get("link"), str):
                        yield (section, index, "actions", band, position, "link"), action["link"]


def check_rubric(files: RubricFiles, languages: tuple[str, ...]) -> tuple[CheckedRubric | None, list[Problem]]:
    """The checked rubric (None if the engine refuses its structure) and every problem of its files."""
    reading = read_rubric(
        files.structure.text,
        files.structure.path,
        {code: (files.texts[code].text, files.texts[code].path) for code in languages if code in files.texts},
    )
    problems = [found.reported() for found in reading.problems]
    folder = files.structure.path.rsplit("/", 1)[0]
    problems += [
        Problem(
            f"{folder}/{code}.yaml",
            0,
            f"assessment `{files.rubric_id}` has no {code} texts",
            f"copy {folder}/{languages[0]}.yaml and translate every value — until then the {code} site shows"
            f" the {languages[0]} questionnaire",
            "warning",
        )
        for code in languages
        if code not in files.texts
    ]
    if reading.model is None or reading.structure is None or any(p.severity == "error" for p in problems):
        return None, problems
    structure = reading.structure
    links = tuple(
        RubricLink(structure.display_path, structure.locate(where)[0], link)
        for where, link in action_links(structure.value)
    )
    checked = CheckedRubric(
        rubric_id=files.rubric_id,
        structure=structure.value,
        model=reading.model,
        texts={code: reading.texts[code].value for code in languages if code in reading.clean_languages},
        content_hash=content_hash(structure.value),
        links=links,
    )
    problems += keying_problems(structure, reading.model) + statement_problems(reading.texts, reading.model)
    return checked, problems
