"""The site server answers as a static host does: gzip when the browser accepts it, GitHub Pages' cache
headers, and conditional requests answered with 304."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.serve import (
    DEVELOPMENT_CACHE_CONTROL,
    STATIC_HOST_CACHE_CONTROL,
    Generation,
    SiteServer,
    accepts_gzip,
)

# Text long enough to be worth compressing, and repetitive enough that gzip must shrink it.
PROSE = "A sales manager leads the people who sell. " * 200
FILES: dict[str, bytes] = {
    "en/index.html": f"<html><body><p>{PROSE}</p></body></html>".encode(),
    "en/assets/site.css": ("body { color: black; }\n" * 100).encode(),
    "runtime/pyodide/pyodide.asm.wasm": b"\0asm\1\0\0\0" + b"\0\1\2\3" * 2000,
    "runtime/pyodide/python_stdlib.zip": b"PK\3\4" + bytes(range(256)) * 20,
    "en/tiny.txt": b"tiny",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("static-site")
    for name, body in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(body)
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[SiteServer]:
    with SiteServer(site) as running:
        yield running


def request(
    server: SiteServer, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    host, port = server.url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, "/" + path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("path", "compressed"),
    [
        ("en/index.html", True),
        ("en/", True),
        ("en/assets/site.css", True),
        ("runtime/pyodide/pyodide.asm.wasm", True),  # what GitHub Pages does too
        ("runtime/pyodide/python_stdlib.zip", False),  # compressed already
        ("en/tiny.txt", False),  # smaller than gzip's own overhead
    ],
)
def test_gzip_when_accepted_and_worth_it(server: SiteServer, path: str, compressed: bool) -> None:
    status, headers, body = request(server, path, {"Accept-Encoding": "gzip, deflate, br"})
    source = FILES[path if not path.endswith("/") else path + "index.html"]
    assert status == 200
    assert int(headers["Content-Length"]) == len(body)
    if compressed:
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == source
        assert len(body) < len(source)
        assert headers["Vary"] == "Accept-Encoding"
    else:
        assert "Content-Encoding" not in headers
        assert body == source


@pytest.mark.parametrize("accept", [None, "identity", "br", "gzip;q=0", "gzip; q=0.0"])
def test_no_gzip_for_a_browser_that_does_not_accept_it(server: SiteServer, accept: str | None) -> None:
    status, headers, body = request(server, "en/index.html", {"Accept-Encoding": accept} if accept else {})
    assert (status, body) == (200, FILES["en/index.html"])
    assert "Content-Encoding" not in headers
    assert headers["Vary"] == "Accept-Encoding"  # a shared cache must still keep the two apart


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("GZIP;q=0.5", True),
        ("*", True),
        ("deflate, gzip;q=1.0", True),
        ("gzip;q=x", False),
        ("", False),
    ],
)
def test_accept_encoding_reading(header: str, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted


def test_github_pages_cache_headers_and_validators(server: SiteServer) -> None:
    status, headers, _ = request(server, "en/assets/site.css")
    assert status == 200
    assert headers["Cache-Control"] == STATIC_HOST_CACHE_CONTROL == "max-age=600"
    assert headers["ETag"].startswith('"') and headers["ETag"].endswith('"')
    assert headers["Last-Modified"].endswith(" GMT")


def test_the_gzip_and_plain_bodies_have_different_etags(server: SiteServer) -> None:
    plain = request(server, "en/index.html")[1]["ETag"]
    zipped = request(server, "en/index.html", {"Accept-Encoding": "gzip"})[1]["ETag"]
    assert plain != zipped


def test_revalidation_answers_304_without_a_body(server: SiteServer) -> None:
    first = request(server, "en/index.html", {"Accept-Encoding": "gzip"})[1]
    for validator in ({"If-None-Match": first["ETag"]}, {"If-Modified-Since": first["Last-Modified"]}):
        status, headers, body = request(server, "en/index.html", {"Accept-Encoding": "gzip", **validator})
        assert (status, body) == (304, b"")
        assert headers["ETag"] == first["ETag"]
        assert headers["Cache-Control"] == STATIC_HOST_CACHE_CONTROL
    # Another validator, or the gzip body's ETag for a plain request, gets the file again.
    assert request(server, "en/index.html", {"If-None-Match": '"other"'})[0] == 200
    assert request(server, "en/index.html", {"If-None-Match": first["ETag"]})[0] == 200


def test_a_changed_file_gets_a_new_etag_and_its_new_body(server: SiteServer, site: Path) -> None:
    before = request(server, "en/tiny.txt")[1]["ETag"]
    (site / "en/tiny.txt").write_bytes(b"tiny, longer")
    status, headers, body = request(server, "en/tiny.txt", {"If-None-Match": before})
    (site / "en/tiny.txt").write_bytes(FILES["en/tiny.txt"])
    assert (status, body) == (200, b"tiny, longer")
    assert headers["ETag"] != before


def test_head_gives_the_headers_of_get(server: SiteServer) -> None:
    gzip_header = {"Accept-Encoding": "gzip"}
    get = request(server, "runtime/pyodide/pyodide.asm.wasm", gzip_header)[1]
    status, head, body = request(server, "runtime/pyodide/pyodide.asm.wasm", gzip_header, method="HEAD")
    assert (status, body) == (200, b"")
    for name in ("Content-Type", "Content-Length", "Content-Encoding", "ETag"):
        assert head[name] == get[name]
    assert head["Content-Type"] == "application/wasm"


def test_errors_are_never_cached(server: SiteServer) -> None:
    status, headers, _ = request(server, "en/no-such-file.js")
    assert status == 404
    assert headers["Cache-Control"] == DEVELOPMENT_CACHE_CONTROL


def test_a_mime_override_changes_the_etag(site: Path) -> None:
    with SiteServer(site) as own:
        before = request(own, "runtime/pyodide/pyodide.asm.wasm")[1]["ETag"]
        own.mime_overrides[".wasm"] = "text/plain"
        status, headers, _ = request(own, "runtime/pyodide/pyodide.asm.wasm", {"If-None-Match": before})
    assert (status, headers["Content-Type"]) == (200, "text/plain")
    assert headers["Cache-Control"] == "no-store", "the browser must not keep the faulty response for the retry"


def test_live_reload_revalidates_every_time(site: Path) -> None:
    with SiteServer(site, live_reload=Generation()) as development:
        headers = request(development, "en/assets/site.css")[1]
    assert headers["Cache-Control"] == DEVELOPMENT_CACHE_CONTROL
