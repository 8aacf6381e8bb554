"""The JSON-in, JSON-out entry point used from JavaScript (Pyodide).

``score_json`` never raises: every failure becomes
``{"ok": false, "error": {"kind", "message", "details"}}`` so the page can
show a message instead of a Python traceback. Its input comes from a browser
page, so the limits in ``errors`` (size, nesting depth, number of answers,
length of texts) are checked before anything else, and every error text is
bounded, whatever the input.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Mapping
from typing import Any

from ._load import load_rubric
from ._model import Rubric
from ._score import dump_result, score
from .errors import (
    MAX_ANSWERS,
    MAX_JSON_DEPTH,
    MAX_MESSAGE_CHARS,
    MAX_REPORTED_PROBLEMS,
    MAX_REQUEST_CHARS,
    MAX_RUBRIC_CHARS,
    MAX_STRING_CHARS,
    AnswerError,
    RubricError,
    listed,
    shortened,
)

ERROR_KINDS = (
    "invalid-json",
    "invalid-request",
    "request-too-large",
    "request-too-deep",
    "too-many-answers",
    "value-too-long",
    "invalid-rubric",
    "invalid-answers",
    "internal-error",
)

# A JSON string token; an unterminated one runs to the end of the text (the parser stops there too).
# It matches from every quote without backtracking, so no text makes the scan slower than linear.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.?)*+(?:"|\Z)', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# JSON escapes can make unpaired surrogates, which are not text: Pyodide would pair two of them up
# into one character in JavaScript where CPython keeps two, so the output would differ.
_SURROGATE = re.compile("[\ud800-\udfff]")


class _RequestError(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class _NotJsonNumber(ValueError):
    pass


def _refuse_constant(name: str) -> object:
    raise _NotJsonNumber(f"{name} is not a number JSON allows")


def _nesting_depth(text: str) -> int:
    """How deeply objects and lists nest in a JSON text, found without parsing it.

    Brackets inside strings do not count. For text that is valid JSON this is
    exactly the nesting depth; for broken text it is at least the depth the
    parser reaches before it stops, so checking it first bounds the parser's recursion.
    """
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    # map/accumulate/max run in C: quick even for a text made only of brackets.
    return max(itertools.accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def _parse_json(text: object, argument: str, max_chars: int) -> object:
    if not isinstance(text, str):
        raise _RequestError("invalid-request", f"{argument} is not text — expected a JSON text")
    if len(text) > max_chars:
        raise _RequestError(
            "request-too-large",
            f"{argument} is {len(text):,} characters long — expected at most {max_chars:,} characters",
        )
    if _nesting_depth(text) > MAX_JSON_DEPTH:
        raise _RequestError(
            "request-too-deep",
            f"{argument} nests objects and lists more than {MAX_JSON_DEPTH} levels deep "
            f"— expected at most {MAX_JSON_DEPTH} levels",
        )
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        reason = f"{error.msg} at line {error.lineno}, column {error.colno}"
    except _NotJsonNumber as error:
        reason = str(error)
    except ValueError:  # the only other one: a whole number too long to convert
        reason = "a number has too many digits"
    raise _RequestError("invalid-json", f"{argument} is not valid JSON ({reason}) — expected a JSON object")


def _check_object(value: object, argument: str, keys: tuple[str, ...], required: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _RequestError("invalid-request", f"{argument} is not a JSON object — expected {{{', '.join(keys)}}}")
    unknown = [key for key in value if key not in keys]
    missing = [key for key in required if key not in value]
    if unknown or missing:
        wrong = "; ".join(
            part
            for part in (
                f"unknown keys {listed(unknown)}" if unknown else "",
                f"missing keys {', '.join(missing)}" if missing else "",
            )
            if part
        )
        raise _RequestError("invalid-request", f"{argument} has {wrong} — expected the keys {', '.join(keys)}")
    return value


def _longest_text(value: object) -> int:
    """The length of the longest key or text anywhere in a parsed JSON value."""
    longest = 0
    pending = [value]
    while pending:
        current = pending.pop()
        if isinstance(current, str):
            longest = max(longest, len(current))
        elif isinstance(current, dict):
            longest = max(longest, max(map(len, current), default=0))
            pending.extend(current.values())
        elif isinstance(current, list):
            pending.extend(current)
    return longest


def _parse_request(answers_json: object) -> Mapping[str, Any]:
    argument = "answers_json"
    value = _parse_json(answers_json, argument, MAX_REQUEST_CHARS)
    longest = _longest_text(value)
    if longest > MAX_STRING_CHARS:
        raise _RequestError(
            "value-too-long",
            f"{argument} holds a text of {longest:,} characters — expected ids and answers "
            f"of at most {MAX_STRING_CHARS} characters",
        )
    request = _check_object(value, argument, ("version", "answers"), ("version", "answers"))
    answers = request["answers"]
    if isinstance(answers, dict | list) and len(answers) > MAX_ANSWERS:
        raise _RequestError(
            "too-many-answers",
            f"answers_json.answers has {len(answers):,} entries — expected at most {MAX_ANSWERS:,}, "
            "one for each item of the rubric",
        )
    if request["version"] is None:
        raise _RequestError(
            "invalid-request",
            "answers_json.version is null — expected the rubric version the answers were given for",
        )
    return request


@functools.lru_cache(maxsize=8)
def _rubric_from_json(rubric_json: str) -> Rubric:
    """Checked rubrics are cached: a page scores the same rubric many times."""
    value = _parse_json(rubric_json, "rubric_json", MAX_RUBRIC_CHARS)
    # "links" (the titles the page shows for action links) travels in the same file for the page; not scored.
    envelope = _check_object(value, "rubric_json", ("structure", "texts", "links"), ("structure",))
    return load_rubric(envelope["structure"], envelope.get("texts"))


def _output(value: object) -> str:
    return _SURROGATE.sub("\ufffd", dump_result(value))


def _error(kind: str, message: str, details: list[dict[str, object]]) -> str:
    error = {"kind": kind, "message": shortened(message, MAX_MESSAGE_CHARS), "details": details}
    return _output({"ok": False, "error": error})


def score_json(rubric_json: str, answers_json: str) -> str:
    """Score from JSON text to JSON text.

    ``rubric_json``: ``{"structure": <rubric.yaml>, "texts": <lang>.yaml | null, "links": {...}}``
    (``links``, optional, is for the page and ignored here).
    ``answers_json``: ``{"version": <rubric version>, "answers": {item id: value}}``.
    Returns ``{"ok": true, "result": ...}`` or ``{"ok": false, "error": {...}}``
    where ``error.kind`` is one of ``ERROR_KINDS`` and ``error.details`` lists
    at most ``MAX_REPORTED_PROBLEMS`` problems (the message says how many more
    there are). Never raises.
    """
    try:
        if not isinstance(rubric_json, str):
            raise _RequestError("invalid-request", "rubric_json is not text — expected a JSON text")
        rubric = _rubric_from_json(rubric_json)
        request = _parse_request(answers_json)
        result = score(rubric, request["answers"], rubric_version=request["version"])
        return _output({"ok": True, "result": result})
    except _RequestError as error:
        return _error(error.kind, str(error), [])
    except RubricError as error:
        details = [problem.to_json() for problem in error.problems[:MAX_REPORTED_PROBLEMS]]
        return _error("invalid-rubric", str(error), details)
    except AnswerError as error:
        details = [problem.to_json() for problem in error.problems[:MAX_REPORTED_PROBLEMS]]
        return _error("invalid-answers", str(error), details)
    except Exception:  # the page must get JSON back whatever happens; its reader must not get a traceback
        return _error("internal-error", "the scoring engine failed unexpectedly: a fault in the engine", [])
