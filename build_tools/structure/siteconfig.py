"""The per-language MkDocs configuration, derived from the shared base configuration."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .languages import Language, with_trailing_slash
from .locales import flatten


class ConfigError(ValueError):
    """The shared base configuration asks for something the language's strings cannot give."""


def translate_nav(nav: Any, titles: Mapping[str, str]) -> Any:
    """Replace section titles (the keys of nav mappings) by their translation; page paths stay."""
    if isinstance(nav, list):
        return [translate_nav(item, titles) for item in nav]
    if isinstance(nav, dict):
        return {titles.get(key, key): translate_nav(value, titles) for key, value in nav.items()}
    return nav


def nav_section_titles(nav: Any) -> list[str]:
    """Every title written in the nav (sections, and pages given a title there), in order."""
    found: list[str] = []
    if isinstance(nav, list):
        for item in nav:
            found.extend(nav_section_titles(item))
    elif isinstance(nav, dict):
        for key, value in nav.items():
            found.append(key)
            found.extend(nav_section_titles(value))
    return found


def language_config(
    base: Mapping[str, Any],
    language: Language,
    *,
    project_root: Path,
    site_dir: Path,
    site_url: str,
    strings: Mapping[str, Any],
) -> dict[str, Any]:
    """The complete configuration of one language's build; every path in it is absolute."""
    config = copy.deepcopy(dict(base))
    config["docs_dir"] = str(project_root / "docs" / language.code)
    config["site_dir"] = str(site_dir / language.code)
    root_url = with_trailing_slash(site_url)
    config["site_url"] = f"{root_url}{language.code}/"
    config["site_name"] = strings["site_name"]
    config["site_description"] = strings["site_description"]
    config["copyright"] = strings["footer"]["copyright"]
    config["extra"] = {**(config.get("extra") or {}), "made_with": strings["footer"]["made_with"]}
    theme = config["theme"]
    theme["language"] = language.theme_language
    theme["custom_dir"] = str(project_root / theme["custom_dir"])
    plugins = config["plugins"]
    plugins["breakthrough"] = {**plugins["breakthrough"], "language": language.code, "site_root": root_url}
    config["nav"] = translate_nav(config["nav"], strings["nav"])
    interface = flatten(strings)
    theme["palette"] = [_translate_toggle(entry, interface, language.code) for entry in theme.get("palette", [])]
    config["markdown_extensions"] = [
        _translate_permalink(extension, interface) for extension in config.get("markdown_extensions", [])
    ]
    return config


def _translate_toggle(palette: Mapping[str, Any], interface: Mapping[str, Any], code: str) -> dict[str, Any]:
    """The colour-scheme toggle's name (its label and tooltip) is a key of the language's strings."""
    toggle = palette.get("toggle")
    if not toggle:
        return dict(palette)
    key = toggle.get("name", "")
    if key not in interface:
        raise ConfigError(
            f"mkdocs.yml: theme.palette toggle name `{key}` is not a string of build_tools/locales/{code}.yml"
            " — name the toggle with a key of the locale files (e.g. `theme.to_dark`) and write it in every language"
        )
    return {**palette, "toggle": {**toggle, "name": interface[key]}}


def _translate_permalink(extension: Any, interface: Mapping[str, Any]) -> Any:
    """The heading anchors' tooltip ("Permanent link" in Python-Markdown) in the page's language."""
    if isinstance(extension, Mapping) and "toc" in extension:
        return {"toc": {**(extension["toc"] or {}), "permalink_title": interface["theme.permalink"]}}
    return extension
