"""Reading structure out of Markdown sources without rendering them: headings, anchors, links."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATTR_ID = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str | None  # explicit `{#id}`, if any
    line: int


def headings(markdown: str, first_line: int = 1) -> list[Heading]:
    """ATX headings outside fenced code blocks, with their explicit ids."""
    found: list[Heading] = []
    in_fence = False
    for offset, line in enumerate(markdown.splitlines()):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = _HEADING.match(line)
        if not match:
            continue
        text = match.group(2)
        id_match = _ATTR_ID.search(text)
        anchor = id_match.group(1) if id_match else None
        if id_match:
            text = text[: id_match.start()].rstrip()
        found.append(Heading(len(match.group(1)), text, anchor, first_line + offset))
    return found


def explicit_ids(markdown: str) -> list[str]:
    return [heading.anchor for heading in headings(markdown) if heading.anchor]
