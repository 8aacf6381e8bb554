"""The generated "Translation status" page, in the language of the build."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from . import frontmatter
from .languages import LanguageSet
from .locales import fill
from .model import Project
from .translations import Entry, translation_status

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def _cell(text: str) -> str:
    """Page titles and interface strings are plain text: no HTML, no Markdown, no table breaks."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", escaped)


def render(entries: list[Entry], titles: Mapping[str, str], languages: LanguageSet, strings: Mapping[str, Any]) -> str:
    """Markdown: a table of every default-language page against every translation, then the totals."""
    states: Mapping[str, str] = strings["states"]
    columns = [language for language in languages.translations]
    by_key = {(entry.path, entry.language): entry for entry in entries}
    lines = [
        "---",
        f"title: {_yaml_string(strings['title'])}",
        f"description: {_yaml_string(strings['description'])}",
        "---",
        "",
        _cell(strings["intro"]),
        "",
        "| " + " | ".join([_cell(strings["page"]), *(_cell(language.name) for language in columns)]) + " |",
        "|" + "---|" * (len(columns) + 1),
    ]
    for path in sorted(titles):
        cells = [f"[{_cell(titles[path])}]({path})"]
        for language in columns:
            entry = by_key.get((path, language.code))
            cells.append(_cell(_state(entry, strings)) if entry else "")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"## {_cell(strings['totals'])}", ""]
    for language in columns:
        counts = {state: 0 for state in ("translated", "outdated", "missing")}
        for entry in entries:
            if entry.language == language.code:
                counts[entry.state.value] += 1
        summary = ", ".join(f"{_cell(states[state])}: {count}" for state, count in counts.items())
        lines.append(f"- **{_cell(language.name)}** — {summary}")
    return "\n".join(lines) + "\n"


def _state(entry: Entry, strings: Mapping[str, Any]) -> str:
    """The state in words; for an outdated translation, how far behind it is when its original is stored."""
    state = str(strings["states"][entry.state.value])
    if entry.changes is None:
        return state
    behind = fill(strings["behind"], sections=len(entry.changes), days=entry.days or 0)
    return f"{state} ({behind})"


def _yaml_string(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def status_markdown(project: Project, language: str) -> str:
    """The status page of ``language``'s site, each page under its title in that language where it has one,
    else under the default language's."""
    languages = project.languages
    default = languages.default_code
    metas = {code: frontmatter.front_matters(project.pages[code]) for code in languages.codes}
    entries = translation_status(
        project.pages[default],
        {code: project.pages[code] for code in languages.codes if code != default},
        project.sources.originals,
    )
    titles = {
        path: meta["title"] if isinstance(meta.get("title"), str) else path
        for code in dict.fromkeys((default, language))
        for path, meta in metas[code].items()
    }
    return render(entries, titles, languages, project.strings(language)["translation_status"])
