"""Build the whole site: one MkDocs build per language into site/<lang>/, then the shared site root.

The site root holds the language chooser (index.html), a sitemap index, a multilingual 404 page for hosts
that only serve one, robots.txt, and the runtime shared by every language (Pyodide and the scoring wheel).

Builds are atomic: everything is built into a folder beside site/ that replaces it only once every part has
succeeded, so a failed build leaves the last good site as it was. Builds are reproducible: no date in the
output comes from the clock or the environment (see ``structure.content_date``).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import hashlib
import importlib
import io
import logging
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import files as fs
from . import minify, runtime_bundle, search_index
from .project import load_project, read_registry
from .structure.content_date import content_date, epoch_seconds
from .structure.languages import Language, with_trailing_slash
from .structure.model import Project
from .structure.output_guard import CONTENT_SECURITY_POLICY, active_content
from .structure.problems import Problem, unique
from .structure.siteconfig import ConfigError, language_config
from .structure.templating import environment

log = logging.getLogger("build_tools")

# The files of the npm `pyodide` package that the runtime loads; type definitions, source maps, the
# classic-script loader and the console pages are left out.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
RUNTIME_DIR = "runtime"


class BuildError(RuntimeError):
    """A build that stopped; ``problems`` say where and why, each once, in the project's message format."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.message = message
        self.problems = unique(problems)
        super().__init__("\n".join([message, *(f"  {problem}" for problem in self.problems)]))

    def __reduce__(self) -> tuple[type[BuildError], tuple[str, list[Problem]]]:
        # Raised in a language's build process and re-raised in the caller's: the problems travel too.
        return (type(self), (self.message, self.problems))


@dataclass
class BuildReport:
    site_dir: Path
    seconds_by_language: dict[str, float] = field(default_factory=dict)
    seconds_total: float = 0.0


class _NamedText(io.StringIO):
    """A configuration text that MkDocs treats as if read from ``name`` (relative paths resolve there)."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.name = name


def build_language(root: Path, site_dir: Path, project: Project, language: Language, *, site_url: str) -> None:
    """One MkDocs build (strict) of docs/<lang>/ into site_dir/<lang>/, in place (``build_site`` gives it a
    staging folder). The plugin is handed the checked project instead of reading the sources again."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config_dict = language_config(
            project.sources.base,
            language,
            project_root=root,
            site_dir=site_dir,
            site_url=site_url,
            strings=project.strings(language.code),
        )
    except ConfigError as error:
        raise BuildError(f"[{language.code}] {error}") from error
    text = yaml.safe_dump(config_dict, allow_unicode=True, sort_keys=False)
    warnings = _WarningCollector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(warnings)
    # MkDocs' warnings and errors are reported once, with the build's error, not also as they happen.
    propagates, mkdocs_log.propagate = mkdocs_log.propagate, False
    date = content_date(project.pages[language.code], project.pages[project.languages.default_code])
    try:
        config = load_config(config_file=_NamedText(text, str(root / "mkdocs.yml")))
        config.plugins["breakthrough"].use_project(project)  # type: ignore[attr-defined]
        with _mkdocs_build_date(date):
            build(config)
    except MkDocsException as error:
        problems = _problems_of(error) or [
            problem
            for message in warnings.messages
            if (problem := _mkdocs_problem(root, project, language.code, message)) is not None
        ]
        raise BuildError(f"[{language.code}] {error}", problems) from error
    finally:
        mkdocs_log.removeHandler(warnings)
        mkdocs_log.propagate = propagates
    try:
        search_index.index_language(site_dir / language.code, language.code)
    except search_index.SearchIndexError as error:
        raise BuildError(f"[{language.code}] {error}") from error


def _problems_of(error: BaseException) -> list[Problem]:
    """The problems our plugin stopped the build with (MkDocs re-raises them as a bare "Aborted")."""
    seen: BaseException | None = error
    while seen is not None:
        found = getattr(seen, "problems", None)
        if isinstance(found, list | tuple) and found and all(isinstance(item, Problem) for item in found):
            return list(found)
        seen = seen.__cause__ or seen.__context__
    return []


