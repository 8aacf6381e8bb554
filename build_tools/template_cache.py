"""The theme's Jinja templates compiled once per process instead of once per language build.

MkDocs makes a new Jinja environment for every build, so a process that builds two languages (``kb build``
on two cores) or rebuilds on every save (``kb serve``) compiled the same templates again each time. Compiled
code is kept by template file, the template's source checksum (an edited template compiles again) and every
environment option that changes what the compiler writes.
"""

from __future__ import annotations

from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket


def _compiler_options(environment: jinja2.Environment) -> tuple[Any, ...]:
    def named(value: Any) -> Any:
        return value if value is None or isinstance(value, bool) else getattr(value, "__qualname__", type(value))

    return (
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        tuple(sorted(environment.extensions)),
        named(environment.autoescape),
        named(environment.finalize),
        environment.optimized,
        environment.is_async,
        environment.code_generator_class,
    )


class CompiledTemplates(jinja2.BytecodeCache):
    """In memory, for this process only: nothing is written anywhere."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}  # key -> (source checksum, compiled code)

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = repr((name, filename, _compiler_options(environment)))
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)


PROCESS_CACHE = CompiledTemplates()
