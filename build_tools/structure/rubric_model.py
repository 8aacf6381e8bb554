"""Rubrics as the site uses them: checked once, then handed to the form renderer, the link checker and the
JSON the browser's worker scores with."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from breakthrough_scoring import Rubric, content_hash

from . import markdown_source
from .frontmatter import parse_front_matter, split_page
from .item_rules import keying_problems, statement_problems
from .observer_texts import observer_problems
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
    # language -> action link -> the titles of the page and section it leads to, as that language's site
    # shows them (``with_link_titles``)
    link_titles: Mapping[str, Mapping[str, LinkTitle]] = field(default_factory=dict)

    def client_json(self, language: str) -> str:
        """What the browser's worker passes to ``score_json`` (structure and this language's texts), and what
        the page names the actions' links with (``links``: link -> its page's and section's titles), so that
        showing a result needs no other download."""
        titles = self.link_titles.get(language, {})
        return json.dumps(
            {
                "structure": self.structure,
                "texts": self.texts[language],
                "links": {link: {"page": title.page, "section": title.section} for link, title in titles.items()},
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )

    def with_link_titles(self, pages: Mapping[str, Mapping[str, str]], default: str) -> CheckedRubric:
        """This rubric with the titles its action links lead to in every language of its texts, from ``pages``
        (language -> path -> Markdown source): each language's own page, else the default language's, as the
        build publishes them. A link that does not resolve gets no title (the link checker reports it)."""
        titles: dict[str, dict[str, LinkTitle]] = {}
        for language in self.texts:
            own, fallback = pages.get(language, {}), pages.get(default, {})
            found = {link.link: link_title(own, fallback, link.link) for link in self.links}
            titles[language] = {link: title for link, title in sorted(found.items()) if title is not None}
        return dataclasses.replace(self, link_titles=titles)


@dataclass(frozen=True)
class LinkTitle:
    page: str
    section: str  # empty for a link to the whole page


_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Emphasis and code spans; underscores only at word edges, as Python-Markdown reads them (snake_case stays).
_INLINE_MARKS = re.compile(r"(\*\*|\*|`)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")
_TAG = re.compile(r"<[^>]*>")


def plain_heading(text: str) -> str:
    """A heading's Markdown as the text a reader sees (links, emphasis, code and tags reduced to their text)."""
    text = _TAG.sub("", _INLINE_LINK.sub(r"\1", text))
    previous = None
    while previous != text:
        previous, text = text, _INLINE_MARKS.sub(lambda found: found[2] or found[4], text)
    return " ".join(text.split())


def link_title(pages: Mapping[str, str], fallback: Mapping[str, str], link: str) -> LinkTitle | None:
    """The titles of ``link`` (``articles/x.md#id``, relative to a language root): the page's front matter
    title (else its first heading) and the heading the anchor names; None if either is missing."""
    from markdown.extensions.toc import slugify  # the ids MkDocs gives headings without an explicit one

    path, _, anchor = link.partition("#")
    text = pages.get(path)
    if text is None:
        text = fallback.get(path)
    if text is None:
        return None
    split = split_page(text)
    meta, _ = parse_front_matter(split, path)
    found = markdown_source.headings(split.body, split.body_line)
    title = meta.get("title")
    page = title.strip() if isinstance(title, str) else None
    if not page:
        page = next((plain_heading(heading.text) for heading in found if heading.level == 1), None)
    if not page:
        return None
    if not anchor:
        return LinkTitle(page, "")
    for heading in found:
        if anchor == (heading.anchor or slugify(heading.text, "-")):
            return LinkTitle(page, plain_heading(heading.text))
    return None


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
    problems += observer_problems(reading.texts, reading.model)
    return checked, problems
