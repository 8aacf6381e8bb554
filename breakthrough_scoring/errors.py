"""Typed errors of the scoring engine.

Both error types carry *every* problem found, not just the first one, so a
rubric writer (or the page calling the engine) can fix everything in one go.
Each problem says what is wrong and, separately, what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

#: A JSON-ish location inside a document: mapping keys are strings, list
#: positions are integers, e.g. ``("items", 3, "scale")``.
Path = tuple[str | int, ...]

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


def format_path(path: Path) -> str:
    """Render a path the way a person reads it: ``items[3].scale``."""
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rubric or its texts."""

    document: Document
    path: Path
    message: str  # what is wrong
    expected: str  # what would have been right

    def __str__(self) -> str:
        return f"{self.document}: {format_path(self.path)}: {self.message} — expected {self.expected}"

    def to_json(self) -> dict[str, object]:
        return {
            "document": self.document,
            "path": list(self.path),
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
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the rubric:\n{lines}")


@dataclass(frozen=True)
class AnswerProblem:
    """One thing wrong with a set of answers."""

    kind: AnswerKind
    item: str | None  # the item id concerned, if any
    message: str  # what is wrong
    expected: str  # what would have been right

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
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"the answers cannot be scored:\n{lines}")

    @property
    def kind(self) -> AnswerKind:
        return self.problems[0].kind
