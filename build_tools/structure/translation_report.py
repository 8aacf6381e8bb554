"""The translation part of a pull request's CI job summary (Markdown): for each default-language page the pull
request changed, which translations are now behind and who owns them (per `.github/CODEOWNERS`).

Translations behind are never a failure: the summary tells the owners, the site shows the notices."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import codeowners
from .translations import Entry, State, translation_status


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def describe(entry: Entry) -> str:
    """How far behind a translation is, in words (the same facts the status page shows)."""
    if entry.state is State.MISSING:
        return "not translated yet (a copy of the text)" if entry.not_started else "missing"
    if entry.state is State.TRANSLATED:
        return "up to date"
    if entry.changes is None:
        return f"outdated (since {entry.recorded or 'no recorded revision'}; its original is not stored)"
    # A heading without an id is named by its text, which a pull request writes: no backticks of its own.
    keys = ", ".join(f"`{change.key.replace('`', chr(39))}`" for change in entry.changes)
    days = f", {entry.days} day(s) of changes" if entry.days else ""
    return f"outdated: {len(entry.changes)} section(s) changed ({keys}){days}"


def summary(
    default_language: str,
    pages: Mapping[str, Mapping[str, str]],
    originals: Mapping[str, str],
    owners_text: str,
    changed: Iterable[str],
) -> str:
    """``changed`` are project-relative paths (e.g. from `git diff --name-only`); others than the default
    language's pages are ignored."""
    prefix = f"docs/{default_language}/"
    default_pages = pages[default_language]
    paths = sorted({name.removeprefix(prefix) for name in changed if name.startswith(prefix)} & set(default_pages))
    lines = ["## Translations", ""]
    if not paths:
        lines.append(f"No page in `{prefix}` changed: no translation falls behind with this pull request.")
        return "\n".join(lines) + "\n"
    rules = codeowners.parse(owners_text)
    translated = {code: texts for code, texts in pages.items() if code != default_language}
    entries = translation_status({path: default_pages[path] for path in paths}, translated, originals)
    lines += [
        f"{len(paths)} page(s) in `{prefix}` changed. Translations behind are warnings, not failures: their readers"
        " see a notice, and the owners below can catch up with `kb diff <lang> <page>`.",
        "",
    ]
    for path in paths:
        behind = [entry for entry in entries if entry.path == path and entry.state is not State.TRANSLATED]
        lines += [f"### `{prefix}{path}`", ""]
        if not behind:
            lines += ["Every translation is up to date.", ""]
            continue
        lines += ["| translation | state | owners |", "|---|---|---|"]
        for entry in behind:
            page = f"docs/{entry.language}/{path}"
            owned = " ".join(codeowners.owners(rules, page)) or "(no owner in CODEOWNERS)"
            lines.append(f"| `{_cell(page)}` | {_cell(describe(entry))} | {_cell(owned)} |")
        lines.append("")
    return "\n".join(lines)
