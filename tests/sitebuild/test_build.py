"""The built site: per-language builds, root files, sitemaps, alternates, fallback pages, runtime files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from build_tools import files as fs
from build_tools.site_builder import PYODIDE_FILES, BuildError, build_site

from .miniproject import DEFAULT, REGISTRY, ROOT, STAMP, home_titles, make_project, write_page

LANGUAGES = REGISTRY.language_codes
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_own_home_search_404_and_sitemap(site_dir: Path, language: str) -> None:
    folder = site_dir / language
    for name in ("index.html", "404.html", "sitemap.xml", "pagefind/pagefind-entry.json"):
        assert (folder / name).is_file(), f"{language}/{name} missing"
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<html lang="{language}"', html)
    strings = fs.read_locales(ROOT, [language])[language].data
    not_found = (folder / "404.html").read_text(encoding="utf-8")
    assert f"<h1>{strings['not_found']['title']}</h1>" in not_found, "the 404 page speaks the language"
    assert f'<a href="/{language}/">' in not_found, "served at any depth: the home link is absolute"


def test_root_has_language_chooser_sitemap_index_and_404(site_dir: Path, base_url: str) -> None:
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    for language in LANGUAGES:
        assert f'href="{language}/"' in index, "plain links work without scripts"
    assert "<script>" not in index, "no inline scripts (CSP)"
    sitemap = ET.parse(site_dir / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iterfind("s:sitemap/s:loc", SITEMAP_NS)]
    assert locations == [f"{base_url}{language}/sitemap.xml" for language in LANGUAGES]
    assert (site_dir / "404.html").is_file()


def test_runtime_holds_only_the_pyodide_core(site_dir: Path) -> None:
    runtime = site_dir / "runtime" / "pyodide"
    names = {path.name for path in runtime.iterdir()}
    assert set(PYODIDE_FILES) <= names
    assert not [name for name in names if name.endswith((".d.ts", ".map", ".html"))]


def test_sitemaps_carry_absolute_hreflang_alternates_and_x_default(site_dir: Path, base_url: str) -> None:
    sitemap = ET.parse(site_dir / "fr" / "sitemap.xml").getroot()
    page = f"{base_url}fr/articles/managing-sales-managers/"
    entry = next(
        url for url in sitemap.iterfind("s:url", SITEMAP_NS) if url.findtext("s:loc", None, SITEMAP_NS) == page
    )
    alternates = {link.get("hreflang"): link.get("href") for link in entry.iterfind("x:link", SITEMAP_NS)}
    assert alternates["x-default"] == f"{base_url}en/articles/managing-sales-managers/"
    for language in LANGUAGES:  # the languages that have the page; a fallback copy is no alternate
        if (ROOT / "docs" / language / "articles" / "managing-sales-managers.md").is_file():
            assert alternates[language] == f"{base_url}{language}/articles/managing-sales-managers/"
        else:
            assert language not in alternates
    html = (site_dir / "fr" / "articles" / "managing-sales-managers" / "index.html").read_text(encoding="utf-8")
    assert 'rel="alternate" hreflang' not in html, "per-page alternates live in the sitemap (see main.html)"


def test_no_page_loads_anything_from_another_host(site_dir: Path, base_url: str) -> None:
    external = re.compile(r'(?:src|href)="(https?:)?//(?!127\.0\.0\.1)[^"]+"')
    offenders = []
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in external.finditer(text):
            tag_start = text.rfind("<", 0, match.start())
            tag = text[tag_start : text.find(">", match.end()) + 1]
            if tag.startswith(("<script", '<link rel="stylesheet', "<img", "<iframe", '<link rel="preconnect')):
                offenders.append(f"{page.relative_to(site_dir)}: {tag[:120]}")
    assert not offenders, "\n".join(offenders[:10])
    assert "fonts.googleapis" not in (site_dir / "en" / "index.html").read_text(encoding="utf-8")


def _mini(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project", nav=["index.md", "guide.md", "about.md", "translation-status.md"])
    for language, title in home_titles().items():
        write_page(root, language, "index.md", title, extra="" if language == DEFAULT else STAMP)
    write_page(root, "en", "guide.md", "Guide", "Only in English so far.")
    write_page(root, "en", "about.md", "About")
    write_page(root, "fr", "about.md", "À propos", extra="translated_from: a1b2c3d4e5f6\n")
    return root


def test_missing_page_falls_back_to_default_with_banner_and_stays_out_of_sitemap(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    site = tmp_path / "site"
    build_site(root, site, site_url="https://example.test/", runtime=False)
    guide = (site / "fr" / "guide" / "index.html").read_text(encoding="utf-8")
    assert "Only in English so far." in guide
    assert "bt-fallback" in guide and "Pas encore traduit" in guide
    assert '<div lang="en">' in guide, "the English text is marked as English for screen readers"
    sitemap = ET.parse(site / "fr" / "sitemap.xml").getroot()
    locations = {loc.text for loc in sitemap.iterfind("s:url/s:loc", SITEMAP_NS)}
    assert "https://example.test/fr/guide/" not in locations
    assert "https://example.test/fr/about/" in locations
    about_alternates = {link.get("hreflang") for link in sitemap.iterfind("s:url/x:link", SITEMAP_NS)}
    assert {"en", "fr", "x-default"} <= about_alternates
    # English has the page natively: in its sitemap, with only the languages that have it as alternates.
    en_guide = (site / "en" / "guide" / "index.html").read_text(encoding="utf-8")
    assert "bt-fallback" not in en_guide
    en_sitemap = ET.parse(site / "en" / "sitemap.xml").getroot()
    guide_entry = next(
        url
        for url in en_sitemap.iterfind("s:url", SITEMAP_NS)
        if url.findtext("s:loc", None, SITEMAP_NS) == "https://example.test/en/guide/"
    )
    assert {link.get("hreflang") for link in guide_entry.iterfind("x:link", SITEMAP_NS)} == {"en", "x-default"}


def test_switcher_links_point_at_the_same_page(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    site = tmp_path / "site"
    build_site(root, site, site_url="https://example.test/", runtime=False)
    html = (site / "zh" / "guide" / "index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'href="([^"]+)" hreflang="[^"]+" lang="([^"]+)"', html))
    assert {code: href for href, code in links.items()} == {code: f"../../{code}/guide/" for code in LANGUAGES}


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (
            "---\ntitle: Guide\ndescription: d\nupdated: 2026-11-25\n---\n\n[broken](nowhere.md)\n",
            "nowhere.md",
        ),
        (
            "---\ntitle: Guide\ndescription: d\nupdated: 2026-11-25\ncolour: red\n---\n\nText\n",
            "unknown front matter",
        ),
        ("---\ntitle: Guide\nupdated: 2026-11-25\n---\n\nText\n", "missing front matter key `description`"),
    ],
)
def test_a_warning_or_invalid_page_fails_the_build(tmp_path: Path, page: str, message: str) -> None:
    root = _mini(tmp_path)
    (root / "docs" / "en" / "guide.md").write_text(page, encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build_site(root, tmp_path / "site", site_url="https://example.test/", runtime=False)
    assert message in str(failure.value)


_INTERFACE_ATTRIBUTE = re.compile(r'\b(aria-label|title|placeholder|alt)="([^"]+)"')
_CJK = re.compile(r"[\u3400-\u9fff]")


def test_chinese_pages_have_no_english_interface_labels(site_dir: Path) -> None:
    # Labels and tooltips come from Material's language files, our locale strings and the pages; one missed
    # translation (a theme option left in English) shows up here as a label without a single Chinese character.
    english = {
        f"{page.relative_to(site_dir)}: {name}={value!r}"
        for page in (site_dir / "zh").rglob("*.html")
        for name, value in _INTERFACE_ATTRIBUTE.findall(page.read_text(encoding="utf-8"))
        if not _CJK.search(value)
    }
    assert not english, sorted(english)[:10]


def test_a_palette_toggle_named_without_a_locale_string_fails_the_build(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme.to_dark", "theme.dark_mode"), encoding="utf-8")
    with pytest.raises(BuildError, match=r"toggle name `theme.dark_mode` is not a string of build_tools/locales/"):
        build_site(root, tmp_path / "site", site_url="https://example.test/", runtime=False)


def test_a_site_under_a_sub_path_links_within_it(tmp_path: Path) -> None:
    # GitHub Pages serves a project site under /<repository>/: absolute links must keep that prefix.
    root = _mini(tmp_path)
    site = tmp_path / "site"
    build_site(root, site, site_url="https://example.test/kb/", runtime=False)
    not_found = (site / "fr" / "404.html").read_text(encoding="utf-8")
    assert '<a href="/kb/fr/">' in not_found, "home link of the 404 page"
    switcher = set(re.findall(r'<a href="([^"]+)" hreflang="[a-z]+"', not_found))
    assert switcher == {f"/kb/{language}/" for language in LANGUAGES}
    sitemap = ET.parse(site / "fr" / "sitemap.xml").getroot()
    locations = {loc.text for loc in sitemap.iterfind("s:url/s:loc", SITEMAP_NS)}
    assert "https://example.test/kb/fr/about/" in locations
    index = ET.parse(site / "sitemap.xml").getroot()
    assert [loc.text for loc in index.iterfind("s:sitemap/s:loc", SITEMAP_NS)] == [
        f"https://example.test/kb/{language}/sitemap.xml" for language in LANGUAGES
    ]


# Material's storage helpers and palette restore must run where they stand: the first paint has to have the
# reader's colours. Every other script is deferred or a module, so none stops the parser or is fetched ahead of
# the stylesheets.
PARSER_BLOCKING_ALLOWED = {"md-globals.js", "md-palette.js"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_the_palette_scripts_block_the_parser(site_dir: Path, language: str) -> None:
    pages = [site_dir / language / "index.html", *sorted((site_dir / language / "assessments").glob("*/index.html"))]
    pages += sorted((site_dir / language / "articles").glob("*/index.html"))[:3]
    for page in pages:
        tags = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page.read_text(encoding="utf-8"))
        assert tags, page
        blocking = {
            re.sub(r"\?.*", "", re.search(r'src="([^"]+)"', tag)[1].rsplit("/", 1)[-1])  # type: ignore[index]
            for tag in tags
            if not re.search(r"\s(defer|async)[\s>]|type=\"module\"", tag)
        }
        assert blocking <= PARSER_BLOCKING_ALLOWED, (page, blocking - PARSER_BLOCKING_ALLOWED)
