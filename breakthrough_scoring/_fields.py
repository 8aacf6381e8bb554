"""Field definitions: one description of a document's shape, used twice.

The same objects (1) check a parsed document and report problems with paths,
and (2) generate its JSON Schema. Keeping both in one place is what stops the
editor schema and the loader from drifting apart.

Checks here are *structural* only (types, required and unknown keys, ranges,
patterns). Cross-references (does this scale exist?) live in ``_load``.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import SHOWN_VALUE_CHARS, Document, FieldPath, Problem, described_number, number_words, quoted, shortened

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_WORDS = "an id in lowercase kebab-case, e.g. 'day-to-day-selling'"

JsonSchema = dict[str, Any]


class Sink:
    """Collects problems for one document."""

    def __init__(self, document: Document) -> None:
        self.document: Document = document
        self.problems: list[Problem] = []

    def add(self, path: FieldPath, message: str, expected: str) -> None:
        self.problems.append(Problem(self.document, path, message, expected))


def describe(value: object) -> str:
    """Name a value the way an editor would, for 'what is wrong' messages: in words, never by a
    Python type name, and never echoing more than a short prefix of it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a yes/no value)"
    if isinstance(value, int | float):
        return described_number(value)
    if isinstance(value, str):
        return f"the text {quoted(value)}"
    if isinstance(value, list):
        return f"a list of {len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, datetime.date):  # YAML reads an unquoted 2024-05-01 as a date
        return "a date"
    return "a value that is not text, a number, a list or a mapping"


def one_of(names: list[str] | tuple[str, ...]) -> str:
    return ", ".join(shortened(name, SHOWN_VALUE_CHARS) for name in names) if names else "(none)"


def suggestion(word: str, names: list[str] | tuple[str, ...]) -> str:
    """' (did you mean x?)' when a close match exists: typos are the common case."""
    close = difflib.get_close_matches(word, list(names), n=1)
    return f" (did you mean {quoted(close[0])}?)" if close else ""


def _is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


# Longest text a rubric may hold (a statement, an interpretation): the longest written so far has 442.
TEXT_MAX_CHARS = 2_000


@dataclass(frozen=True)
class Text:
    """A non-blank string of at most ``TEXT_MAX_CHARS`` characters, optionally matching a pattern."""

    pattern: str | None = None
    words: str = "non-empty text"
    description: str = ""

    def expected(self) -> str:
        return self.words

    def check(self, value: object, path: FieldPath, sink: Sink) -> bool:
        if not isinstance(value, str):
            sink.add(path, f"{describe(value)} where text was needed", self.expected())
            return False
        if not value.strip():
            sink.add(path, "the text is empty", self.expected())
            return False
        if len(value) > TEXT_MAX_CHARS:
            sink.add(path, f"the text has {len(value)} characters", f"at most {TEXT_MAX_CHARS}")
            return False
        if self.pattern is not None and re.fullmatch(self.pattern, value) is None:
            sink.add(path, f"{quoted(value)} is not in the required form", self.expected())
            return False
        return True

    def schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        # "\S" rejects blank strings, which minLength alone would accept.
        result: JsonSchema = {
            "type": "string",
            "minLength": 1,
            "maxLength": TEXT_MAX_CHARS,
            "pattern": self.pattern or r"\S",
        }
        return _described(result, self.description)


@dataclass(frozen=True)
class Integer:
    minimum: int | None = None
    description: str = ""

    def expected(self) -> str:
        return "a whole number" + (f" >= {self.minimum}" if self.minimum is not None else "")

    def check(self, value: object, path: FieldPath, sink: Sink) -> bool:
        if not _is_whole_number(value):
            sink.add(path, f"{describe(value)} is not a whole number", self.expected())
            return False
        assert isinstance(value, int)
        if self.minimum is not None and value < self.minimum:
            sink.add(path, f"{number_words(value)} is too small", self.expected())
            return False
        return True

    def schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        result: JsonSchema = {"type": "integer"}
        if self.minimum is not None:
            result["minimum"] = self.minimum
        return _described(result, self.description)


