"""Navigation from front matter: articles are placed by `order`/`section` in every language, the articles
index lists them all, large sections are pruned per page, and `kb check` and the build share one nav rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from build_tools import files as fs
from build_tools.project import check_project
from build_tools.site_builder import BuildError, build_site
from build_tools.structure import navigation
from build_tools.structure.translations import revision

from .miniproject import DEFAULT, TRANSLATIONS, make_project, write_page

ARTICLE = (
    "---\ntitle: {title}\ndescription: About {title}.\nupdated: 2026-11-25\ntags: [coaching]\nsources: [field-guide]\n"
    "{extra}---\n\nText.\n"
)
SOURCES = "Where ideas come from.\n\n## A field guide {#field-guide}\n\nA book.\n"


def article(title: str, extra: str = "") -> str:
    return ARTICLE.format(title=title, extra=extra)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # lower order first; articles without one follow, by file name
        (
            {"articles/c.md": "order: 2\n", "articles/a.md": "", "articles/b.md": "order: 1\n"},
            ["articles/index.md", "articles/b.md", "articles/c.md", "articles/a.md"],
        ),
        # a section sits where its first article falls, with its articles in order
        (
            {
                "articles/a.md": "order: 1\n",
                "articles/b.md": "order: 5\nsection: Careers\n",
                "articles/c.md": "order: 3\nsection: Careers\n",
                "articles/d.md": "order: 4\n",
            },
            ["articles/index.md", "articles/a.md", {"Careers": ["articles/c.md", "articles/b.md"]}, "articles/d.md"],
        ),
        # unreadable front matter counts as no navigation data (kb check reports the page)
        (
            {"articles/a.md": "order: [\n", "articles/b.md": "order: 9\n"},
            ["articles/index.md", "articles/b.md", "articles/a.md"],
        ),
    ],
)
def test_articles_are_placed_after_the_index_by_their_front_matter(
    pages: dict[str, str], expected: list[object]
) -> None:
    texts = {path: article(path, extra) for path, extra in pages.items()} | {"articles/index.md": article("Index")}
    nav = navigation.site_nav([{"Home": "index.md"}, {"Articles": ["articles/index.md"]}], texts)
    assert nav == [{"Home": "index.md"}, {"Articles": expected}]


def _articles(count: int) -> list[navigation.Node]:
    return ["articles/index.md", *(f"articles/a{number:02}.md" for number in range(count))]


@pytest.mark.parametrize(
    ("children", "current", "expected"),
    [
        # small enough: every page stays
        (_articles(navigation.UNPRUNED_MAX), "articles/a00.md", _articles(navigation.UNPRUNED_MAX)),
        # a page outside the articles: the index alone
        (_articles(40), "about.md", ["articles/index.md"]),
        # in the middle: the neighbours either side
        (_articles(40), "articles/a20.md", ["articles/index.md", *(f"articles/a{n}.md" for n in range(17, 24))]),
        # at an end: as many neighbours, all on one side
        (_articles(40), "articles/a00.md", ["articles/index.md", *(f"articles/a0{n}.md" for n in range(7))]),
        (_articles(40), "articles/a39.md", ["articles/index.md", *(f"articles/a{n}.md" for n in range(33, 40))]),
        # in a section: that section's neighbours only
        (
            ["articles/index.md", "articles/x.md", ("Careers", tuple(f"articles/c{n}.md" for n in range(10)))],
            "articles/c9.md",
            ["articles/index.md", ("Careers", tuple(f"articles/c{n}.md" for n in range(3, 10)))],
        ),
    ],
)
def test_a_large_articles_section_shows_the_current_articles_neighbours(
    children: list[navigation.Node], current: str, expected: list[navigation.Node]
) -> None:
    assert navigation.pruned(children, current) == expected


TABLE_NAV: list[object] = ["index.md", {"Articles": ["articles/index.md"]}, "about.md", "translation-status.md"]


@pytest.mark.parametrize(
    ("nav", "pages", "expected"),
    [
        (
            TABLE_NAV,
            ["index.md", "articles/index.md", "articles/a.md", "about.md", "faq.md"],
            ["docs/en/faq.md:1: the page is in no navigation — add `- faq.md` to `nav` in mkdocs.yml"],
        ),
        (
            ["index.md", {"Articles": ["articles/index.md", "articles/a.md"]}, "about.md"],
            ["index.md", "articles/index.md", "articles/a.md", "about.md"],
            [
                "mkdocs.yml: `nav` lists the article `articles/a.md` by hand — remove the line: articles are listed"
                " from their front matter (`order:`, `section:` in docs/en/articles/a.md)"
            ],
        ),
        (
            TABLE_NAV,
            ["index.md", "articles/index.md"],
            [
                "mkdocs.yml: `nav` lists `about.md`, which does not exist"
                " — create docs/en/about.md or remove the line from `nav`"
            ],
        ),
        (
            [*TABLE_NAV, "about.md"],
            ["index.md", "articles/index.md", "about.md"],
            ["mkdocs.yml: `nav` lists `about.md` twice — keep one of the two lines in `nav`"],
        ),
        # without the articles index in nav, articles are listed by hand like any page
        (["index.md", "articles/a.md"], ["index.md", "articles/a.md"], []),
        (
            ["index.md"],
            ["index.md", "articles/a.md"],
            [
                "docs/en/articles/a.md:1: the page is in no navigation — add `- articles/a.md` to `nav` in mkdocs.yml"
                " (or list `- articles/index.md` there: articles are then listed from their front matter)"
            ],
        ),
    ],
)
def test_nav_problems_name_the_file_and_the_fix(nav: list[object], pages: list[str], expected: list[str]) -> None:
    texts = {path: article(path) for path in pages}
    found = navigation.nav_problems(nav, texts, frozenset({"translation-status.md"}), default_code="en")
    assert [str(problem) for problem in found] == expected


BASE_NAV: list[object] = [
    "index.md",
    {"Articles": ["articles/index.md"]},
    "about.md",
    "sources.md",
    "translation-status.md",
]


def _project(tmp_path: Path, articles: dict[str, str], *, translated: tuple[str, ...] = ()) -> Path:
    """A tiny site with the articles index in nav; ``translated`` articles exist in every language."""
    root = make_project(tmp_path / "project", nav=BASE_NAV)
    for path, (title, body) in {
        "index.md": ("Home", "Text."),
        "about.md": ("About", "Text."),
        "sources.md": ("Sources", SOURCES),
        "articles/index.md": ("Articles", "Text."),
    }.items():
        english = write_page(root, DEFAULT, path, title, body)
        for language in TRANSLATIONS:
            stamp = f'translated_from: "{revision(english.read_text(encoding="utf-8"))}"\n'
            write_page(root, language, path, f"{title} {language}", body, stamp)
    for slug, extra in articles.items():
        text = article(f"{slug} en", extra)
        fs.write_text(root / "docs" / DEFAULT / "articles" / f"{slug}.md", text)
        if slug in translated:
            stamp = f'translated_from: "{revision(text)}"\n'
            for language in TRANSLATIONS:
                fs.write_text(
                    root / "docs" / language / "articles" / f"{slug}.md", article(f"{slug} {language}", stamp)
                )
    return root


def _nav_links(page_html: str) -> list[str]:
    """The hrefs of the primary navigation's links, in order."""
    nav = page_html[page_html.index("md-nav--primary") : page_html.index("md-sidebar--secondary")]
    return re.findall(r'<a href="([^"]+)"[^>]*class="md-nav__link', nav)


