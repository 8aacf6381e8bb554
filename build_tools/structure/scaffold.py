"""`kb new article` and `kb new translation`: the first version of a page, valid for `kb check` from the start.

An article starts in the default language only: the other languages fall back to it (its text under a notice
in the reader's language, left out of their sitemaps) until a translation exists. A translation starts as a
copy of the current default-language text recording its revision, so it stays a fallback until its text is
changed, and later changes of the default text show as *outdated* against exactly that revision."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .editing import set_front_matter_value
from .translations import revision

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ArticleDraft:
    slug: str
    title: str
    description: str
    tags: Sequence[str]
    sources: Sequence[str]


def _yaml_value(value: object) -> str:
    """JSON is valid YAML: quoting every value keeps colons and quotes safe."""
    return json.dumps(value, ensure_ascii=False)


def article_path(slug: str) -> str:
    if not SLUG.match(slug):
        raise ValueError(f"slug `{slug}` must be lowercase words joined by hyphens, e.g. `coaching-new-managers`")
    return f"articles/{slug}.md"


def scaffold_article(draft: ArticleDraft, strings: Mapping[str, Any], today: dt.date) -> str:
    """The default-language page (``strings`` are the default language's interface strings)."""
    article_path(draft.slug)
    return _article_text(draft, strings, today, None)


def scaffold_translation(default_text: str, today: dt.date) -> str:
    """A translation to write over: the default-language text, dated today, recording its revision."""
    dated = set_front_matter_value(default_text, "updated", today.isoformat(), quote=False)
    return set_front_matter_value(dated, "translated_from", revision(default_text))


def _article_text(draft: ArticleDraft, strings: Mapping[str, Any], today: dt.date, translated_from: str | None) -> str:
    scaffold = strings["scaffold"]
    lines = [
        "---",
        f"title: {_yaml_value(draft.title)}",
        f"description: {_yaml_value(draft.description)}",
        f"updated: {today.isoformat()}",
        f"tags: {_yaml_value(list(draft.tags))}",
        f"sources: {_yaml_value(list(draft.sources))}",
    ]
    if translated_from is not None:
        lines.append(f'translated_from: "{translated_from}"')
    lines += [
        "---",
        "",
        f"<!-- {scaffold['lead']} -->",
        "",
        f"## {scaffold['in_practice']} {{#in-practice}}",
        "",
        f"<!-- {scaffold['in_practice_hint']} -->",
        "",
        f"## {scaffold['related']} {{#related}}",
        "",
        f"<!-- {scaffold['related_hint']} -->",
        "",
    ]
    return "\n".join(lines)
