"""The observer form reaches the page that raters answer it on: the questionnaire section carries, in
``data-observer``, the page language's instructions and a wording of every statement in rubric order, as JSON
that survives HTML escaping unchanged, and only when that language words every statement."""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from breakthrough_scoring import LikertItem
from build_tools.project import load_project
from build_tools.structure import assessment_form
from build_tools.structure.model import Project
from build_tools.structure.observer_texts import SECTION, observer_form
from build_tools.structure.rubric_model import CheckedRubric

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(ROOT)


class _Section(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section" and not self.attributes:
            self.attributes = dict(attrs)


def _form_html(project: Project, rubric: CheckedRubric, language: str) -> str:
    return assessment_form.render_form(
        rubric,
        language,
        project.strings(language)["assessment"],
        project.sources.templates,
        rubric_url="r.json",
        runtime_url="../runtime/",
        site_root_url="./",
    )


def _section_attributes(project: Project, rubric: CheckedRubric, language: str) -> dict[str, str | None]:
    parser = _Section()
    parser.feed(_form_html(project, rubric, language))
    return parser.attributes


def _statements(rubric: CheckedRubric) -> list[str]:
    return [item.id for item in rubric.model.items if isinstance(item, LikertItem)]


def _with_texts(rubric: CheckedRubric, language: str, observer: Any) -> CheckedRubric:
    texts = {key: value for key, value in rubric.texts[language].items() if key != SECTION}
    if observer is not None:
        texts[SECTION] = observer
    return dataclasses.replace(rubric, texts={**rubric.texts, language: texts})


def test_every_language_of_an_observed_assessment_carries_its_own_wordings(project: Project) -> None:
    observed = [rubric for rubric in project.rubrics.values() if any(SECTION in t for t in rubric.texts.values())]
    assert observed, "the project has observer forms (sales-manager-traits, leadership-duties)"
    for rubric in observed:
        for language, texts in rubric.texts.items():
            carried = _section_attributes(project, rubric, language).get("data-observer")
            assert carried is not None, (rubric.rubric_id, language)
            value = json.loads(carried)
            assert value["instructions"] == texts[SECTION]["instructions"]
            assert list(value["items"]) == _statements(rubric), "every statement, in rubric order"
            assert value["items"] == {i: texts[SECTION]["items"][i] for i in _statements(rubric)}


def test_assessments_without_an_observer_form_carry_none(project: Project) -> None:
    for rubric in project.rubrics.values():
        for language, texts in rubric.texts.items():
            if SECTION not in texts:
                assert "data-observer" not in _section_attributes(project, rubric, language)


def _observed(project: Project) -> tuple[CheckedRubric, str]:
    rubric = next(r for r in project.rubrics.values() if all(SECTION in t for t in r.texts.values()))
    return rubric, project.languages.default_code


def test_a_language_missing_one_wording_offers_no_observer_form(project: Project) -> None:
    rubric, language = _observed(project)
    observer = rubric.texts[language][SECTION]
    first = _statements(rubric)[0]
    cases = [
        {**observer, "items": {k: v for k, v in observer["items"].items() if k != first}},
        {**observer, "items": {**observer["items"], first: "   "}},
        {"items": observer["items"]},
    ]
    for case in cases:
        changed = _with_texts(rubric, language, case)
        assert observer_form(changed.texts[language], changed.model) is None
        assert "data-observer" not in _section_attributes(project, changed, language)


def test_hostile_wordings_stay_text(project: Project) -> None:
    rubric, language = _observed(project)
    observer = rubric.texts[language][SECTION]
    first = _statements(rubric)[0]
    hostile = "\"><script>alert(1)</script> & ' {{x}} </section>\u2028"
    changed = _with_texts(rubric, language, {"instructions": hostile, "items": {**observer["items"], first: hostile}})
    assert "<script>" not in _form_html(project, changed, language)
    value = json.loads(_section_attributes(project, changed, language)["data-observer"] or "")
    assert value["instructions"] == hostile and value["items"][first] == hostile
