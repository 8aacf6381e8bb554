"""The shapes of ``rubric.yaml`` and ``<lang>.yaml``: the single source of truth.

The loader checks documents against these definitions and the JSON Schemas
for editors are generated from them (see ``_schema``).
"""

from __future__ import annotations

from collections.abc import Mapping

from ._fields import (
    ID_PATTERN,
    ID_WORDS,
    Enum,
    Field,
    Flag,
    Integer,
    ListOf,
    MapOf,
    Number,
    Obj,
    OneOf,
    Spec,
    Text,
)

# Items one questionnaire may ask (the longest has 38); the engine's request limit is far above it.
MAX_ITEMS = 200

RESULT_TYPES = ("scale-profile", "composite", "profile-fit", "ranking")
POLARITIES = ("strength", "risk")

# Relative link to a page under the language docs root, optional #anchor.
# Every path segment starts with a letter or digit, which also rules out "..".
LINK_PATTERN = r"^([A-Za-z0-9][A-Za-z0-9_.-]*/)*[A-Za-z0-9][A-Za-z0-9_.-]*\.md(#[A-Za-z0-9][A-Za-z0-9_-]*)?$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$"

ID = Text(ID_PATTERN, ID_WORDS)


def _id(what: str) -> Field:
    return Field("id", ID, required=True, description=f"Id of the {what}, lowercase kebab-case.")


def _reference(name: str, what: str, required: bool = True) -> Field:
    return Field(name, ID, required=required, description=f"Id of {what} declared in this rubric.")


# ---------------------------------------------------------------- rubric.yaml

ACTION = Obj(
    "action",
    (
        _id("action (unique within its band)"),
        Field(
            "link",
            Text(LINK_PATTERN, "a relative link to a page, e.g. 'articles/some-article.md#some-section'"),
            description="Optional page link, relative to the language docs root.",
        ),
    ),
    description="A suggested action; its text lives in the language files.",
)

ACTIONS = MapOf(
    ListOf(ACTION, min_items=1, max_items=3),
    description="For every band id: 1-3 actions.",
)

BAND = Obj(
    "band",
    (
        _id("band"),
        Field(
            "min",
            Number(minimum=0, maximum=100),
            required=True,
            description="Lowest score (inclusive) of the band.",
        ),
        Field(
            "neutral",
            Flag(),
            description="Marks the one neutral band (neither first nor last).",
            default=False,
        ),
    ),
)

BANDS = ListOf(
    BAND,
    min_items=3,
    description="Bands ascending by min from 0; a band runs up to (not including) the next band's min.",
)

ANSWER_SCALE = Obj(
    "answer-scale",
    (
        Field(
            "values",
            ListOf(Integer(), min_items=2),
            required=True,
            description="Strictly increasing whole numbers; labels come from the language files.",
        ),
    ),
)

SCALE = Obj(
    "scale",
    (
        _id("scale"),
        Field(
            "polarity",
            Enum(POLARITIES),
            description="risk: higher is worse; strength: higher is better.",
            default="strength",
        ),
        Field(
            "min_answers",
            Integer(minimum=1),
            description="Answered items needed for a score. Default: ceil(0.75 * items in the scale).",
        ),
        Field("bands", BANDS, description="Overrides the rubric's default bands for this scale."),
        Field("actions", ACTIONS, required=True, description="For every band of the scale: 1-3 actions."),
    ),
)

WEIGHT = Field("weight", Number(exclusive_minimum=0), description="Positive weight of the item.", default=1)

LIKERT_ITEM = Obj(
    "likert-item",
    (
        _id("item"),
        _reference("scale", "a scale"),
        _reference("answers", "an answer scale (under answer_scales)"),
        Field("reverse", Flag(), description="Reverse keying: the value v counts as lo + hi - v.", default=False),
        WEIGHT,
    ),
    description="An agreement or frequency statement answered on an answer scale.",
)

CHOICE_OPTION = Obj(
    "choice-option",
    (
        _id("option (unique within its item)"),
        Field("scores", MapOf(Number()), required=True, description="Points this option gives, per scale id."),
    ),
)

CHOICE_ITEM = Obj(
    "choice-item",
    (
        _id("item"),
        Field(
            "choice",
            ListOf(CHOICE_OPTION, min_items=2),
            required=True,
            description="The options, in display order.",
        ),
        WEIGHT,
    ),
    description="A single-choice question; each option gives points to one or more scales.",
)


def _pick_item(value: object) -> Spec | None:
    if not isinstance(value, Mapping):
        return None
    return CHOICE_ITEM if "choice" in value else LIKERT_ITEM


ITEM = OneOf(
    (LIKERT_ITEM, CHOICE_ITEM),
    _pick_item,
    "a likert item {id, scale, answers, reverse?, weight?} or a choice item {id, choice, weight?}",
)

COMPONENT = Obj(
    "component",
    (
        _reference("scale", "a scale"),
        Field("weight", Number(exclusive_minimum=0), description="Positive weight of the component.", default=1),
        Field("invert", Flag(), description="Use 100 - score of the scale.", default=False),
    ),
)

