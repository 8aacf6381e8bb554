"""`kb new language` and `kb new assessment` as text edits: table-driven cases of the pure scaffolds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from breakthrough_scoring import load_rubric
from build_tools.project import read_registry
from build_tools.structure import assessment_scaffold, untranslated
from build_tools.structure import language_scaffold as scaffold
from build_tools.structure.frontmatter import parse_front_matter, split_page
from build_tools.structure.registry import languages_from_config

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = read_registry(ROOT)
THEMES = frozenset({"en", "de", "fr", "pt-BR", "zh"})
# A code the project does not have (the tests also run in copies of the project with a language added).
NEW = next(code for code in ("xx", "xy", "xz", "qa", "qb") if code not in REGISTRY.language_codes)


def plan(code: str, name: str = "Name", existing: tuple[str, ...] = ("en",)) -> scaffold.NewLanguage:
    language, _ = scaffold.plan_language(code, name, existing, theme_languages=THEMES)
    return language


@pytest.mark.parametrize(
    ("code", "material", "note"),
    [
        ("de", "de", None),  # Material knows it
        ("de-ch", "de", "from its `de` translation"),  # its first part
        ("pt-br", "pt-BR", "from its `pt-BR` translation"),  # Material's file name has capitals
        ("xx", None, "they stay in English"),  # Material does not know it: its English
    ],
)
def test_material_language_follows_the_code(code: str, material: str | None, note: str | None) -> None:
    language, notes = scaffold.plan_language(code, "Name", ("en",), theme_languages=THEMES)
    assert language.material_language == material
    if note is None:
        assert notes == []
    else:
        [only] = notes
        assert note in only


@pytest.mark.parametrize(
    ("code", "name", "reason"),
    [
        ("DE", "Deutsch", "lower-case BCP 47"),
        ("de_DE", "Deutsch", "lower-case BCP 47"),
        ("../x", "X", "lower-case BCP 47"),
        ("e", "E", "lower-case BCP 47"),
        ("en", "Again", "already a language"),
        ("de", "", "--name"),
        ("de", "<b>Deutsch</b>", "--name"),
    ],
)
def test_bad_requests_are_refused_with_the_reason(code: str, name: str, reason: str) -> None:
    with pytest.raises(scaffold.ScaffoldError, match=reason):
        plan(code, name)


def test_every_language_of_the_project_is_refused_as_new() -> None:
    for code in REGISTRY.language_codes:
        with pytest.raises(scaffold.ScaffoldError, match="already a language"):
            plan(code, existing=REGISTRY.language_codes)


def test_the_language_joins_mkdocs_yml_with_comments_and_layout_kept() -> None:
    before = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    after = scaffold.add_to_mkdocs(before, plan(NEW, "Ikse: ,[]", existing=REGISTRY.language_codes))
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(added) == 1 and after.count("\n") == before.count("\n") + 1
    assert [line for line in after.splitlines() if line != added[0]] == before.splitlines(), "nothing else moves"
    languages = languages_from_config(yaml.safe_load(after))
    assert languages.codes == (*REGISTRY.language_codes, NEW)
    new = languages.get(NEW)
    assert new.name == "Ikse: ,[]"
    assert added[0].strip() == f'- {{code: {NEW}, name: "Ikse: ,[]"}}', "code and name, nothing about search"


def test_the_new_interface_strings_are_the_default_ones_all_marked() -> None:
    default_text = (ROOT / "build_tools" / "locales" / f"{REGISTRY.default_language}.yml").read_text(encoding="utf-8")
    derived = scaffold.derive_locale(default_text, REGISTRY.default_language, plan(NEW, "Xx"))
    assert yaml.safe_load(derived) == yaml.safe_load(default_text), "same keys, same texts: it builds as it is"
    marked, total = untranslated.untranslated_keys(derived)
    assert len(marked) == total > 50
    [problem] = untranslated.locale_problems(NEW, f"build_tools/locales/{NEW}.yml", derived, "en")
    assert problem.severity == "warning"
    assert f"not translated yet ({total} of {total})" in problem.message


def test_translating_a_value_and_deleting_its_mark_counts_down() -> None:
    text = 'a: One  # untranslated\nb:\n  c: "Two # not a comment"  # untranslated — keep: a note\nd: [x, y]\n'
    marked, total = untranslated.untranslated_keys(text)
    assert ([leaf.key for leaf in marked], total) == (["a", "b.c"], 4)
    translated = text.replace("a: One  # untranslated", "a: Eins")
    [problem] = untranslated.locale_problems("de", "de.yml", translated, "en")
    assert (problem.line, "(1 of 4)" in problem.message) == (3, True)
    assert untranslated.locale_problems("de", "de.yml", "a: Eins  # a translator's note\n", "en") == []


@pytest.mark.parametrize(
    "before",
    [
        "x: 1\nlanguage_names: {en: English, zh: Chinese, fr: French, pl: Polish}  # names\ny: 2\n",
        "x: 1\nlanguage_names:\n  en: English\n  zh: Chinese\n  fr: French\n  pl: Polish\ny: 2\n",
    ],
)
def test_every_locale_file_learns_the_new_language_name_marked(before: str) -> None:
    codes = ("en", "zh", "fr", "pl")
    after = scaffold.add_language_name(before, plan("xx", "Ikse"), codes)
    data = yaml.safe_load(after)
    assert data["language_names"] == {**yaml.safe_load(before)["language_names"], "xx": "Ikse"}
    assert (data["x"], data["y"]) == (1, 2)
    assert [leaf.key for leaf in untranslated.untranslated_keys(after)[0]] == ["language_names.xx"]
    assert scaffold.add_language_name(after, plan("xx", "Ikse"), codes) == after, "added once"
    assert scaffold.add_language_name(before, plan("xx"), (*codes, "de")) == before, "only where all are named"


def test_codeowners_and_issue_form_gain_one_line_and_one_option() -> None:
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    after = scaffold.add_codeowners(owners, REGISTRY.language_codes, REGISTRY.default_language, NEW)
    added = [line for line in after.splitlines() if line not in owners.splitlines()]
    templates = scaffold.codeowner_templates(owners, REGISTRY.default_language)
    assert sorted(" ".join(line.split()) for line in added) == sorted(t.format(code=NEW) for t in templates)
    form = (ROOT / ".github" / "ISSUE_TEMPLATE" / "translation-problem.yml").read_text(encoding="utf-8")
    names = scaffold.issue_languages(yaml.safe_load(scaffold.add_issue_language(form, "Ikse, [x]")))
    assert names == [*(language.name for language in REGISTRY.languages.languages), "Ikse, [x]"]


def test_a_language_material_lacks_gets_a_partial_that_names_it() -> None:
    assert scaffold.material_partial(plan("de")) is None
    assert '"language": "xx"' in (scaffold.material_partial(plan("xx")) or "")
    assert 'import "partials/languages/pt-BR.html"' in (scaffold.material_partial(plan("pt-br")) or "")


# --- kb new assessment -----------------------------------------------------------------------------------


def test_the_scaffolded_rubric_is_one_the_engine_accepts_and_its_texts_are_all_empty() -> None:
    rubric = assessment_scaffold.scaffold_rubric("demo-check")
    structure = yaml.safe_load(rubric)
    assert structure["id"] == "demo-check"
    load_rubric(structure)
    for code in REGISTRY.language_codes:
        texts = yaml.safe_load(assessment_scaffold.scaffold_texts(rubric, "demo-check", code))
        assert texts["language"] == code
        assert assessment_scaffold.unwritten(texts) > 20
        filled = _filled(texts)
        load_rubric(structure, filled, language=code)  # written, the texts fit the rubric exactly


def _filled(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _filled(item) if key != "language" else item for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item) for item in value]
    return "Written."


def test_scaffolded_pages_are_refused_until_title_and_description_are_written() -> None:
    pages = assessment_scaffold.scaffold_pages("demo-check", REGISTRY.languages, dt.date(2026, 1, 2))
    assert set(pages) == set(REGISTRY.language_codes)
    for code, text in pages.items():
        meta, problems = parse_front_matter(split_page(text), code)
        assert not problems
        assert (meta["title"], meta["description"], meta["assessment"]) == ("", "", "demo-check")
        assert ("translated_from" in meta) is (code != REGISTRY.default_language)


def _assessment_section(mkdocs_text: str) -> list[str]:
    nav = yaml.safe_load(mkdocs_text)["nav"]
    return list(next(item for item in nav if isinstance(item, dict) and "Assessments" in item)["Assessments"])


def test_the_page_joins_the_nav_after_the_last_assessment() -> None:
    new_id = next(
        name for name in ("demo-check", "demo-check-b", "demo-check-c") if name not in REGISTRY.assessment_ids
    )
    before = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    after = assessment_scaffold.add_to_nav(before, new_id, REGISTRY.assessment_ids)
    listed = [entry for entry in _assessment_section(before) if entry.split("/")[-1][:-3] in REGISTRY.assessment_ids]
    expected = _assessment_section(before)
    expected.insert(expected.index(listed[-1]) + 1, f"assessments/{new_id}.md")
    assert _assessment_section(after) == expected
    assert after.count("\n") == before.count("\n") + 1


@pytest.mark.parametrize("rubric_id", ["Demo", "demo_check", "-demo", "demo--check", "../x", ""])
def test_bad_assessment_ids_are_refused(rubric_id: str) -> None:
    with pytest.raises(ValueError, match="lowercase words"):
        assessment_scaffold.rubric_path(rubric_id)
