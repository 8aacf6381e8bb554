"""Content hash of a rubric structure (identifies exactly what was scored)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping


def _plain(value: object) -> object:
    """Mappings and tuples as dicts and lists, so any Mapping hashes like its dict."""
    if isinstance(value, Mapping):
        return {key: _plain(entry) for key, entry in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(entry) for entry in value]
    return value


def canonical_json(value: object) -> str:
    """Sorted keys, no spaces, non-ASCII kept as is: the same bytes on every platform."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def content_hash(structure: Mapping[str, object]) -> str:
    """First 16 hex characters of the SHA-256 of the canonical JSON (UTF-8) of ``structure``.

    ``structure`` is the parsed ``rubric.yaml`` as written, before any default
    is filled in, so the hash changes exactly when the file's content does.
    Note that ``1`` and ``1.0`` are different content.
    """
    return hashlib.sha256(canonical_json(structure).encode("utf-8")).hexdigest()[:16]
