"""A small static server for the built site (development and tests), and the development watcher.

``SiteServer`` serves a site folder on 127.0.0.1 with the MIME types Pyodide needs (``.wasm`` as
``application/wasm``); tests start it on port 0. ``serve`` adds a watcher that rebuilds what changed and
reloads open pages.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import hashlib
import http.server
import io
import json
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from . import files as fs
from .structure.output_guard import CONTENT_SECURITY_POLICY  # sent as a header; pages also carry it as a <meta>

if TYPE_CHECKING:
    from .structure.languages import LanguageSet

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


# What GitHub Pages sends with every file: cacheable for ten minutes, then revalidated with its ETag or
# Last-Modified. Tests and the bench see the site as readers do; `kb serve` revalidates every time, so a
# rebuild shows at once.
STATIC_HOST_CACHE_CONTROL = "max-age=600"
DEVELOPMENT_CACHE_CONTROL = "no-cache"
# Compressed with gzip when the browser accepts it, as static hosts do: text, and WebAssembly (gzip -6 takes
# Pyodide's 9.6 MB to 3.5 MB). Zip archives and wheels are compressed already (gzip saves under 2 %).
COMPRESSIBLE_TYPES = frozenset(
    {
        "application/wasm",
        "application/json",
        "application/xml",
        "application/manifest+json",
        "image/svg+xml",
        "text/css",
        "text/html",
        "text/javascript",
        "text/plain",
        "text/xml",
    }
)
GZIP_MIN_BYTES = 256  # below this the gzip header costs more than it saves


@functools.lru_cache(maxsize=64)
def _gzipped(path: str, modified_ns: int, size: int) -> bytes:
    """A file's gzip body, made once per version of the file (the runtime's wasm takes 0.6 s to compress).
    ``modified_ns`` and ``size`` are the cache key only."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (``gzip;q=0`` refuses it)."""
    for part in accept_encoding.lower().split(","):
        name, _, parameters = part.partition(";")
        if name.strip() not in ("gzip", "*"):
            continue
        quality = parameters.strip()
        if not quality.startswith("q="):
            return True
        try:
            return float(quality[2:]) > 0
        except ValueError:
            return False
    return False


