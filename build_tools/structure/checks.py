"""`kb check`: every rule an editor's pull request must follow, as pure functions over the sources."""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from . import frontmatter, markdown_source, sanitise
from .languages import LanguageSet
from .problems import Problem
from .translations import State, translation_status

GENERATED_PAGES = frozenset({"translation-status.md"})


@dataclass(frozen=True)
class Sources:
    """The project's sources as read from disk."""

    languages: LanguageSet
    pages: Mapping[str, Mapping[str, str]]  # language -> path -> text
    assets: Mapping[str, frozenset[str]]  # language -> non-Markdown files
    assessments: frozenset[str] = frozenset()
    extra_problems: list[Problem] = field(default_factory=list)  # from rubric and locale checks
    rubric_links: list[RubricLink] = field(default_factory=list)
    # Markdown body -> HTML with the site's extensions; pages are checked against the sanitiser with it.
    render: Callable[[str], str] | None = None


def _display(language: str, path: str) -> str:
    return f"docs/{language}/{path}"


def known_source_ids(sources: Sources) -> frozenset[str]:
    default = sources.pages[sources.languages.default_code]
    return frozenset(markdown_source.explicit_ids(default.get("sources.md", "")))


def check_page(sources: Sources, language: str, path: str, text: str) -> list[Problem]:
    """Front matter, unsafe content, links, anchors and images of one page."""
    display = _display(language, path)
    split = frontmatter.split_page(text)
    meta, problems = frontmatter.parse_front_matter(split, display)
    if not problems:
        role = frontmatter.page_role(path, is_translation=language != sources.languages.default_code)
        problems = frontmatter.validate_front_matter(
            meta,
            split.front_matter,
            display,
            role,
            known_sources=known_source_ids(sources),
            known_assessments=sources.assessments,
        )
    if sources.render is not None:
        problems.extend(sanitiser_problems(display, text, sources.render(split.body), first_line=split.body_line))
    problems.extend(_link_problems(sources, language, path, split.body, split.body_line))
    return problems


def sanitiser_problems(display: str, text: str, rendered: str, *, first_line: int = 1) -> list[Problem]:
    """What the sanitiser would remove from a page's rendered HTML, at the nearest source line."""
    return [
        Problem(display, _nearest_line(text, change.needle, first_line), f"not published: {change.what}", change.fix)
        for change in sanitise.changes(rendered)
    ]


def _nearest_line(text: str, needle: str, first_line: int) -> int:
    """The first line at or after ``first_line`` that mentions ``needle``, also when written with entities
    or other spacing; the shorter the match, the later it is tried."""

    def squeezed(value: str) -> str:
        return "".join(html.unescape(value).lower().split())

    lines = [(number, squeezed(line)) for number, line in enumerate(text.splitlines(), start=1) if number >= first_line]
    wanted = squeezed(needle)
    for length in (len(wanted), 20, 8):
        part = wanted[:length]
        for number, line in lines:
            if part and part in line:
                return number
    return first_line


def resolve_page(pages: Mapping[str, str], fallback: Mapping[str, str], path: str) -> str | None:
    """The text a link target shows in a language: its own page, else the default-language fallback."""
    own = pages.get(path)
    return own if own is not None else fallback.get(path)


def _resolve(sources: Sources, language: str, path: str) -> str | None:
    return resolve_page(sources.pages[language], sources.pages[sources.languages.default_code], path)


