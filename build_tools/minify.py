"""Our own stylesheets and scripts in the built site, minified in place with esbuild (npm, pinned in
package.json): the theme's files under each language's folder and the site root's. Material's files are
minified already and the runtime's are the worker's (not on the page's critical path), so both are left.

Each file is transformed on its own, not bundled: names, module imports and the classic scripts' globals
(Material reads ``__md_get`` from md-globals.js) stay as they are; no source maps are written. Runs before the
service worker's manifest is made, so the manifest's hashes are those of the files served.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import files as fs

MINIFIED_SUFFIXES = frozenset({".css", ".js", ".mjs"})
_ESBUILD = Path("node_modules") / ".bin" / "esbuild"
# Each file's own syntax is kept (no lowering for older browsers, no format change: classic scripts stay
# classic, modules stay modules); legal comments (`/*! … */`) are kept at the end of their file.
_OPTIONS = ("--minify", "--legal-comments=eof", "--log-level=warning", "--allow-overwrite")


class MinifyError(RuntimeError):
    pass


def own_files(theme_dir: Path, site_dir: Path, languages: Iterable[str]) -> list[Path]:
    """The built copies of the theme's stylesheets and scripts in each language's folder, and the site root's
    own (its top-level ones: the runtime and the service worker live elsewhere or come later)."""
    theme_files = [path.relative_to(theme_dir) for path in fs.files_under(theme_dir) if _minified(path)]
    found = [site_dir / code / relative for code in languages for relative in theme_files]
    found += [path for path in fs.files_named(site_dir, "*") if _minified(path)]
    return sorted(path for path in found if fs.is_file(path))


def _minified(path: Path) -> bool:
    return path.suffix in MINIFIED_SUFFIXES and not path.name.endswith((".min.js", ".min.css"))


def esbuild_in(roots: Sequence[Path]) -> Path:
    """esbuild from the first of `roots` that has it installed: the project's checkout, then the one the build
    tool runs from (a project copied elsewhere, as in tests, has no node_modules of its own)."""
    for root in roots:
        if fs.is_file(root / _ESBUILD):
            return root / _ESBUILD
    raise MinifyError(f"{roots[0] / _ESBUILD} is missing: run `npm ci` (or `make build`, which does it for you)")


def minify_in_place(roots: Sequence[Path], site_dir: Path, paths: Sequence[Path]) -> None:
    """One esbuild run over every file (about 0.1 s for the whole site), each written back where it was."""
    if not paths:
        return
    esbuild = esbuild_in(roots)
    command = [str(esbuild), *_OPTIONS, f"--outbase={site_dir}", f"--outdir={site_dir}", *map(str, paths)]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)
    except subprocess.CalledProcessError as error:
        raise MinifyError(f"esbuild could not minify the site's own files:\n{error.stderr.strip()[-3000:]}") from error
    except (OSError, subprocess.SubprocessError) as error:
        raise MinifyError(f"esbuild could not run: {error}") from error


def minify_site(roots: Sequence[Path], theme_dir: Path, site_dir: Path, languages: Iterable[str]) -> None:
    """`roots`: where to look for node_modules/.bin/esbuild, in order."""
    minify_in_place(roots, site_dir, own_files(theme_dir, site_dir, languages))