LIVE_RELOAD_PATH = "/__livereload"
# Served by `kb serve` only, as a same-origin script file (the pages' policy allows no inline script).
LIVE_RELOAD_SCRIPT = Path(__file__).resolve().parent / "dev" / "live-reload.js"
# What `kb serve` answers while no build has succeeded yet: the overlay says why (the page reloads once built).
_WAITING_PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kb serve: waiting for a build</title></head>
<body><h1>kb serve: waiting for a build</h1><p>Nothing has built yet; this page reloads when the site does.</p>
<script src="{LIVE_RELOAD_PATH}.js"></script></body></html>
"""


class Generation:
    """What open pages follow: how many times the site was rebuilt (``value``) and why the last save did not
    build (``problems``, empty once a build succeeds). Waiters wake up when either changes (``version``)."""

    def __init__(self) -> None:
        self._value = 0
        self._version = 0
        self._problems: tuple[str, ...] = ()
        self._changed = threading.Condition()

    @property
    def value(self) -> int:
        return self._value

    @property
    def problems(self) -> tuple[str, ...]:
        return self._problems

    def bump(self) -> None:
        """The site was rebuilt: open pages reload, and whatever was wrong is fixed."""
        with self._changed:
            self._value += 1
            self._version += 1
            self._problems = ()
            self._changed.notify_all()

    def report(self, problems: Sequence[str]) -> None:
        """The last save did not build: open pages show why, over the last good site."""
        with self._changed:
            if tuple(problems) != self._problems:
                self._problems = tuple(problems)
                self._version += 1
                self._changed.notify_all()

    def wait_beyond(self, seen: int, timeout: float) -> dict[str, Any]:
        """The state once its version differs from ``seen`` (or after ``timeout`` seconds)."""
        with self._changed:
            self._changed.wait_for(lambda: self._version != seen, timeout=timeout)
            return self.state()

    def state(self) -> dict[str, Any]:
        return {"generation": self._value, "version": self._version, "problems": list(self._problems)}


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with explicit MIME types; optional headers, overrides and live reload."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}  # noqa: RUF012
    extra_headers: ClassVar[Mapping[str, str]] = {}
    mime_overrides: ClassVar[Mapping[str, str]] = {}
    live_reload: Generation | None = None
    cache_control: ClassVar[str] = STATIC_HOST_CACHE_CONTROL
    _status = 0
    _faulty = False  # served under a test's MIME override: a fault the test will fix, never to be cached

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests and `make serve` stay readable
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        # An error is never cached: the file missing now may be there after the next build (or the retry).
        if self._faulty:
            self.send_header("Cache-Control", "no-store")
        else:
            cacheable = self._status in (200, 304)
            self.send_header("Cache-Control", self.cache_control if cacheable else DEVELOPMENT_CACHE_CONTROL)
        super().end_headers()

    def send_head(self) -> io.BufferedIOBase | None:  # type: ignore[override]
        """A file with the validators and compression of a static host; anything else (folders without their
        slash, missing files) as the standard handler does."""
        path = self._file_path()
        if path is None:
            return super().send_head()  # type: ignore[return-value]
        stat = path.stat()
        content_type = self.guess_type(str(path))
        self._faulty = path.suffix in self.mime_overrides
        compressible = content_type.split(";")[0].strip() in COMPRESSIBLE_TYPES and stat.st_size >= GZIP_MIN_BYTES
        encoding = "gzip" if compressible and accepts_gzip(self.headers.get("Accept-Encoding", "")) else ""
        # The type and the encoding are part of the version: a body served under another type (a test's MIME
        # override) or encoding must never be taken for this one.
        version = f"{stat.st_mtime_ns}:{stat.st_size}:{content_type}:{encoding}".encode()
        etag = f'"{hashlib.sha256(version).hexdigest()[:20]}"'
        validators = {"ETag": etag, "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True)}
        if compressible:
            validators["Vary"] = "Accept-Encoding"
        if self._not_modified(etag, stat.st_mtime):
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            return None
        body = _gzipped(str(path), stat.st_mtime_ns, stat.st_size) if encoding else path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        for name, value in validators.items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)

    def _file_path(self) -> Path | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                return None  # the standard handler redirects to the folder's URL with its slash
            path = path / "index.html"
        return path if path.is_file() else None

    def _not_modified(self, etag: str, modified: float) -> bool:
        """Conditional GET as RFC 9110 has it: If-None-Match decides when present, else If-Modified-Since."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
            return "*" in tags or etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if not if_modified_since:
            return False
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.timestamp() >= int(modified)

    def guess_type(self, path: str | Any) -> str:
        suffix = Path(str(path)).suffix
        if suffix in self.mime_overrides:
            return self.mime_overrides[suffix]
        return super().guess_type(path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the nearest 404.html up the tree (the language's own), as static hosts such as
        Cloudflare Pages do; the site root has a multilingual one."""
        page = self._nearest_not_found_page() if code == 404 and self.command == "GET" else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _nearest_not_found_page(self) -> Path | None:
        root = Path(self.directory).resolve()
        folder = Path(self.translate_path(self.path)).resolve()
        while folder != root and root in folder.parents:
            if (folder / "404.html").is_file():
                return folder / "404.html"
            folder = folder.parent
        return root / "404.html" if (root / "404.html").is_file() else None

    def do_GET(self) -> None:
        if self.live_reload is not None and self.path.startswith(LIVE_RELOAD_PATH):
            self._live_reload()
            return
        if self.live_reload is not None and self._is_html():
            self._send_html_with_reload()
            return
        if self.live_reload is not None and not (Path(self.directory) / "index.html").is_file():
            self._send_body(_WAITING_PAGE.encode(), "text/html; charset=utf-8", status=503)
            return
        super().do_GET()

    def _send_body(self, body: bytes, content_type: str, *, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _is_html(self) -> bool:
        path = self.translate_path(self.path)
        candidate = Path(path) / "index.html" if Path(path).is_dir() else Path(path)
        return candidate.suffix == ".html" and candidate.is_file() and self.path.split("?")[0].endswith(("/", ".html"))

    def _send_html_with_reload(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        body = path.read_bytes().replace(b"</body>", f'<script src="{LIVE_RELOAD_PATH}.js"></script></body>'.encode())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _live_reload(self) -> None:
        assert self.live_reload is not None
        if self.path.split("?")[0].endswith(".js"):
            self._send_body(LIVE_RELOAD_SCRIPT.read_bytes(), "text/javascript")
            return
        query = self.path.partition("since=")[2]
        seen = int(query) if query.isdigit() else -1
        state = self.live_reload.wait_beyond(seen, timeout=25) if seen >= 0 else self.live_reload.state()
        self._send_body(json.dumps(state).encode(), "application/json")


class _QuietThreadingServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A reader who closes the tab or navigates away drops the connection, typically during the live-reload
        # long poll; that is not an error of the site worth a traceback in the editor's terminal.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SiteServer:
    """Serve ``site_dir`` on ``host:port`` (port 0 picks a free one) in a background thread."""

    def __init__(
        self,
        site_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        headers: Mapping[str, str] | None = None,
        live_reload: Generation | None = None,
        cache_control: str | None = None,
    ) -> None:
        """``cache_control``: what successful responses carry; by default GitHub Pages' ``max-age=600``, or
        ``no-cache`` with live reload (a rebuilt file must show at once)."""
        self.site_dir = site_dir
        self.headers: dict[str, str] = dict(headers or {})
        self.mime_overrides: dict[str, str] = {}
        handler = type(
            "Handler",
            (SiteRequestHandler,),
            {
                "extra_headers": self.headers,
                "mime_overrides": self.mime_overrides,
                "live_reload": live_reload,
                "cache_control": cache_control
                or (DEVELOPMENT_CACHE_CONTROL if live_reload is not None else STATIC_HOST_CACHE_CONTROL),
            },
        )
        self._server = _QuietThreadingServer((host, port), functools.partial(handler, directory=str(site_dir)))
        self._thread = threading.Thread(target=self._server.serve_forever, name="site-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/" if isinstance(host, str) else f"http://{host.decode()}:{port}/"

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def run_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def bind_port(host: str = "127.0.0.1") -> int:
    """A free port now (the site must know its own URL before it is built, for Material's sitemap use)."""
    import socket

    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def changed_languages(changed: list[Path], root: Path, codes: tuple[str, ...], default: str) -> list[str]:
    """Which languages a change affects: a translation's own folder, else all (fallbacks follow the default)."""
    affected: set[str] = set()
    docs = root / "docs"
    for path in changed:
        try:
            parts = path.relative_to(docs).parts
        except ValueError:
            return list(codes)
        if not parts or parts[0] == default or parts[0] not in codes:
            return list(codes)
        affected.add(parts[0])
    return [code for code in codes if code in affected]


def watch(root: Path, on_change: Callable[[list[Path]], None], *, interval: float = 0.7) -> threading.Thread:
    """Poll the sources and call ``on_change`` with the files that changed."""
    watched = [
        root / "docs",
        root / "assessments",
        root / "mkdocs.yml",
        root / "build_tools",
        root / "breakthrough_scoring",
    ]

    def loop() -> None:
        before = dict(fs.modification_times(watched))
        while True:
            time.sleep(interval)
            try:
                now = dict(fs.modification_times(watched))
            except OSError:  # a file went away while listed (an editor's temporary file): look again
                continue
            changed = sorted({path for path in now.keys() | before.keys() if now.get(path) != before.get(path)})
            before = now
            if changed:
                on_change(changed)

    thread = threading.Thread(target=loop, name="source-watcher", daemon=True)
    thread.start()
    return thread


def rebuilder(
    root: Path,
    site_dir: Path,
    site_url: str,
    generation: Generation,
    *,
    languages: LanguageSet | None = None,
    site_is_current: bool = True,
) -> Callable[[list[Path]], None]:
    """What the watcher calls: rebuild the languages a change affects and wake the open pages.

    A failed rebuild changes nothing in ``site_dir`` (builds are atomic), so the server goes on serving the
    last good site; its problems, as ``kb build`` prints them, go to the console and to the open pages'
    overlay (``generation.report``). While the site is one from an earlier run (``site_is_current`` false),
    the next rebuild is a full one.
    """
    from .project import read_registry
    from .site_builder import build_site

    language_set = languages or read_registry(root).languages
    current = site_is_current

    def rebuild(changed: list[Path]) -> None:
        nonlocal current
        codes = (
            changed_languages(changed, root, language_set.codes, language_set.default_code)
            if current
            else list(language_set.codes)
        )
        started = time.perf_counter()
        try:
            build_site(root, site_dir, site_url=site_url, languages=codes)
        except Exception as error:  # whatever a save breaks, the server goes on with the last good site
            problems = build_problems(error)
            print("\n".join([*problems, "rebuild failed; still serving the last good build"]), flush=True)
            generation.report(problems)
            return
        current = True
        print(f"rebuilt {', '.join(codes)} in {time.perf_counter() - started:.1f}s", flush=True)
        generation.bump()

    return rebuild


def build_problems(error: Exception) -> list[str]:
    """Why a build stopped, one line per problem as `kb build` prints them; a failure of the tools themselves
    (not of the sources) with its traceback, which is what fixing it needs."""
    from .site_builder import BuildError

    if isinstance(error, BuildError | fs.SourceFileError) and error.problems:
        return [problem.shown() for problem in error.problems]
    if isinstance(error, BuildError | fs.SourceFileError):
        return [str(error)]
    return ["".join(traceback.format_exception(error)).rstrip()]


def serve(root: Path, site_dir: Path, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build everything, serve it, and rebuild what changed until interrupted (port 0 picks a free port).

    When the first build fails, the server starts anyway: with the site of an earlier run if there is one,
    else with a page that waits for a build; either way open pages show why, and the next save that builds
    rebuilds everything."""
    from .site_builder import build_site

    generation = Generation()
    # Bound before building: the site is built for the URL it is served at (Material's instant navigation).
    server = SiteServer(
        site_dir,
        host=host,
        port=port,
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
        live_reload=generation,
    )
    site_url = server.url
    site_is_current = True
    try:
        report = build_site(root, site_dir, site_url=site_url)
    except Exception as error:
        problems = build_problems(error)
        generation.report(problems)
        site_is_current = False
        if (site_dir / "index.html").is_file():
            serving = f"serving the last good build from {site_dir}"
        else:
            serving = "nothing built yet: pages say why until a save builds"
        print("\n".join([*problems, f"build failed; {serving}"]), flush=True)
    else:
        print(f"built in {report.seconds_total:.1f}s", flush=True)
    print(f"serving {site_url} (Ctrl+C to stop)", flush=True)
    watch(root, rebuilder(root, site_dir, site_url, generation, site_is_current=site_is_current))
    try:
        server.run_forever()
    except KeyboardInterrupt:
        print("stopped", flush=True)
