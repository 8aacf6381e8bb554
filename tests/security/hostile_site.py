"""The real knowledge base (English) with a hostile payload in every plain-text field a pull request can
reach: page titles, descriptions and tags, every interface string, and every assessment text.

The build must succeed (text is text), and every page it writes must be inert and show the texts as
written. Payloads take turns from ``TEXT_PAYLOADS`` so that each kind lands in each kind of place.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from build_tools import files as fs
from build_tools.structure import frontmatter
from build_tools.structure.item_rules import is_one_sentence
from tests.security.payloads import TEXT_PAYLOADS
from tests.sitebuild.miniproject import ROOT

LANGUAGE = "en"


def _cycle() -> Iterator[str]:
    return itertools.cycle(TEXT_PAYLOADS)


def poisoned(value: Any, payloads: Iterator[str], *, limit: int | None = None) -> Any:
    """Every string in ``value`` with a payload before it (cut to ``limit`` characters if given)."""
    if isinstance(value, str):
        text = f"{next(payloads)} {value}"
        return text[:limit] if limit else text
    if isinstance(value, dict):
        return {key: poisoned(item, payloads, limit=limit) for key, item in value.items()}
    if isinstance(value, list):
        return [poisoned(item, payloads, limit=limit) for item in value]
    return value


def _poison_page(text: str, payloads: Iterator[str]) -> str:
    split = frontmatter.split_page(text)
    meta = yaml.safe_load(split.front_matter)
    meta["title"] = f"{next(payloads)} {meta['title']}"[: frontmatter.TITLE_MAX]
    meta["description"] = f"{next(payloads)} {meta['description']}"[: frontmatter.DESCRIPTION_MAX]
    if "tags" in meta:
        meta["tags"] = [payload[: frontmatter.TAG_MAX] for payload in itertools.islice(payloads, len(meta["tags"]))]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{split.body}"


# Text fields of rubrics that are identifiers or formats, not prose (left as they are).
_RUBRIC_KEEP = frozenset({"id", "version", "language"})


def _one_sentence_poisoned(value: str, payloads: Iterator[str]) -> str:
    """A payload before ``value``; a one-sentence text stays one sentence (the checker refuses statements of
    two), so a sentence break the payload brings loses its space — the markup in it is unchanged."""
    text = f"{next(payloads)} {value}"
    if is_one_sentence(text) or not is_one_sentence(value):
        return text
    return re.sub(r"([.!?;\u3002\uff01\uff1f\uff1b])\s+", r"\1", text)


def _poison_rubric_texts(value: Any, payloads: Iterator[str], key: str = "") -> Any:
    if isinstance(value, str):
        return value if key in _RUBRIC_KEEP or "{" in value else _one_sentence_poisoned(value, payloads)
    if isinstance(value, dict):
        return {k: _poison_rubric_texts(v, payloads, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison_rubric_texts(item, payloads, key) for item in value]
    return value


def make_hostile_project(target: Path) -> Path:
    """A copy of the project's English pages and rubrics, every text field poisoned."""
    payloads = _cycle()
    shutil.copytree(ROOT / "docs" / LANGUAGE, target / "docs" / LANGUAGE)
    shutil.copytree(ROOT / "assessments", target / "assessments")
    shutil.copytree(ROOT / fs.LOCALES_FOLDER, target / fs.LOCALES_FOLDER)
    poison_locales(target)
    # The runtime (npm's Pyodide and the engine) is the project's own, not content: linked, not copied.
    for name in ("node_modules", "breakthrough_scoring"):
        (target / name).symlink_to(ROOT / name)
    base = fs.read_base_config(ROOT)
    base["theme"]["custom_dir"] = str(ROOT / "build_tools" / "theme")
    (target / "mkdocs.yml").write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for language in base["plugins"]["breakthrough"]["languages"]:  # the others fall back to the poisoned pages
        (target / "docs" / language["code"]).mkdir(parents=True, exist_ok=True)
    for page in sorted((target / "docs" / LANGUAGE).rglob("*.md")):
        page.write_text(_poison_page(page.read_text(encoding="utf-8"), payloads), encoding="utf-8")
    for texts in sorted((target / "assessments").glob(f"*/{LANGUAGE}.yaml")):
        data = yaml.safe_load(texts.read_text(encoding="utf-8"))
        texts.write_text(
            yaml.safe_dump(_poison_rubric_texts(data, payloads), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return target


def poison_locales(root: Path) -> None:
    """Interface strings (build_tools/locales of the project at ``root``) with a payload in every string."""
    for path in sorted((root / fs.LOCALES_FOLDER).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = yaml.safe_dump(_keep_placeholders(poisoned(data, _cycle()), data), allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")


def _keep_placeholders(value: Any, original: Any) -> Any:
    """Mapping keys of `nav` must keep naming the sections of mkdocs.yml; values are poisoned."""
    if isinstance(value, dict) and isinstance(original, dict):
        return {key: _keep_placeholders(value[key], original[key]) for key in original}
    return value
