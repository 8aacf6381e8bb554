"""Everything that reads or writes the file system for the build tools lives here.

The rest of ``build_tools`` works on the data these functions return.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .structure import limits, yaml_parsing
from .structure.problems import Problem
from .structure.rubric_yaml import syntax_problem

PACKAGE_DIR = Path(__file__).resolve().parent
# Interface strings are project sources (translated by editors): read from the project, not the installed package.
LOCALES_FOLDER = "build_tools/locales"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
# Scripts served once at the site root (site/runtime/), shared by every language: the engine's worker.
RUNTIME_SOURCES_DIR = PACKAGE_DIR / "runtime"


class ProjectNotFound(RuntimeError):
    pass


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working directory) holding mkdocs.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "docs").is_dir():
            return folder
    raise ProjectNotFound(f"no mkdocs.yml with a docs/ folder at or above {here}; run this inside the repository")


def read_yaml(path: Path) -> Any:
    return _parse_yaml(read_text(path, max_bytes=limits.YAML_FILE_MAX_BYTES), path)


def _parse_yaml(text: str, path: Path) -> Any:
    """YAML that does not parse is the editor's to fix, at the line and column PyYAML stopped at."""
    try:
        return yaml_parsing.safe_load(text)
    except yaml.YAMLError as error:
        raise SourceFileError([syntax_problem(error, _shown(path)).reported()]) from None


