"""Front matter of Markdown pages: splitting, the schema every page follows, and its validation.

The schema is declared once (``FIELDS``); ``front_matter_json_schema`` derives the JSON Schema that editors'
tools can use from it, and ``validate_front_matter`` enforces it with line numbers.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from . import yaml_parsing
from .problems import Problem

_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
REVISION_PATTERN = re.compile(r"^[0-9a-f]{12}$")
DESCRIPTION_MAX = 160
TITLE_MAX = 100
TAG_MAX = 40
TAGS_MAX = 8
ORDER_MAX = 100_000
SECTION_PATTERN = re.compile(r"^[A-Z][A-Za-z0-9 ,&'-]{0,39}$")
# Navigation data: read from the default-language page only, so every language lists articles alike.
NAV_FIELDS = ("order", "section")
# Fields shown to readers: plain text wherever they appear (escaped by the build, never read as markup).
TEXT_FIELDS = ("title", "description", "tags")


@dataclass(frozen=True)
class SplitPage:
    """A page's front matter text and body; ``body_line`` is the 1-based line where the body starts."""

    front_matter: str
    body: str
    body_line: int
    has_front_matter: bool


def split_page(text: str) -> SplitPage:
    match = _FENCE.match(text)
    if not match:
        return SplitPage("", text, 1, False)
    front = match.group(1) or ""
    return SplitPage(front, text[match.end() :], text[: match.end()].count("\n") + 1, True)


@dataclass(frozen=True)
class PageRole:
    """What the schema asks of a page, derived from its path and language."""

    is_article: bool
    is_translation: bool
    in_assessments: bool


def page_role(rel_path: str, *, is_translation: bool) -> PageRole:
    parts = rel_path.split("/")
    is_article = len(parts) == 2 and parts[0] == "articles" and parts[1] != "index.md"
    return PageRole(is_article, is_translation, parts[0] == "assessments")


@dataclass(frozen=True)
class Field:
    name: str
    json_type: dict[str, Any]
    description: str
    required: Callable[[PageRole], bool]
    allowed: Callable[[PageRole], bool] = lambda role: True


def _always(role: PageRole) -> bool:
    return True


def _articles(role: PageRole) -> bool:
    return role.is_article


def _translations(role: PageRole) -> bool:
    return role.is_translation


def _assessments(role: PageRole) -> bool:
    return role.in_assessments


def _never(role: PageRole) -> bool:
    return False


def _default_articles(role: PageRole) -> bool:
    return role.is_article and not role.is_translation


_STRING_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}

FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        {"type": "string", "minLength": 1, "maxLength": TITLE_MAX},
        "Page title in the page's language (plain text).",
        _always,
    ),
    Field(
        "description",
        {"type": "string", "minLength": 1, "maxLength": DESCRIPTION_MAX},
        "One sentence for search results and link previews (plain text).",
        _always,
    ),
    Field("updated", {"type": "string", "format": "date"}, "Date of the last real change, YYYY-MM-DD.", _always),
    Field(
        "tags",
        {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": TAG_MAX},
            "minItems": 1,
            "maxItems": TAGS_MAX,
        },
        "Two to four short tags in the page's language (articles).",
        _articles,
        _articles,
    ),
    Field(
        "sources",
        _STRING_LIST,
        "Ids of the source documents, as listed on the Sources page (articles).",
        _articles,
        _articles,
    ),
    Field(
        "order",
        {"type": "integer", "minimum": 1, "maximum": ORDER_MAX},
        "Position of the article in the navigation and the articles index, in every language (lower first;"
        " articles without it follow, by file name; default-language page only).",
        _never,
        _default_articles,
    ),
    Field(
        "section",
        {"type": "string", "pattern": SECTION_PATTERN.pattern},
        "Navigation group of the article (an English key of `nav:` in build_tools/locales/<lang>.yml, which"
        " gives its title in each language; default-language page only). Without it the article is listed"
        " directly under Articles.",
        _never,
        _default_articles,
    ),
    Field(
        "translated_from",
        {"type": "string", "pattern": REVISION_PATTERN.pattern},
        "Revision of the default-language text this translation was made from (`kb stamp` writes it).",
        _translations,
        _translations,
    ),
    Field(
        "assessment",
        {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
        "Id of the rubric whose questionnaire this page shows.",
        _never,
        _assessments,
    ),
    Field(
        "hide",
        {"type": "array", "items": {"enum": ["navigation", "toc", "footer", "path", "tags"]}},
        "Material layout parts to hide on this page.",
        _never,
    ),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)


