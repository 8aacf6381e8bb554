"""Typed errors of the scoring engine.

Both error types carry *every* problem found, not just the first one, so a
rubric writer (or the page calling the engine) can fix everything in one go.
Each problem says what is wrong and, separately, what was expected.

Limits on what ``score_json`` accepts. The text it gets comes from a browser
page, so it is treated as hostile: every limit is checked before the engine
does any real work, and breaking one is a typed error (its ``kind`` in
brackets), never a crash. The real rubrics are far inside them (at most 38
items, ids of 5 characters, a rubric text of 37,000 characters nested 8 deep,
a request of 500 characters):

- ``MAX_REQUEST_CHARS`` characters of ``answers_json`` and ``MAX_RUBRIC_CHARS``
  of ``rubric_json`` (``request-too-large``). Characters, not bytes: a
  character is 1 to 4 bytes in UTF-8, so the byte limit is at most 4 times as
  much.
- ``MAX_JSON_DEPTH`` levels of nested objects and lists in either text, counted
  before the JSON is parsed, so a deeply nested text cannot exhaust the stack
  (``request-too-deep``).
- ``MAX_ANSWERS`` entries in ``answers`` (``too-many-answers``).
- ``MAX_STRING_CHARS`` characters in any key or text value of ``answers_json``
  (``value-too-long``).

Error texts are bounded too, whatever the input: a message lists at most
``MAX_REPORTED_PROBLEMS`` problems and then says how many more there are, each
problem's texts are cut at ``MAX_PROBLEM_CHARS`` characters, a value quoted
back is cut at ``SHOWN_VALUE_CHARS`` characters, and values are described in
words ("a list", "an object", "a number", "text"), never by Python type names,
because the page shows the message to readers as a technical detail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

MAX_REQUEST_CHARS = 100_000
MAX_RUBRIC_CHARS = 1_000_000
MAX_JSON_DEPTH = 32
MAX_ANSWERS = 1_000
MAX_STRING_CHARS = 200

MAX_REPORTED_PROBLEMS = 10
MAX_PROBLEM_CHARS = 500
MAX_MESSAGE_CHARS = 4_000
SHOWN_VALUE_CHARS = 40
# Whole numbers wider than this are described, not written out: their digits are an echoed value.
SHOWN_NUMBER_BITS = 100

#: A JSON-ish location inside a document: mapping keys are strings, list
#: positions are integers, e.g. ``("items", 3, "scale")``.
FieldPath = tuple[str | int, ...]

#: Which input a rubric problem is in: the language-neutral ``rubric.yaml``
#: structure or the ``<lang>.yaml`` texts.
Document = Literal["rubric", "texts"]

#: Every kind of answer problem, in the order they are checked.
AnswerKind = Literal[
    "wrong-type",
    "version-mismatch",
    "unknown-item",
    "off-scale",
    "unknown-option",
    "no-answers",
]


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str) -> str:
    """A text quoted back in a message: a short prefix, with quotes, control characters and
    unpaired surrogates escaped so the message stays one readable line of valid text."""
    return repr(shortened(text, SHOWN_VALUE_CHARS))


def number_words(value: int | float) -> str:
    """A number as written in a message; a huge whole number is described, not echoed."""
    if isinstance(value, int) and value.bit_length() > SHOWN_NUMBER_BITS:
        digits = int(value.bit_length() * 0.30103) + 1  # log10(2): no conversion of a huge number to text
        return f"a {'negative ' if value < 0 else ''}number of about {digits} digits"
    return repr(value)


def described_number(value: int | float) -> str:
    """'the number 7', or 'a number of about 401 digits'."""
    words = number_words(value)
    return words if words.startswith("a ") else f"the number {words}"


def listed(names: list[str], limit: int = 5) -> str:
    """'a, b, c and 7 more': at most ``limit`` names, each quoted and cut short."""
    shown = ", ".join(quoted(name) for name in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _report(header: str, problems: tuple[object, ...]) -> str:
    lines = [f"  - {problem}" for problem in problems[:MAX_REPORTED_PROBLEMS]]
    if len(problems) > MAX_REPORTED_PROBLEMS:
        lines.append(f"  - and {len(problems) - MAX_REPORTED_PROBLEMS} more")
    return shortened(header + "\n".join(lines), MAX_MESSAGE_CHARS)


def format_path(path: FieldPath) -> str:
    """Render a path the way a person reads it: ``items[3].scale``."""
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            name = shortened(str(part), SHOWN_VALUE_CHARS)  # a hostile document's keys can be huge
            text += f".{name}" if text else name
    return text or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rubric or its texts."""

    document: Document
    path: FieldPath
    message: str  # what is wrong
    expected: str  # what would have been right

    def __post_init__(self) -> None:
        # Keys of a hostile document can be huge: a path names them, it need not spell them out.
        path = tuple(shortened(part, MAX_STRING_CHARS) if isinstance(part, str) else part for part in self.path)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "message", shortened(self.message, MAX_PROBLEM_CHARS))
        object.__setattr__(self, "expected", shortened(self.expected, MAX_PROBLEM_CHARS))

    def __str__(self) -> str:
        return f"{self.document}: {format_path(self.path)}: {self.message} — expected {self.expected}"

    def to_json(self) -> dict[str, object]:
        return {
            "document": self.document,
            "path": [shortened(part, SHOWN_VALUE_CHARS) if isinstance(part, str) else part for part in self.path],
            "message": self.message,
            "expected": self.expected,
        }


class RubricError(ValueError):
    """The rubric structure or its texts break the rubric format.

    ``problems`` lists every problem found, in document order.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        super().__init__(_report(f"{count} problem{'s' if count != 1 else ''} in the rubric:\n", self.problems))


@dataclass(frozen=True)
class AnswerProblem:
    """One thing wrong with a set of answers."""

    kind: AnswerKind
    item: str | None  # the item id concerned, if any
    message: str  # what is wrong
    expected: str  # what would have been right

    def __post_init__(self) -> None:
        if self.item is not None:
            object.__setattr__(self, "item", shortened(self.item, MAX_STRING_CHARS))
        object.__setattr__(self, "message", shortened(self.message, MAX_PROBLEM_CHARS))
        object.__setattr__(self, "expected", shortened(self.expected, MAX_PROBLEM_CHARS))

    def __str__(self) -> str:
        return f"{self.message} — expected {self.expected}"

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "item": self.item, "message": self.message, "expected": self.expected}


class AnswerError(ValueError):
    """The answers cannot be scored against this rubric.

    ``problems`` lists every problem found; ``kind`` is the kind of the first.
    """

    def __init__(self, problems: Iterable[AnswerProblem]) -> None:
        self.problems: tuple[AnswerProblem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("AnswerError needs at least one problem")
        super().__init__(_report("the answers cannot be scored:\n", self.problems))

    @property
    def kind(self) -> AnswerKind:
        return self.problems[0].kind
