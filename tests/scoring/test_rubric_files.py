"""build_tools.structure.rubric_yaml: YAML with positions, problems as path:line:column messages, language parity."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from breakthrough_scoring import RubricError, load_rubric
from build_tools.structure.rubric_yaml import (
    YamlFileError,
    check_language_parity,
    check_rubric_files,
    parse_yaml,
    rubric_error_messages,
)
from tests.scoring.scoring_fixtures import mixed_structure, texts_for

RUBRIC_PATH = "assessments/fixture-mixed/rubric.yaml"


def dump(value: Any) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True)


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_positions_of_keys_values_and_list_entries() -> None:
    text = "id: demo\nitems:\n  - id: a1\n    scale: alpha\n  - {id: a2, scale: beta}\n"
    document = parse_yaml(text, "x.yaml")
    assert document.value == {
        "id": "demo",
        "items": [{"id": "a1", "scale": "alpha"}, {"id": "a2", "scale": "beta"}],
    }
    assert document.locate(("items", 0, "scale")) == (4, 5)
    assert document.locate(("items", 1)) == (5, 5)
    assert document.locate(("items", 1, "scale")) == (5, 14)
    assert document.locate(("items", 1, "missing", 3)) == (5, 5)  # falls back to the nearest existing parent
    assert document.locate(()) == (1, 1)


def test_syntax_error_has_a_position() -> None:
    with pytest.raises(YamlFileError) as caught:
        parse_yaml("id: demo\nitems: [a, b\n", "bad.yaml")
    [problem] = caught.value.problems
    assert problem.path == "bad.yaml" and problem.line >= 2
    assert "YAML syntax error" in str(problem) and "— expected valid YAML" in str(problem)


def test_duplicate_keys_are_refused_not_silently_merged() -> None:
    with pytest.raises(YamlFileError) as caught:
        parse_yaml("id: demo\nversion: 1\nversion: 2\n", "dup.yaml")
    assert str(caught.value.problems[0]).startswith("dup.yaml:3:1: version: the key 'version' appears twice")


def test_rubric_error_becomes_path_line_column_messages() -> None:
    structure = mixed_structure()
    structure["items"][1]["answers"] = "agre5"
    text = dump(structure)
    document = parse_yaml(text, RUBRIC_PATH)
    with pytest.raises(RubricError) as caught:
        load_rubric(document.value)
    [message] = rubric_error_messages(caught.value, document)
    line = line_of(text, "answers: agre5")
    assert message == (
        f"{RUBRIC_PATH}:{line}:3: items[1].answers: there is no answer scale 'agre5' (did you mean 'agree5'?)"
        " — expected one of the answer scales under answer_scales: agree5, freq4"
    )


def test_texts_problems_point_into_the_language_file() -> None:
    structure = mixed_structure()
    texts = texts_for(structure)
    del texts["items"]["b2"]
    texts["items"]["bb"] = "Extra"
    text = dump(texts)
    rubric = parse_yaml(dump(structure), RUBRIC_PATH)
    en = parse_yaml(text, "assessments/fixture-mixed/en.yaml")
    with pytest.raises(RubricError) as caught:
        load_rubric(rubric.value, en.value)
    messages = rubric_error_messages(caught.value, rubric, en)
    assert f"en.yaml:{line_of(text, 'bb: Extra')}:3: items.bb: 'bb' is not needed here" in messages[0]
    assert f"en.yaml:{line_of(text, 'items:')}:1: items: the key 'b2' is missing — expected b2: text" in messages[1]


def test_boolean_keys_get_a_quoting_hint() -> None:
    text = dump(mixed_structure()).replace("- id: alpha\n", "- id: alpha\n  no: 1\n")
    document = parse_yaml(text, RUBRIC_PATH)
    with pytest.raises(RubricError) as caught:
        load_rubric(document.value)
    [message] = rubric_error_messages(caught.value, document)
    assert f":{line_of(text, 'no: 1')}:3: scales[0].False: the key False is not text" in message
    assert "quote keys such as 'no'" in message


def languages(structure: dict[str, Any], **changes: Any) -> dict[str, Any]:
    documents = {}
    for language in ("en", "pl"):
        texts = texts_for(structure, language)
        if language in changes:
            changes[language](texts)
        documents[language] = parse_yaml(dump(texts), f"assessments/fixture-mixed/{language}.yaml")
    return documents


def test_parity_reports_a_missing_subtree_once_at_its_parent() -> None:
    structure = mixed_structure()
    documents = languages(structure, pl=lambda t: t["scales"].pop("beta"))
    [problem] = check_language_parity(structure, documents)
    assert problem.path.endswith("pl.yaml")
    assert problem.line == line_of(dump(texts_for(structure, "pl")), "scales:")
    assert problem.message == "scales.beta is missing in the pl texts"


def test_parity_reports_extra_keys_at_their_line() -> None:
    structure = mixed_structure()
    documents = languages(structure, en=lambda t: t["profiles"].update(wild={"name": "W", "description": "D"}))
    [problem] = check_language_parity(structure, documents)
    texts = texts_for(structure, "en")
    texts["profiles"]["wild"] = {"name": "W", "description": "D"}
    assert (problem.path, problem.line) == (
        "assessments/fixture-mixed/en.yaml",
        line_of(dump(texts), "wild:"),
    )
    assert "profiles.wild in the en texts matches nothing" in problem.message


def test_parity_counts_labels() -> None:
    structure = mixed_structure()
    [problem] = check_language_parity(structure, languages(structure, pl=lambda t: t["answer_scales"]["agree5"].pop()))
    assert problem.message == "answer_scales.agree5[4] is missing in the pl texts"


def test_parity_compares_languages_when_the_structure_is_broken() -> None:
    structure = mixed_structure()
    documents = languages(structure, pl=lambda t: t["items"].pop("a3"))
    broken = copy.deepcopy(structure)
    broken.pop("version")
    [problem] = check_language_parity(broken, documents)
    assert problem.message == "items.a3 is missing in the pl texts"
    assert problem.expected == "it, since another language has it"


def files(structure: dict[str, Any], *, folder: str = "fixture-mixed", **changes: Any) -> list[str]:
    texts = {}
    for language in ("en", "fr"):
        content = texts_for(structure, language)
        if language in changes:
            changes[language](content)
        texts[language] = (dump(content), f"assessments/{folder}/{language}.yaml")
    return [str(p) for p in check_rubric_files(dump(structure), f"assessments/{folder}/rubric.yaml", texts)]


def test_clean_rubric_files_have_no_problems() -> None:
    assert files(mixed_structure()) == []


def test_rubric_id_must_equal_the_folder() -> None:
    [message] = files(mixed_structure(), folder="other")
    assert message.startswith("assessments/other/rubric.yaml:1:1: id: the id is 'fixture-mixed'")


def test_language_file_must_say_its_language() -> None:
    [message] = files(mixed_structure(), fr=lambda t: t.update(language="en"))
    assert message.startswith("assessments/fixture-mixed/fr.yaml:1:1: language: the texts are in 'en'")


def test_broken_structure_still_checks_texts_shape_and_parity() -> None:
    structure = mixed_structure()
    structure["bands"][0]["min"] = 3
    messages = files(structure, fr=lambda t: (t.update(title=""), t["items"].pop("a1")))
    assert any("rubric.yaml" in m and "bands[0].min: the first band starts at 3" in m for m in messages)
    assert any("fr.yaml" in m and "title: the text is empty" in m for m in messages)
    assert any("fr.yaml" in m and "items.a1 is missing in the fr texts" in m for m in messages)