_MKDOCS_SUMMARY = re.compile(r"^(Aborted with .*|Error reading page '.*':)$")
_MKDOCS_DOC_FILE = re.compile(r"^Doc file '(?P<page>[^']+)' (?P<what>.*?)(?: '(?P<target>[^']+)'.*)?$", re.DOTALL)


def _mkdocs_problem(root: Path, project: Project, code: str, message: str) -> Problem | None:
    """One of MkDocs' own messages in the project's format: the page it names as the file the editor opens
    (``docs/<lang>/…``, the default language's for a page that falls back), no absolute paths; its
    summaries ("Aborted with …") say nothing new and are left out."""
    message = message.replace(f"{root.as_posix()}/", "").strip()
    if not message or _MKDOCS_SUMMARY.match(message):
        return None
    found = _MKDOCS_DOC_FILE.match(message)
    if found is None:
        return Problem("mkdocs.yml" if message.startswith("Config value") else f"docs/{code}/", 0, message)
    page = found["page"]
    language = code if page in project.pages[code] else project.languages.default_code
    text = project.pages[language].get(page, "")
    target = found["target"]
    line = next(
        (number for number, line in enumerate(text.splitlines(), start=1) if target and target in line),
        0,
    )
    return Problem(f"docs/{language}/{page}", line, message.removeprefix(f"Doc file '{page}' "))


@contextlib.contextmanager
def _mkdocs_build_date(date: dt.date) -> Iterator[None]:
    """MkDocs takes "today" from SOURCE_DATE_EPOCH when set (pages' update_date, sitemap.xml.gz's header);
    during the build it is the content's date, whatever the caller's environment held."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch_seconds(date))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


class _WarningCollector(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say what they were."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(
    root: Path,
    site_dir: Path,
    *,
    site_url: str | None = None,
    languages: Iterable[str] | None = None,
    runtime: bool = True,
    jobs: int | None = None,
) -> BuildReport:
    """Build every language (or the given ones) and the site root; returns timings.

    Languages are built in up to ``jobs`` processes at once (by default one per core); each writes only its
    own folder, so the output is the same whatever the order. The processes are new interpreters (forked from a
    fork server, or spawned): a script that calls this needs the ``if __name__ == "__main__":`` guard
    multiprocessing asks for.

    Nothing in ``site_dir`` changes unless the whole build succeeds; a complete build (every language and
    the runtime) replaces ``site_dir`` entirely, a partial one only the parts it built."""
    started = time.perf_counter()
    asked = list(languages) if languages is not None else None
    with _language_workers(root, asked, jobs) as pool:
        # Links, encodings, sizes and names first: nothing is read, let alone published, past a refused file.
        try:
            project = load_project(root)
        except fs.SourceFileError as error:
            raise BuildError("sources the site does not publish:", error.problems) from None
        if project.errors:
            raise BuildError("invalid sources:", project.errors)
        language_set = project.languages
        url = with_trailing_slash(site_url or str(project.sources.base["site_url"]))
        wanted = asked if asked is not None else list(language_set.codes)
        staging = fs.make_staging_dir(site_dir)

        def shared_parts() -> None:
            # No language's output is needed: made while the language processes build.
            write_site_root(staging, project, url)
            if runtime:
                write_engine(root, staging)

        try:
            seconds = _build_languages(pool, root, staging, project, wanted, url, meanwhile=shared_parts)
        except BaseException:
            fs.remove_tree(staging)
            raise
    report = BuildReport(site_dir, seconds)
    try:
        minify_own_files(root, staging, project, wanted)
        if runtime:
            runtime_bundle.write_service_worker(staging)  # last: its manifest hashes every other file
    except BaseException:
        fs.remove_tree(staging)
        raise
    if runtime and set(wanted) == set(language_set.codes):
        fs.replace_dir(staging, site_dir)
    else:
        # Some languages or no runtime: the site keeps what this build did not make.
        fs.replace_entries(staging, site_dir)
    report.seconds_total = time.perf_counter() - started
    return report


@contextlib.contextmanager
def _language_workers(
    root: Path, languages: list[str] | None, jobs: int | None
) -> Iterator[concurrent.futures.ProcessPoolExecutor | None]:
    """The processes that build the languages, started before the sources are read: their start-up (a new
    interpreter importing MkDocs, Material and the plugin) overlaps the reading and checking. None when one
    process is enough (one language, as `kb serve` rebuilds, or one core)."""
    try:
        count = len(languages if languages is not None else read_registry(root).language_codes)
    except (fs.SourceFileError, OSError):
        count = 1  # load_project reports what is wrong with the sources
    workers = max(1, min(jobs or os.cpu_count() or 1, count))
    if workers == 1:
        yield None
        return
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=_worker_context(), initializer=_prepare_worker)
    try:
        for _ in range(workers):  # one task each, so that every process starts now
            pool.submit(_prepare_worker)
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# What every language build imports first (about 0.65 s of processor time per process).
_WORKER_MODULES = ("mkdocs.commands.build", "mkdocs.config", "build_tools.plugin")


def _worker_context() -> multiprocessing.context.BaseContext:
    """Where the start method allows, a fork server that imports ``_WORKER_MODULES`` once, while this
    process reads the sources, and forks each worker from that: the workers start with them imported.
    Never a fork of this process, which would copy its threads' locks (kb serve's server and watcher);
    the fork server is a new interpreter. Elsewhere (Windows) each worker is spawned and imports them."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(_WORKER_MODULES))
    return context


