"""The development and test server: MIME types, nearest 404, live reload, and a quiet console."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from build_tools.serve import LIVE_RELOAD_PATH, Generation, SiteServer


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("site")
    files = {
        "index.html": "<html><body>root</body></html>",
        "404.html": "<html><body>root 404</body></html>",
        "fr/index.html": "<html><body>accueil</body></html>",
        "fr/404.html": "<html><body>page introuvable</body></html>",
        "runtime/pyodide/pyodide.asm.wasm": "\0asm",
        "runtime/engine-worker.mjs": "export {};",
        "runtime/pyodide/pyodide-lock.json": "{}",
        "fr/assets/images/logo.svg": "<svg/>",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def generation() -> Generation:
    return Generation()


@pytest.fixture(scope="module")
def server(tiny_site: Path, generation: Generation) -> Iterator[SiteServer]:
    with SiteServer(tiny_site, live_reload=generation) as running:
        yield running


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        # Pyodide hangs without an error when its wasm comes with any other type.
        ("runtime/pyodide/pyodide.asm.wasm", "application/wasm"),
        ("runtime/engine-worker.mjs", "text/javascript"),
        ("runtime/pyodide/pyodide-lock.json", "application/json"),
        ("fr/assets/images/logo.svg", "image/svg+xml"),
        ("fr/", "text/html; charset=utf-8"),
    ],
)
def test_files_are_served_with_their_mime_type(server: SiteServer, path: str, content_type: str) -> None:
    status, served_type, _ = fetch(server.url + path)
    assert (status, served_type) == (200, content_type)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("fr/no-such-page/", "page introuvable"),
        ("fr/articles/deeper/still/", "page introuvable"),
        ("de/", "root 404"),
        ("no-such-file.txt", "root 404"),
    ],
)
def test_a_missing_page_gets_the_nearest_404(server: SiteServer, path: str, expected: str) -> None:
    status, _, body = fetch(server.url + path)
    assert status == 404
    assert expected in body


def test_html_gets_the_live_reload_script_and_the_poll_wakes_on_a_rebuild(
    server: SiteServer, generation: Generation
) -> None:
    _, _, page = fetch(server.url + "fr/")
    assert f'<script src="{LIVE_RELOAD_PATH}.js"></script></body>' in page, "an external script (CSP)"
    _, _, first = fetch(f"{server.url}{LIVE_RELOAD_PATH.lstrip('/')}?since=null")
    seen = json.loads(first)["generation"]
    rebuilt = threading.Timer(0.2, generation.bump)
    rebuilt.start()
    _, _, answer = fetch(f"{server.url}{LIVE_RELOAD_PATH.lstrip('/')}?since={seen}")
    assert json.loads(answer)["generation"] == seen + 1


def test_a_reader_leaving_during_the_poll_prints_no_traceback(
    server: SiteServer, generation: Generation, capsys: pytest.CaptureFixture[str]
) -> None:
    host, port = server.url.removeprefix("http://").rstrip("/").split(":")
    with socket.create_connection((host, int(port))) as connection:
        request = f"GET {LIVE_RELOAD_PATH}?since={generation.value} HTTP/1.1\r\nHost: {host}\r\n\r\n"
        connection.sendall(request.encode())
        _wait_for(lambda: _handlers_running() == 1)
        # Linger 0: closing resets the connection, as a browser does when the tab is closed mid-poll.
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    generation.bump()  # the poll answers into the closed connection
    _wait_for(lambda: _handlers_running() == 0)
    assert fetch(server.url + "fr/")[0] == 200, "the server goes on serving"
    assert "Traceback" not in capsys.readouterr().err


def _handlers_running() -> int:
    return sum(1 for thread in threading.enumerate() if "process_request_thread" in thread.name)


def _wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)
