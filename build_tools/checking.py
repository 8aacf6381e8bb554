"""Gathers the sources for `kb check` and runs every check (adapter between files and structure.checks)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import files as fs
from .rubrics import action_links
from .structure import locales
from .structure.checks import RubricLink, Sources, check_sources
from .structure.problems import Problem
from .structure.registry import languages_from_config
from .structure.rendering import markdown_renderer
from .structure.rubric_yaml import YamlFileError, check_rubric_files, parse_yaml
from .structure.siteconfig import nav_section_titles


@dataclass(frozen=True)
class CheckReport:
    problems: list[Problem]
    pages: int
    rubrics: int
    languages: int
    seconds: float


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def locale_problems(root: Path, codes: tuple[str, ...], default: str, nav_titles: list[str]) -> list[Problem]:
    files = fs.read_locales(root, codes)
    missing = [
        Problem(
            f"{fs.LOCALES_FOLDER}/{code}.yml",
            0,
            f"the {code} interface strings do not exist",
            f"run `kb new language {code}`, or copy {fs.LOCALES_FOLDER}/{default}.yml and translate every value",
        )
        for code in codes
        if code not in files
    ]
    if default not in files:
        return missing
    problems = locales.parity_problems(
        {code: file.data for code, file in files.items()},
        default,
        {
            code: _relative(root, file.path) if file.path.is_relative_to(root) else str(file.path)
            for code, file in files.items()
        },
        {},
    )
    problems += missing
    for code, file in files.items():
        titles = file.data.get("nav", {})
        for title in nav_titles:
            if title not in titles:
                problems.append(
                    Problem(
                        str(file.path),
                        1,
                        f"nav section `{title}` has no {code} title",
                        f"add `{title}: …` under `nav:`",
                    )
                )
    return problems


def rubric_links(root: Path) -> list[RubricLink]:
    """Every action link of every rubric, with the line it is written on."""
    found: list[RubricLink] = []
    for rubric_id in fs.list_rubric_ids(root):
        path, text = fs.read_rubric_files(root, rubric_id, [])["rubric"]
        try:
            document = parse_yaml(text, _relative(root, path))
        except YamlFileError:
            continue  # reported by rubric_problems
        structure = document.value if isinstance(document.value, dict) else {}
        for where, link in action_links(structure):
            found.append(RubricLink(document.display_path, document.locate(where)[0], link))
    return found


def rubric_problems(root: Path, codes: tuple[str, ...]) -> tuple[int, list[Problem]]:
    ids = fs.list_rubric_ids(root)
    problems: list[Problem] = []
    for rubric_id in ids:
        found = fs.read_rubric_files(root, rubric_id, codes)
        rubric_path, rubric_text = found["rubric"]
        texts = {code: (found[code][1], _relative(root, found[code][0])) for code in codes if code in found}
        for code in codes:
            if code not in found:
                problems.append(
                    Problem(
                        f"assessments/{rubric_id}/{code}.yaml",
                        0,
                        f"assessment `{rubric_id}` has no {code} texts",
                        f"copy assessments/{rubric_id}/{codes[0]}.yaml and translate every value",
                    )
                )
        for problem in check_rubric_files(rubric_text, _relative(root, rubric_path), texts):
            message = f"{problem.column}: {problem.message}" if problem.column else problem.message
            problems.append(
                Problem(
                    problem.path,
                    problem.line,
                    message,
                    f"expected {problem.expected}" if problem.expected else "",
                )
            )
    return len(ids), problems


def check_project(root: Path) -> CheckReport:
    started = time.perf_counter()
    base = fs.read_base_config(root)
    languages = languages_from_config(base)
    codes = languages.codes
    refused = fs.source_problems(root, codes)
    if refused:  # nothing else can be read safely until these are fixed
        return CheckReport(refused, 0, 0, len(codes), time.perf_counter() - started)
    rubric_count, problems = rubric_problems(root, codes)
    problems += locale_problems(root, codes, languages.default_code, nav_section_titles(base.get("nav", [])))
    sources = Sources(
        languages=languages,
        pages=fs.read_all_pages(root, codes),
        assets={code: frozenset(fs.list_assets(root, code)) for code in codes},
        assessments=frozenset(fs.list_rubric_ids(root)),
        extra_problems=problems,
        rubric_links=rubric_links(root),
        render=markdown_renderer(base.get("markdown_extensions") or []),
    )
    found = check_sources(sources)
    found.sort(key=lambda p: (p.severity != "error", p.path, p.line))
    return CheckReport(
        found,
        sum(len(p) for p in sources.pages.values()),
        rubric_count,
        len(codes),
        time.perf_counter() - started,
    )
