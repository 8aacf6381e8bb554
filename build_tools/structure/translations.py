"""Which page exists in which language, and whether each translation is up to date."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .frontmatter import split_page


def revision(page_text: str) -> str:
    """Revision of a page: a hash of its body, so front-matter edits (a new `updated` date) do not count."""
    body = split_page(page_text).body
    normalized = "\n".join(line.rstrip() for line in body.strip().splitlines())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:12]


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


def translation_status(
    default_pages: Mapping[str, str],
    translated_meta: Mapping[str, Mapping[str, Mapping[str, Any]]],
) -> list[Entry]:
    """Status of every default-language page in every other language.

    ``default_pages`` maps path -> default-language text; ``translated_meta`` maps language -> path -> front
    matter of the pages that exist in that language.
    """
    entries: list[Entry] = []
    for path in sorted(default_pages):
        current = revision(default_pages[path])
        for language, pages in translated_meta.items():
            meta = pages.get(path)
            if meta is None:
                entries.append(Entry(path, language, State.MISSING, None, current))
                continue
            recorded = meta.get("translated_from")
            recorded = recorded if isinstance(recorded, str) else None
            state = State.TRANSLATED if recorded == current else State.OUTDATED
            entries.append(Entry(path, language, state, recorded, current))
    return entries


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
