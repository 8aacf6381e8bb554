"""`kb check`: every rule an editor's pull request must follow, as pure functions over the sources."""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable, Mapping

from . import frontmatter, locales, markdown_source, navigation, page_parity, sanitise, untranslated
from .model import GENERATED_PAGES, SOURCES_PAGE, Project, Sources
from .problems import Problem
from .rubric_model import CheckedRubric, check_rubric
from .siteconfig import nav_section_titles
from .translations import ORIGINALS_FOLDER, Entry, State, revision, translation_status


def _display(language: str, path: str) -> str:
    return f"docs/{language}/{path}"


def page_problems(
    project: Project, language: str, path: str, text: str, rendered: str | None, *, sanitised: str | None = None
) -> list[Problem]:
    """Front matter, markup the sanitiser would remove, links, anchors and images of one page written in
    ``language``. ``rendered`` is the page body as HTML (MkDocs' own in the build, the same extensions' in
    `kb check`); None skips the sanitiser comparison. ``sanitised``: the sanitiser's output for ``rendered``
    when the caller made it already (the build does, to publish it), so it is not made twice."""
    display = _display(language, path)
    split = frontmatter.split_page(text)
    meta, problems = frontmatter.parse_front_matter(split, display)
    if not problems:
        role = frontmatter.page_role(path, is_translation=language != project.languages.default_code)
        problems = frontmatter.validate_front_matter(
            meta,
            split.front_matter,
            display,
            role,
            known_sources=project.known_sources,
            known_assessments=project.assessment_ids,
        )
    if rendered is not None:
        problems.extend(sanitiser_problems(display, text, rendered, first_line=split.body_line, sanitised=sanitised))
    problems.extend(_link_problems(project, language, path, split.body, split.body_line))
    return problems


