"""A tiny project (two languages' worth of pages) written into tmp_path, for build tests that need control
over which pages exist."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from build_tools import files as fs
from build_tools.project import read_registry

ROOT = Path(__file__).resolve().parents[2]
# The project's languages: a tiny project has the real ones (its mkdocs.yml is the real one).
REGISTRY = read_registry(ROOT)
DEFAULT = REGISTRY.default_language
TRANSLATIONS = tuple(code for code in REGISTRY.language_codes if code != DEFAULT)
STAMP = "translated_from: a1b2c3d4e5f6\n"  # a translation (of some older default-language text)


def home_titles() -> dict[str, str]:
    """language -> the home page's title in that language: its interface strings' name of the `Home` section."""
    locales = fs.read_locales(ROOT, REGISTRY.language_codes)
    return {code: str(locales[code].data["nav"]["Home"]) for code in REGISTRY.language_codes}


PAGE = """---
title: {title}
description: {title} for tests.
updated: 2026-11-25
{extra}---

{body}
"""


def write_page(root: Path, language: str, path: str, title: str, body: str = "Text.", extra: str = "") -> Path:
    target = root / "docs" / language / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PAGE.format(title=title, body=body, extra=extra), encoding="utf-8")
    return target


def make_project(root: Path, nav: list[object]) -> Path:
    """mkdocs.yml reusing the real theme and plugin, with the given nav; no pages yet."""
    base = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    base["theme"]["custom_dir"] = str(ROOT / "build_tools" / "theme")
    base["nav"] = nav
    for language in base["plugins"]["breakthrough"]["languages"]:  # every language's folder, as the build requires
        (root / "docs" / language["code"]).mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / fs.LOCALES_FOLDER, root / fs.LOCALES_FOLDER)  # interface strings are project sources
    (root / "mkdocs.yml").write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def add_runtime_sources(root: Path) -> Path:
    """What a build with the runtime needs besides pages: the scoring engine (copied, so the wheel is built from
    a snapshot) and the Pyodide package (linked: large, and only read)."""
    shutil.copytree(
        ROOT / "breakthrough_scoring", root / "breakthrough_scoring", ignore=shutil.ignore_patterns("__pycache__")
    )
    (root / "node_modules").mkdir(exist_ok=True)
    (root / "node_modules" / "pyodide").symlink_to(ROOT / "node_modules" / "pyodide", target_is_directory=True)
    return root


def digests(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by its relative path, with the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def home_and_guide_project(root: Path, guide_body: str) -> Path:
    """A home page in every language (translations stamped) and an English-only guide."""
    make_project(root, nav=["index.md", "guide.md", "translation-status.md"])
    for language, title in home_titles().items():
        write_page(root, language, "index.md", title, extra="" if language == DEFAULT else STAMP)
    write_page(root, DEFAULT, "guide.md", "Guide", guide_body)
    return root


def assessment_texts(assessment: str) -> dict[str, str]:
    """The real rubric.yaml and every language's texts of one assessment, as text, keyed "rubric" and by code."""
    folder = ROOT / "assessments" / assessment
    texts = {"rubric": (folder / "rubric.yaml").read_text(encoding="utf-8")}
    for code in REGISTRY.language_codes:
        path = folder / f"{code}.yaml"
        if path.exists():
            texts[code] = path.read_text(encoding="utf-8")
    return texts