COMPOSITE = Obj(
    "composite",
    (
        _id("composite"),
        Field("components", ListOf(COMPONENT, min_items=1), required=True),
        Field("bands", BANDS, description="Overrides the rubric's default bands for this composite."),
        Field("actions", ACTIONS, required=True, description="For every band of the composite: 1-3 actions."),
    ),
)

PROFILE = Obj(
    "profile",
    (
        _id("profile"),
        Field(
            "targets",
            MapOf(Number(minimum=0, maximum=100)),
            required=True,
            description="A 0-100 target for every scale.",
        ),
    ),
)

RANKING = Obj(
    "ranking",
    (
        Field(
            "scales",
            ListOf(ID, min_items=2),
            required=True,
            description="Scale ids to rank, in tie-break order (earlier wins a tie).",
        ),
    ),
)

RUBRIC = Obj(
    "rubric",
    (
        Field("id", ID, required=True, description="Rubric id; equals the folder name."),
        Field("version", Integer(minimum=1), required=True, description="Bump whenever the structure changes."),
        Field("result", Enum(RESULT_TYPES), required=True, description="What the result summary leads with."),
        Field(
            "min_answers_total",
            Integer(minimum=1),
            required=True,
            description="Fewer answered items overall raise the flag too-few-answers.",
        ),
        Field("answer_scales", MapOf(ANSWER_SCALE), description="Named answer scales for likert items."),
        Field("bands", BANDS, required=True, description="Default bands for every scale and composite."),
        Field("scales", ListOf(SCALE, min_items=1), required=True),
        Field(
            "items",
            ListOf(ITEM, min_items=1, max_items=MAX_ITEMS),
            required=True,
            description="Items in display order.",
        ),
        Field("composites", ListOf(COMPOSITE), description="Needed when result is composite."),
        Field("profiles", ListOf(PROFILE), description="Needed when result is profile-fit."),
        Field("ranking", RANKING, description="Needed when result is ranking."),
    ),
    description="Language-neutral structure of a self-assessment; the only file that affects scores.",
)

# ----------------------------------------------------------------- <lang>.yaml

TEXT = Text()

BAND_TEXTS = Obj(
    "band-texts",
    (
        Field("interpretation", TEXT, required=True, description="2-4 sentences explaining this result."),
        Field(
            "actions",
            MapOf(TEXT),
            required=True,
            description="Text of every action of the band, by action id.",
        ),
    ),
)

SCALE_TEXTS = Obj(
    "scale-texts",
    (
        Field("name", TEXT, required=True),
        Field("description", TEXT, required=True, description="One sentence saying what is measured."),
        Field("bands", MapOf(BAND_TEXTS), required=True, description="Texts for every band of the scale."),
    ),
)

CHOICE_ITEM_TEXTS = Obj(
    "choice-item-texts",
    (
        Field("text", TEXT, required=True, description="The question."),
        Field("options", MapOf(TEXT), required=True, description="Text of every option, by option id."),
    ),
)


def _pick_item_texts(value: object) -> Spec | None:
    if isinstance(value, str):
        return TEXT
    if isinstance(value, Mapping):
        return CHOICE_ITEM_TEXTS
    return None


ITEM_TEXTS = OneOf(
    (TEXT, CHOICE_ITEM_TEXTS),
    _pick_item_texts,
    "a statement (likert item) or a mapping {text, options} (choice item)",
)

# The observer form: the same items, worded for someone who rates the taker ("This manager ..."). Optional,
# and never scored differently: the answers go through the same rubric. The engine checks only its shape;
# which items it must cover is the site checker's concern (a missing wording is a warning, not a refusal).
OBSERVER_TEXTS = Obj(
    "observer-texts",
    (
        Field("instructions", TEXT, required=True, description="How a rater answers (one or two sentences)."),
        Field(
            "items",
            MapOf(TEXT),
            required=True,
            description="The statement of every likert item, about the person rated, by item id.",
        ),
    ),
)

PROFILE_TEXTS = Obj(
    "profile-texts",
    (Field("name", TEXT, required=True), Field("description", TEXT, required=True)),
)

TEXTS = Obj(
    "texts",
    (
        Field(
            "language",
            Text(LANGUAGE_PATTERN, "a language code such as en, zh, fr or pl"),
            required=True,
            description="Language code; equals the file name.",
        ),
        Field("title", TEXT, required=True),
        Field("description", TEXT, required=True, description="One sentence for the page list."),
        Field("disclaimer", TEXT, required=True),
        Field("instructions", TEXT, required=True, description="How to answer (one or two sentences)."),
        Field(
            "answer_scales",
            MapOf(ListOf(TEXT, min_items=2)),
            description="One label per value of every answer scale.",
        ),
        Field("bands", MapOf(TEXT), required=True, description="Label of every band id used in the rubric."),
        Field("scales", MapOf(SCALE_TEXTS), required=True),
        Field("items", MapOf(ITEM_TEXTS), required=True),
        Field("composites", MapOf(SCALE_TEXTS), description="Needed when the rubric has composites."),
        Field("profiles", MapOf(PROFILE_TEXTS), description="Needed when the rubric has profiles."),
        Field("observer", OBSERVER_TEXTS, description="Wordings of the items for raters (the observer form)."),
    ),
    description="All strings of one language for a Breakthrough self-assessment.",
)
