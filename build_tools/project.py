"""The project's sources as the tools see them: read from disk here, once, and handed on as plain objects.

``read_registry`` gives the languages and assessments every other part derives its lists from.
"""

from __future__ import annotations

from pathlib import Path

from . import files as fs
from .structure.registry import Registry, languages_from_config


def read_registry(root: Path) -> Registry:
    """Languages from ``mkdocs.yml`` (``plugins.breakthrough.languages``) and assessments from ``assessments/``."""
    return Registry(languages_from_config(fs.read_base_config(root)), tuple(fs.list_rubric_ids(root)))