def front_matter_json_schema() -> dict[str, Any]:
    """JSON Schema of the front matter (the union of what any page may carry)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Breakthrough page front matter",
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "description", "updated"],
        "properties": {f.name: {**f.json_type, "description": f.description} for f in FIELDS},
    }


def _key_lines(front_matter: str) -> dict[str, int]:
    """Line (1-based, within the front matter) of every top-level key."""
    try:
        node = yaml_parsing.compose(front_matter)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def parse_front_matter(split: SplitPage, path: str) -> tuple[dict[str, Any], list[Problem]]:
    """The front matter as a mapping, or problems saying why it cannot be read."""
    if not split.has_front_matter:
        return {}, [
            Problem(
                path,
                1,
                "the page has no front matter",
                "start the file with a `---` block holding title, description and updated",
            )
        ]
    loaded = _load(split.front_matter) if split.front_matter.strip() else _Loaded({})
    if loaded.error is not None:
        return {}, [
            Problem(
                path,
                loaded.error_line,
                f"front matter is not valid YAML ({loaded.error})",
                "check quoting and indentation; quote values that contain ': '",
            )
        ]
    data = copy.deepcopy(loaded.data)  # the caller's own copy: the parsed value is shared by every caller
    if not isinstance(data, dict):
        return {}, [
            Problem(path, 2, "front matter must be a mapping of keys to values", "write one `key: value` per line")
        ]
    return data, []


@dataclass(frozen=True)
class _Loaded:
    data: Any
    error: str | None = None
    error_line: int = 1


@lru_cache(maxsize=16_384)
def _load(front_matter: str) -> _Loaded:
    """A front matter's YAML, parsed once per text: the checks, the navigation, the status page, the
    content date and every language's build all read the same pages' front matter."""
    try:
        return _Loaded(yaml_parsing.safe_load(front_matter))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return _Loaded(None, str(getattr(error, "problem", error)), mark.line + 2 if mark is not None else 1)


def front_matters(pages: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """path -> front matter of every page (empty for a page whose front matter cannot be read)."""
    return {path: parse_front_matter(split_page(text), path)[0] for path, text in pages.items()}


def validate_front_matter(
    meta: Mapping[str, Any],
    front_matter: str,
    path: str,
    role: PageRole,
    *,
    known_sources: frozenset[str] | None = None,
    known_assessments: frozenset[str] | None = None,
) -> list[Problem]:
    """Check ``meta`` against ``FIELDS``; line numbers point into the file (front matter starts on line 2)."""
    lines = {key: line + 1 for key, line in _key_lines(front_matter).items()}
    problems: list[Problem] = []

    def report(key: str | None, message: str, fix: str) -> None:
        problems.append(Problem(path, lines.get(key or "", 1) if key else 1, message, fix))

    by_name = {field.name: field for field in FIELDS}
    for key in meta:
        field = by_name.get(str(key))
        if field is None:
            report(
                str(key),
                f"unknown front matter key `{key}`",
                f"remove it; allowed keys are {', '.join(FIELD_NAMES)}",
            )
        elif not field.allowed(role):
            report(str(key), f"`{key}` does not belong on this page", f"remove it ({field.description})")
    for field in FIELDS:
        if field.required(role) and field.name not in meta:
            hint = "run `kb stamp <path>`" if field.name == "translated_from" else f"add `{field.name}:`"
            report(None, f"missing front matter key `{field.name}`", f"{hint} — {field.description}")

    for key, message, fix in _value_problems(meta, known_sources, known_assessments):
        report(key, message, fix)
    return problems


def _value_problems(
    meta: Mapping[str, Any],
    known_sources: frozenset[str] | None,
    known_assessments: frozenset[str] | None,
) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for key in ("title", "description"):
        value = meta.get(key)
        if key in meta and (not isinstance(value, str) or not value.strip()):
            found.append((key, f"`{key}` must be non-empty text", f"write the {key} in the page's language"))
    for key, limit in (("title", TITLE_MAX), ("description", DESCRIPTION_MAX)):
        value = meta.get(key)
        if isinstance(value, str) and len(value) > limit:
            found.append((key, f"`{key}` has {len(value)} characters", f"shorten it to at most {limit}"))
    tags = meta.get("tags")
    if isinstance(tags, list):
        if len(tags) > TAGS_MAX:
            found.append(("tags", f"{len(tags)} tags", f"keep at most {TAGS_MAX}"))
        for tag in tags:
            if isinstance(tag, str) and len(tag) > TAG_MAX:
                found.append(("tags", f"tag `{tag[:TAG_MAX]}…` is too long", f"keep tags under {TAG_MAX} characters"))
    if "updated" in meta and not isinstance(meta["updated"], dt.date):
        found.append(("updated", "`updated` is not a date", "write it as YYYY-MM-DD, unquoted"))
    for key in ("tags", "sources"):
        value = meta.get(key)
        if key in meta and (
            not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            found.append((key, f"`{key}` must be a non-empty list of text", f"write `{key}: [first, second]`"))
    sources = meta.get("sources")
    if known_sources is not None and isinstance(sources, list):
        for source in sources:
            if isinstance(source, str) and source not in known_sources:
                found.append(
                    (
                        "sources",
                        f"unknown source id `{source}`",
                        f"use one of the ids on the Sources page: {', '.join(sorted(known_sources))}",
                    )
                )
    order = meta.get("order")
    if "order" in meta and (isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= ORDER_MAX):
        found.append(
            ("order", "`order` is not a whole number from 1", f"write a number from 1 to {ORDER_MAX}, e.g. `order: 70`")
        )
    section = meta.get("section")
    if "section" in meta and not (isinstance(section, str) and SECTION_PATTERN.match(section)):
        found.append(
            (
                "section",
                "`section` is not a section name",
                "write an English name: a capital, then at most 39 letters, digits or spaces (`section: Careers`)",
            )
        )
    revision = meta.get("translated_from")
    if "translated_from" in meta and not (isinstance(revision, str) and REVISION_PATTERN.match(revision)):
        found.append(
            (
                "translated_from",
                "`translated_from` is not a revision (12 hex digits)",
                "run `kb stamp <path>` to record the current default-language revision",
            )
        )
    assessment = meta.get("assessment")
    if known_assessments is not None and assessment is not None and assessment not in known_assessments:
        found.append(
            (
                "assessment",
                f"unknown assessment `{assessment}`",
                f"use one of: {', '.join(sorted(known_assessments))}",
            )
        )
    return found
