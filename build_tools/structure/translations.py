"""Which page exists in which language, and how far each translation is behind the default-language text.

A translation records the revision of the default-language text it follows (``translated_from``). A revision
is a hash of what a translator translates (title, description, body), so only the ``updated`` date, tags or
sources changing is not a new revision. The text of every recorded revision is stored in the repository
(``docs/_originals/<revision>.md``, written by ``kb stamp`` and ``kb new translation``): it resolves in any
clone — shallow CI checkouts and tarballs included — so ``kb diff`` and the status page can always say what
changed since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from . import english_diff
from .frontmatter import parse_front_matter, split_page

# The folder under docs/ holding the default-language texts translations were made from, by revision.
ORIGINALS_FOLDER = "_originals"


@lru_cache(maxsize=8192)  # every check and every language's build asks for the same pages' revisions
def revision(page_text: str) -> str:
    """Revision of a page: a hash of its title, description and body (whitespace at line ends ignored)."""
    meta = page_meta(page_text)
    parts = [str(meta.get("title", "")), str(meta.get("description", "")), _normalized(split_page(page_text).body)]
    return hashlib.sha256("\n\x00\n".join(parts).encode("utf-8")).hexdigest()[:12]


def _normalized(body: str) -> str:
    return "\n".join(line.rstrip() for line in body.strip().splitlines())


def page_meta(page_text: str) -> Mapping[str, Any]:
    """The front matter (empty when it cannot be read: the page checks report that), parsed once per text."""
    return _meta(page_text)


@lru_cache(maxsize=8192)
def _meta(page_text: str) -> Mapping[str, Any]:
    meta, _ = parse_front_matter(split_page(page_text), "")
    return MappingProxyType(meta)


def page_date(page_text: str) -> dt.date | None:
    """The ``updated`` date of a page, if it has a readable one."""
    value = page_meta(page_text).get("updated")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


class State(StrEnum):
    TRANSLATED = "translated"
    OUTDATED = "outdated"
    MISSING = "missing"


@dataclass(frozen=True)
class Entry:
    path: str
    language: str
    state: State
    recorded: str | None = None  # the revision the translation says it was made from
    current: str | None = None  # the default-language revision now
    # Only for outdated translations whose original is stored: what changed since, and over how many days.
    changes: tuple[english_diff.Change, ...] | None = None
    days: int | None = None
    not_started: bool = False  # missing because it is still the untouched copy `kb new translation` wrote

    @property
    def sections_changed(self) -> int | None:
        return None if self.changes is None else len(self.changes)


def is_untranslated_copy(page_text: str) -> bool:
    """A translation whose text is still the default-language text it records (as `kb new translation` writes
    it): nothing is translated yet, so readers keep seeing the default page with the notice."""
    recorded = page_meta(page_text).get("translated_from")
    return isinstance(recorded, str) and recorded == revision(page_text)


def translation_status(
    default_pages: Mapping[str, str],
    translated_pages: Mapping[str, Mapping[str, str]],
    originals: Mapping[str, str] | None = None,
) -> list[Entry]:
    """Status of every default-language page in every other language.

    ``default_pages`` maps path -> default-language text; ``translated_pages`` maps language -> path -> text
    of the pages that exist in that language; ``originals`` maps revision -> stored default-language text.
    """
    originals = originals or {}
    entries: list[Entry] = []
    for path in sorted(default_pages):
        english = default_pages[path]
        current = revision(english)
        for language, pages in translated_pages.items():
            text = pages.get(path)
            if text is None:
                entries.append(Entry(path, language, State.MISSING, None, current))
                continue
            recorded = page_meta(text).get("translated_from")
            recorded = recorded if isinstance(recorded, str) else None
            if recorded is not None and recorded == revision(text):
                entries.append(Entry(path, language, State.MISSING, recorded, current, not_started=True))
            elif recorded == current:
                entries.append(Entry(path, language, State.TRANSLATED, recorded, current))
            else:
                entries.append(_outdated(path, language, recorded, english, originals))
    return entries


def _outdated(path: str, language: str, recorded: str | None, english: str, originals: Mapping[str, str]) -> Entry:
    original = originals.get(recorded or "")
    if original is None:
        return Entry(path, language, State.OUTDATED, recorded, revision(english))
    then, now = page_date(original), page_date(english)
    days = (now - then).days if then and now else None
    changes = _changes(original, english)
    return Entry(path, language, State.OUTDATED, recorded, revision(english), changes, days)


@lru_cache(maxsize=1024)  # translations in several languages often record the same original
def _changes(original: str, english: str) -> tuple[english_diff.Change, ...]:
    return tuple(english_diff.changes(original, english))


@dataclass(frozen=True)
class SiteIndex:
    """The pages each language has natively (fallback copies excluded)."""

    pages: Mapping[str, frozenset[str]]
    default_language: str

    def languages_with(self, path: str) -> list[str]:
        return [language for language, paths in self.pages.items() if path in paths]

    def missing_in(self, language: str) -> list[str]:
        """Default-language pages the language lacks: they are built from the default text with a banner."""
        return sorted(self.pages[self.default_language] - self.pages[language])


def site_index(pages: Mapping[str, Mapping[str, str]], default_language: str) -> SiteIndex:
    """The pages each language publishes natively: an untouched `kb new translation` copy is not one yet."""
    return SiteIndex(
        {
            code: frozenset(
                path for path, text in texts.items() if code == default_language or not is_untranslated_copy(text)
            )
            for code, texts in pages.items()
        },
        default_language,
    )


def referenced_originals(pages: Mapping[str, Mapping[str, str]], default_language: str) -> set[str]:
    """Every revision a translation records: the originals that must be kept."""
    found: set[str] = set()
    for code, texts in pages.items():
        if code == default_language:
            continue
        for text in texts.values():
            recorded = page_meta(text).get("translated_from")
            if isinstance(recorded, str):
                found.add(recorded)
    return found
