"""Every interface string the rater view asks for (``this.t("…")`` in assessment/rater-page.js, under the
assessment strings the page carries) exists as text in every language, so no rater ever sees a key."""

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
ASKED = re.compile(r"""\bt\(\s*"([a-z_]+(?:\.[a-z_]+)*)\"""")


def asked_keys() -> set[str]:
    return set(ASKED.findall((CLIENT / "rater-page.js").read_text(encoding="utf-8")))


def test_the_view_asks_for_its_strings_by_name() -> None:
    keys = asked_keys()
    assert {"rater.title", "rater.anonymity", "rater.create", "progress"} <= keys, keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_the_rater_view_asks_for_exists(language: str) -> None:
    path = ROOT / "build_tools" / "locales" / f"{language}.yml"
    strings: Any = yaml.safe_load(path.read_text(encoding="utf-8"))["assessment"]
    for key in sorted(asked_keys()):
        node = strings
        for part in key.split("."):
            assert isinstance(node, dict) and part in node, f"{language}: assessment.{key}"
            node = node[part]
        assert isinstance(node, str) and node.strip(), f"{language}: assessment.{key}"
