"""Plain-text fields stay text: with a payload in every title, description, tag, interface string and
assessment text, the build succeeds (its output guard found nothing active on any page) and each text
shows exactly as written: in <title>, meta tags, the header, navigation, the search index and rubric JSON."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from build_tools import files as fs
from build_tools import search_index
from tests.security.hostile_site import LANGUAGE
from tests.security.payloads import TEXT_PAYLOADS
from tests.sitebuild.miniproject import ROOT
from tests.sitebuild.test_search_index import fragments


class _Page(HTMLParser):
    """The title text, the meta description and the header's text of a built page, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.description: str | None = None
        self.header = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description":
            self.description = values.get("content")
        if tag == "title":
            self._in.append("title")
        if tag == "div" and values.get("data-md-component") == "header-title":
            self._in.append("header")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and "title" in self._in:
            self._in.remove("title")

    def handle_data(self, data: str) -> None:
        if "title" in self._in:
            self.title += data
        elif "header" in self._in:
            self.header += data


def _read(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _has_payload(text: str) -> bool:
    return any(payload in text for payload in TEXT_PAYLOADS)


def test_every_page_shows_its_title_and_description_as_written(hostile_site: Path) -> None:
    pages = sorted((hostile_site / LANGUAGE).rglob("index.html"))
    assert len(pages) == len(fs.read_pages(ROOT, LANGUAGE)) + 1  # and the generated translation status
    for path in pages:
        page = _read(path)
        assert _has_payload(page.title), (path, page.title)
        assert page.description is not None and _has_payload(page.description), (path, page.description)
        assert "<script" not in page.title.lower() or "</title>" in page.title, "a title that ends the element"


def test_a_title_with_markup_is_shown_literally(hostile_site: Path) -> None:
    """The title `Managing </title><script>…` is text in <title> and in the header, not an element."""
    found = 0
    for path in sorted((hostile_site / LANGUAGE).rglob("index.html")):
        page = _read(path)
        if page.title.startswith(TEXT_PAYLOADS[0]):
            found += 1
            assert TEXT_PAYLOADS[0] in page.header, path
    assert found, "no page carried the first payload in its title"


def test_search_index_titles_read_as_the_text_written(hostile_site: Path) -> None:
    """Pagefind keeps each page's title as its text (the search shows it with textContent)."""
    records = fragments(hostile_site / LANGUAGE / search_index.BUNDLE_DIR)
    page_titles = [str(record["meta"]["title"]) for record in records]  # type: ignore[index]
    assert page_titles and all(_has_payload(title) for title in page_titles), page_titles[:5]
    assert any(payload in title for title in page_titles for payload in TEXT_PAYLOADS if "<" in payload)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def test_rubric_texts_reach_the_browser_as_the_strings_written(hostile_site: Path) -> None:
    """The scripts put these into the page with textContent (tests/security/test_hostile_site_in_browser.py)."""
    rubrics = [
        path for path in sorted((hostile_site / LANGUAGE).rglob("*.json")) if search_index.BUNDLE_DIR not in path.parts
    ]
    assert rubrics
    for path in rubrics:
        texts = _strings(json.loads(path.read_text(encoding="utf-8")))
        assert sum(_has_payload(text) for text in texts) > 10, path