def _index_links(page_html: str) -> list[tuple[str, str]]:
    listed = page_html[page_html.index('class="bt-article-list"') :]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', listed)


def test_every_language_lists_every_article_from_front_matter(tmp_path: Path) -> None:
    root = _project(tmp_path, {"second": "order: 2\n", "first": "order: 1\n", "later": ""}, translated=("second",))
    assert [str(problem) for problem in check_project(root).problems if problem.severity == "error"] == []
    site = tmp_path / "site"
    build_site(root, site, site_url="https://example.test/", runtime=False)
    for language in (DEFAULT, *TRANSLATIONS):
        index = fs.read_text(site / language / "articles" / "index.html")
        # the fallback copies are listed at the language's own URL, in the default language's words
        assert _index_links(index) == [
            ("first/", "first en"),
            ("second/", f"second {language}"),
            ("later/", "later en"),
        ]
        links = _nav_links(fs.read_text(site / language / "about" / "index.html"))
        assert [link for link in links if link.startswith("../articles/")] == [
            "../articles/",
            "../articles/first/",
            "../articles/second/",
            "../articles/later/",
        ]


def test_many_articles_do_not_weigh_on_every_page(tmp_path: Path) -> None:
    count = 3 * navigation.UNPRUNED_MAX
    root = _project(tmp_path, {f"a{number:02}": f"order: {number + 1}\n" for number in range(count)})
    site = tmp_path / "site"
    build_site(root, site, site_url="https://example.test/", languages=[DEFAULT], runtime=False)
    about = _nav_links(fs.read_text(site / DEFAULT / "about" / "index.html"))
    assert [link for link in about if "articles" in link] == ["../articles/"]
    # the 404 page (served at any path) has no current article: its navigation lists none either
    assert not re.search(r'href="[^"]*/a\d\d/"', fs.read_text(site / DEFAULT / "404.html"))
    middle = _nav_links(fs.read_text(site / DEFAULT / "articles" / "a10" / "index.html"))
    assert "../" in middle  # the articles index
    shown = {link for link in middle if re.fullmatch(r"\.\./a\d\d/", link)}
    assert shown == {f"../a{number:02}/" for number in (7, 8, 9, 11, 12, 13)}
    # the index still lists every article, and the footer still leads to the next one
    assert len(_index_links(fs.read_text(site / DEFAULT / "articles" / "index.html"))) == count
    middle_html = fs.read_text(site / DEFAULT / "articles" / "a10" / "index.html")
    assert re.search(r'<a href="\.\./a11/" class="md-footer__link md-footer__link--next"', middle_html)


