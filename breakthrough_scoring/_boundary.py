"""The JSON-in, JSON-out entry point used from JavaScript (Pyodide).

``score_json`` never raises: every failure becomes
``{"ok": false, "error": {"kind", "message", "details"}}`` so the page can
show a message instead of a Python traceback.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from ._load import load_rubric
from ._model import Rubric
from ._score import dump_result, score
from .errors import AnswerError, RubricError

ERROR_KINDS = ("invalid-json", "invalid-request", "invalid-rubric", "invalid-answers", "internal-error")


class _RequestError(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def _parse(text: object, argument: str, keys: tuple[str, ...], required: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(text, str):
        raise _RequestError("invalid-request", f"{argument} is a {type(text).__name__} — expected a JSON string")
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        raise _RequestError(
            "invalid-json", f"{argument} is not valid JSON ({error}) — expected a JSON object"
        ) from None
    if not isinstance(value, dict):
        raise _RequestError("invalid-request", f"{argument} is not a JSON object — expected {{{', '.join(keys)}}}")
    unknown = [key for key in value if key not in keys]
    missing = [key for key in required if key not in value]
    if unknown or missing:
        wrong = "; ".join(
            part
            for part in (
                f"unknown keys {', '.join(unknown)}" if unknown else "",
                f"missing keys {', '.join(missing)}" if missing else "",
            )
            if part
        )
        raise _RequestError("invalid-request", f"{argument} has {wrong} — expected the keys {', '.join(keys)}")
    return value


@functools.lru_cache(maxsize=8)
def _rubric_from_json(rubric_json: str) -> Rubric:
    """Checked rubrics are cached: a page scores the same rubric many times."""
    envelope = _parse(rubric_json, "rubric_json", ("structure", "texts"), ("structure",))
    return load_rubric(envelope["structure"], envelope.get("texts"))


def _error(kind: str, message: str, details: list[dict[str, object]]) -> str:
    return dump_result({"ok": False, "error": {"kind": kind, "message": message, "details": details}})


def score_json(rubric_json: str, answers_json: str) -> str:
    """Score from JSON text to JSON text.

    ``rubric_json``: ``{"structure": <rubric.yaml>, "texts": <lang>.yaml | null}``.
    ``answers_json``: ``{"version": <rubric version>, "answers": {item id: value}}``.
    Returns ``{"ok": true, "result": ...}`` or ``{"ok": false, "error": {...}}``
    where ``error.kind`` is one of ``ERROR_KINDS``. Never raises.
    """
    try:
        if not isinstance(rubric_json, str):
            raise _RequestError("invalid-request", "rubric_json is not a string — expected a JSON string")
        rubric = _rubric_from_json(rubric_json)
        request = _parse(answers_json, "answers_json", ("version", "answers"), ("version", "answers"))
        if request["version"] is None:
            raise _RequestError(
                "invalid-request",
                "answers_json.version is null — expected the rubric version the answers were given for",
            )
        result = score(rubric, request["answers"], rubric_version=request["version"])
        return dump_result({"ok": True, "result": result})
    except _RequestError as error:
        return _error(error.kind, str(error), [])
    except RubricError as error:
        return _error("invalid-rubric", str(error), [problem.to_json() for problem in error.problems])
    except AnswerError as error:
        return _error("invalid-answers", str(error), [problem.to_json() for problem in error.problems])
    except Exception as error:  # the page must get JSON back whatever happens
        return _error("internal-error", f"{type(error).__name__}: {error}", [])
