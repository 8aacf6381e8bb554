"""Rubric YAML files with line and column numbers for every problem.

Pure functions: they take file *text* plus the path to show in messages and
never read files themselves. Problems print as

    assessments/x/rubric.yaml:42:9: items[3].scale: there is no scale 'y' — expected one of ...

Positions come from PyYAML's composed nodes (SafeLoader), so they point at the
key or value the problem is about; a missing key points at its parent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import yaml

from breakthrough_scoring import FieldPath, Problem, Rubric, RubricError, format_path, load_rubric, text_paths

from . import yaml_parsing
from .problems import Problem as ReportedProblem

Position = tuple[int, int]  # 1-based line and column


@dataclass(frozen=True, order=True)
class FileProblem:
    """One problem at a place in a file."""

    path: str
    line: int
    column: int
    message: str  # what is wrong
    expected: str = ""  # what would be right

    def __str__(self) -> str:
        return str(self.reported())

    def reported(self) -> ReportedProblem:
        """As every other problem of the project is reported (``kb check``, ``kb build``, ``kb serve``)."""
        fix = f"expected {self.expected}" if self.expected else ""
        return ReportedProblem(self.path, self.line, self.message, fix, column=self.column)


class YamlFileError(Exception):
    """The text is not usable YAML (syntax error, duplicate key)."""

    def __init__(self, problems: Iterable[FileProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML plus where each value (and each mapping key) starts."""

    display_path: str
    value: Any
    value_positions: dict[FieldPath, Position] = field(repr=False)
    key_positions: dict[FieldPath, Position] = field(repr=False)

    def locate(self, path: FieldPath) -> Position:
        """Where ``path`` is written: its key if it is a mapping entry, else its value.

        A path that does not exist (a missing key) falls back to its nearest
        existing parent.
        """
        for length in range(len(path), -1, -1):
            prefix = path[:length]
            if prefix in self.key_positions:
                return self.key_positions[prefix]
            if prefix in self.value_positions:
                return self.value_positions[prefix]
        return (1, 1)

    def has(self, path: FieldPath) -> bool:
        return path in self.value_positions

    def problem(self, path: FieldPath, message: str, expected: str = "") -> FileProblem:
        line, column = self.locate(path)
        return FileProblem(self.display_path, line, column, message, expected)


def _position(mark: yaml.Mark) -> Position:
    return (mark.line + 1, mark.column + 1)


