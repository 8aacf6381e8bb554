"""User-interface strings of the site, one YAML mapping per language, and their parity across languages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .problems import Problem


def fill(template: object, **values: object) -> str:
    """``template`` with each ``{name}`` replaced by its value, literally. Interface strings come from pull
    requests: ``str.format`` would raise on stray braces and reads attributes (``{x.__class__}``)."""
    text = str(template)
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def flatten(strings: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": "x"}}`` -> ``{"a.b": "x"}``; lists and scalars are leaves."""
    flat: dict[str, Any] = {}
    for key, value in strings.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def parity_problems(
    strings_by_language: Mapping[str, Mapping[str, Any]],
    default_language: str,
    path_of: Mapping[str, str],
    line_of: Mapping[str, Mapping[str, int]],
) -> list[Problem]:
    """Keys missing or extra in a language compared with the default, and empty strings."""
    reference = flatten(strings_by_language[default_language])
    problems: list[Problem] = []
    for language, strings in strings_by_language.items():
        flat = flatten(strings)
        lines = line_of.get(language, {})
        path = path_of[language]
        for key in sorted(reference.keys() - flat.keys()):
            problems.append(
                Problem(
                    path,
                    1,
                    f"string `{key}` is missing in {language}",
                    f"add it, translated from {path_of[default_language]}",
                )
            )
        for key in sorted(flat.keys() - reference.keys()):
            problems.append(
                Problem(
                    path,
                    lines.get(key, 1),
                    f"string `{key}` does not exist in {default_language}",
                    "remove it or add it to the default language too",
                )
            )
        for key, value in sorted(flat.items()):
            if value is None or (isinstance(value, str) and not value.strip()):
                problems.append(
                    Problem(path, lines.get(key, 1), f"string `{key}` is empty", "write the text in this language")
                )
    return problems
