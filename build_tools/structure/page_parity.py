"""One structure in every language: a translation has the default language's sections, in the same order and
at the same levels, and as many entries in each list or table marked as carrying structure.

A section is a heading as the site renders it: its id is the explicit ``{#id}`` or, without one, the slug of
the heading's text, so a translated heading keeps the default language's id with ``{#id}``. A structural list
or table is marked by an HTML comment on the line before it::

    <!-- structure: duty-groups -->
    1. Sales strategy
    2. ...

Pages are read through the same Markdown renderer as the rest of `kb check` (the extensions of mkdocs.yml),
never by matching source lines, so nesting, code blocks and lazy list continuations count as the site shows
them. Source lines are looked up only to say where a problem is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from . import frontmatter, markdown_source
from .problems import Problem
from .translations import Entry, State

MARKER = "structure:"
_MARKER_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = {"ul": "li", "ol": "li", "dl": "dt", "table": "tr"}
_KINDS = {"ul": "bulleted list", "ol": "numbered list", "dl": "definition list", "table": "table"}
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
MARKER_FIX = (
    "put `<!-- structure: name -->` (lowercase name, unique on the page) on the line right before a list or table"
)


@dataclass(frozen=True)
class Section:
    level: int
    anchor: str
    line: int

    def __str__(self) -> str:
        return f"`#{self.anchor}` (h{self.level})"


@dataclass(frozen=True)
class Block:
    """A marked list or table: ``entries`` counts its top-level items, terms or body rows."""

    name: str
    tag: str
    entries: int
    line: int
    section: str | None  # the section it is in: where a translation that lacks it should get it

    @property
    def kind(self) -> str:
        return _KINDS[self.tag]


@dataclass(frozen=True)
class PageStructure:
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    problems: tuple[tuple[int, str], ...]  # (line, message): markers that mark nothing or repeat a name


@dataclass
class _Open:
    name: str
    line: int
    tag: str
    depth: int
    section: str | None
    entries: int = 0


class _Outline(HTMLParser):
    """Headings with their ids, and the entries of the element following each structure marker."""

    def __init__(self, line_of_marker: Callable[[str, int], int], line_of_heading: Callable[[str], int]) -> None:
        super().__init__(convert_charrefs=True)
        self._line_of_marker = line_of_marker
        self._line_of_heading = line_of_heading
        self.sections: list[Section] = []
        self.blocks: list[Block] = []
        self.problems: list[tuple[int, str]] = []
        self._stack: list[str] = []
        self._pending: tuple[str, int, int] | None = None  # name, line, depth of a marker not yet matched
        self._open: list[_Open] = []
        self._names: set[str] = set()
        self._comments: list[str] = []  # marker comments so far, to place a repeated one at its own line

    def handle_comment(self, data: str) -> None:
        text = data.strip()
        if not text.startswith(MARKER):
            return
        name = text[len(MARKER) :].strip()
        line = self._line_of_marker(text, sum(1 for seen in self._comments if seen == text))
        self._comments.append(text)
        self._settle_pending()
        if not _MARKER_NAME.fullmatch(name) or name in self._names:
            what = "repeats the name" if name in self._names else "has no valid name"
            self.problems.append((line, f"structure marker `{_short(text)}` {what}"))
            return
        self._names.add(name)
        self._pending = (name, line, len(self._stack))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        depth = len(self._stack)
        if self._pending is not None:
            name, line, marker_depth = self._pending
            self._pending = None
            if tag in _BLOCKS and depth == marker_depth:
                section = self.sections[-1].anchor if self.sections else None
                self._open.append(_Open(name, line, tag, depth, section))
            else:
                self._unmarked(name, line)
        for block in self._open:
            if _counts(block, tag, depth, self._stack):
                block.entries += 1
        if tag in _HEADINGS:
            anchor = dict(attrs).get("id")
            if anchor:
                self.sections.append(Section(int(tag[1]), anchor, self._line_of_heading(anchor)))
        if tag not in _VOID:
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        while self._stack:
            closed = self._stack.pop()
            depth = len(self._stack)
            for block in [block for block in self._open if block.depth == depth and block.tag == closed]:
                self._open.remove(block)
                self.blocks.append(Block(block.name, block.tag, block.entries, block.line, block.section))
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip():
            self._settle_pending()

    def close(self) -> None:
        super().close()
        self._settle_pending()
        for block in self._open:  # unclosed at the end of the page: count what is there
            self.blocks.append(Block(block.name, block.tag, block.entries, block.line, block.section))
        self._open.clear()

    def _settle_pending(self) -> None:
        if self._pending is not None:
            name, line, _depth = self._pending
            self._pending = None
            self._unmarked(name, line)

    def _unmarked(self, name: str, line: int) -> None:
        self.problems.append((line, f"structure marker `{name}` is not followed by a list or table"))


def _counts(block: _Open, tag: str, depth: int, stack: list[str]) -> bool:
    if block.tag == "table":  # body rows of this table, not of a table nested in a cell
        return tag == "tr" and "thead" not in stack[block.depth :] and stack[block.depth :].count("table") == 1
    return tag == _BLOCKS[block.tag] and depth == block.depth + 1


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def page_structure(body: str, render: Callable[[str], str], first_line: int = 1) -> PageStructure:
    """The sections and marked blocks of a page body, as ``render`` (the site's Markdown) shows them."""
    from markdown.extensions.toc import slugify

    lines = body.splitlines()
    fenced: set[int] = set()
    in_fence = False
    for offset, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            fenced.add(offset)
        elif in_fence:
            fenced.add(offset)
    source_headings = markdown_source.headings(body, first_line)
    heading_lines: dict[str, int] = {}
    for heading in source_headings:
        for anchor in (heading.anchor, slugify(heading.text, "-")):
            if anchor:
                heading_lines.setdefault(anchor, heading.line)

    def line_of_marker(comment: str, occurrence: int) -> int:
        """The line of the ``occurrence``-th comment with this text outside fenced code (for messages only)."""
        wanted = " ".join(comment.split())
        found = [
            first_line + offset
            for offset, line in enumerate(lines)
            if offset not in fenced and f"<!-- {wanted} -->" in " ".join(line.split())
        ]
        return found[occurrence] if occurrence < len(found) else first_line

    outline = _Outline(line_of_marker, lambda anchor: heading_lines.get(anchor, first_line))
    outline.feed(render(body))
    outline.close()
    sections = outline.sections
    if len(sections) == len(source_headings):  # one to one (no heading inside an admonition): lines by position
        sections = [
            Section(section.level, section.anchor, heading.line)
            for section, heading in zip(sections, source_headings, strict=True)
        ]
    return PageStructure(tuple(sections), tuple(outline.blocks), tuple(outline.problems))


def compare(
    original: PageStructure, original_display: str, translation: PageStructure, display: str, severity: str
) -> list[Problem]:
    """How ``translation`` departs from ``original``: the first section out of place, then every marked block
    missing, extra, out of order or with another number of entries."""
    problems: list[Problem] = []
    for index in range(max(len(original.sections), len(translation.sections))):
        want = original.sections[index] if index < len(original.sections) else None
        have = translation.sections[index] if index < len(translation.sections) else None
        if want == have or (want and have and (want.level, want.anchor) == (have.level, have.anchor)):
            continue
        if have is None:
            assert want is not None
            message = f"section {want} of {original_display}:{want.line} is missing (the page ends before it)"
            line = translation.sections[-1].line if translation.sections else 1
        elif want is None:
            message = f"section {have} is not in {original_display}, which ends before it"
            line = have.line
        else:
            message = f"section {index + 1} is {have} here but {want} in {original_display}:{want.line}"
            line = have.line
        fix = (
            f"give every section the place, level and `{{#id}}` it has in {original_display} "
            "(the English slug is the id); add or remove sections there first if the outline must change"
        )
        problems.append(Problem(display, line, message, fix, severity))
        break  # the rest follows from the first difference
    wanted = {block.name: block for block in original.blocks}
    present = {block.name: block for block in translation.blocks}
    section_lines = {section.anchor: section.line for section in translation.sections}
    for block in original.blocks:
        if block.name not in present:
            problems.append(
                Problem(
                    display,
                    section_lines.get(block.section or "", 1),
                    f"structural {block.kind} `{block.name}` of {original_display}:{block.line} is missing",
                    f"mark the matching {block.kind} with `<!-- structure: {block.name} -->`",
                    severity,
                )
            )
    for block in translation.blocks:
        original_block = wanted.get(block.name)
        if original_block is None:
            problems.append(
                Problem(
                    display,
                    block.line,
                    f"structural {block.kind} `{block.name}` is not in {original_display}",
                    f"use the names marked in {original_display}, or mark the {block.kind} there first",
                    severity,
                )
            )
        elif (block.tag, block.entries) != (original_block.tag, original_block.entries):
            problems.append(
                Problem(
                    display,
                    block.line,
                    f"`{block.name}` is a {block.kind} of {block.entries} entries here but a {original_block.kind}"
                    f" of {original_block.entries} in {original_display}:{original_block.line}",
                    f"give it the same entries as in {original_display}, in the same order",
                    severity,
                )
            )
    order = [block.name for block in translation.blocks if block.name in wanted]
    if order != [block.name for block in original.blocks if block.name in present]:
        problems.append(
            Problem(
                display,
                translation.blocks[0].line,
                f"structural blocks come in another order than in {original_display}: {', '.join(order)}",
                f"put them in the order of {original_display}",
                severity,
            )
        )
    return problems


def parity_problems(
    pages: Mapping[str, Mapping[str, str]], default: str, render: Callable[[str], str], status: Iterable[Entry]
) -> list[Problem]:
    """Markers that mark nothing, in every language; and every translation ``status`` lists (the translation
    status of each default-language page in each language) against the default language.

    A mismatch is an error when the translation is stamped as made from the default language's current text
    (its stamp claims both say the same thing); while it is outdated it is a warning beside the outdated
    warning, because an editor may change the English outline before the translators catch up.
    """
    structures: dict[str, dict[str, PageStructure]] = {}
    problems: list[Problem] = []
    for language, language_pages in pages.items():
        for path, text in sorted(language_pages.items()):
            split = frontmatter.split_page(text)
            structure = page_structure(split.body, render, split.body_line)
            structures.setdefault(language, {})[path] = structure
            problems += [
                Problem(f"docs/{language}/{path}", line, message, MARKER_FIX) for line, message in structure.problems
            ]
    for entry in status:
        if entry.state is State.MISSING or entry.path not in structures.get(entry.language, {}):
            continue
        severity = "error" if entry.state is State.TRANSLATED else "warning"
        problems += compare(
            structures[default][entry.path],
            f"docs/{default}/{entry.path}",
            structures[entry.language][entry.path],
            f"docs/{entry.language}/{entry.path}",
            severity,
        )
    return problems
