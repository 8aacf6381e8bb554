"""Our stylesheets and scripts minified in the built site (build_tools/minify.py): only the theme's own and
the site root's, each in place; classic scripts keep their globals and modules their exports; Material's and
the runtime's files are left as they are; a file esbuild cannot parse stops the build, naming it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools import minify
from build_tools.project import load_project
from build_tools.site_builder import minify_own_files

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "build_tools" / "theme"

CLASSIC = """// a classic script: its top-level names are the page's globals
var __md_get = function (key, storage) {
  var value = (storage || localStorage).getItem(key);
  return value === null ? null : JSON.parse(value);
};
"""
MODULE = """// a module: its exports are what other modules import
/** @param {string} text */
export function shout(text) {
  const louder = text.toUpperCase();
  return louder + "!";
}
"""
STYLE = """/* the look */
.bt-box {
  margin: 0 0 0 0;
  color: #ffffff;
}
"""


def mini_site(tmp_path: Path) -> tuple[Path, Path]:
    theme = tmp_path / "theme"
    site = tmp_path / "site"
    sources = {
        "assets/javascripts/md-globals.js": CLASSIC,
        "assets/javascripts/assessment/shout.js": MODULE,
        "assets/stylesheets/look.css": STYLE,
        "main.html": "<p>{{ not minified }}</p>\n",
    }
    for relative, text in sources.items():
        for folder in (theme, site / "en", site / "zh"):
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, encoding="utf-8")
    # Material's own (minified already), the runtime's, and a file no theme has: never touched.
    for relative in ("en/assets/javascripts/bundle.abc.min.js", "runtime/worker.mjs", "en/other.js"):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(MODULE, encoding="utf-8")
    (site / "root.css").write_text(STYLE, encoding="utf-8")
    return theme, site


def test_only_our_files_are_chosen(tmp_path: Path) -> None:
    theme, site = mini_site(tmp_path)
    chosen = {path.relative_to(site).as_posix() for path in minify.own_files(theme, site, ["en", "zh"])}
    assert chosen == {
        f"{code}/assets/{name}"
        for code in ("en", "zh")
        for name in ("javascripts/md-globals.js", "javascripts/assessment/shout.js", "stylesheets/look.css")
    } | {"root.css"}


def test_files_shrink_in_place_and_keep_what_others_use(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (the build needs it)")
    theme, site = mini_site(tmp_path)
    minify.minify_site([ROOT], theme, site, ["en", "zh"])
    for code in ("en", "zh"):
        assets = site / code / "assets"
        classic = (assets / "javascripts" / "md-globals.js").read_text(encoding="utf-8")
        module = assets / "javascripts" / "assessment" / "shout.js"
        style = (assets / "stylesheets" / "look.css").read_text(encoding="utf-8")
        assert len(classic) < len(CLASSIC) and "//" not in classic
        assert len(module.read_text(encoding="utf-8")) < len(MODULE)
        assert style.strip() == ".bt-box{margin:0;color:#fff}"
        # The global keeps its name, and the module its export, as the page's other scripts expect.
        stored = json.dumps({"color": "slate"})
        ran = subprocess.run(
            [node, "-e", f"var localStorage={{getItem:()=>{stored!r}}};{classic};console.log(__md_get('k').color)"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert ran.stdout.strip() == "slate"
        copy = tmp_path / f"shout-{code}.mjs"
        shutil.copyfile(module, copy)
        imported = subprocess.run(
            [
                node,
                "--input-type=module",
                "-e",
                f"import {{shout}} from {json.dumps(copy.as_uri())}; console.log(shout('go'))",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert imported.stdout.strip() == "GO!"
    for untouched in ("en/assets/javascripts/bundle.abc.min.js", "runtime/worker.mjs", "en/other.js"):
        assert (site / untouched).read_text(encoding="utf-8") == MODULE
    assert (site / "root.css").read_text(encoding="utf-8").strip() == ".bt-box{margin:0;color:#fff}"
    assert (site / "en" / "main.html").read_text(encoding="utf-8") == "<p>{{ not minified }}</p>\n"


def test_a_file_esbuild_cannot_parse_stops_the_build_naming_it(tmp_path: Path) -> None:
    theme, site = mini_site(tmp_path)
    for folder in (theme, site / "en"):
        (folder / "assets" / "javascripts" / "broken.js").write_text("function (\n", encoding="utf-8")
    with pytest.raises(minify.MinifyError, match=r"broken\.js"):
        minify.minify_site([ROOT], theme, site, ["en"])


def test_the_build_reports_a_missing_esbuild(tmp_path: Path) -> None:
    theme, site = mini_site(tmp_path)
    with pytest.raises(minify.MinifyError, match="npm ci"):
        minify.minify_site([tmp_path], theme, site, ["en"])


def test_every_theme_file_minifies(tmp_path: Path) -> None:
    """The real theme's stylesheets and scripts, as the build minifies them (a BuildError names a failure)."""
    site = tmp_path / "site"
    for path in THEME.rglob("*"):
        if path.is_file():
            target = site / "en" / path.relative_to(THEME)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    chosen = minify.own_files(THEME, site, ["en"])
    before = sum(path.stat().st_size for path in chosen)
    minify_own_files(ROOT, site, load_project(ROOT), ["en"])
    after = sum(path.stat().st_size for path in chosen)
    assert chosen and after < 0.7 * before
