"""The project's sources as the tools see them: read from disk here, once, and handed on as checked objects.

``read_registry`` gives the languages and assessments every other part derives its lists from;
``load_project`` reads every source (after ``files.source_problems`` has cleared them) into
``structure.model.Sources`` and checks them into a ``structure.model.Project``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import files as fs
from .structure import checks
from .structure.checks import check_sources
from .structure.model import LocaleStrings, Project, Sources
from .structure.problems import Problem
from .structure.registry import Registry, languages_from_config
from .structure.rendering import markdown_renderer
from .structure.rubric_model import RubricFiles, SourceFile


def read_registry(root: Path) -> Registry:
    """Languages from ``mkdocs.yml`` (``plugins.breakthrough.languages``) and assessments from ``assessments/``."""
    return Registry(languages_from_config(fs.read_base_config(root)), tuple(fs.list_rubric_ids(root)))


def load_project(root: Path) -> Project:
    """Every source of the site, read once and checked; ``files.SourceFileError`` if any cannot be read
    safely (links, encodings, sizes, names: nothing else is read past a refused file)."""
    base = fs.read_base_config(root)
    languages = languages_from_config(base)
    refused = fs.source_problems(root, languages.codes)
    if refused:
        raise fs.SourceFileError(refused)
    rubrics: dict[str, RubricFiles] = {}
    for rubric_id in fs.list_rubric_ids(root):
        found = fs.read_rubric_files(root, rubric_id, languages.codes)
        path, text = found.pop("rubric")
        rubrics[rubric_id] = RubricFiles(
            rubric_id,
            SourceFile(_relative(root, path), text),
            {code: SourceFile(_relative(root, file), body) for code, (file, body) in found.items()},
        )
    sources = Sources(
        base=base,
        languages=languages,
        pages=fs.read_all_pages(root, languages.codes),
        assets={code: frozenset(fs.list_assets(root, code)) for code in languages.codes},
        locales={
            code: LocaleStrings(_relative(root, locale.path), locale.data, locale.text)
            for code, locale in fs.read_locales(root, languages.codes).items()
        },
        rubrics=rubrics,
        # The tool's own templates (like the theme), not content: read from the installed package.
        templates={name: fs.read_text(fs.TEMPLATES_DIR / name) for name in fs.list_files(fs.TEMPLATES_DIR)},
        originals=fs.read_originals(root),
    )
    return check_sources(sources)


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


@dataclass(frozen=True)
class CheckReport:
    problems: list[Problem]
    pages: int
    rubrics: int
    languages: int
    seconds: float


def check_project(root: Path) -> CheckReport:
    """`kb check`: the project's problems and every page's, with the Markdown extensions of mkdocs.yml."""
    started = time.perf_counter()
    registry = read_registry(root)
    try:
        project = load_project(root)
    except fs.SourceFileError as error:  # nothing else can be read safely until these are fixed
        return CheckReport(error.problems, 0, 0, len(registry.language_codes), time.perf_counter() - started)
    render = markdown_renderer(project.sources.base.get("markdown_extensions") or [])
    problems = checks.check_project(project, render)
    return CheckReport(
        problems,
        sum(len(pages) for pages in project.pages.values()),
        len(project.sources.rubrics),
        len(project.languages.codes),
        time.perf_counter() - started,
    )
