"""Every interface string the taker's feedback part asks for exists as text in every language, with the same
placeholders as in the default language, so that no taker ever sees a key or an unfilled brace.

The keys are read from the client: every literal ``"feedback.…"`` key, and the keys built from a kind —
each link error (feedback-links.js's LinkError and SealError), each gap (compare.js's Gap) and each refusal
to add a rater (feedback.js's withRater) — read from the types that list those kinds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.project import read_registry

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "build_tools" / "theme" / "assets" / "javascripts" / "assessment"
LANGUAGES = read_registry(ROOT).language_codes
USERS = ["feedback-panel.js", "views/comparison.js", "records.js"]
ASKED = re.compile(r'"(feedback\.[a-z_]+)"')  # t("…"), and keys handed to the helpers that call it
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def read(name: str) -> str:
    return (CLIENT / name).read_text(encoding="utf-8")


def kinds(source: str, typedef: str) -> list[str]:
    """The string literals of a JSDoc union type: `@typedef {"a" | "b"} Name`."""
    match = re.search(r"@typedef \{([^}]*)\} " + typedef + r"\b", source)
    assert match, f"no typedef {typedef}"
    return re.findall(r'"([a-z-]+)"', match.group(1))


def asked_keys() -> set[str]:
    keys = {key for name in USERS for key in ASKED.findall(read(name))}
    links = read("feedback-links.js")
    errors = kinds(links, "LinkError") + kinds(links, "SealError")
    keys |= {f"feedback.error_{kind.replace('-', '_')}" for kind in errors}
    for gap in kinds(read("compare.js"), "Gap"):
        keys.add(f"feedback.gap_{gap.replace('-', '_')}")
        if gap != "agreement":
            keys |= {f"feedback.{gap.replace('-', '_')}_{part}" for part in ("title", "meaning", "action")}
    refusals = re.search(r"@returns \{\{raters: KeptRater\[\], replaced: boolean\} \| ([^}]*)\}", read("feedback.js"))
    assert refusals, "withRater's refusals"
    keys |= {f"feedback.{kind}" for kind in re.findall(r'"([a-z]+)"', refusals.group(1))}
    return keys


def string_at(language: str, key: str) -> Any:
    node: Any = yaml.safe_load((ROOT / "build_tools" / "locales" / f"{language}.yml").read_text(encoding="utf-8"))
    node = node["assessment"]
    for part in key.split("."):
        assert isinstance(node, dict) and part in node, f"{language}: assessment.{key}"
        node = node[part]
    return node


def test_the_keys_are_found() -> None:
    keys = asked_keys()
    expected = {
        "feedback.title",
        "feedback.error_passphrase",
        "feedback.error_unknown_assessment",
        "feedback.duplicate",
    }
    assert expected | {"feedback.blind_spot_meaning", "feedback.gap_hidden_strength", "feedback.waiting"} <= keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_feedback_string_exists_with_the_default_languages_placeholders(language: str) -> None:
    for key in sorted(asked_keys()):
        text = string_at(language, key)
        assert isinstance(text, str) and text.strip(), f"{language}: assessment.{key}"
        default = string_at(LANGUAGES[0], key)
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(default)), f"{language}: assessment.{key}"
