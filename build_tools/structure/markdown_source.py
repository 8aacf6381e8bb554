"""Reading structure out of Markdown sources without rendering them: headings, anchors, links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
    return list(_headings(markdown, first_line))


@lru_cache(maxsize=4096)  # every link to a page and every action link of a rubric asks for its headings
def _headings(markdown: str, first_line: int) -> tuple[Heading, ...]:
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
    return tuple(found)


def explicit_ids(markdown: str) -> list[str]:
    return [heading.anchor for heading in headings(markdown) if heading.anchor]


_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_INLINE_CODE = re.compile(r"`[^`]*`")


@dataclass(frozen=True)
class Link:
    text: str
    target: str
    line: int
    is_image: bool


_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _blank_comments(markdown: str) -> str:
    """HTML comments replaced by spaces (line breaks kept, so line numbers stay right)."""
    return _HTML_COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), markdown)


def _prose_lines(markdown: str, first_line: int) -> list[tuple[int, str]]:
    """Lines outside fenced code and HTML comments, with inline code blanked out."""
    lines: list[tuple[int, str]] = []
    in_fence = False
    for offset, line in enumerate(_blank_comments(markdown).splitlines()):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            lines.append((first_line + offset, _INLINE_CODE.sub(lambda m: " " * len(m.group()), line)))
    return lines


def links(markdown: str, first_line: int = 1) -> list[Link]:
    """Inline Markdown links and images (reference-style links are not used on this site)."""
    return [
        Link(match.group(2), match.group(3), number, match.group(1) == "!")
        for number, line in _prose_lines(markdown, first_line)
        for match in _LINK.finditer(line)
    ]


def anchors(markdown: str) -> set[str]:
    """Ids a link may point at: explicit ``{#id}`` on headings and elsewhere, else Python-Markdown's slug."""
    return set(_anchors(markdown))


@lru_cache(maxsize=4096)  # asked once per link to the page, from every page and rubric that links to it
def _anchors(markdown: str) -> frozenset[str]:
    from markdown.extensions.toc import slugify

    found = set(re.findall(r"\{[^}\n]*#([A-Za-z0-9_-]+)[^}\n]*\}", markdown))
    found |= set(re.findall(r"\bid=\"([^\"]+)\"", markdown))
    for heading in headings(markdown):
        if not heading.anchor:
            slug = slugify(heading.text, "-")
            if slug:
                found.add(slug)
    return frozenset(found)
