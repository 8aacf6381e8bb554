"""`kb new article`: the first version of an article in every language, valid for `kb check` from the start."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .languages import LanguageSet
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


def scaffold_article(
    draft: ArticleDraft, languages: LanguageSet, strings: Mapping[str, Mapping[str, Any]], today: dt.date
) -> dict[str, str]:
    """language -> file text. Translations record the default text's revision, so they show as *outdated*
    as soon as the default-language article is written, and `kb check` keeps saying so until they follow."""
    article_path(draft.slug)
    texts: dict[str, str] = {}
    default_text = _article_text(draft, strings[languages.default_code], today, None)
    texts[languages.default_code] = default_text
    for language in languages.translations:
        texts[language.code] = _article_text(draft, strings[language.code], today, revision(default_text))
    return texts


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
