"""Build time against its floor: one full `kb build` (every language, the site root and the runtime) against
four plain `mkdocs build` runs of the same Markdown (Material and the same Markdown extensions, none of our
checks), one after the other, alternating, each in a fresh interpreter.

The plain builds run no plugin at all, not even MkDocs' default `search`: the site's build has no lunr index
either (its search is Pagefind's, which `kb build` runs and counts in its own time), so the floor does no work
the site does not do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks.figures import Figure, ratio_figure
from build_tools import files as fs
from build_tools.project import read_registry


def plain_configs(root: Path, folder: Path) -> list[Path]:
    """One mkdocs.yml per language: its docs folder with Material and the project's Markdown extensions,
    without the Breakthrough plugin (and so without its nav, checks and fallbacks) or any other plugin."""
    base = fs.read_base_config(root)
    configs = []
    for language in read_registry(root).languages.languages:
        config = {
            "site_name": str(base.get("site_name") or "site"),
            "site_url": "http://127.0.0.1/",
            "docs_dir": str(root.resolve() / "docs" / language.code),
            # Its own folder: `folder / "site"` is the site the browser and Lighthouse parts are served.
            "site_dir": str(folder / "plain-site" / language.code),
            "theme": {"name": "material", "language": language.code},
            "markdown_extensions": base.get("markdown_extensions") or [],
            "plugins": [],  # an empty list, not a missing key: MkDocs adds `search` when `plugins` is absent
        }
        path = folder / f"mkdocs-{language.code}.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        configs.append(path)
    return configs


def _timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return seconds


def measure_build(root: Path, folder: Path, repeats: int, progress: Callable[[str], None]) -> list[Figure]:
    """Full build ÷ four plain builds, alternating ``repeats`` times."""
    kb = shutil.which("kb", path=str(Path(sys.executable).parent)) or "kb"
    configs = plain_configs(root, folder)
    full_command = [kb, "build", "--site-dir", str(folder / "kb-site"), "--site-url", "http://127.0.0.1/"]
    full: list[float] = []
    plain: list[float] = []
    for repeat in range(repeats):
        full.append(_timed(full_command, root))
        plain.append(
            sum(_timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], root) for config in configs)
        )
        progress(
            f"build {repeat + 1}/{repeats}: kb build {full[-1]:.1f} s, {len(configs)} plain builds {plain[-1]:.1f} s"
        )
    return [
        ratio_figure(
            "build_vs_plain_mkdocs",
            f"full kb build / {len(configs)} plain mkdocs builds",
            full,
            plain,
            0.5,
            f"{os.cpu_count()} cores; processes started fresh each time",
            unit="s",
        )
    ]
