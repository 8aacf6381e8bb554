"""libyaml's parser (when PyYAML has it) reads every YAML source of the project exactly as the pure parser does:
the same values and the same line and column marks; what it refuses gets the pure parser's verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.project import read_registry
from build_tools.structure import yaml_parsing
from build_tools.structure.frontmatter import split_page

ROOT = Path(__file__).resolve().parents[2]


def _sources() -> list[tuple[str, str]]:
    registry = read_registry(ROOT)
    paths = [ROOT / "mkdocs.yml"]
    paths += sorted((ROOT / "assessments").glob("*/*.yaml"))
    paths += [ROOT / "build_tools" / "locales" / f"{code}.yml" for code in registry.language_codes]
    texts = [(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")) for path in paths]
    for code in registry.language_codes:
        for page in sorted((ROOT / "docs" / code).rglob("*.md")):
            texts.append((page.relative_to(ROOT).as_posix(), split_page(page.read_text(encoding="utf-8")).front_matter))
    return texts


def _marks(node: yaml.Node | None) -> list[Any]:
    if node is None:
        return []
    found: list[Any] = [(type(node).__name__, node.tag, node.start_mark.line, node.start_mark.column)]
    found.append((node.end_mark.line, node.end_mark.column))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += _marks(key) + _marks(value)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            found += _marks(value)
    else:
        found.append(node.value)
    return found


def test_libyaml_is_used_when_pyyaml_has_it() -> None:
    assert yaml_parsing.FAST_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.mark.parametrize(("path", "text"), _sources(), ids=lambda value: value if "/" in value else "")
def test_every_source_reads_the_same_with_both_parsers(path: str, text: str) -> None:
    assert yaml_parsing.safe_load(text) == yaml.safe_load(text), path
    assert _marks(yaml_parsing.compose(text)) == _marks(yaml.compose(text, Loader=yaml.SafeLoader)), path


@pytest.mark.parametrize("text", ["title: [unclosed\n", "a: b: c\n", "- a\nb: c\n", "key: 'open\n", "\x07: bell\n"])
def test_a_refused_text_gets_the_pure_parsers_error(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError) as fast:
        yaml_parsing.safe_load(text)
    assert str(fast.value) == str(pure.value)
    with pytest.raises(yaml.YAMLError) as composed:
        yaml_parsing.compose(text)
    assert str(composed.value) == str(pure.value)