def _link_problems(sources: Sources, language: str, path: str, body: str, first_line: int) -> list[Problem]:
    display = _display(language, path)
    problems: list[Problem] = []
    folder = posixpath.dirname(path)
    for link in markdown_source.links(body, first_line):
        target = link.target
        if link.is_image and not link.text.strip():
            problems.append(
                Problem(
                    display,
                    link.line,
                    f"image `{target}` has no alt text",
                    "describe the image between the brackets: ![what it shows](file.png)",
                )
            )
        if not target or "://" in target or target.startswith(("mailto:", "tel:")):
            continue
        file_part, _, anchor = target.partition("#")
        if not file_part:
            target_path, target_text = path, sources.pages[language].get(path, "")
        else:
            target_path = posixpath.normpath(posixpath.join(folder, file_part))
            if link.is_image or not target_path.endswith(".md"):
                assets = sources.assets.get(language, frozenset()) | sources.assets.get(
                    sources.languages.default_code, frozenset()
                )
                if target_path not in assets:
                    problems.append(
                        Problem(
                            display,
                            link.line,
                            f"link to `{target}`: no such file",
                            "link to a page as `page.md` or add the file next to the page",
                        )
                    )
                continue
            if target_path in GENERATED_PAGES:
                continue
            resolved = _resolve(sources, language, target_path)
            if resolved is None:
                problems.append(
                    Problem(
                        display,
                        link.line,
                        f"link to `{target}`: page does not exist",
                        f"check the path; it is relative to {_display(language, folder or '.')}",
                    )
                )
                continue
            target_text = resolved
        if anchor and anchor not in markdown_source.anchors(target_text):
            problems.append(
                Problem(
                    display,
                    link.line,
                    f"link to `{target}`: no heading with id `{anchor}`",
                    f"use one of the ids in {_display(language, target_path)} (headings carry them as {{#id}})",
                )
            )
    return problems


def broken_link(pages: Mapping[str, str], fallback: Mapping[str, str], link: str) -> str | None:
    """Why a link relative to a language root (``articles/x.md#id``) does not resolve, or None if it does."""
    path, _, anchor = link.partition("#")
    text = resolve_page(pages, fallback, path)
    if text is None:
        return f"page `{path}` does not exist"
    if anchor and anchor not in markdown_source.anchors(text):
        return f"`{path}` has no heading with id `{anchor}`"
    return None


@dataclass(frozen=True)
class RubricLink:
    path: str  # the rubric file
    line: int
    link: str


def rubric_link_problems(sources: Sources, links: list[RubricLink]) -> list[Problem]:
    """Action links of the rubrics must resolve in every language (its own page, else the fallback)."""
    default = sources.pages[sources.languages.default_code]
    problems: list[Problem] = []
    for item in links:
        for language in sources.languages.codes:
            reason = broken_link(sources.pages[language], default, item.link)
            if reason:
                problems.append(
                    Problem(
                        item.path,
                        item.line,
                        f"action link `{item.link}` in {language}: {reason}",
                        "link to an existing page and one of its `{#id}` headings",
                    )
                )
                break
    return problems


def translation_problems(sources: Sources) -> list[Problem]:
    """Missing and outdated translations, as warnings: the site still builds (with the fallback banner)."""
    default = sources.languages.default_code
    metas = {
        code: frontmatter.front_matters(sources.pages[code]) for code in sources.languages.codes if code != default
    }
    problems: list[Problem] = []
    for entry in translation_status(sources.pages[default], metas):
        if entry.state is State.MISSING:
            problems.append(
                Problem(
                    _display(entry.language, entry.path),
                    0,
                    f"missing translation of {_display(default, entry.path)}",
                    f"write it (`kb new` scaffolds pages) — until then readers see the {default} page with a notice",
                    "warning",
                )
            )
        elif entry.state is State.OUTDATED:
            problems.append(
                Problem(
                    _display(entry.language, entry.path),
                    1,
                    f"outdated translation: {_display(default, entry.path)} changed since "
                    f"revision {entry.recorded or '(none)'} (now {entry.current})",
                    "update the text, then `kb stamp " + _display(entry.language, entry.path) + "`",
                    "warning",
                )
            )
    return problems


def orphan_translations(sources: Sources) -> list[Problem]:
    default_paths = set(sources.pages[sources.languages.default_code])
    return [
        Problem(
            _display(language, path),
            1,
            f"page has no {sources.languages.default_code} original",
            f"add {_display(sources.languages.default_code, path)} or move this page to the same path",
        )
        for language in sources.languages.codes
        for path in sorted(set(sources.pages[language]) - default_paths)
    ]


def check_sources(sources: Sources) -> list[Problem]:
    problems: list[Problem] = list(sources.extra_problems)
    for language in sources.languages.codes:
        for path, text in sorted(sources.pages[language].items()):
            problems.extend(check_page(sources, language, path, text))
    problems.extend(rubric_link_problems(sources, sources.rubric_links))
    problems.extend(orphan_translations(sources))
    problems.extend(translation_problems(sources))
    return problems