@dataclass(frozen=True)
class Number:
    minimum: int | None = None
    maximum: int | None = None
    exclusive_minimum: int | None = None
    description: str = ""

    def expected(self) -> str:
        limits = []
        if self.exclusive_minimum is not None:
            limits.append(f"> {self.exclusive_minimum}")
        if self.minimum is not None:
            limits.append(f">= {self.minimum}")
        if self.maximum is not None:
            limits.append(f"<= {self.maximum}")
        return "a number" + (" " + " and ".join(limits) if limits else "")

    def check(self, value: object, path: FieldPath, sink: Sink) -> bool:
        if not _is_number(value):
            sink.add(path, f"{describe(value)} is not a number", self.expected())
            return False
        assert isinstance(value, int | float)
        too_small = (self.minimum is not None and value < self.minimum) or (
            self.exclusive_minimum is not None and value <= self.exclusive_minimum
        )
        too_big = self.maximum is not None and value > self.maximum
        if too_small or too_big:
            sink.add(path, f"{number_words(value)} is out of range", self.expected())
            return False
        return True

    def schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        result: JsonSchema = {"type": "number"}
        if self.minimum is not None:
            result["minimum"] = self.minimum
        if self.exclusive_minimum is not None:
            result["exclusiveMinimum"] = self.exclusive_minimum
        if self.maximum is not None:
            result["maximum"] = self.maximum
        return _described(result, self.description)


@dataclass(frozen=True)
class Flag:
    description: str = ""

    def expected(self) -> str:
        return "true or false"

    def check(self, value: object, path: FieldPath, sink: Sink) -> bool:
        if not isinstance(value, bool):
            sink.add(path, f"{describe(value)} is not true or false", self.expected())
            return False
        return True

    def schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return _described({"type": "boolean"}, self.description)


@dataclass(frozen=True)
class Enum:
    values: tuple[str, ...]
    description: str = ""

    def expected(self) -> str:
        return f"one of {one_of(self.values)}"

    def check(self, value: object, path: FieldPath, sink: Sink) -> bool:
        if not isinstance(value, str) or value not in self.values:
            hint = suggestion(value, self.values) if isinstance(value, str) else ""
            sink.add(path, f"{describe(value)} is not allowed here{hint}", self.expected())
            return False
        return True

    def schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return _described({"type": "string", "enum": list(self.values)}, self.description)


@dataclass(frozen=True)
class ListOf:
    item: Spec
    min_items: int = 0
    max_items: int | None = None
    description: str = ""

    def expected(self) -> str:
        if self.max_items is not None:
            count = f"{self.min_items}-{self.max_items}"
        elif self.min_items:
            count = f"at least {self.min_items}"
        else:
            count = "any number of"
        return f"a list of {count} entries, each {self.item.expected()}"

    def check(self, value: object, path: FieldPath, sink: Sink) -> bool:
        if not isinstance(value, list):
            sink.add(path, f"{describe(value)} where a list was needed", self.expected())
            return False
        ok = True
        if len(value) < self.min_items or (self.max_items is not None and len(value) > self.max_items):
            sink.add(path, f"the list has {len(value)} entries", self.expected())
            ok = False
        for index, entry in enumerate(value):
            ok = self.item.check(entry, (*path, index), sink) and ok
        return ok

    def schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        result: JsonSchema = {"type": "array", "items": self.item.schema(defs)}
        if self.min_items:
            result["minItems"] = self.min_items
        if self.max_items is not None:
            result["maxItems"] = self.max_items
        return _described(result, self.description)


@dataclass(frozen=True)
class MapOf:
    """A mapping whose keys are ids and whose values all share one shape."""

    value: Spec
    min_items: int = 0
    description: str = ""

    def expected(self) -> str:
        return f"a mapping from ids to {self.value.expected()}"

    def check(self, value: object, path: FieldPath, sink: Sink) -> bool:
        if not isinstance(value, Mapping):
            sink.add(path, f"{describe(value)} where a mapping was needed", self.expected())
            return False
        ok = True
        if len(value) < self.min_items:
            sink.add(path, f"the mapping has {len(value)} entries", f"at least {self.min_items}")
            ok = False
        for key, entry in value.items():
            if not _check_key(key, path, sink):
                ok = False
                continue
            if re.fullmatch(ID_PATTERN, key) is None:
                sink.add((*path, key), f"the key {quoted(key)} is not a valid id", ID_WORDS)
                ok = False
            ok = self.value.check(entry, (*path, key), sink) and ok
        return ok

    def schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        result: JsonSchema = {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": self.value.schema(defs),
        }
        if self.min_items:
            result["minProperties"] = self.min_items
        return _described(result, self.description)