class SourceFileError(ValueError):
    """Source files the build refuses to read: symbolic links, files that are not UTF-8 text, files too large."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _shown(path: Path) -> str:
    """A path as editors see it: relative to the project root it belongs to (wherever `kb` runs from)."""
    resolved = path.resolve(strict=False)
    try:
        return resolved.relative_to(find_project_root(resolved.parent)).as_posix()
    except ProjectNotFound:
        return str(path)


def _unreadable(display: str, error: OSError) -> Problem:
    return Problem(display, 0, f"cannot be read ({error.strerror or error})", "check that it is a file you may read")


def text_problems(path: Path, data: bytes, display: str, max_bytes: int) -> list[Problem]:
    """Why ``data`` is not a source text the build reads: too large, binary, or not UTF-8."""
    if len(data) > max_bytes:
        return [Problem(display, 0, f"{len(data)} bytes (the limit is {max_bytes})", "split the file")]
    if b"\x00" in data:
        return [Problem(display, 0, "binary file, not text", f"only UTF-8 text belongs in {path.suffix} files")]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        return [Problem(display, line, f"not UTF-8 text (byte 0x{byte})", "save the file as UTF-8")]
    return []


def read_text(path: Path, *, max_bytes: int = limits.MARKDOWN_FILE_MAX_BYTES) -> str:
    """A source text, refused (``SourceFileError``) when it is a link, binary, not UTF-8 or too large."""
    # Linked folders are refused by `source_problems` and never walked into by `_walk`.
    if path.is_symlink():
        raise SourceFileError([_link_problem(_shown(path))])
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceFileError([_unreadable(_shown(path), error)]) from None
    # The path as editors see it is looked up only for a refused file (it walks up to the project root).
    if text_problems(path, data, "", max_bytes):
        raise SourceFileError(text_problems(path, data, _shown(path), max_bytes))
    return data.decode("utf-8").removeprefix("\ufeff")


def _link_problem(display: str) -> Problem:
    return Problem(
        display,
        0,
        "symbolic link",
        "replace it by the file itself: the site publishes only files stored in the repository",
    )


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def read_bytes(path: Path) -> bytes:
    """A file of the tools themselves (the engine's sources, the runtime), never a contributor's source."""
    return path.read_bytes()


def is_file(path: Path) -> bool:
    return path.is_file()


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def replace_file(new: Path, target: Path) -> None:
    """Rename ``new`` over ``target`` in one step: a concurrent reader sees the old file or the new one, whole."""
    os.replace(new, target)


def read_base_config(root: Path) -> dict[str, Any]:
    config = read_yaml(root / "mkdocs.yml")
    if not isinstance(config, dict):
        raise SourceFileError([Problem("mkdocs.yml", 1, "expected a mapping of settings", "restore it from git")])
    return config


@dataclass(frozen=True)
class _Walk:
    files: list[Path]  # regular files, hidden ones (and those in hidden folders) left out
    links: list[Path]  # symbolic links, to files or folders: reported, never followed


def _walk(folder: Path, *, skip: frozenset[str] = frozenset({"__pycache__"})) -> _Walk:
    files: list[Path] = []
    links: list[Path] = []
    if folder.is_symlink():
        return _Walk([], [folder])
    for current, folders, names in os.walk(folder, followlinks=False):
        here = Path(current)
        for name in list(folders):
            if (here / name).is_symlink():
                links.append(here / name)
                folders.remove(name)
            elif name.startswith(".") or name in skip:
                folders.remove(name)
        for name in names:
            path = here / name
            if path.is_symlink():
                links.append(path)
            elif not name.startswith("."):
                files.append(path)
    return _Walk(sorted(files), sorted(links))


# Folders whose files reach the published site (pages, rubrics, theme, templates, interface strings).
SOURCE_FOLDERS = ("docs", "assessments", "build_tools")


def source_problems(root: Path, languages: Iterable[str]) -> list[Problem]:
    """Everything that keeps the sources from being read safely, found before anything is read or built:
    symbolic links anywhere in the source folders, file names that cannot be URLs, files that are not UTF-8
    text or too large, Markdown that would make rendering slow, and files beside pages that are not images."""
    problems: list[Problem] = []
    for name in SOURCE_FOLDERS:
        problems.extend(_link_problem(_relative(root, link)) for link in _walk(root / name).links)
    if (root / "mkdocs.yml").is_symlink():
        problems.append(_link_problem("mkdocs.yml"))
    for language in languages:
        folder = root / "docs" / language
        if not folder.is_dir():
            problems.append(
                Problem(
                    f"docs/{language}/",
                    0,
                    f"the folder of language `{language}` does not exist",
                    f"create it (an empty docs/{language}/.gitkeep is enough: pages fall back to the default"
                    f" language) or remove `{language}` from mkdocs.yml",
                )
            )
            continue
        for path in _walk(folder).files:
            display = _relative(root, path)
            relative = _under(folder=folder, path=path)
            problems.extend(limits.path_problems(display, relative))
            if path.suffix == ".md":
                try:
                    data = path.read_bytes()
                except OSError as error:
                    problems.append(_unreadable(display, error))
                    continue
                found = text_problems(path, data, display, limits.MARKDOWN_FILE_MAX_BYTES)
                problems.extend(found or limits.markdown_problems(display, data.decode("utf-8")))
            else:
                with path.open("rb") as stream:
                    head = stream.read(16)
                problems.extend(limits.asset_problems(display, path.name, head, path.stat().st_size))
    for path in _walk(root / ORIGINALS_DIR).files:
        display = _relative(root, path)
        if not ORIGINAL_NAME.match(path.name):
            problems.append(
                Problem(display, 0, "not a stored original", f"{ORIGINALS_DIR}/ holds only what `kb stamp` writes")
            )
        else:
            problems.extend(text_problems(path, path.read_bytes(), display, limits.MARKDOWN_FILE_MAX_BYTES))
    for path in [*_walk(root / "assessments").files, *_walk(root / LOCALES_FOLDER).files]:
        if path.suffix in {".yaml", ".yml"}:
            problems.extend(text_problems(path, path.read_bytes(), _relative(root, path), limits.YAML_FILE_MAX_BYTES))
    return problems


def _relative(root: Path, path: Path) -> str:
    try:
        return _under(folder=root, path=path)
    except ValueError:
        return str(path)


def _under(*, folder: Path, path: Path) -> str:
    """``path`` relative to ``folder`` as a POSIX path (ValueError if it is not inside): for paths found by
    walking ``folder`` a string prefix, as pathlib's ``relative_to`` is slow enough to show in a build of
    thousands of pages."""
    text, prefix = str(path), f"{folder}{os.sep}"
    if not text.startswith(prefix):
        return path.relative_to(folder).as_posix()
    return text[len(prefix) :].replace(os.sep, "/")


def read_pages(root: Path, language: str) -> dict[str, str]:
    """Markdown pages of one language: path relative to docs/<language>/ (POSIX) -> text."""
    folder = root / "docs" / language
    if not folder.is_dir():
        return {}
    return {_under(folder=folder, path=path): read_text(path) for path in _walk(folder).files if path.suffix == ".md"}


def read_all_pages(root: Path, languages: Iterable[str]) -> dict[str, dict[str, str]]:
    return {language: read_pages(root, language) for language in languages}


def list_assets(root: Path, language: str) -> list[str]:
    """Non-Markdown files of one language's docs (images and the like), relative POSIX paths."""
    folder = root / "docs" / language
    if not folder.is_dir():
        return []
    return [_under(folder=folder, path=path) for path in _walk(folder).files if path.suffix != ".md"]


@dataclass(frozen=True)
class LocaleFile:
    path: Path
    text: str
    data: dict[str, Any]


def read_locales(root: Path, languages: Iterable[str]) -> dict[str, LocaleFile]:
    """The interface strings of each language that has a locale file (a missing one is the checker's to report)."""
    locales: dict[str, LocaleFile] = {}
    for language in languages:
        path = root / LOCALES_FOLDER / f"{language}.yml"
        if not path.is_file():
            continue
        text = read_text(path, max_bytes=limits.YAML_FILE_MAX_BYTES)
        data = _parse_yaml(text, path)
        if not isinstance(data, dict):
            raise SourceFileError([Problem(_shown(path), 1, "expected a mapping of interface strings", "see en.yml")])
        locales[language] = LocaleFile(path, text, data)
    return locales


def list_rubric_ids(root: Path) -> list[str]:
    folder = root / "assessments"
    if not folder.is_dir():
        return []
    return sorted(path.parent.name for path in folder.glob("*/rubric.yaml"))


def read_rubric_files(root: Path, rubric_id: str, languages: Iterable[str]) -> dict[str, tuple[Path, str]]:
    """``{"rubric": (path, text), "<lang>": (path, text), ...}`` for the files that exist."""
    folder = root / "assessments" / rubric_id
    found: dict[str, tuple[Path, str]] = {}
    for name in ("rubric", *languages):
        path = folder / f"{name}.yaml"
        if path.is_file():
            found[name] = (path, read_text(path, max_bytes=limits.YAML_FILE_MAX_BYTES))
    return found


def copy_files(source_dir: Path, names: Iterable[str], target_dir: Path) -> None:
    target_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy2(source_dir / name, target_dir / name)


def reset_dir(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)


def modification_times(paths: Iterable[Path]) -> Mapping[Path, float]:
    """Modification time of every file under the given folders/files (for the development watcher)."""
    times: dict[Path, float] = {}
    for path in paths:
        if path.is_file():
            times[path] = path.stat().st_mtime
        elif path.is_dir():
            for child in path.rglob("*"):
                if child.is_file() and "__pycache__" not in child.parts:
                    times[child] = child.stat().st_mtime
    return times


def package_files(package_dir: Path) -> list[Path]:
    """Source files of a Python package (no caches, no compiled files), sorted."""
    return sorted(
        path
        for path in package_dir.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}
    )


