"""`kb new assessment`: a minimal rubric the engine accepts, its texts and its page in every language.

Nothing unwritten can be published: every text of the scaffold is empty, and `kb check` and the build refuse
empty texts (the rubric texts' schema and the pages' front matter require at least one visible character).
The author shapes the rubric, writes the texts, and the errors go away one by one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from breakthrough_scoring import load_rubric, text_paths

from .languages import LanguageSet
from .translations import revision

RUBRIC_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ASSESSMENTS_FOLDER = "assessments"  # under docs/<lang>/, as in assessments/<id>/ at the root

RUBRIC_TEMPLATE = """\
# yaml-language-server: $schema=../rubric.schema.json
# Scaffolded by `kb new assessment {id}`: the smallest rubric the engine accepts (one scale of four
# statements). Shape it into the assessment: scales, items, bands and their actions (see the other rubrics
# for composites, profiles and rankings). What is scored lives only here; texts go into <lang>.yaml.
id: {id}
version: 1
result: scale-profile
min_answers_total: 3
answer_scales:
  agree5: {{values: [1, 2, 3, 4, 5]}}
bands:
  - {{id: low, min: 0}}
  - {{id: middle, min: 40, neutral: true}}
  - {{id: high, min: 70}}
scales:
  - id: {scale}
    polarity: strength
    actions:
      low:
        - {{id: first-step}}
      middle:
        - {{id: next-step}}
      high:
        - {{id: keep-going}}
items:
  - {{id: {prefix}-01, scale: {scale}, answers: agree5}}
  - {{id: {prefix}-02, scale: {scale}, answers: agree5}}
  - {{id: {prefix}-03, scale: {scale}, answers: agree5, reverse: true}}
  - {{id: {prefix}-04, scale: {scale}, answers: agree5}}
"""

TEXTS_HEADER = """\
# yaml-language-server: $schema=../texts.schema.json
# The {language} texts of `{id}`, scaffolded by `kb new assessment`. Write every empty value ("") in this
# language: `kb check` refuses empty texts, so nothing unwritten is published. The keys follow rubric.yaml.
"""


def rubric_path(rubric_id: str) -> str:
    if not RUBRIC_ID.match(rubric_id):
        raise ValueError(f"assessment id `{rubric_id}` must be lowercase words joined by hyphens, e.g. `demo-check`")
    return f"assessments/{rubric_id}/rubric.yaml"


def page_path(rubric_id: str) -> str:
    """The assessment's page, relative to docs/<lang>/."""
    return f"{ASSESSMENTS_FOLDER}/{rubric_id}.md"


def scaffold_rubric(rubric_id: str) -> str:
    rubric_path(rubric_id)
    prefix = "".join(word[0] for word in rubric_id.split("-"))
    text = RUBRIC_TEMPLATE.format(id=rubric_id, scale=rubric_id, prefix=prefix)
    load_rubric(yaml.safe_load(text))  # the scaffold is what the engine accepts, or a bug here
    return text


def scaffold_texts(rubric_text: str, rubric_id: str, language: str) -> str:
    """Every text the rubric needs, empty, in the engine's order; ``language`` filled in."""
    skeleton: dict[str, Any] = {}
    for path in text_paths(load_rubric(yaml.safe_load(rubric_text))):
        *parents, last = path
        folder: Any = skeleton
        for position, key in enumerate(parents):
            following = path[position + 1]
            folder = folder.setdefault(key, [] if isinstance(following, int) else {})
        if isinstance(last, int):
            folder.append("")
        else:
            folder[last] = language if path == ("language",) else ""
    return TEXTS_HEADER.format(language=language, id=rubric_id) + "".join(_block(skeleton, 0))


def _block(value: Mapping[str, Any] | list[Any], depth: int) -> list[str]:
    """Block-style YAML, one text a line (room to write each), strings double-quoted."""
    indent = "  " * depth
    lines: list[str] = []
    entries = value.items() if isinstance(value, Mapping) else ((None, item) for item in value)
    for key, item in entries:
        head = f"{indent}{key}:" if key is not None else f"{indent}-"
        if isinstance(item, Mapping | list):
            lines.append(head + "\n")
            lines.extend(_block(item, depth + 1))
        else:
            lines.append(f"{head} {json.dumps(item, ensure_ascii=False)}\n")
    return lines


def scaffold_pages(rubric_id: str, languages: LanguageSet, today: dt.date) -> dict[str, str]:
    """language -> the assessment page: empty title and description (refused until written), the rubric id.

    Translations record the default page's revision, as `kb new article` does, so they show as outdated
    once the default-language page is written."""
    default = _page(rubric_id, today, None)
    pages = {languages.default_code: default}
    for language in languages.translations:
        pages[language.code] = _page(rubric_id, today, revision(default))
    return pages


def _page(rubric_id: str, today: dt.date, translated_from: str | None) -> str:
    lines = ["---", 'title: ""', 'description: ""', f"updated: {today.isoformat()}", f"assessment: {rubric_id}"]
    if translated_from is not None:
        lines.append(f"translated_from: {json.dumps(translated_from)}")
    return "\n".join([*lines, "---", ""])


def add_to_nav(mkdocs_text: str, rubric_id: str, known_ids: Sequence[str]) -> str:
    """mkdocs.yml with the page in `nav`, after the last assessment page listed there (text edit)."""
    entry = page_path(rubric_id)
    pattern = re.compile(r"^(\s*-\s+)" + re.escape(ASSESSMENTS_FOLDER) + r"/([a-z0-9-]+)\.md\s*$")
    lines = mkdocs_text.splitlines(keepends=True)
    anchor = None
    for number, line in enumerate(lines):
        match = pattern.match(line)
        if match and match.group(2) in {*known_ids, "index"}:
            anchor = (number, match.group(1))
    if anchor is None:
        raise ValueError(f"mkdocs.yml: no `- {ASSESSMENTS_FOLDER}/….md` entry in `nav`; add `- {entry}` by hand")
    number, indent = anchor
    lines.insert(number + 1, f"{indent}{entry}\n")
    return "".join(lines)


def unwritten(texts: Mapping[str, Any]) -> int:
    """How many texts of a texts file are still empty (for the command's summary)."""

    def count(value: Any) -> int:
        if isinstance(value, Mapping):
            return sum(count(v) for v in value.values())
        if isinstance(value, list):
            return sum(count(v) for v in value)
        return int(isinstance(value, str) and not value.strip())

    return count(texts)