@dataclass(frozen=True)
class Field:
    name: str
    spec: Spec
    required: bool = False
    description: str = ""
    default: object = None  # documented in the schema and used by the loader


@dataclass(frozen=True)
class Obj:
    """A mapping with a fixed set of keys; unknown keys are errors."""

    name: str  # the JSON Schema $defs name
    fields: tuple[Field, ...]
    description: str = ""
    _by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})

    def get(self, raw: Mapping[str, Any], name: str) -> Any:
        """The value of a field in a checked mapping, or the field's default."""
        return raw[name] if name in raw else self._by_name[name].default

    def expected(self) -> str:
        required = [f.name for f in self.fields if f.required]
        optional = [f.name for f in self.fields if not f.required]
        words = f"a mapping with the keys {one_of(required)}"
        return words + (f" (optional: {one_of(optional)})" if optional else "")

    def check(self, value: object, path: FieldPath, sink: Sink) -> bool:
        if not isinstance(value, Mapping):
            sink.add(path, f"{describe(value)} where a mapping was needed", self.expected())
            return False
        ok = True
        names = tuple(self._by_name)
        for key in value:
            if not _check_key(key, path, sink):
                ok = False
            elif key not in self._by_name:
                sink.add(
                    (*path, key),
                    f"unknown key {quoted(key)}{suggestion(key, names)}",
                    f"only the keys {one_of(names)}",
                )
                ok = False
        for definition in self.fields:
            if definition.name in value:
                ok = definition.spec.check(value[definition.name], (*path, definition.name), sink) and ok
            elif definition.required:
                sink.add(path, f"the key {definition.name!r} is missing", _field_words(definition))
                ok = False
        return ok

    def schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        if self.name not in defs:
            defs[self.name] = {}  # placeholder first: allows recursive references
            defs[self.name] = self.inline_schema(defs)
        return {"$ref": f"#/$defs/{self.name}"}

    def inline_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        properties: JsonSchema = {}
        for definition in self.fields:
            property_schema = definition.spec.schema(defs)
            if definition.description:
                property_schema = {**property_schema, "description": definition.description}
            if definition.default is not None:
                property_schema = {**property_schema, "default": definition.default}
            properties[definition.name] = property_schema
        result: JsonSchema = {
            "type": "object",
            "properties": properties,
            "required": [f.name for f in self.fields if f.required],
            "additionalProperties": False,
        }
        return _described(result, self.description)


@dataclass(frozen=True)
class OneOf:
    """Exactly one of several shapes; ``pick`` chooses which one applies to a value."""

    variants: tuple[Spec, ...]
    pick: Callable[[object], Spec | None]
    words: str
    description: str = ""

    def expected(self) -> str:
        return self.words

    def check(self, value: object, path: FieldPath, sink: Sink) -> bool:
        chosen = self.pick(value)
        if chosen is None:
            sink.add(path, f"{describe(value)} matches none of the allowed forms", self.expected())
            return False
        return chosen.check(value, path, sink)

    def schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return _described({"oneOf": [variant.schema(defs) for variant in self.variants]}, self.description)


Spec = Text | Integer | Number | Flag | Enum | ListOf | MapOf | Obj | OneOf


def _check_key(key: object, path: FieldPath, sink: Sink) -> bool:
    if isinstance(key, str):
        return True
    # YAML 1.1 turns unquoted yes/no/on/off into booleans and digits into numbers.
    shown = number_words(key) if isinstance(key, int | float) else describe(key)
    sink.add(
        (*path, str(key)),
        f"the key {shown} is not text",
        "a text key; quote keys such as 'no', 'yes', 'on', 'off' or numbers in YAML",
    )
    return False


def _field_words(definition: Field) -> str:
    """'name: what it holds (what it is for)' — the description turned into a hint."""
    words = f"{definition.name}: {definition.spec.expected()}"
    hint = definition.description.rstrip(".")
    return f"{words} ({hint[:1].lower()}{hint[1:]})" if hint else words


def _described(schema: JsonSchema, description: str) -> JsonSchema:
    if description:
        schema["description"] = description
    return schema


def document_schema(root: Obj, title: str) -> JsonSchema:
    """A complete draft 2020-12 JSON Schema with ``root`` as the document."""
    defs: dict[str, JsonSchema] = {}
    body = root.inline_schema(defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **body,
        "$defs": dict(sorted(defs.items())),
    }
