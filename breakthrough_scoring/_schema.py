"""JSON Schemas (draft 2020-12) for the rubric files, generated from ``_definitions``.

Editors use them through ``# yaml-language-server: $schema=../rubric.schema.json``.
They check shape only; cross-references (does a scale exist, does every band
have actions, do the texts match the structure) need the loader.
"""

from __future__ import annotations

from typing import Any

from ._definitions import RUBRIC, TEXTS
from ._fields import document_schema

RUBRIC_SCHEMA_FILE = "rubric.schema.json"
TEXTS_SCHEMA_FILE = "texts.schema.json"


def rubric_json_schema() -> dict[str, Any]:
    """The JSON Schema of ``assessments/<id>/rubric.yaml``."""
    return document_schema(RUBRIC, "Breakthrough assessment rubric (rubric.yaml)")


def texts_json_schema() -> dict[str, Any]:
    """The JSON Schema of ``assessments/<id>/<lang>.yaml``."""
    return document_schema(TEXTS, "Breakthrough assessment texts (<lang>.yaml)")
