"""Build-time command line of the scoring engine.

    python -m breakthrough_scoring schema assessments/           # write both schema files
    python -m breakthrough_scoring schema assessments/ --check   # fail if they are out of date

This is the only module that touches files; the engine itself never imports it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ._schema import RUBRIC_SCHEMA_FILE, TEXTS_SCHEMA_FILE, rubric_json_schema, texts_json_schema


def schema_files() -> dict[str, str]:
    """File name -> exact file content of every generated schema."""

    def render(schema: dict[str, Any]) -> str:
        return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"

    return {RUBRIC_SCHEMA_FILE: render(rubric_json_schema()), TEXTS_SCHEMA_FILE: render(texts_json_schema())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m breakthrough_scoring")
    commands = parser.add_subparsers(dest="command", required=True)
    schema = commands.add_parser("schema", help="write rubric.schema.json and texts.schema.json into a directory")
    schema.add_argument("directory", type=Path)
    schema.add_argument("--check", action="store_true", help="only report files that differ; exit 1 if any")
    arguments = parser.parse_args(argv)

    stale = []
    for name, content in schema_files().items():
        target = arguments.directory / name
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == content:
            continue
        if arguments.check:
            stale.append(str(target))
        else:
            target.write_text(content, encoding="utf-8")
            print(f"wrote {target}")
    if stale:
        print(
            "out of date (run: python -m breakthrough_scoring schema <dir>): " + ", ".join(stale),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
