"""Typed options of the ``breakthrough`` MkDocs plugin (the ``plugins.breakthrough`` block of mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .structure import registry
from .structure.languages import LanguageSet


class LanguageOptions(base.Config):
    code = c.Type(str)
    name = c.Type(str)


class BreakthroughConfig(base.Config):
    default_language = c.Type(str, default="en")
    languages = c.ListOfItems(c.SubConfig(LanguageOptions))
    # Set by `kb build` in each generated per-language configuration; empty in the shared base file.
    language = c.Type(str, default="")
    # Also set by `kb build`: the URL of the whole site (each language's `site_url` is this + `<lang>/`).
    site_root = c.Type(str, default="")
    # The Pyodide runtime and the scoring engine live once at the site root, shared by every language.
    runtime_path = c.Type(str, default="runtime/")


def language_set(config: BreakthroughConfig) -> LanguageSet:
    """The same language set as ``kb`` reads from mkdocs.yml (one constructor: ``structure.registry``)."""
    return registry.language_set([dict(item) for item in config.languages], config.default_language)
