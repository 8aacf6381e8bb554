"""Files that list the languages one by one (CODEOWNERS, the translation issue form) list exactly the registry's
languages, so forgetting one (or keeping a removed one) fails; CONTRIBUTING's `kb` commands are ones kb accepts."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from build_tools.cli import build_parser
from build_tools.project import read_registry
from build_tools.structure.language_scaffold import codeowner_templates, issue_languages

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = read_registry(ROOT)


def _owner_lines() -> list[tuple[str, list[str]]]:
    text = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    return [
        (fields[0], fields[1:])
        for line in text.splitlines()
        if (fields := line.split()) and not line.lstrip().startswith("#")
    ]


def test_codeowners_has_every_per_language_rule_for_exactly_the_registry_languages() -> None:
    text = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    templates = codeowner_templates(text, REGISTRY.default_language)
    assert {t.split()[0] for t in templates} >= {"/docs/{code}/", "/assessments/*/{code}.yaml"}, (
        "the default language owns its pages and its assessment texts"
    )
    rules = {" ".join([path, *owners]) for path, owners in _owner_lines()}
    for code in REGISTRY.language_codes:
        missing = [t.format(code=code) for t in templates if t.format(code=code) not in rules]
        assert not missing, f"CODEOWNERS has no line for {code}: {missing} (`kb new language` writes them)"
    editors = {m.group(1) for _, owners in _owner_lines() for o in owners if (m := re.search(r"editors-(.+)$", o))}
    assert editors == set(REGISTRY.language_codes), "editor teams for languages the site does not have"


def test_the_translation_issue_form_lists_exactly_the_registry_languages_in_order() -> None:
    forms = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    listed = {
        form.name: names
        for form in forms
        if (names := issue_languages(yaml.safe_load(form.read_text(encoding="utf-8")))) is not None
    }
    assert listed, "the translation-problem form asks which language"
    for name, names in listed.items():
        assert names == [language.name for language in REGISTRY.languages.languages], name


def _contributing_commands() -> list[list[str]]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    commands: list[list[str]] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line)
            if words and words[0].endswith("/kb"):
                commands.append(words[1:])
    # Inline commands written out in full; placeholders such as <lang> stand for any value.
    commands += [shlex.split(re.sub(r"<[^>]+>", "x", found)) for found in re.findall(r"`\.venv/bin/kb ([^`]+)`", text)]
    return commands


@pytest.mark.parametrize("arguments", _contributing_commands(), ids=" ".join)
def test_contributing_shows_only_commands_kb_accepts(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    if "--help" in arguments:  # argparse prints the help and exits with 0; any mistake exits with 2
        with pytest.raises(SystemExit) as stop:
            build_parser().parse_args(arguments)
        assert stop.value.code == 0 and "usage: kb" in capsys.readouterr().out
    else:
        build_parser().parse_args(arguments)


def test_contributing_documents_the_scaffolds() -> None:
    arguments = [words[:2] for words in _contributing_commands()]
    for kind in ("article", "language", "assessment"):
        assert ["new", kind] in arguments, f"CONTRIBUTING shows `kb new {kind}`"
