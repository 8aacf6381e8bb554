"""The language entries of mkdocs.yml: `code` and `name`, nothing else; keys of the old lunr search are
refused with the reason, so an old mkdocs.yml says what to delete instead of being half-read."""

from __future__ import annotations

from typing import Any

import pytest

from build_tools.structure.registry import RegistryError, language_set


def test_a_language_is_its_code_and_its_name() -> None:
    languages = language_set([{"code": "en", "name": "English"}, {"code": "pl", "name": "Polski"}], "en")
    assert [(language.code, language.name) for language in languages.languages] == [
        ("en", "English"),
        ("pl", "Polski"),
    ]


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({"code": "pl", "name": "Polski", "search_lang": "en"}, "`search_lang` is no longer used: search is Pagefind"),
        ({"code": "pl", "name": "Polski", "search_pipeline": []}, "`search_pipeline` is no longer used"),
        ({"code": "pl", "name": "Polski", "nmae": "Polski"}, "unknown key `nmae`"),
        ({"code": "pl"}, "needs `code` and `name`"),
        ("pl", "needs `code` and `name`"),
    ],
)
def test_a_bad_entry_is_refused_with_its_position_and_reason(entry: Any, reason: str) -> None:
    with pytest.raises(RegistryError, match="language 2 under") as refused:
        language_set([{"code": "en", "name": "English"}, entry], "en")
    assert reason in str(refused.value)
