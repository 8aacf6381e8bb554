"""The checked, immutable form of a rubric (built only by ``load_rubric``).

Numbers that take part in scoring are ``Fraction`` so scoring is exact.
Text fields are ``None`` when the rubric was loaded without language texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

ResultType = Literal["scale-profile", "composite", "profile-fit", "ranking"]
Polarity = Literal["strength", "risk"]


@dataclass(frozen=True)
class AnswerScale:
    id: str
    values: tuple[int, ...]  # strictly increasing
    labels: tuple[str, ...] | None  # one per value

    @property
    def lowest(self) -> int:
        return self.values[0]

    @property
    def highest(self) -> int:
        return self.values[-1]


@dataclass(frozen=True)
class Band:
    id: str
    min: Fraction  # inclusive; the band ends where the next one starts
    neutral: bool
    label: str | None


@dataclass(frozen=True)
class Action:
    id: str
    link: str | None
    text: str | None


@dataclass(frozen=True)
class Outcome:
    """One band of a scale or composite with what to tell the reader there."""

    band: Band
    interpretation: str | None
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Scale:
    id: str
    polarity: Polarity
    min_answers: int
    item_count: int
    outcomes: tuple[Outcome, ...]  # ascending by band.min
    name: str | None
    description: str | None


@dataclass(frozen=True)
class LikertItem:
    id: str
    scale: str
    answer_scale: AnswerScale
    reverse: bool
    weight: Fraction
    text: str | None


@dataclass(frozen=True)
class ChoiceOption:
    id: str
    scores: tuple[tuple[str, Fraction], ...]  # (scale id, points) as written
    text: str | None


@dataclass(frozen=True)
class ChoiceScoring:
    """What a choice item can give one scale: points per option and their range."""

    scale: str
    points: tuple[tuple[str, Fraction], ...]  # (option id, points; 0 when not given)
    lowest: Fraction
    highest: Fraction


@dataclass(frozen=True)
class ChoiceItem:
    id: str
    options: tuple[ChoiceOption, ...]
    weight: Fraction
    scorings: tuple[ChoiceScoring, ...]  # in declared scale order
    text: str | None


Item = LikertItem | ChoiceItem


@dataclass(frozen=True)
class Component:
    scale: str
    weight: Fraction
    invert: bool


@dataclass(frozen=True)
class Composite:
    id: str
    components: tuple[Component, ...]
    outcomes: tuple[Outcome, ...]
    name: str | None
    description: str | None


@dataclass(frozen=True)
class Profile:
    id: str
    targets: tuple[tuple[str, Fraction], ...]  # (scale id, target) in declared scale order
    name: str | None
    description: str | None


@dataclass(frozen=True)
class Ranking:
    scales: tuple[str, ...]  # tie-break order


@dataclass(frozen=True)
class RubricTexts:
    language: str
    title: str
    description: str
    disclaimer: str
    instructions: str


@dataclass(frozen=True)
class Rubric:
    id: str
    version: int
    result: ResultType
    min_answers_total: int
    answer_scales: tuple[AnswerScale, ...]
    scales: tuple[Scale, ...]
    items: tuple[Item, ...]
    composites: tuple[Composite, ...]
    profiles: tuple[Profile, ...]
    ranking: Ranking | None
    hash: str  # content hash of the structure (see content_hash)
    language: str | None
    texts: RubricTexts | None
