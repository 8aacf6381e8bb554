"""The translator's commands: `kb new translation`, `kb diff`, `kb stamp` (originals, `--minor`), `kb status`.

They adapt the command line to ``structure.translations`` and ``structure.english_diff``: read through
``files``, decide in the domain, write through ``files``. Every revision a translation records is stored as
``docs/_originals/<revision>.md`` so that it resolves without git history.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import files as fs
from .structure import english_diff, translation_report
from .structure.editing import set_front_matter_value
from .structure.languages import LanguageSet
from .structure.problems import Problem
from .structure.registry import languages_from_config
from .structure.scaffold import scaffold_translation
from .structure.translations import (
    ORIGINALS_FOLDER,
    page_date,
    page_meta,
    referenced_originals,
    revision,
)

CODEOWNERS = ".github/CODEOWNERS"


def _languages(root: Path) -> LanguageSet:
    return languages_from_config(fs.read_base_config(root))


def _refuse(problem: Problem) -> int:
    print(problem.shown(), file=sys.stderr)
    return 2


def page_argument(page: str, languages: LanguageSet) -> str:
    """A page as editors name it: `articles/x.md`, `articles/x` or `docs/<lang>/articles/x.md` -> `articles/x.md`."""
    name = page.strip().replace("\\", "/").removeprefix("./")
    parts = name.split("/")
    if len(parts) > 2 and parts[0] == "docs" and parts[1] in languages.codes:
        name = "/".join(parts[2:])
    return name if name.endswith(".md") else f"{name}.md"


def _translation_language(code: str, languages: LanguageSet) -> Problem | None:
    if code in {language.code for language in languages.translations}:
        return None
    known = ", ".join(language.code for language in languages.translations)
    return Problem("mkdocs.yml", 0, f"`{code}` is not a translation language of the site", f"use one of: {known}")


@dataclass(frozen=True)
class _PagePair:
    """A default-language page and its translation's path, from the command line's language and page."""

    root: Path
    default: str
    relative: str
    source: str
    target: str


def _page_pair(code: str, page: str) -> _PagePair | Problem:
    root = fs.find_project_root()
    languages = _languages(root)
    default = languages.default_code
    refused = _translation_language(code, languages)
    if refused:
        return refused
    relative = page_argument(page, languages)
    source, target = f"docs/{default}/{relative}", f"docs/{code}/{relative}"
    if not fs.is_file(root / source):
        return Problem(source, 0, "does not exist", f"name a page of docs/{default}/, e.g. articles/x.md")
    return _PagePair(root, default, relative, source, target)


def new_translation(code: str, page: str, today: dt.date) -> int:
    pair = _page_pair(code, page)
    if isinstance(pair, Problem):
        return _refuse(pair)
    root, default, relative, source, target = pair.root, pair.default, pair.relative, pair.source, pair.target
    if fs.path_exists(root / target):
        return _refuse(Problem(target, 0, "already exists", f"`kb diff {code} {relative}` shows what to update"))
    english = fs.read_text(root / source)
    recorded = revision(english)
    fs.write_scaffold(root, {target: scaffold_translation(english, today)}, [target])
    print(f"created {target} (a copy of {source} at revision {recorded})")
    if fs.write_original(root, recorded, english):
        print(f"stored docs/{ORIGINALS_FOLDER}/{recorded}.md (the {default} text it starts from)")
    print(
        f"next: translate {target} in place (title, description, tags and text; keep every {{#id}}). Until its"
        f" text differs from the {default} one, {code} readers see the {default} page with a notice."
    )
    return 0


def diff(code: str, page: str) -> int:
    """What changed in the default-language page since the revision the translation records."""
    pair = _page_pair(code, page)
    if isinstance(pair, Problem):
        return _refuse(pair)
    root, relative, source, target = pair.root, pair.relative, pair.source, pair.target
    if not fs.is_file(root / target):
        return _refuse(Problem(target, 0, "does not exist", f"`kb new translation {code} {relative}` starts it"))
    english = fs.read_text(root / source)
    recorded = page_meta(fs.read_text(root / target)).get("translated_from")
    current = revision(english)
    if recorded == current:
        print(f"{target} follows {source} as it is now (revision {current}): nothing changed")
        return 0
    if not isinstance(recorded, str):
        return _refuse(
            Problem(
                target, 1, "records no revision (`translated_from`)", f"compare with {source}, then `kb stamp {target}`"
            )
        )
    originals = fs.read_originals(root)
    if recorded not in originals:
        return _refuse(
            Problem(
                target,
                1,
                f"its revision {recorded} is not stored in docs/{ORIGINALS_FOLDER}/",
                f"compare with {source} by hand, then `kb stamp {target}` (which stores the current text)",
            )
        )
    original = originals[recorded]
    changes = list(english_diff.changes(original, english))
    then, now = page_date(original), page_date(english)
    print(f"{source}: changes since {recorded} (updated {then or '?'}) to {current} (updated {now or '?'})")
    print(english_diff.render(changes) if changes else "only spacing changed")
    print(f"{len(changes)} section(s) changed; once {target} follows them, `kb stamp {target}`")
    return 0


def store_originals(root: Path, texts: Iterable[str]) -> None:
    for text in texts:
        if fs.write_original(root, revision(text), text):
            print(f"stored docs/{ORIGINALS_FOLDER}/{revision(text)}.md")


def prune_originals(root: Path, languages: LanguageSet) -> None:
    """Originals no translation records any more are removed (git keeps them in history)."""
    keep = referenced_originals(fs.read_all_pages(root, languages.codes), languages.default_code)
    unused = sorted(set(fs.read_originals(root)) - keep)
    fs.remove_originals(root, unused)
    for name in unused:
        print(f"removed docs/{ORIGINALS_FOLDER}/{name}.md (no translation records it)")


def stamp_minor(root: Path, languages: LanguageSet, pages: Iterable[str]) -> int:
    """Mark the latest edit of default-language pages as not needing translation updates: translations that
    followed the text before that edit (the newest committed text that differs from the current one) now
    record the current text. Translations already behind stay behind."""
    from .revisions import HistoryUnavailable, committed_texts

    default = languages.default_code
    pages = list(pages)
    if not pages:
        return _refuse(
            Problem(
                f"docs/{default}/", 0, "--minor needs the edited pages", f"e.g. `kb stamp --minor docs/{default}/x.md`"
            )
        )
    moved = 0
    for relative in pages:
        source = f"docs/{default}/{relative}"
        english = fs.read_text(root / source)
        current = revision(english)
        try:
            before = next((text for text in committed_texts(root, source) if revision(text) != current), None)
        except HistoryUnavailable as error:
            return _refuse(
                Problem(source, 0, f"its history is needed for --minor: {error}", "run it in a full git clone")
            )
        if before is None:
            print(f"{source}: no committed text differs from the current one: nothing to mark as minor")
            continue
        previous = revision(before)
        store_originals(root, [english])
        for language in languages.translations:
            target = root / "docs" / language.code / relative
            if not fs.is_file(target):
                continue
            text = fs.read_text(target)
            if page_meta(text).get("translated_from") != previous:
                continue
            fs.write_text(target, set_front_matter_value(text, "translated_from", current))
            moved += 1
            print(f"docs/{language.code}/{relative}: {previous} -> {current} (the edit of {source} is minor)")
    print(f"marked as minor: {moved} translation(s) now follow the current {default} text")
    prune_originals(root, languages)
    return 0


def status(changed_file: str | None) -> int:
    """The job summary's translation section: pages changed (one path per line in ``changed_file``)."""
    root = fs.find_project_root()
    languages = _languages(root)
    pages = fs.read_all_pages(root, languages.codes)
    owners = fs.read_text(root / CODEOWNERS) if fs.is_file(root / CODEOWNERS) else ""
    if changed_file is None:
        changed = [f"docs/{languages.default_code}/{path}" for path in pages[languages.default_code]]
    else:
        changed = fs.read_text(Path(changed_file)).splitlines()
    print(translation_report.summary(languages.default_code, pages, fs.read_originals(root), owners, changed))
    return 0