def test_check_and_build_report_a_page_in_no_navigation_alike(tmp_path: Path) -> None:
    root = _project(tmp_path, {"first": "order: 1\n"})
    write_page(root, DEFAULT, "faq.md", "FAQ")
    expected = "docs/en/faq.md:1: the page is in no navigation — add `- faq.md` to `nav` in mkdocs.yml"
    assert expected in [str(problem) for problem in check_project(root).problems]
    with pytest.raises(BuildError) as raised:
        build_site(root, tmp_path / "site", site_url="https://example.test/", runtime=False)
    assert expected in [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize(
    ("where", "extra", "expected"),
    [
        (DEFAULT, "order: 0\n", "docs/en/articles/first.md:4: `order` is not a whole number from 1"),
        (DEFAULT, "order: two\n", "docs/en/articles/first.md:4: `order` is not a whole number from 1"),
        (DEFAULT, "section: <b>x</b>\n", "docs/en/articles/first.md:4: `section` is not a section name"),
        ("translation", "order: 3\n", "docs/{language}/articles/first.md:4: `order` does not belong on this page"),
    ],
)
def test_navigation_front_matter_is_validated(tmp_path: Path, where: str, extra: str, expected: str) -> None:
    root = _project(tmp_path, {"first": ""}, translated=("first",))
    language = DEFAULT if where == DEFAULT else TRANSLATIONS[0]
    path = root / "docs" / language / "articles" / "first.md"
    fs.write_text(path, fs.read_text(path).replace("updated:", f"{extra}updated:", 1))
    found = [str(problem) for problem in check_project(root).problems]
    assert any(message.startswith(expected.format(language=language)) for message in found), found


def test_a_section_needs_its_title_in_every_language(tmp_path: Path) -> None:
    root = _project(tmp_path, {"first": "section: Careers\n"})
    found = [str(problem) for problem in check_project(root).problems]
    for language in (DEFAULT, *TRANSLATIONS):
        assert any(f"{language}.yml:1: nav section `Careers` has no {language} title" in m for m in found), found


def test_the_repository_lists_no_article_by_hand() -> None:
    root = Path(__file__).resolve().parents[2]
    nav = yaml.safe_load(fs.read_text(root / "mkdocs.yml"))["nav"]
    assert navigation.ARTICLES_INDEX in navigation.listed_paths(nav)
    assert [path for path in navigation.listed_paths(nav) if navigation.is_article(path)] == []
