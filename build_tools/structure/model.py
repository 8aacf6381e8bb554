"""The project as every tool sees it: sources read once (``Sources``), checked once into a ``Project``.

Data flows one way: ``build_tools.project`` reads the disk into ``Sources``; ``checks.check_sources`` turns
them into a ``Project`` (the checked rubrics, the interface strings, the problems that concern the project as a whole);
the checker, the MkDocs plugin, the form renderer, the rubric JSON writer and the status page all consume that
``Project``. Nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .languages import LanguageSet
from .problems import Problem
from .rubric_model import CheckedRubric, RubricFiles
from .translations import is_untranslated_copy

# Pages the build generates in every language; never written by editors.
STATUS_PAGE = "translation-status.md"
GENERATED_PAGES = frozenset({STATUS_PAGE})
# The page whose `{#id}` headings front matter `sources:` may cite.
SOURCES_PAGE = "sources.md"


@dataclass(frozen=True)
class LocaleStrings:
    path: str  # relative to the project root
    strings: Mapping[str, Any]
    text: str = ""  # the file as written (its comments mark values not translated yet)


@dataclass(frozen=True)
class Sources:
    """Everything the site is built from, as read: nothing here has been checked yet."""

    base: Mapping[str, Any]  # mkdocs.yml
    languages: LanguageSet
    pages: Mapping[str, Mapping[str, str]]  # language -> path under docs/<language>/ -> text
    assets: Mapping[str, frozenset[str]]  # language -> non-Markdown files beside the pages
    locales: Mapping[str, LocaleStrings]  # language -> interface strings (missing languages absent)
    rubrics: Mapping[str, RubricFiles]  # assessment id -> its files
    templates: Mapping[str, str] = field(default_factory=dict)  # name -> text (build_tools/templates)
    # revision -> the default-language text a translation was made from (docs/_originals/<revision>.md)
    originals: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    """The checked sources. ``problems`` are those of the project as a whole (rubrics, interface strings,
    links of rubrics, translations); each page's own problems come from ``checks.page_problems``."""

    sources: Sources
    rubrics: Mapping[str, CheckedRubric]  # only rubrics the engine accepts
    problems: tuple[Problem, ...]
    known_sources: frozenset[str]  # the `{#id}` headings of the default language's sources page

    @property
    def languages(self) -> LanguageSet:
        return self.sources.languages

    @property
    def pages(self) -> Mapping[str, Mapping[str, str]]:
        return self.sources.pages

    @property
    def assessment_ids(self) -> frozenset[str]:
        return frozenset(self.sources.rubrics)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.severity == "error")

    def strings(self, language: str) -> Mapping[str, Any]:
        return self.sources.locales[language].strings

    def page_language(self, language: str, path: str) -> str:
        """The language a page of ``language``'s site is written in: its own, or the default's fallback."""
        text = self.pages[language].get(path)
        native = text is not None and (language == self.languages.default_code or not is_untranslated_copy(text))
        return language if native else self.languages.default_code