def list_files(folder: Path) -> list[str]:
    """Names of the files directly in ``folder``."""
    return sorted(path.name for path in folder.iterdir() if path.is_file())


# --- Atomic site builds: a build goes into a sibling folder that replaces the site only once it is complete.


def make_staging_dir(target: Path) -> Path:
    """An empty folder beside ``target`` (same file system, so the final renames are atomic) to build into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return _new_sibling(target, "tmp")


def _new_sibling(target: Path, label: str) -> Path:
    # Not tempfile.mkdtemp: its folders are private (0700), and the staging folder becomes the site a web
    # server running as another user must read. mkdir gives the usual permissions (umask).
    while True:
        candidate = target.parent / f"{target.name}.{label}-{secrets.token_hex(4)}"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate


def remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def replace_dir(new: Path, target: Path) -> None:
    """Put the folder ``new`` in place of ``target``: old moved aside, new renamed in, old deleted.

    Readers of ``target`` see either the old or the new folder, whole; only between the two renames (two
    system calls) is there no folder at all.
    """
    if not target.exists():
        new.rename(target)
        return
    aside = _new_sibling(target, "old")
    old = aside / target.name
    target.rename(old)
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        aside.rmdir()
        raise
    remove_tree(aside)


def replace_entries(new: Path, target: Path) -> None:
    """Move each file and folder directly in ``new`` over the same-named one in ``target``, then drop ``new``.

    For partial builds (some languages): what the build did not produce stays as it was.
    """
    if not target.exists():
        new.rename(target)
        return
    for entry in sorted(new.iterdir()):
        destination = target / entry.name
        if entry.is_dir() and destination.is_dir():
            replace_dir(entry, destination)
        else:
            if destination.is_dir():
                remove_tree(destination)
            os.replace(entry, destination)
    new.rmdir()


# --- Scaffolds (`kb new language`, `kb new assessment`): many files written together, or none.


def write_scaffold(root: Path, changes: Mapping[str, str], created: Iterable[str]) -> None:
    """Write ``changes`` (project-relative path -> text). Paths in ``created`` must not exist yet, and no
    path may be a symbolic link; everything is checked before the first file is written."""
    new = set(created)
    problems: list[Problem] = []
    for name in changes:
        path = root / name
        if path.is_symlink():
            problems.append(_link_problem(name))
        elif name in new and path.exists():
            problems.append(Problem(name, 0, "already exists", "remove it first, or pick another name"))
        elif name not in new and not path.is_file():
            problems.append(Problem(name, 0, "does not exist", "restore it from the repository"))
    if problems:
        raise SourceFileError(problems)
    for name, text in changes.items():
        path = root / name
        staged = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        write_text(staged, text)
        os.replace(staged, path)


def material_theme_languages() -> frozenset[str]:
    """The languages Material translates its own strings into (its partials/languages/<code>.html)."""
    import material

    templates = Path(material.__file__).resolve().parent / "templates"
    return frozenset(path.stem for path in (templates / "partials" / "languages").glob("*.html"))


def files_under(folder: Path) -> list[Path]:
    """Every regular file under ``folder`` (hidden ones and links left out), sorted."""
    return _walk(folder).files


def path_exists(path: Path) -> bool:
    """Whether anything (a file, a folder or a link) is at ``path``: scaffolds never overwrite."""
    return path.exists() or path.is_symlink()


def files_named(folder: Path, pattern: str) -> list[Path]:
    """Regular files directly in ``folder`` whose names match ``pattern`` (none if the folder is missing)."""
    return sorted(path for path in folder.glob(pattern) if path.is_file() and not path.is_symlink())


def markdown_under(path: Path) -> list[Path]:
    """``path`` itself, or every Markdown page under it when it is a folder (links are not followed)."""
    if path.is_dir() and not path.is_symlink():
        return [file for file in _walk(path).files if file.suffix == ".md"]
    return [path]


# --- Originals: the default-language texts translations were made from, by revision (`kb stamp` writes them).

ORIGINALS_DIR = "docs/_originals"
ORIGINAL_NAME = re.compile(r"^[0-9a-f]{12}\.md$")


def read_originals(root: Path) -> dict[str, str]:
    """revision -> the default-language page text it names."""
    return {path.stem: read_text(path) for path in _walk(root / ORIGINALS_DIR).files if ORIGINAL_NAME.match(path.name)}


def write_original(root: Path, revision: str, text: str) -> bool:
    """Store ``text`` under its revision unless it is stored already; True if a file was written."""
    path = root / ORIGINALS_DIR / f"{revision}.md"
    if path_exists(path):
        return False
    write_text(path, text)
    return True


def remove_originals(root: Path, revisions: Iterable[str]) -> None:
    for revision in revisions:
        path = root / ORIGINALS_DIR / f"{revision}.md"
        if path.is_file() and not path.is_symlink():
            path.unlink()
