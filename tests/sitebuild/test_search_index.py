"""The search index (build_tools/search_index.py): one Pagefind index per language, of every page but the
404, holding each article's own text (no anchors, notices or questionnaires); Material's lunr search gone;
the same bytes for the same pages; a page in the index's place refused."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from build_tools import files as fs
from build_tools import search_index
from build_tools.project import read_registry

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = read_registry(ROOT)
LANGUAGES = REGISTRY.language_codes


def fragments(bundle: Path) -> list[dict[str, object]]:
    """Every page's record in the index (Pagefind's fragments: gzip, a signature, then JSON)."""
    records = []
    for path in sorted((bundle / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        records.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return records


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_own_index_of_its_pages(site_dir: Path, language: str) -> None:
    folder = site_dir / language
    bundle = folder / search_index.BUNDLE_DIR
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == [language]
    pages = [path for path in folder.rglob("index.html") if search_index.BUNDLE_DIR not in path.parts]
    assert entry["languages"][language]["page_count"] == len(pages) > 5
    urls = {str(record["url"]) for record in fragments(bundle)}
    assert "/404.html" not in urls and "/" in urls
    for gone in (*search_index.MATERIAL_SEARCH, "search"):
        assert not (folder / gone).exists(), f"{language}/{gone} is Material's search"
    for name in search_index.UNUSED_BUNDLE_FILES:
        assert not (bundle / name).exists(), name
    assert (bundle / "pagefind.js").is_file()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_index_holds_the_pages_own_text(site_dir: Path, language: str) -> None:
    strings = fs.read_locales(ROOT, [language])[language].data
    # Texts that only the questionnaire, the notices and the heading anchors carry.
    foreign = [strings["assessment"]["privacy_title"], strings["fallback"]["title"], strings["outdated"]["title"], "¶"]
    records = fragments(site_dir / language / search_index.BUNDLE_DIR)
    for record in records:
        content = str(record["content"])
        assert not [text for text in foreign if text in content], (record["url"], content[:300])
    titles = [str(record["meta"]["title"]) for record in records]  # type: ignore[index]
    assert all(titles), titles


PAGE = """<!doctype html><html lang="{lang}"><head><title>t</title></head><body><nav>Navigation words</nav>
<article class="md-content__inner md-typeset"><h1>{title}</h1><p>{text}</p>
<a class="headerlink" href="#x">¶</a><section class="bt-assessment">Questionnaire words</section></article>
</body></html>"""


def _pages(folder: Path) -> None:
    for index, (title, text) in enumerate(
        [("Alpha &lt;b&gt;", "first page, words alpha beta"), ("Gamma", "second page &amp; gamma delta")]
    ):
        path = folder / f"page-{index}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(PAGE.format(lang="en", title=title, text=text), encoding="utf-8")
    (folder / "404.html").write_text(PAGE.format(lang="en", title="Missing", text="not found"), encoding="utf-8")


def _bytes(folder: Path) -> dict[str, bytes]:
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in files}


def test_the_same_pages_give_the_same_index(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _pages(first)
    shutil.copytree(first, second)
    for folder in (first, second):
        search_index.index_language(folder, "en")
    assert _bytes(first) == _bytes(second)
    records = fragments(first / search_index.BUNDLE_DIR)
    assert sorted(str(record["url"]) for record in records) == ["/page-0/", "/page-1/"]
    text = " ".join(str(record["content"]) for record in records)
    assert "alpha beta" in text and "Navigation" not in text and "Questionnaire" not in text and "¶" not in text


def test_a_page_in_the_index_place_is_refused(tmp_path: Path) -> None:
    _pages(tmp_path)
    (tmp_path / search_index.BUNDLE_DIR).mkdir()
    (tmp_path / search_index.BUNDLE_DIR / "index.html").write_text("<p>a page called pagefind</p>", encoding="utf-8")
    with pytest.raises(search_index.SearchIndexError, match="rename"):
        search_index.index_language(tmp_path, "en")
    assert (tmp_path / search_index.BUNDLE_DIR / "index.html").read_text(encoding="utf-8").startswith("<p>a page")
