"""Breakthrough scoring engine: rubric loading, validation and exact scoring.

Rule for every module of this package: it runs unchanged in CPython and in
Pyodide (the reader's browser). Standard library only — no third-party
imports, no file-system access, no network. Inputs are already-parsed data
(dicts, lists, strings, numbers) or JSON text; outputs are plain data or JSON
text. (The one exception is ``__main__``, the build-time command line that
writes the JSON Schema files; the engine never imports it.)

The binding rules are in the rubric format spec; ``docs/<lang>/assessments/
how-scoring-works.md`` explains them for readers.

Typical use::

    rubric = load_rubric(structure, texts)          # raises RubricError
    result = score(rubric, {"cb01": 4, "cd01": "a"}, rubric_version=1)  # raises AnswerError
    text = score_json(rubric_json, answers_json)    # from JavaScript; never raises

``score_json`` treats its text as hostile: it refuses text over
``errors.MAX_REQUEST_CHARS`` (answers) or ``errors.MAX_RUBRIC_CHARS`` (rubric)
characters, nested deeper than ``errors.MAX_JSON_DEPTH`` (checked before
parsing), with more than ``errors.MAX_ANSWERS`` answers or a key or text longer
than ``errors.MAX_STRING_CHARS``, each with its own ``error.kind``
(``ERROR_KINDS``). Error texts are bounded, name no Python types and quote at
most a short prefix of any value; the ``errors`` module documents the limits.
"""

from ._boundary import ERROR_KINDS, score_json
from ._hash import canonical_json, content_hash
from ._load import load_rubric, text_paths
from ._model import (
    Action,
    AnswerScale,
    Band,
    ChoiceItem,
    ChoiceOption,
    ChoiceScoring,
    Component,
    Composite,
    Item,
    LikertItem,
    Outcome,
    Profile,
    Ranking,
    Rubric,
    RubricTexts,
    Scale,
)
from ._schema import rubric_json_schema, texts_json_schema
from ._score import FLAG_STRAIGHT_LINING, FLAG_TOO_FEW_ANSWERS, dump_result, round_half_up, score
from .errors import AnswerError, AnswerProblem, FieldPath, Problem, RubricError, format_path

__version__ = "0.1.0"

__all__ = [
    "ERROR_KINDS",
    "FLAG_STRAIGHT_LINING",
    "FLAG_TOO_FEW_ANSWERS",
    "Action",
    "AnswerError",
    "AnswerProblem",
    "AnswerScale",
    "Band",
    "ChoiceItem",
    "ChoiceOption",
    "ChoiceScoring",
    "Component",
    "Composite",
    "FieldPath",
    "Item",
    "LikertItem",
    "Outcome",
    "Problem",
    "Profile",
    "Ranking",
    "Rubric",
    "RubricError",
    "RubricTexts",
    "Scale",
    "canonical_json",
    "content_hash",
    "dump_result",
    "format_path",
    "load_rubric",
    "round_half_up",
    "rubric_json_schema",
    "score",
    "score_json",
    "text_paths",
    "texts_json_schema",
]