def syntax_problem(error: yaml.YAMLError, display_path: str, *, first_line: int = 1) -> FileProblem:
    """Where and why PyYAML could not read a text; ``first_line`` is the file's line the text starts on (front
    matter starts on line 2)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = _position(mark) if mark is not None else (1, 0)
    what = " ".join(str(part) for part in (getattr(error, "context", None), getattr(error, "problem", None)) if part)
    return FileProblem(
        display_path,
        line + first_line - 1,
        column,
        f"YAML syntax error: {what or error}",
        "valid YAML; check the indentation and quote text containing ': ' or ' #'",
    )


def parse_yaml(text: str, display_path: str) -> YamlDocument:
    """Parse one YAML document, recording positions; ``YamlFileError`` if it cannot be used."""
    try:
        return _parse_yaml(yaml_parsing.FAST_LOADER(text), display_path)
    except YamlFileError:
        # What libyaml refuses, the pure parser reads again: its verdict and message are the reference.
        return _parse_yaml(yaml.SafeLoader(text), display_path)


def _parse_yaml(loader: yaml.SafeLoader, display_path: str) -> YamlDocument:
    try:
        node = loader.get_single_node()
        value_positions: dict[FieldPath, Position] = {}
        key_positions: dict[FieldPath, Position] = {}
        problems: list[FileProblem] = []
        if node is not None:
            _walk(loader, node, (), value_positions, key_positions, problems, display_path, set())
        if problems:
            raise YamlFileError(problems)
        value = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise YamlFileError([syntax_problem(error, display_path)]) from None
    finally:
        loader.dispose()
    return YamlDocument(display_path, value, value_positions, key_positions)


def _walk(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    path: FieldPath,
    value_positions: dict[FieldPath, Position],
    key_positions: dict[FieldPath, Position],
    problems: list[FileProblem],
    display_path: str,
    active: set[int],
) -> None:
    value_positions.setdefault(path, _position(node.start_mark))
    if id(node) in active:  # an alias that contains itself
        return
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key = _key_text(loader, key_node)
            position = _position(key_node.start_mark)
            if key in first_seen:
                problems.append(
                    FileProblem(
                        display_path,
                        *position,
                        f"{format_path((*path, key))}: the key {key!r} appears twice in this mapping "
                        f"(first on line {first_seen[key][0]}); YAML would silently keep only the last one",
                        "each key once; merge the two entries",
                    )
                )
                continue
            first_seen[key] = position
            key_positions[(*path, key)] = position
            _walk(
                loader,
                value_node,
                (*path, key),
                value_positions,
                key_positions,
                problems,
                display_path,
                active,
            )
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(loader, child, (*path, index), value_positions, key_positions, problems, display_path, active)
    active.discard(id(node))


def _key_text(loader: yaml.SafeLoader, key_node: yaml.Node) -> str:
    """A key as the checker will see it in paths (non-text keys such as `no` become 'False')."""
    if isinstance(key_node, yaml.ScalarNode):
        key = loader.construct_object(key_node)
        return key if isinstance(key, str) else str(key)
    return str(key_node.value)


# ------------------------------------------------------------ rubric problems


def _file_problem(problem: Problem, document: YamlDocument) -> FileProblem:
    return document.problem(problem.path, f"{format_path(problem.path)}: {problem.message}", problem.expected)


def rubric_error_problems(
    error: RubricError, rubric: YamlDocument, texts: YamlDocument | None = None
) -> list[FileProblem]:
    """The problems of a ``RubricError`` placed in the file each one is about."""
    located = []
    for problem in error.problems:
        document = texts if problem.document == "texts" and texts is not None else rubric
        located.append(_file_problem(problem, document))
    return located


def rubric_error_messages(error: RubricError, rubric: YamlDocument, texts: YamlDocument | None = None) -> list[str]:
    """``path:line:column: what is wrong — what was expected`` for every problem of ``error``."""
    return [str(problem) for problem in rubric_error_problems(error, rubric, texts)]


def _leaf_paths(value: Any, path: FieldPath = ()) -> list[FieldPath]:
    if isinstance(value, Mapping):
        return [leaf for key, child in value.items() for leaf in _leaf_paths(child, (*path, str(key)))]
    if isinstance(value, list):
        return [leaf for index, child in enumerate(value) for leaf in _leaf_paths(child, (*path, index))]
    return [path]


def _prefixes(paths: Iterable[FieldPath]) -> set[FieldPath]:
    return {path[:length] for path in paths for length in range(len(path) + 1)}


def _scored_leaf_paths(value: Any) -> list[FieldPath]:
    """Leaf paths without the observer section, whose coverage the observer checks report (as warnings)."""
    return [path for path in _leaf_paths(value) if path[:1] != ("observer",)]


def check_language_parity(structure: Mapping[str, Any], texts_by_lang: Mapping[str, YamlDocument]) -> list[FileProblem]:
    """Missing and extra keys of every language file.

    The reference is what ``rubric.yaml`` requires; if the structure itself
    does not load, it is the union of all languages' keys (so translators
    still learn what the others have). A missing or extra subtree is reported
    once, at its top.
    """
    try:
        reference: list[FieldPath] = list(text_paths(load_rubric(structure)))
        source = "rubric.yaml requires it"
    except RubricError:
        reference = []
        for document in texts_by_lang.values():
            reference.extend(path for path in _scored_leaf_paths(document.value) if path not in reference)
        source = "another language has it"
    reference_prefixes = _prefixes(reference)
    problems: list[FileProblem] = []
    for language, document in texts_by_lang.items():
        have = _scored_leaf_paths(document.value)
        have_prefixes = _prefixes(have)
        missing_tops: list[FieldPath] = []
        for path in reference:
            if path in have_prefixes:
                continue
            top = next(path[:length] for length in range(1, len(path) + 1) if path[:length] not in have_prefixes)
            if top not in missing_tops:
                missing_tops.append(top)
        for top in missing_tops:
            problems.append(
                document.problem(top, f"{format_path(top)} is missing in the {language} texts", f"it, since {source}")
            )
        extra_tops: list[FieldPath] = []
        for path in have:
            if path in reference_prefixes:
                continue
            top = next(path[:length] for length in range(1, len(path) + 1) if path[:length] not in reference_prefixes)
            if top not in extra_tops:
                extra_tops.append(top)
        for top in extra_tops:
            problems.append(
                document.problem(
                    top,
                    f"{format_path(top)} in the {language} texts matches nothing in rubric.yaml or the other languages",
                    "only the keys every language shares; remove it or fix its id",
                )
            )
    return problems


@dataclass(frozen=True)
class RubricReading:
    """One rubric read and checked: its documents, the engine's model when it loads, every problem."""

    structure: YamlDocument | None  # None when rubric.yaml is not usable YAML
    texts: Mapping[str, YamlDocument]  # the languages whose texts parse
    model: Rubric | None  # the engine's reading of the structure, when it has no problem
    problems: tuple[FileProblem, ...]
    clean_languages: frozenset[str]  # languages whose texts the engine accepts with the structure


