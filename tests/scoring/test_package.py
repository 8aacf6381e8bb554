"""The package's own rules: standard library only, no I/O, a stable public API, schemas in sync."""

from __future__ import annotations

import ast
import copy
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import breakthrough_scoring
from breakthrough_scoring import rubric_json_schema, texts_json_schema
from breakthrough_scoring.__main__ import main as cli_main
from breakthrough_scoring.__main__ import schema_files
from tests.scoring.scoring_fixtures import FIXTURES, choice_structure, grid_structure, mixed_structure, texts_for

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "breakthrough_scoring"
MODULES = sorted(PACKAGE.glob("*.py"))
ENGINE_MODULES = [path for path in MODULES if path.name != "__main__.py"]


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) of every absolute import in a file."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_only_the_standard_library_is_imported(path: Path) -> None:
    outside = [(line, name) for line, name in imported_modules(path) if name not in sys.stdlib_module_names]
    assert not outside, f"{path.name} imports non-stdlib modules (it must run unchanged in Pyodide): {outside}"


FORBIDDEN_IN_ENGINE = {
    "os",
    "pathlib",
    "io",
    "shutil",
    "socket",
    "urllib",
    "http",
    "subprocess",
    "tempfile",
    "glob",
}


@pytest.mark.parametrize("path", ENGINE_MODULES, ids=lambda path: path.name)
def test_engine_modules_do_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    io_modules = [name for _, name in imported_modules(path) if name in FORBIDDEN_IN_ENGINE]
    opens = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"open", "print", "input"}
    ]
    assert not io_modules and not opens, f"{path.name}: file/network modules {io_modules}, I/O calls on lines {opens}"


def test_public_api_is_explicit() -> None:
    exported = set(breakthrough_scoring.__all__)
    assert len(exported) == len(breakthrough_scoring.__all__)
    assert {
        "load_rubric",
        "score",
        "score_json",
        "content_hash",
        "rubric_json_schema",
        "texts_json_schema",
    } <= exported
    assert {
        "RubricError",
        "AnswerError",
        "Rubric",
        "Scale",
        "Band",
        "Composite",
        "Profile",
        "Ranking",
    } <= exported
    for name in exported:
        assert hasattr(breakthrough_scoring, name), name
    assert "Pyodide" in (breakthrough_scoring.__doc__ or "")


# ---------------------------------------------------------------- the schemas


def test_committed_schemas_match_the_code() -> None:
    for name, content in schema_files().items():
        committed = (REPO / "assessments" / name).read_text(encoding="utf-8")
        assert committed == content, (
            f"assessments/{name} is stale: run python -m breakthrough_scoring schema assessments/"
        )


def test_schema_cli_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["schema", str(tmp_path), "--check"]) == 1
    assert cli_main(["schema", str(tmp_path)]) == 0
    assert cli_main(["schema", str(tmp_path), "--check"]) == 0
    assert json.loads((tmp_path / "rubric.schema.json").read_text(encoding="utf-8")) == rubric_json_schema()
    capsys.readouterr()


def validate(instance: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    """A small JSON Schema (2020-12) validator covering the keywords the generated schemas use."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return validate(instance, root["$defs"][name], root, path)
    errors: list[str] = []
    kind = schema.get("type")
    checks = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
    }
    if kind is not None and not checks[kind](instance):
        return [f"{path}: not {kind}"]
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: not in enum")
    if "oneOf" in schema:
        passing = [option for option in schema["oneOf"] if not validate(instance, option, root, path)]
        if len(passing) != 1:
            errors.append(f"{path}: matches {len(passing)} of oneOf")
    if isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0):
            errors.append(f"{path}: too short")
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            errors.append(f"{path}: pattern")
    if isinstance(instance, int | float) and not isinstance(instance, bool):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{path}: below minimum")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{path}: above maximum")
        if "exclusiveMinimum" in schema and instance <= schema["exclusiveMinimum"]:
            errors.append(f"{path}: not above exclusiveMinimum")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0) or len(instance) > schema.get("maxItems", len(instance)):
            errors.append(f"{path}: item count")
        for index, entry in enumerate(instance):
            errors += validate(entry, schema.get("items", {}), root, f"{path}[{index}]")
    if isinstance(instance, dict):
        if len(instance) < schema.get("minProperties", 0):
            errors.append(f"{path}: too few properties")
        errors += [f"{path}: missing {key}" for key in schema.get("required", []) if key not in instance]
        properties = schema.get("properties", {})
        for key, value in instance.items():
            if "propertyNames" in schema and not re.search(schema["propertyNames"]["pattern"], key):
                errors.append(f"{path}.{key}: property name")
            if key in properties:
                errors += validate(value, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}.{key}: not allowed")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += validate(value, schema["additionalProperties"], root, f"{path}.{key}")
    return errors


def real_rubric_files() -> list[Path]:
    return sorted((REPO / "assessments").glob("*/*.yaml"))


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_valid_fixtures_match_the_schemas(name: str) -> None:
    structure = FIXTURES[name]()
    assert validate(structure, rubric_json_schema(), rubric_json_schema()) == []
    assert validate(texts_for(structure), texts_json_schema(), texts_json_schema()) == []


@pytest.mark.parametrize("path", real_rubric_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_real_rubric_files_match_the_schemas(path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    schema = rubric_json_schema() if path.name == "rubric.yaml" else texts_json_schema()
    assert validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema, schema) == []


def broken(change: Any) -> dict[str, Any]:
    structure = mixed_structure()
    change(structure)
    return structure


@pytest.mark.parametrize(
    "structure",
    [
        broken(lambda s: s["items"][0].update(wieght=2)),
        broken(lambda s: s["items"][0].pop("scale")),
        broken(lambda s: s["items"][11].update(reverse=True)),
        broken(lambda s: s["bands"].pop()),
        broken(lambda s: s["scales"][0]["actions"]["low"].clear()),
        broken(lambda s: s.update(version=0)),
        broken(lambda s: s.update(id="Mixed")),
        broken(lambda s: s["profiles"][0]["targets"].update(alpha=101)),
        broken(lambda s: s["items"][0].update(weight=0)),
        broken(lambda s: s["scales"][0]["actions"]["low"][0].update(link="/abs.md")),
    ],
)
def test_schema_and_loader_refuse_the_same_shape_errors(structure: dict[str, Any]) -> None:
    assert validate(structure, rubric_json_schema(), rubric_json_schema()) != []
    with pytest.raises(breakthrough_scoring.RubricError):
        breakthrough_scoring.load_rubric(structure)


def test_texts_schema_refuses_shape_errors() -> None:
    texts = texts_for(grid_structure())
    changes: tuple[Callable[[dict[str, Any]], object], ...] = (
        lambda t: t.pop("title"),
        lambda t: t.update(extra="x"),
        lambda t: t.update(items={"s1-1": 3}),
    )
    for change in changes:
        changed = copy.deepcopy(texts)
        change(changed)
        assert validate(changed, texts_json_schema(), texts_json_schema()) != []
    assert validate(texts_for(choice_structure()), texts_json_schema(), texts_json_schema()) == []
