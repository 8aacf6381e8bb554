"""What changed in a default-language page between two of its texts, section by section (by heading id).

Translators keep the heading ids (``{#id}``) of the default language, so a section is found under the same id
in the translation: the diff names sections by id, and the title and description as fields of their own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .frontmatter import parse_front_matter, split_page
from .markdown_source import headings

LEAD = "(lead)"  # the text before the first heading


@dataclass(frozen=True)
class Section:
    key: str  # "title", "description", LEAD or "#<id>" (or "## <text>" for a heading without an id)
    heading: str
    text: str
    alias: str = ""  # "## <text>" for every heading: a section that gains or loses its id is the same section


@dataclass(frozen=True)
class Change:
    key: str
    kind: str  # "changed", "added", "removed"
    heading: str
    diff: tuple[str, ...]  # unified-diff lines (without file headers)


def sections(page_text: str) -> list[Section]:
    """Title, description, the lead, then one section per heading (its line and the text up to the next)."""
    split = split_page(page_text)
    meta: dict[str, Any]
    meta, _ = parse_front_matter(split, "")
    found = [
        Section("title", "title", str(meta.get("title", ""))),
        Section("description", "description", str(meta.get("description", ""))),
    ]
    lines = split.body.splitlines()
    starts = [(heading.line - 1, heading) for heading in headings(split.body)]
    first = starts[0][0] if starts else len(lines)
    found.append(Section(LEAD, LEAD, _text(lines[:first])))
    for index, (start, heading) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        key = f"#{heading.anchor}" if heading.anchor else f"{'#' * heading.level} {heading.text}"
        alias = f"{'#' * heading.level} {heading.text}"
        found.append(Section(key, lines[start].strip(), _text(lines[start:end]), alias))
    return found


def _text(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip()


def changes(old_text: str, new_text: str) -> Iterator[Change]:
    """Each section that differs, in the order of the new text (removed sections last)."""
    old = {section.key: section for section in sections(old_text)}
    new = {section.key: section for section in sections(new_text)}
    by_alias = {section.alias: section for section in old.values() if section.alias and section.key not in new}
    matched: set[str] = set()
    for key, section in new.items():
        before = old.get(key) or by_alias.get(section.alias)
        if before is not None:
            matched.add(before.key)
        if before is None:
            yield Change(key, "added", section.heading, _diff("", section.text))
        elif before.text != section.text:
            yield Change(key, "changed", section.heading, _diff(before.text, section.text))
    for key, section in old.items():
        if key not in matched:
            yield Change(key, "removed", section.heading, _diff(section.text, ""))


def _diff(before: str, after: str) -> tuple[str, ...]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
    return tuple(line for line in lines if not line.startswith(("---", "+++")))


def render(found: list[Change]) -> str:
    """The changes as text for a terminal: one block per section, its diff indented."""
    blocks = []
    for change in found:
        label = change.key if change.heading == change.key else f"{change.key} ({change.heading})"
        blocks.append(f"{label}: {change.kind}")
        blocks.extend(f"    {line}" for line in change.diff)
    return "\n".join(blocks)