def _prepare_worker() -> None:
    """``_WORKER_MODULES``, imported now where the fork server did not (a spawned worker)."""
    for name in _WORKER_MODULES:
        importlib.import_module(name)


def _build_languages(
    pool: concurrent.futures.ProcessPoolExecutor | None,
    root: Path,
    staging: Path,
    project: Project,
    codes: list[str],
    site_url: str,
    *,
    meanwhile: Callable[[], None],
) -> dict[str, float]:
    """Seconds each language took, in the order asked; raises one BuildError naming every language that
    failed, each distinct message once. ``meanwhile`` runs in this process while the languages build."""
    if pool is None:  # one language (a `kb serve` rebuild) or one core: no process to start
        built = {code: _timed_language_build(root, staging, project, code, site_url) for code in codes}
        meanwhile()
        return built
    # Each process gets the checked project pickled (about 1 MB): the sources are still read only once.
    futures = {code: pool.submit(_timed_language_build, root, staging, project, code, site_url) for code in codes}
    shared_error: Exception | None = None
    try:
        meanwhile()
    except Exception as error:  # reported after the languages' problems, which say more about the sources
        shared_error = error
    seconds: dict[str, float] = {}
    failures: dict[str, list[str]] = {}  # message without its language -> the languages that gave it
    problems: list[Problem] = []
    for code, future in futures.items():
        try:
            seconds[code] = future.result()
        except BuildError as error:
            failures.setdefault(error.message.removeprefix(f"[{code}] "), []).append(code)
            problems += error.problems
    if failures:
        # A page every language shows (the default language's, or a fallback) fails them all alike: once.
        summary = "\n".join(f"[{', '.join(failed)}] {message}" for message, failed in failures.items())
        raise BuildError(summary, problems)
    if shared_error is not None:
        raise shared_error
    return seconds


def _timed_language_build(root: Path, staging: Path, project: Project, code: str, site_url: str) -> float:
    started = time.perf_counter()
    build_language(root, staging, project, project.languages.get(code), site_url=site_url)
    return time.perf_counter() - started


def render_site_root(project: Project, site_url: str) -> dict[str, str]:
    """Files of the site root, by name -> text."""
    language_set = project.languages
    strings = {code: project.strings(code) for code in language_set.codes}
    env = environment(project.sources.templates)
    context = {
        "languages": language_set.languages,
        "default": language_set.default,
        "default_strings": strings[language_set.default_code],
        "strings": strings,
        "site_url": site_url,
        "root_path": urlsplit(site_url).path or "/",
        "content_security_policy": CONTENT_SECURITY_POLICY,
    }
    sitemaps = "".join(f"  <sitemap><loc>{site_url}{code}/sitemap.xml</loc></sitemap>\n" for code in language_set.codes)
    return {
        "index.html": env.get_template("root-index.html").render(context),
        "404.html": env.get_template("root-404.html").render(context),
        "sitemap.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{sitemaps}</sitemapindex>\n"
        ),
        "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n",
        "root.css": project.sources.templates["root.css"],
        "language-redirect.js": project.sources.templates["language-redirect.js"],
    }


