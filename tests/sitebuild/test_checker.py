"""`kb check` on fixture sites: each kind of error at the right path and line, a clean site passes, scaffolded
articles pass, and translation status follows changes of the default-language text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from breakthrough_scoring import load_rubric
from build_tools import files as fs
from build_tools.project import check_project, load_project
from build_tools.site_builder import BuildError, build_site
from build_tools.structure.checks import rubric_link_problems
from build_tools.structure.editing import set_front_matter_value
from build_tools.structure.registry import languages_from_config
from build_tools.structure.rubric_model import CheckedRubric, RubricLink
from build_tools.structure.scaffold import ArticleDraft, scaffold_article, scaffold_translation
from build_tools.structure.translations import revision
from tests.scoring.scoring_fixtures import mixed_structure

from .miniproject import REGISTRY, TRANSLATIONS, make_project, write_page

SOURCES_PAGE = "Where ideas come from.\n\n## A field guide {#field-guide}\n\nA book.\n"
ARTICLE_BODY = "Lead.\n\n## Start {#start}\n\nSee [the end](#end) and [about](../about.md).\n\n## End {#end}\n\nDone.\n"
ARTICLE_META = "tags: [coaching]\nsources: [field-guide]\n"


def clean_project(tmp_path: Path) -> Path:
    """Every page in every language, all stamped: `kb check` has nothing to say."""
    root = make_project(
        tmp_path / "project",
        nav=["index.md", "about.md", "sources.md", {"Articles": ["articles/index.md"]}, "translation-status.md"],
    )
    pages = {
        "index.md": ("Home", "Welcome. Read [the guide](articles/guide.md#start).", ""),
        "about.md": ("About", "About us.", ""),
        "sources.md": ("Sources", SOURCES_PAGE, ""),
        "articles/index.md": ("Articles", "Every article, listed by the build.", ""),
        "articles/guide.md": ("Guide", ARTICLE_BODY, ARTICLE_META),
    }
    for path, (title, body, extra) in pages.items():
        english = write_page(root, "en", path, title, body, extra)
        stamp = f'translated_from: "{revision(english.read_text(encoding="utf-8"))}"\n'
        for language in TRANSLATIONS:
            write_page(root, language, path, f"{title} ({language})", body, extra + stamp)
    return root


def messages(root: Path, severity: str = "error") -> list[str]:
    return [str(problem) for problem in check_project(root).problems if problem.severity == severity]


def test_clean_project_passes(tmp_path: Path) -> None:
    root = clean_project(tmp_path)
    assert check_project(root).problems == []


@pytest.mark.parametrize(
    ("page", "text", "expected"),
    [
        (
            "docs/fr/about.md",
            "---\ntitle: À propos\ndescription: d\nupdated: 2026-11-25\nauthor: me\n"
            'translated_from: "a1b2c3d4e5f6"\n---\n\nText.\n',
            "docs/fr/about.md:5: unknown front matter key `author`",
        ),
        (
            "docs/en/about.md",
            "---\ntitle: About\nupdated: 2026-11-25\n---\n\nText.\n",
            "docs/en/about.md:1: missing front matter key `description`",
        ),
        (
            "docs/en/about.md",
            "---\ntitle: About\ndescription: d\nupdated: soon\n---\n\nText.\n",
            "docs/en/about.md:4: `updated` is not a date",
        ),
        ("docs/en/about.md", "---\ntitle: [broken\n---\n\nText.\n", "docs/en/about.md:"),
        (
            "docs/en/about.md",
            "---\ntitle: About\ndescription: d\nupdated: 2026-11-25\n---\n\nLine.\n\nSee [nowhere](nowhere.md).\n",
            "docs/en/about.md:9: link to `nowhere.md`: page does not exist",
        ),
        (
            "docs/en/about.md",
            "---\ntitle: About\ndescription: d\nupdated: 2026-11-25\n---\n\n"
            "See [the guide](articles/guide.md#middle).\n",
            "docs/en/about.md:7: link to `articles/guide.md#middle`: no heading with id `middle`",
        ),
        (
            "docs/en/about.md",
            "---\ntitle: About\ndescription: d\nupdated: 2026-11-25\n---\n\n![](chart.png)\n",
            "docs/en/about.md:7: image `chart.png` has no alt text",
        ),
        (
            "docs/en/about.md",
            "---\ntitle: About\ndescription: d\nupdated: 2026-11-25\n---\n\nHi\n\n<script>alert(1)</script>\n",
            "docs/en/about.md:9: not published: <script> element",
        ),
        (
            "docs/en/about.md",
            "---\ntitle: About\ndescription: d\nupdated: 2026-11-25\n---\n\n"
            '<iframe src="https://example.org"></iframe>\n',
            "docs/en/about.md:7: not published: <iframe> element",
        ),
        (
            "docs/en/about.md",
            "---\ntitle: About\ndescription: d\nupdated: 2026-11-25\n---\n\n"
            '<img src="x.png" alt="x" onerror="steal()">\n',
            "docs/en/about.md:7: not published: attribute onerror=",
        ),
        (
            "docs/en/about.md",
            "---\ntitle: About\ndescription: d\nupdated: 2026-11-25\n---\n\n[click](javascript:alert(1))\n",
            "docs/en/about.md:7: not published: URL `javascript:alert(1)`",
        ),
        (
            "docs/en/articles/guide.md",
            "---\ntitle: Guide\ndescription: d\nupdated: 2026-11-25\ntags: [x]\nsources: [made-up]\n---\n\nText.\n",
            "docs/en/articles/guide.md:6: unknown source id `made-up`",
        ),
        (
            "docs/pl/about.md",
            "---\ntitle: O nas\ndescription: d\nupdated: 2026-11-25\n---\n\nTekst.\n",
            "docs/pl/about.md:1: missing front matter key `translated_from`",
        ),
        (
            "docs/zh/extra.md",
            '---\ntitle: 额外\ndescription: d\nupdated: 2026-11-25\ntranslated_from: "a1b2c3d4e5f6"\n---\n\n文字。\n',
            "docs/zh/extra.md:1: page has no en original",
        ),
    ],
)
def test_each_error_kind_is_reported_at_its_path_and_line(tmp_path: Path, page: str, text: str, expected: str) -> None:
    root = clean_project(tmp_path)
    fs.write_text(root / page, text)
    found = messages(root)
    assert any(message.startswith(expected) for message in found), found
    assert all(" — " in message for message in found), "every message says how to fix it"


def test_script_in_an_article_fails_the_build(tmp_path: Path) -> None:
    root = clean_project(tmp_path)
    path = root / "docs" / "fr" / "articles" / "guide.md"
    fs.write_text(path, fs.read_text(path) + '\n<script src="https://evil.example/x.js"></script>\n')
    with pytest.raises(BuildError, match=r"docs/fr/articles/guide.md:\d+: not published: <script> element"):
        build_site(root, tmp_path / "site", site_url="https://example.test/", runtime=False)


def test_translation_status_follows_the_default_text(tmp_path: Path) -> None:
    root = clean_project(tmp_path)
    english = root / "docs" / "en" / "articles" / "guide.md"
    fs.write_text(english, fs.read_text(english).replace("Done.", "Done, with a new closing paragraph."))
    warnings = messages(root, "warning")
    assert sorted(w.split(":")[0] for w in warnings) == sorted(
        f"docs/{code}/articles/guide.md" for code in TRANSLATIONS
    )
    assert all("outdated translation" in warning for warning in warnings)
    # Only the date changing is not a change of the text.
    french = root / "docs" / "fr" / "articles" / "guide.md"
    fs.write_text(
        french,
        set_front_matter_value(fs.read_text(french), "translated_from", revision(fs.read_text(english))),
    )
    assert len(messages(root, "warning")) == len(TRANSLATIONS) - 1
    fs.write_text(english, set_front_matter_value(fs.read_text(english), "updated", "2027-01-01", quote=False))
    assert len(messages(root, "warning")) == len(TRANSLATIONS) - 1
    (root / "docs" / "pl" / "articles" / "guide.md").unlink()
    assert any("missing translation" in w for w in messages(root, "warning"))
    site = tmp_path / "site"
    build_site(root, site, site_url="https://example.test/", runtime=False)
    status = (site / "pl" / "translation-status" / "index.html").read_text(encoding="utf-8")
    assert "brak" in status and "do aktualizacji" in status
    table = status[status.index("<table>") : status.index("</table>")]
    assert "About (pl)" in table, "a page is listed under its title in the reader's language"
    assert ">Guide<" in table, "a page missing in the language is listed under the English title"


def test_a_scaffolded_article_is_english_only_and_its_translations_start_as_copies(tmp_path: Path) -> None:
    root = clean_project(tmp_path)
    languages = languages_from_config(fs.read_base_config(root))
    strings = {code: locale.data for code, locale in fs.read_locales(root, languages.codes).items()}
    draft = ArticleDraft(
        "coaching-new-managers", "Coaching: new managers", "How to coach them.", ["coaching"], ["field-guide"]
    )
    default = languages.default_code
    text = scaffold_article(draft, strings[default], dt.date(2026, 11, 25))
    assert f"## {strings[default]['scaffold']['in_practice']} {{#in-practice}}" in text
    page = "articles/coaching-new-managers.md"
    fs.write_text(root / "docs" / default / page, text)
    assert messages(root) == []
    warnings = messages(root, "warning")
    assert sorted(warnings) == sorted(
        f"docs/{language.code}/{page}: missing translation of docs/{default}/{page} — `kb new translation"
        f" {language.code} {page}` starts it; until then readers see the {default} page with a notice"
        for language in languages.translations
    )
    # A translation starts as a copy recording the revision: still "not translated yet" until its text changes.
    for language in languages.translations:
        fs.write_text(root / "docs" / language.code / page, scaffold_translation(text, dt.date(2026, 11, 26)))
    assert messages(root) == []
    assert all("not translated yet" in warning for warning in messages(root, "warning"))
    first = languages.translations[0].code
    copy = fs.read_text(root / "docs" / first / page)
    fs.write_text(root / "docs" / first / page, copy.replace("Coaching: new managers", f"Coaching ({first})"))
    assert len(messages(root, "warning")) == len(languages.translations) - 1


def test_the_repository_passes_kb_check() -> None:
    """The project's own content has no error. A language that is behind (missing or outdated translations,
    interface strings or rubric texts not translated yet) is a warning: its readers see the default language
    with a notice, `kb check` lists what is left, and CI accepts it — as CONTRIBUTING says."""
    report = check_project(Path(__file__).resolve().parents[2])
    assert [str(problem) for problem in report.problems if problem.severity == "error"] == []
    assert report.languages == len(REGISTRY.language_codes)
    assert report.rubrics == len(REGISTRY.assessment_ids)


def test_rubric_action_links_must_resolve_to_a_page_and_heading(tmp_path: Path) -> None:
    root = clean_project(tmp_path)
    project = load_project(root)
    links = (
        RubricLink("assessments/x/rubric.yaml", 12, "articles/guide.md#start"),
        RubricLink("assessments/x/rubric.yaml", 20, "articles/guide.md#nowhere"),
        RubricLink("assessments/x/rubric.yaml", 30, "articles/missing.md"),
    )
    rubric = CheckedRubric("x", {}, load_rubric(mixed_structure()), {}, "0" * 16, links)
    found = [str(problem) for problem in rubric_link_problems(project.sources, {"x": rubric})]
    assert [message.split(": action link")[0] for message in found] == [
        "assessments/x/rubric.yaml:20",
        "assessments/x/rubric.yaml:30",
    ]
    assert "no heading with id `nowhere`" in found[0] and "page `articles/missing.md` does not exist" in found[1]
