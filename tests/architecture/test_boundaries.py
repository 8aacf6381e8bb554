"""The build tools' boundaries, as ARCHITECTURE.md states them.

* ``build_tools/structure/`` holds the domain: pure functions over checked objects. It imports neither MkDocs
  nor Material nor any other part of ``build_tools`` than itself, and never touches the disk — proved twice:
  statically (imports and file-system calls in its source) and at run time (an audit hook that refuses every
  file-system event while the real project is checked and every page, form and root file is rendered).
* Outside it, only ``build_tools/files.py`` reads and writes sources and the site (``serve.py`` serves the
  built site over HTTP, which is its job).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "build_tools"
STRUCTURE_MODULES = sorted((PACKAGE / "structure").glob("*.py"))
EDGE_MODULES = sorted(PACKAGE.glob("*.py"))

# What the domain may import, besides the standard library modules that do no I/O of their own.
THIRD_PARTY_ALLOWED = {"yaml", "jinja2", "markdown", "nh3", "markupsafe", "breakthrough_scoring"}
STDLIB_REFUSED = {"os", "shutil", "io", "subprocess", "tempfile", "glob", "socket", "urllib", "http", "sqlite3"}
# Names that read, write, list or create files (pathlib, the builtins and jinja2's file loader).
DISK_NAMES = {
    "open",
    "read_text",
    "write_text",
    "read_bytes",
    "write_bytes",
    "iterdir",
    "glob",
    "rglob",
    "mkdir",
    "unlink",
    "rmdir",
    "exists",
    "is_file",
    "is_dir",
    "stat",
    "FileSystemLoader",
    "PackageLoader",
}
DISK_ALLOWED_OUTSIDE_STRUCTURE = {"files.py", "serve.py"}


def _imports(tree: ast.AST) -> list[tuple[int, str, int]]:
    """(line, module, relative level) of every import."""
    found: list[tuple[int, str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, node.module or "", node.level))
    return found


def _stdlib(module: str) -> bool:
    return module in sys.stdlib_module_names


def _disk_calls(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, name) of every call whose function name reads or writes files, except through ``files``
    (imported as ``fs``), whose functions are the sanctioned way."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute):
            through_files = isinstance(node.func.value, ast.Name) and node.func.value.id == "fs"
            name = "" if through_files else node.func.attr
        else:
            name = getattr(node.func, "id", "")
        if name in DISK_NAMES:
            found.append((node.lineno, name))
    return found


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", STRUCTURE_MODULES, ids=lambda path: path.name)
def test_the_domain_imports_only_itself_the_engine_and_pure_libraries(path: Path) -> None:
    wrong = []
    for line, module, level in _imports(_tree(path)):
        top = module.split(".")[0]
        if level > 1:
            wrong.append(f"{line}: imports from build_tools (`{'.' * level}{module}`): hand the value in instead")
        elif (
            level == 0
            and top not in THIRD_PARTY_ALLOWED
            and (top in STDLIB_REFUSED or top not in sys.stdlib_module_names)
        ):
            wrong.append(f"{line}: imports `{module}`")
    assert not wrong, f"build_tools/structure/{path.name}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", STRUCTURE_MODULES, ids=lambda path: path.name)
def test_the_domain_never_touches_the_disk(path: Path) -> None:
    found = _disk_calls(_tree(path))
    assert not found, f"build_tools/structure/{path.name} touches the disk at {found}: read it in build_tools/files.py"


@pytest.mark.parametrize(
    "path", [p for p in EDGE_MODULES if p.name not in DISK_ALLOWED_OUTSIDE_STRUCTURE], ids=lambda path: path.name
)
def test_only_files_py_touches_the_disk(path: Path) -> None:
    found = _disk_calls(_tree(path))
    assert not found, f"build_tools/{path.name} touches the disk at {found}: go through build_tools/files.py"


def test_the_checks_above_can_fail(tmp_path: Path) -> None:
    """The static checks find what they look for (they would pass vacuously on a parser mistake)."""
    bad = _tree_of(tmp_path, "from mkdocs.plugins import BasePlugin\nfrom .. import files\nPath('x').read_text()\n")
    assert [module for _, module, _ in _imports(bad)] == ["mkdocs.plugins", ""]
    assert _disk_calls(bad) == [(3, "read_text")]
    assert _disk_calls(_tree_of(tmp_path, "fs.read_text(path)\nopen(path)\n")) == [(2, "open")]


def _tree_of(folder: Path, source: str) -> ast.AST:
    path = folder / "module.py"
    path.write_text(source, encoding="utf-8")
    return _tree(path)


# Run in a child process: an audit hook cannot be removed once added.
_RUN_WITHOUT_DISK = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from build_tools.project import load_project
    from build_tools.site_builder import render_site_root
    from build_tools.structure import assessment_form, checks, sanitise, status_page
    from build_tools.structure.rendering import markdown_renderer

    project = load_project(Path(sys.argv[1]))  # the I/O edge: reads everything once


    def everything_pure() -> int:
        checked = checks.check_sources(project.sources)
        render = markdown_renderer(project.sources.base.get("markdown_extensions") or [])
        count = len(checks.check_project(checked, render))
        for rubric in checked.rubrics.values():
            for language in rubric.texts:
                strings = checked.strings(language)["assessment"]
                form = assessment_form.render_form(
                    rubric, language, strings, checked.sources.templates,
                    rubric_url="r.json", runtime_url="../runtime/", site_root_url="./",
                )
                count += len(sanitise.changes(form))
        for language in checked.languages.codes:
            count += len(status_page.status_markdown(checked, language))
        count += len(render_site_root(checked, "https://example.test/"))
        return count


    everything_pure()  # first run: imports and lazy loading (Markdown extensions) happen here

    REFUSED = ("open", "os.listdir", "os.scandir", "os.mkdir", "os.remove", "os.rename", "os.replace",
               "os.rmdir", "os.unlink", "shutil.copyfile", "shutil.rmtree", "pathlib.Path.glob")


    def refuse(event: str, args: tuple) -> None:
        if event in REFUSED:
            raise RuntimeError(f"the pure part touched the disk: {event} {args[:1]}")


    sys.addaudithook(refuse)
    print(everything_pure())
    """
)


def test_checking_and_rendering_the_real_project_do_no_file_system_io() -> None:
    """After the I/O edge has read the project, checking it and rendering every form and the site root
    open, list and write no file."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN_WITHOUT_DISK, str(ROOT)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().isdigit()