def read_rubric(rubric_text: str, rubric_path: str, texts: Mapping[str, tuple[str, str]]) -> RubricReading:
    """Read one rubric: ``texts`` maps a language code to (file text, display path).

    Checks YAML syntax and duplicate keys, the rubric format, that the id
    equals the folder name, that each language file says its own language,
    and that all languages have the same keys. Each file is parsed once and
    the structure loaded by the engine once per language.
    """
    try:
        rubric = parse_yaml(rubric_text, rubric_path)
    except YamlFileError as error:
        return RubricReading(None, {}, None, tuple(error.problems), frozenset())
    problems: list[FileProblem] = []
    folder = PurePosixPath(rubric_path.replace("\\", "/")).parent.name
    if isinstance(rubric.value, Mapping) and folder and rubric.value.get("id") != folder:
        problems.append(
            rubric.problem(("id",), f"id: the id is {rubric.value.get('id')!r}", f"{folder!r}, the folder name")
        )

    documents: dict[str, YamlDocument] = {}
    for language, (text, display_path) in texts.items():
        try:
            documents[language] = parse_yaml(text, display_path)
        except YamlFileError as error:
            problems.extend(error.problems)

    model: Rubric | None = None
    try:
        model = load_rubric(rubric.value)
    except RubricError as error:
        problems.extend(rubric_error_problems(error, rubric))
    clean: set[str] = set()
    for language, document in documents.items():
        try:
            load_rubric(rubric.value, document.value, language=language)
            clean.add(language)
        except RubricError as error:
            text_problems = [p for p in error.problems if p.document == "texts"]
            problems.extend(_file_problem(problem, document) for problem in text_problems)
            if not text_problems:
                clean.add(language)  # only the structure is wrong: reported above, once
    if model is None:  # the loader could not compare texts with the structure: compare languages instead
        problems.extend(check_language_parity(rubric.value, documents))
    return RubricReading(rubric, documents, model, tuple(sorted(problems)), frozenset(clean))


def check_rubric_files(rubric_text: str, rubric_path: str, texts: Mapping[str, tuple[str, str]]) -> list[FileProblem]:
    """Every problem of one rubric (see ``read_rubric``)."""
    return list(read_rubric(rubric_text, rubric_path, texts).problems)