def sanitiser_problems(
    display: str, text: str, rendered: str, *, first_line: int = 1, sanitised: str | None = None
) -> list[Problem]:
    """What the sanitiser would remove from a page's rendered HTML, at the nearest source line."""
    return [
        Problem(display, _nearest_line(text, change.needle, first_line), f"not published: {change.what}", change.fix)
        for change in sanitise.changes(rendered, sanitised=sanitised)
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


def _resolve(project: Project, language: str, path: str) -> str | None:
    return resolve_page(project.pages[language], project.pages[project.languages.default_code], path)


def _link_problems(project: Project, language: str, path: str, body: str, first_line: int) -> list[Problem]:
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
            target_path, target_text = path, project.pages[language].get(path, "")
        else:
            target_path = posixpath.normpath(posixpath.join(folder, file_part))
            if link.is_image or not target_path.endswith(".md"):
                assets = project.sources.assets.get(language, frozenset()) | project.sources.assets.get(
                    project.languages.default_code, frozenset()
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
            resolved = _resolve(project, language, target_path)
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


def rubric_link_problems(sources: Sources, rubrics: Mapping[str, CheckedRubric]) -> list[Problem]:
    """Action links of the rubrics must resolve in every language (its own page, else the fallback)."""
    default = sources.pages[sources.languages.default_code]
    problems: list[Problem] = []
    for item in (link for rubric in rubrics.values() for link in rubric.links):
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


def _translation_status(sources: Sources) -> list[Entry]:
    default = sources.languages.default_code
    translated = {code: sources.pages[code] for code in sources.languages.codes if code != default}
    return translation_status(sources.pages[default], translated, sources.originals)


def translation_problems(sources: Sources) -> list[Problem]:
    """Missing and outdated translations, as warnings: the site still builds (with the fallback banner)."""
    default = sources.languages.default_code
    problems: list[Problem] = []
    for entry in _translation_status(sources):
        page = _display(entry.language, entry.path)
        if entry.state is State.MISSING:
            original = _display(default, entry.path)
            notice = f"until then readers see the {default} page with a notice"
            if entry.not_started:
                what, fix = f"not translated yet: still the copy of {original}", f"translate it; {notice}"
            else:
                what, fix = f"missing translation of {original}", f"`kb new translation {entry.language} {entry.path}`"
                fix += f" starts it; {notice}"
            problems.append(Problem(page, 1 if entry.not_started else 0, what, fix, "warning"))
        elif entry.state is State.OUTDATED:
            if entry.changes is not None:
                keys = [change.key for change in entry.changes]
                changed = ", ".join(keys[:3]) + (", …" if len(keys) > 3 else "")
                what = f"{_display(default, entry.path)} changed since {entry.recorded} ({len(keys)}: {changed})"
                fix = f"`kb diff {entry.language} {entry.path}` shows what changed; update it, then `kb stamp {page}`"
            else:
                what = f"{_display(default, entry.path)} changed since revision {entry.recorded or '(none)'}"
                fix = f"its original is not stored: compare with the {default} page, update it, then `kb stamp {page}`"
            problems.append(Problem(page, 1, f"outdated translation: {what}", fix, "warning"))
    return problems


def original_problems(sources: Sources) -> list[Problem]:
    """Stored originals are what `kb stamp` wrote: each one's text has the revision it is named by."""
    return [
        Problem(
            f"docs/{ORIGINALS_FOLDER}/{name}.md",
            0,
            f"stored original does not match its name (its revision is {revision(text)})",
            "restore the file from git, or delete it and `kb stamp` the translations again",
        )
        for name, text in sorted(sources.originals.items())
        if revision(text) != name
    ]


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


def check_sources(sources: Sources) -> Project:
    """Check what concerns the project as a whole, once; pages are checked one by one as they render."""
    codes = sources.languages.codes
    problems: list[Problem] = []
    rubrics: dict[str, CheckedRubric] = {}
    for rubric_id, files in sorted(sources.rubrics.items()):
        checked, found = check_rubric(files, codes)
        problems += found
        if checked is not None:
            rubrics[rubric_id] = checked
    problems += locale_problems(sources)
    problems += _questionnaire_language_problems(sources, rubrics)
    problems += rubric_link_problems(sources, rubrics)
    # The titles the action links show, known now: showing a result downloads nothing else (no search index).
    rubrics = {
        key: rubric.with_link_titles(sources.pages, sources.languages.default_code) for key, rubric in rubrics.items()
    }
    problems += orphan_translations(sources)
    problems += translation_problems(sources)
    problems += original_problems(sources)
    problems += navigation.nav_problems(
        sources.base.get("nav", []),
        sources.pages.get(sources.languages.default_code, {}),
        GENERATED_PAGES,
        default_code=sources.languages.default_code,
    )
    default_pages = sources.pages.get(sources.languages.default_code, {})
    known = frozenset(markdown_source.explicit_ids(default_pages.get(SOURCES_PAGE, "")))
    return Project(sources, rubrics, tuple(problems), known)


def locale_problems(sources: Sources) -> list[Problem]:
    """Every language has interface strings, with the same keys as the default's and a title for each nav
    section (of mkdocs.yml and of the articles' front matter)."""
    default = sources.languages.default_code
    folder = _folder_of(sources)
    problems = [
        Problem(
            f"{folder}/{code}.yml",
            0,
            f"the {code} interface strings do not exist",
            f"run `kb new language {code}`, or copy {folder}/{default}.yml and translate every value",
        )
        for code in sources.languages.codes
        if code not in sources.locales
    ]
    if default not in sources.locales:
        return problems
    problems += locales.parity_problems(
        {code: locale.strings for code, locale in sources.locales.items()},
        default,
        {code: locale.path for code, locale in sources.locales.items()},
        {},
    )
    problems += [
        problem
        for code, locale in sources.locales.items()
        for problem in untranslated.locale_problems(code, locale.path, locale.text, default)
    ]
    titles_needed = nav_section_titles(navigation.site_nav(sources.base.get("nav", []), sources.pages.get(default, {})))
    for code, locale in sources.locales.items():
        titles = locale.strings.get("nav", {})
        problems += [
            Problem(locale.path, 1, f"nav section `{title}` has no {code} title", f"add `{title}: …` under `nav:`")
            for title in titles_needed
            if not isinstance(titles, Mapping) or title not in titles
        ]
    return problems


def _folder_of(sources: Sources) -> str:
    for locale in sources.locales.values():
        return locale.path.rsplit("/", 1)[0]
    return "build_tools/locales"


def _questionnaire_language_problems(sources: Sources, rubrics: Mapping[str, CheckedRubric]) -> list[Problem]:
    """A page written in a language shows its questionnaire in that language: the rubric needs its texts."""
    problems: list[Problem] = []
    for code in sources.languages.codes:
        for path, meta in sorted(frontmatter.front_matters(sources.pages.get(code, {})).items()):
            rubric = rubrics.get(str(meta.get("assessment"))) if meta.get("assessment") else None
            if rubric is not None and code not in rubric.texts:
                problems.append(
                    Problem(
                        f"docs/{code}/{path}",
                        1,
                        f"assessment `{rubric.rubric_id}` has no {code} texts for this page's questionnaire",
                        f"translate assessments/{rubric.rubric_id}/{sources.languages.default_code}.yaml into"
                        f" assessments/{rubric.rubric_id}/{code}.yaml",
                    )
                )
    return problems


def check_project(project: Project, render: Callable[[str], str] | None) -> list[Problem]:
    """Everything `kb check` reports: the project's problems and every page's, errors first."""
    found = list(project.problems)
    for language in project.languages.codes:
        for path, text in sorted(project.pages[language].items()):
            body = frontmatter.split_page(text).body
            found.extend(page_problems(project, language, path, text, render(body) if render else None))
    if render is not None:  # one structure in every language, read from the rendered pages
        status = _translation_status(project.sources)
        found.extend(page_parity.parity_problems(project.pages, project.languages.default_code, render, status))
    found.sort(key=lambda problem: (problem.severity != "error", problem.path, problem.line))
    return found
