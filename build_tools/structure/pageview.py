"""What the theme templates need to know about a page: its alternates, switcher links and fallback state."""

from __future__ import annotations

from dataclasses import dataclass

from .languages import LanguageSet, page_url
from .translations import SiteIndex


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str


@dataclass(frozen=True)
class SwitchLink:
    code: str
    name: str
    href: str
    current: bool


def source_path_to_url(path: str) -> str:
    """``articles/x.md`` -> ``articles/x/``; ``index.md`` -> ``''`` (directory URLs)."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def alternates(index: SiteIndex, languages: LanguageSet, path: str, site_url: str) -> list[Alternate]:
    """hreflang alternates: every language that has the page natively, plus x-default (the default language)."""
    url = source_path_to_url(path)
    found = [Alternate(code, page_url(site_url, code, url)) for code in index.languages_with(path)]
    if languages.default_code in index.languages_with(path):
        found.append(Alternate("x-default", page_url(site_url, languages.default_code, url)))
    return found


def switch_links(
    languages: LanguageSet, current: str, page_url_path: str, *, absolute_root: str | None
) -> list[SwitchLink]:
    """Links to the same page in every language.

    Relative links work wherever the site is deployed; the 404 page is served at any depth, so it passes
    ``absolute_root`` (the site root path, e.g. ``/`` or ``/repo/``) instead.
    """
    if absolute_root is not None:
        prefix, target = absolute_root, ""
    else:
        depth = page_url_path.count("/")
        prefix, target = "../" * (depth + 1), page_url_path
    return [
        SwitchLink(language.code, language.name, f"{prefix}{language.code}/{target}", language.code == current)
        for language in languages.languages
    ]
