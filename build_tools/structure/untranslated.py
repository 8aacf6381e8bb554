"""Interface strings not translated yet, as the checker reports them: a pure rule over a locale file's text.

Interface strings scaffolded by `kb new language` keep the default language's text, each value marked with
a YAML comment ``# untranslated``; the mark goes when the value is translated. The readers of that language
see the default text meanwhile, so the marks are warnings (`kb check --strict` fails on them), never silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from . import yaml_parsing
from .problems import Problem

MARK = "untranslated"
MARK_COMMENT = f"# {MARK}"
# A comment that starts with the mark, after the value on the value's last line.
_MARKED = re.compile(r"#\s*" + MARK + r"\b")


@dataclass(frozen=True)
class Leaf:
    """One string of a YAML file: its dotted key and the lines (0-based) its value starts and ends on."""

    key: str
    first_line: int
    last_line: int
    end_column: int


def leaves(text: str) -> list[Leaf]:
    """Every scalar value of a YAML mapping, in file order, with where it is written."""
    root = yaml_parsing.compose(text)
    return list(_walk(root, "")) if root is not None else []


def _walk(node: yaml.Node, prefix: str) -> Iterator[Leaf]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _walk(value, f"{prefix}{key.value}.")
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            yield from _walk(value, f"{prefix}{index}.")
    elif isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        # A block scalar (`|`, `>`) ends at the start of the next line; its mark goes on the indicator line.
        last = node.start_mark.line if node.style in ("|", ">") else end.line
        column = node.start_mark.column if node.style in ("|", ">") else end.column
        yield Leaf(prefix.removesuffix("."), node.start_mark.line, last, column)


def is_marked(line: str, after_column: int) -> bool:
    """Whether the comment after the value (from ``after_column`` on) starts with the mark."""
    rest = line[after_column:]
    hash_at = rest.find("#")
    return hash_at >= 0 and bool(_MARKED.match(rest, hash_at))


def untranslated_keys(text: str) -> tuple[list[Leaf], int]:
    """(the marked strings, how many strings the file has)."""
    lines = text.splitlines()
    found = leaves(text)
    marked = [leaf for leaf in found if is_marked(lines[leaf.last_line], leaf.end_column)]
    return marked, len(found)


def locale_problems(code: str, display_path: str, text: str, default_code: str) -> list[Problem]:
    """One warning per interface-strings file that still has marked values (the checker's rule)."""
    try:
        marked, total = untranslated_keys(text)
    except yaml.YAMLError:
        return []  # a file that is not YAML is reported by the locale parity check
    if not marked:
        return []
    return [
        Problem(
            display_path,
            marked[0].first_line + 1,
            f"the {code} interface strings are not translated yet ({len(marked)} of {total})",
            f"write each value marked `{MARK_COMMENT}` in this language, then delete the mark; until then"
            f" readers see the {default_code} text",
            "warning",
        )
    ]


def mark_all(text: str) -> str:
    """``text`` with every line that ends a value marked (the file `kb new language` derives)."""
    lines = text.splitlines()
    ends = {leaf.last_line: leaf.end_column for leaf in leaves(text)}
    for number, column in sorted(ends.items()):
        lines[number] = mark_line(lines[number], column)
    return "\n".join(lines) + "\n"


def mark_line(line: str, after_column: int) -> str:
    if is_marked(line, after_column):
        return line
    rest = line[after_column:]
    hash_at = rest.find("#")
    if hash_at >= 0:  # keep the comment that was there, after the mark
        comment = rest[hash_at + 1 :].strip()
        return f"{line[: after_column + hash_at].rstrip()}  {MARK_COMMENT} — {comment}"
    return f"{line.rstrip()}  {MARK_COMMENT}"
