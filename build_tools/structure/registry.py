"""The project's registry: which languages the site publishes and which assessments it has.

Everything that lists languages or assessments (the builds, the checker, tests, benchmarks, golden vectors,
CODEOWNERS and issue-template checks, the scaffolds) derives them from here, so adding a language or an
assessment is a change to ``mkdocs.yml`` or ``assessments/`` and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .languages import Language, LanguageSet


class RegistryError(ValueError):
    """``mkdocs.yml`` does not declare the site's languages in a usable way."""


@dataclass(frozen=True)
class Registry:
    languages: LanguageSet
    assessment_ids: tuple[str, ...]

    @property
    def language_codes(self) -> tuple[str, ...]:
        return self.languages.codes

    @property
    def default_language(self) -> str:
        return self.languages.default_code


def languages_from_config(base: Mapping[str, Any]) -> LanguageSet:
    """The languages declared in the ``plugins.breakthrough`` block of the base configuration (``mkdocs.yml``).

    The one constructor of the language set: ``kb`` reads it from the file, the MkDocs plugin from its typed
    options, which hold the same mapping."""
    plugins = base.get("plugins")
    options = plugins.get("breakthrough") if isinstance(plugins, Mapping) else None
    if not isinstance(options, Mapping) or not isinstance(options.get("languages"), list):
        raise RegistryError("mkdocs.yml: `plugins: breakthrough: languages:` must list the site's languages")
    return language_set(options["languages"], options.get("default_language", "en"))


# What a language entry holds; anything else is refused, so a misspelt or outdated key is not silently ignored.
LANGUAGE_KEYS = ("code", "name")
# Keys of Material's lunr search, which the site no longer runs: an old mkdocs.yml is told why they went.
RETIRED_KEYS = frozenset({"search_lang", "search_pipeline"})
RETIRED_REASON = "search is Pagefind's (build_tools/search_index.py), which indexes each language under its code"


def language_set(entries: Iterable[Mapping[str, Any]], default_code: str) -> LanguageSet:
    languages: list[Language] = []
    where = "mkdocs.yml: language {} under `plugins: breakthrough: languages:`"
    for position, entry in enumerate(entries, start=1):
        try:
            languages.append(Language(code=str(entry["code"]), name=str(entry["name"])))
            unknown = [str(key) for key in entry if key not in LANGUAGE_KEYS]
        except (KeyError, TypeError, AttributeError) as error:
            raise RegistryError(f"{where.format(position)} needs `code` and `name` ({error})") from None
        for key in unknown:
            if key in RETIRED_KEYS:
                raise RegistryError(f"{where.format(position)}: `{key}` is no longer used: {RETIRED_REASON}; delete it")
            raise RegistryError(
                f"{where.format(position)}: unknown key `{key}`; a language has only {' and '.join(LANGUAGE_KEYS)}"
            )
    try:
        return LanguageSet(tuple(languages), str(default_code))
    except ValueError as error:
        raise RegistryError(f"mkdocs.yml: {error}") from None
