"""The site's navigation: the hand-written `nav` of mkdocs.yml plus the articles, placed by their front matter.

Editors never list an article in mkdocs.yml: every page in ``articles/`` (but the index) is listed after
``articles/index.md`` in the nav section that holds it, sorted by its ``order`` and grouped by its ``section``, as the
default-language page says, in every language (a language without the page lists the fallback copy at its
own URL). One rule decides what the navigation holds (``site_nav``) and what is wrong with it
(``nav_problems``); `kb check` and the build both use them. ``pruned`` keeps each page's copy of the
navigation small when there are hundreds of articles; the articles index (``index_html``) lists them all.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .frontmatter import front_matters
from .problems import Problem

ARTICLES_DIR = "articles"
ARTICLES_INDEX = f"{ARTICLES_DIR}/index.md"
# Pages either side of the current article in its nav section; a section this small is never pruned.
NEIGHBOURS = 3
UNPRUNED_MAX = 2 * NEIGHBOURS + 1


@dataclass(frozen=True)
class Article:
    path: str  # under docs/<lang>/
    order: int | None
    section: str | None

    @property
    def sort_key(self) -> tuple[bool, int, str]:
        return (self.order is None, self.order or 0, self.path)


def is_article(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 2 and parts[0] == ARTICLES_DIR and parts[1].endswith(".md") and path != ARTICLES_INDEX


def articles(default_pages: Mapping[str, str]) -> tuple[Article, ...]:
    """The articles of the default language, in navigation order (front matter that cannot be read or
    carries invalid values counts as absent here; `kb check` reports it)."""
    found = [_article(path, text) for path, text in default_pages.items() if is_article(path)]
    return tuple(sorted(found, key=lambda article: article.sort_key))


@lru_cache(maxsize=4096)
def _article(path: str, text: str) -> Article:
    """Cached: the check, the nav and the index all ask, and a thousand front matters take a while to parse."""
    meta = front_matters({path: text})[path]
    order = meta.get("order")
    section = meta.get("section")
    return Article(
        path,
        order if isinstance(order, int) and not isinstance(order, bool) else None,
        section if isinstance(section, str) and section.strip() else None,
    )


def article_entries(ordered: Sequence[Article]) -> list[Any]:
    """Nav entries in mkdocs.yml's shape: unsectioned paths, and ``{section: [paths]}`` placed where the
    section's first article falls."""
    entries: list[Any] = []
    sections: dict[str, list[str]] = {}
    for article in ordered:
        if article.section is None:
            entries.append(article.path)
        elif article.section in sections:
            sections[article.section].append(article.path)
        else:
            sections[article.section] = [article.path]
            entries.append({article.section: sections[article.section]})
    return entries


def site_nav(base_nav: Any, default_pages: Mapping[str, str]) -> Any:
    """mkdocs.yml's nav with the articles added to the section that lists the articles index."""
    generated = article_entries(articles(default_pages))

    def place(node: Any) -> Any:
        if isinstance(node, list):
            if ARTICLES_INDEX in node:
                return [*node, *generated]
            return [place(item) for item in node]
        if isinstance(node, dict):
            return {key: place(value) for key, value in node.items()}
        return node

    return place(base_nav)


def listed_paths(nav: Any) -> Iterator[str]:
    """Every page path of a nav, in order (titles and external links are not paths)."""
    if isinstance(nav, list):
        for item in nav:
            yield from listed_paths(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from listed_paths(value)
    elif isinstance(nav, str) and "://" not in nav:
        yield nav


def nav_problems(
    base_nav: Any, default_pages: Mapping[str, str], generated: frozenset[str], *, default_code: str
) -> list[Problem]:
    """What the build's navigation would get wrong, as errors naming the file to fix: a page in no nav, an
    article listed by hand where the articles are listed from front matter, a listed page that does not
    exist, a page listed twice. (A nav without the articles index lists its articles by hand, like any page.)"""
    problems: list[Problem] = []
    hand_listed = list(listed_paths(base_nav))
    generates = ARTICLES_INDEX in hand_listed
    seen: set[str] = set()
    for path in hand_listed:
        if generates and is_article(path):
            problems.append(
                Problem(
                    "mkdocs.yml",
                    0,
                    f"`nav` lists the article `{path}` by hand",
                    "remove the line: articles are listed from their front matter (`order:`, `section:` in"
                    f" docs/{default_code}/{path})",
                )
            )
        elif path not in default_pages and path not in generated:
            problems.append(
                Problem(
                    "mkdocs.yml",
                    0,
                    f"`nav` lists `{path}`, which does not exist",
                    f"create docs/{default_code}/{path} or remove the line from `nav`",
                )
            )
        elif path in seen:
            problems.append(
                Problem("mkdocs.yml", 0, f"`nav` lists `{path}` twice", "keep one of the two lines in `nav`")
            )
        seen.add(path)
    listed = set(listed_paths(site_nav(base_nav, default_pages)))
    for path in sorted(set(default_pages) - listed):
        fix = f"add `- {path}` to `nav` in mkdocs.yml"
        if is_article(path):
            fix += f" (or list `- {ARTICLES_INDEX}` there: articles are then listed from their front matter)"
        problems.append(Problem(f"docs/{default_code}/{path}", 1, "the page is in no navigation", fix))
    return problems


# A node of the Articles section: a page path, or a section title with its page paths.
Node = str | tuple[str, tuple[str, ...]]


def pruned(children: Sequence[Node], current: str | None) -> list[Node]:
    """What one page shows of a large Articles section: the index, and the current article with its
    neighbours in its own group; everything else is one click away on the index. Small sections stay whole."""
    flat = [node for node in children if isinstance(node, str)]
    groups = [node for node in children if not isinstance(node, str)]
    if len(flat) + sum(len(pages) for _, pages in groups) <= UNPRUNED_MAX:
        return list(children)
    index: list[Node] = [path for path in flat if not is_article(path)]
    loose = [path for path in flat if is_article(path)]
    if current in loose:
        return [*index, *_window(loose, current)]
    for title, pages in groups:
        if current in pages:
            return [*index, (title, tuple(_window(list(pages), current)))]
    return index


def _window(paths: list[str], current: str) -> list[str]:
    at = paths.index(current)
    start = max(0, min(at - NEIGHBOURS, len(paths) - UNPRUNED_MAX))
    return paths[start : start + UNPRUNED_MAX]


@dataclass(frozen=True)
class IndexEntry:
    """One article as the index lists it, in the reader's language (or the default's, for a fallback)."""

    href: str
    title: str
    description: str


def index_html(groups: Sequence[tuple[str | None, Sequence[IndexEntry]]], *, heading_ids: Sequence[str]) -> str:
    """The list of every article, grouped by section (``None`` for articles outside any section); texts are
    escaped here, once. ``heading_ids`` gives each titled group's heading id (for the table of contents)."""
    parts: list[str] = []
    ids = iter(heading_ids)
    for title, entries in groups:
        if title is not None:
            parts.append(f'<h2 id="{html.escape(next(ids))}">{html.escape(title)}</h2>')
        items = "".join(
            f'<li><a href="{html.escape(entry.href)}">{html.escape(entry.title)}</a>'
            f"<p>{html.escape(entry.description)}</p></li>"
            for entry in entries
        )
        parts.append(f'<ul class="bt-article-list">{items}</ul>')
    return "\n".join(parts)


def section_id(section: str) -> str:
    """The heading id of a section on the articles index (from its English name, the same in every language)."""
    return "section-" + "-".join("".join(c if c.isalnum() else " " for c in section.lower()).split())
