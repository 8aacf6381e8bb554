"""The theme's Jinja templates compiled once, not once per language build and process.

MkDocs makes a new Jinja environment for every build, so a process that builds two languages (``kb build``
on two cores) or rebuilds on every save (``kb serve``) compiled the same templates again each time, and every
new build process compiled them all (about half a second each). Compiled code is kept in memory for the
process and, when the project has ``node_modules/``, on disk beside the runtime's cache, so the next build
process loads it instead of compiling.

The key covers everything the compiler's output depends on: the template's name, file and source (its
sha256), every environment option the compiler reads (delimiters, whitespace control, extensions,
autoescape, finalize, optimisation, async, sandbox), how each filter and test wants its arguments passed
(compiled into the call), and — for the disk — the Jinja version and the interpreter's bytecode version. An
environment whose compiler can change without its name changing (a callable autoescape or finalize, an
extension, lexer or code generator that is not Jinja's own, an Environment subclass) is cached in memory
only, where its code cannot change under the same key.
"""

from __future__ import annotations

import hashlib
import marshal
import secrets
import sys
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from . import files as fs

CACHE_DIR = Path("node_modules") / ".cache" / "breakthrough-templates"


def _named(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', type(value).__qualname__)}"


def _passing(functions: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """How the compiled call passes arguments to each filter or test (context, environment, …)."""
    return tuple(
        sorted((name, repr(getattr(function, "jinja_pass_arg", None))) for name, function in functions.items())
    )


def _compiler_options(environment: jinja2.Environment) -> tuple[Any, ...]:
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
        _named(environment.autoescape),
        _named(environment.finalize),
        environment.optimized,
        environment.is_async,
        environment.sandboxed,
        tuple(sorted(getattr(environment, "intercepted_binops", ()))),  # a sandbox's only
        tuple(sorted(getattr(environment, "intercepted_unops", ()))),
        _named(environment.code_generator_class),
        _named(type(environment.lexer)),
        _named(type(environment)),
        _passing(environment.filters),
        _passing(environment.tests),
    )


def _jinja_owned(value: Any) -> bool:
    return (getattr(value, "__module__", "") or "").split(".")[0] == "jinja2"


def _portable(environment: jinja2.Environment) -> bool:
    """Whether the options name the compiler's code completely (only then may a later process reuse it)."""
    return (
        type(environment) is jinja2.Environment
        and all(value is None or isinstance(value, bool) for value in (environment.autoescape, environment.finalize))
        and all(_jinja_owned(type(extension)) for extension in environment.extensions.values())
        and _jinja_owned(environment.code_generator_class)
        and _jinja_owned(type(environment.lexer))
    )


class CompiledTemplates(jinja2.BytecodeCache):
    """In memory for this process and, with a ``folder``, on disk for the next processes."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._code: dict[str, tuple[str, CodeType]] = {}  # key -> (source checksum, compiled code)
        self._files: dict[str, Path] = {}  # key -> its file on disk, for the environments that may use one

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = repr((name, filename, _compiler_options(environment)))
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        if self.folder is not None and _portable(environment):
            # The source's own sha256 too: Jinja's checksum is sha1, and a file is never re-checked against
            # the source it came from once it is named by this digest.
            digest = hashlib.sha256(
                repr(
                    (key, hashlib.sha256(source.encode()).hexdigest(), jinja2.__version__, sys.implementation.cache_tag)
                ).encode()
            ).hexdigest()
            self._files[key] = self.folder / f"{digest[:40]}.code"
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]
            return
        path = self._files.get(bucket.key)
        if path is None or not fs.is_file(path):
            return
        try:
            code = marshal.loads(fs.read_bytes(path))
        except (OSError, EOFError, ValueError, TypeError):
            return  # unreadable or cut short: compiled again and rewritten
        if isinstance(code, CodeType):
            self._code[bucket.key] = (bucket.checksum, code)
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        self._code[bucket.key] = (bucket.checksum, bucket.code)
        path = self._files.get(bucket.key)
        if path is None:
            return
        # Two build processes may compile the same template at once: each renames its own whole file in.
        staged = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fs.write_bytes(staged, marshal.dumps(bucket.code))
            fs.replace_file(staged, path)
        except OSError:
            fs.remove_tree(staged)  # a read-only or full disk: this process keeps its copy in memory


_PROCESS_CACHES: dict[Path | None, CompiledTemplates] = {}


def process_cache(root: Path) -> CompiledTemplates:
    """The cache of the project at ``root`` for this process: on disk under its ``node_modules/`` when it
    has one (a real checkout always does: the runtime and esbuild come from there), else in memory only."""
    folder = root / CACHE_DIR if fs.path_exists(root / "node_modules") else None
    if folder not in _PROCESS_CACHES:
        _PROCESS_CACHES[folder] = CompiledTemplates(folder)
    return _PROCESS_CACHES[folder]
