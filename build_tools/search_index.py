"""Each language's search index: Pagefind, run on the language's finished pages, into site/<lang>/pagefind/.

Pagefind splits the index into chunks by word and the excerpts into one fragment per page, so a query fetches
a few small files whatever the number of articles (Material's lunr search downloaded its whole index, 3.6 MB
gzip at 1,000 articles). The binary comes from npm (`pagefind`, pinned in package.json, whose per-platform
package holds the extended build that segments Chinese), so indexing works offline and gives the same bytes
for the same pages. 1.6 rather than PyPI's 1.5.2: 1.5 filled one index chunk with a word's diacritic variants
(a Polish query fetched a 221 KB chunk at 1,000 articles; 36.5 KB with 1.6).

What is indexed: each page's article (Material's ``article.md-content__inner``) without the heading anchors,
the notices the build adds and the assessment's questionnaire; the 404 page is left out. The language is the
build's: a page shown from the default language's text is found in the language it is listed in.

Material's own search (its lunr worker and language files) is removed from the output: the site no longer
configures the plugin, but the theme copies those scripts anyway.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

from . import files as fs

BUNDLE_DIR = "pagefind"
ROOT_SELECTOR = "article.md-content__inner"
# Inside the article, text that is not the page's own: heading anchors (¶), the fallback and outdated-
# translation notices, the questionnaire with its result and notices, Material's page dates.
EXCLUDED = (".headerlink", ".bt-fallback", ".bt-outdated", "section.bt-assessment", ".md-source-file")
PAGES = "**/index.html"
# Pagefind writes every UI it ships; the site uses only its JavaScript API (pagefind.js and its worker).
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
# Material's lunr search, copied with the theme's assets whether or not the search plugin runs.
MATERIAL_SEARCH = ("assets/javascripts/lunr", "assets/javascripts/workers")


class SearchIndexError(RuntimeError):
    pass


# npm's names for the platforms Pagefind publishes a binary package for (@pagefind/<os>-<cpu>).
_NPM_OS = {"linux": "linux", "darwin": "darwin", "win32": "windows", "freebsd": "freebsd"}
_NPM_CPU = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def pagefind_binary() -> str:
    """The extended Pagefind executable npm installed beside the build tool (`npm ci`, which `make` runs)."""
    system = next((name for prefix, name in _NPM_OS.items() if sys.platform.startswith(prefix)), sys.platform)
    cpu = _NPM_CPU.get(platform.machine().lower(), platform.machine().lower())
    executable = "pagefind_extended.exe" if system == "windows" else "pagefind_extended"
    found = fs.PACKAGE_DIR.parent / "node_modules" / "@pagefind" / f"{system}-{cpu}" / "bin" / executable
    if not fs.is_file(found):
        raise SearchIndexError(
            f"{found} is missing: run `npm ci` (or `make build`, which does it for you); Pagefind has a binary "
            "for Linux, macOS, Windows and FreeBSD on x64 and arm64"
        )
    return str(found)


def pagefind_command(binary: str, language_dir: Path, language: str) -> list[str]:
    command = [
        binary,
        "--site",
        str(language_dir),
        "--output-subdir",
        BUNDLE_DIR,
        "--root-selector",
        ROOT_SELECTOR,
        "--glob",
        PAGES,
        "--force-language",
        language,
        "--silent",
    ]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    return command


def index_language(language_dir: Path, language: str) -> None:
    """Index the built pages in ``language_dir`` (site/<lang>/) and drop Material's search scripts."""
    for relative in MATERIAL_SEARCH:
        fs.remove_tree(language_dir / relative)
    bundle = language_dir / BUNDLE_DIR
    if fs.path_exists(bundle):
        # A page or file of docs/<lang>/ published at the index's place: the index would overwrite or mix with it.
        raise SearchIndexError(
            f"docs/{language}/{BUNDLE_DIR}: the search index is published at {language}/{BUNDLE_DIR}/ — rename that"
            " page or folder"
        )
    fs.reset_dir(bundle)  # Pagefind's working folder: it reads a configuration file from there, and we put none
    # Only our options: no pagefind.yml from a working folder, no PAGEFIND_* from the caller's environment.
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    try:
        subprocess.run(
            pagefind_command(pagefind_binary(), language_dir, language),
            cwd=bundle,
            env=environment,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", "") or getattr(error, "stdout", "") or str(error)
        raise SearchIndexError(f"Pagefind could not index the pages: {detail.strip()[-2000:]}") from error
    for name in UNUSED_BUNDLE_FILES:
        fs.remove_tree(bundle / name)
    if not fs.is_file(bundle / "pagefind-entry.json"):
        raise SearchIndexError(f"Pagefind wrote no index into {language}/{BUNDLE_DIR}/")