def write_site_root(site_dir: Path, project: Project, site_url: str) -> None:
    for name, text in render_site_root(project, site_url).items():
        found = active_content(text) if name.endswith(".html") else []
        if found:  # the same last check as every language's pages (build_tools/plugin.py)
            raise BuildError(f"site/{name} would contain active content: " + "; ".join(map(str, found[:5])))
        fs.write_text(site_dir / name, text)


def minify_own_files(root: Path, site_dir: Path, project: Project, codes: Iterable[str]) -> None:
    """Our stylesheets and scripts minified (build_tools/minify.py), before the service worker's manifest
    hashes them."""
    theme_dir = root / str(project.sources.base["theme"]["custom_dir"])
    try:
        minify.minify_site((root, fs.PACKAGE_DIR.parent), theme_dir, site_dir, codes)
    except minify.MinifyError as error:
        raise BuildError(str(error)) from error


def pyodide_package_dir(root: Path) -> Path:
    folder = root / "node_modules" / "pyodide"
    if not fs.is_file(folder / "pyodide.mjs"):
        raise BuildError(f"{folder} is missing: run `npm ci` (or `make build`, which does it for you)")
    return folder


SCORING_DISTRIBUTION = "breakthrough-scoring"


def scoring_wheel(root: Path) -> tuple[str, bytes]:
    """The scoring engine as a pure wheel (sources only, caches left out)."""
    import breakthrough_scoring

    from .wheel import build_wheel

    package = root / "breakthrough_scoring"
    files = {
        f"breakthrough_scoring/{path.relative_to(package).as_posix()}": fs.read_bytes(path)
        for path in fs.package_files(package)
    }
    # A local version label from the sources' hash gives every engine change a new file name, so a host or
    # browser that caches runtime files for long never serves an old wheel against a new sha256 in the lock.
    digest = hashlib.sha256(b"".join(name.encode() + data for name, data in sorted(files.items()))).hexdigest()
    version = f"{breakthrough_scoring.__version__}+{digest[:10]}"
    return build_wheel(SCORING_DISTRIBUTION, version, "Breakthrough scoring engine (stdlib only)", files)


def write_runtime(root: Path, site_dir: Path) -> Path:
    """The runtime (``write_engine``) and, last, the service worker for the otherwise complete site."""
    target = write_engine(root, site_dir)
    runtime_bundle.write_service_worker(site_dir)
    return target


def write_engine(root: Path, site_dir: Path) -> Path:
    """Copy the self-hosted Pyodide core into site/runtime/pyodide/ and register the scoring wheel in its
    pyodide-lock.json (what `pyodide lockfile add-wheels` does), so the worker loads it by name with its
    sha256 checked; then the worker's scripts and the engine's standard library."""
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    target = site_dir / RUNTIME_DIR / "pyodide"
    source = pyodide_package_dir(root)
    fs.copy_files(source, [name for name in PYODIDE_FILES if name != "pyodide-lock.json"], target)
    wheel_file_name, wheel_bytes = scoring_wheel(root)
    wheel_path = target / wheel_file_name
    fs.write_bytes(wheel_path, wheel_bytes)
    lock = PyodideLockSpec.from_json(source / "pyodide-lock.json")
    lock = add_wheels_to_spec(lock, [wheel_path], base_path=target)
    # Keep only what this site hosts: a lock entry for a file we do not serve could only ever fail.
    lock.packages = {name: package for name, package in lock.packages.items() if fs.is_file(target / package.file_name)}
    lock.to_json(target / "pyodide-lock.json")
    # The worker's scripts and the engine's trimmed standard library (the service worker comes last).
    runtime_bundle.write_runtime_files(root, site_dir, source, wheel_path)
    return target
