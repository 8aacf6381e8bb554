"""Rubrics as the site uses them: read from assessments/, validated by the engine, serialised for the browser."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from breakthrough_scoring import RubricError, content_hash, load_rubric

from . import files as fs
from .structure.rubric_yaml import YamlFileError, parse_yaml, rubric_error_messages

# Where each language's build puts the rubrics its assessment pages use (relative to site/<lang>/).
RUBRICS_DIR = "assets/rubrics"


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


class RubricLoadError(RuntimeError):
    pass


@dataclass(frozen=True)
class LoadedRubric:
    structure: dict[str, Any]
    texts: dict[str, Any]
    language: str
    content_hash: str

    def client_json(self) -> str:
        """What the browser's worker passes to ``score_json``: structure and this language's texts."""
        return json.dumps(
            {"structure": self.structure, "texts": self.texts},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )


def load_rubric_for_page(root: Path, rubric_id: str, language: str) -> LoadedRubric:
    """The rubric and its texts in ``language``, checked by the engine; errors say path:line:column."""
    found = fs.read_rubric_files(root, rubric_id, [language])
    if "rubric" not in found:
        raise RubricLoadError(
            f"assessment `{rubric_id}`: assessments/{rubric_id}/rubric.yaml does not exist — "
            "check the `assessment:` front matter value"
        )
    if language not in found:
        raise RubricLoadError(
            f"assessment `{rubric_id}`: assessments/{rubric_id}/{language}.yaml does not exist — "
            "translate the rubric texts into this language"
        )
    try:
        structure_doc = parse_yaml(found["rubric"][1], f"assessments/{rubric_id}/rubric.yaml")
        texts_doc = parse_yaml(found[language][1], f"assessments/{rubric_id}/{language}.yaml")
    except YamlFileError as error:
        raise RubricLoadError(str(error)) from error
    structure, texts = structure_doc.value, texts_doc.value
    try:
        load_rubric(structure, texts, language=language)
    except RubricError as error:
        messages = rubric_error_messages(error, structure_doc, texts_doc)
        raise RubricLoadError("\n  ".join(["invalid rubric:", *messages])) from error
    return LoadedRubric(structure, texts, language, content_hash(structure))
