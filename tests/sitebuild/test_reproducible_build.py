"""Reproducible builds: the same sources give the same bytes on any day, under any SOURCE_DATE_EPOCH, time
zone or hash seed; dates in the output come from the pages."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from build_tools.serve import SiteServer
from build_tools.structure.content_date import FALLBACK_DATE, content_date, epoch_seconds, newest_update
from build_tools.wheel import build_wheel

from .miniproject import (
    DEFAULT,
    REGISTRY,
    ROOT,
    STAMP,
    TRANSLATIONS,
    add_runtime_sources,
    home_titles,
    make_project,
    write_page,
)

LANGUAGES = REGISTRY.language_codes
# The small project's home pages: the default language's and two translations' (dated apart); every other
# language has no page of its own and falls back to the default language's.
OWN_HOMES = {
    DEFAULT: dt.date(2026, 3, 2),
    TRANSLATIONS[0]: dt.date(2026, 1, 15),
    TRANSLATIONS[1]: dt.date(2025, 12, 24),
}
NEWEST_DEFAULT_PAGE = dt.date(2026, 11, 25)  # the guide's `updated` (miniproject.PAGE)
FOUR_HUNDRED_DAYS = 400 * 86400


def digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build_in_subprocess(
    root: Path, site_dir: Path, site_url: str, *, clock_shift: int, environment: dict[str, str]
) -> dict[str, str]:
    """Build in a fresh interpreter (its own hash seed), with the clock shifted; returns what its clock said."""
    env = {key: value for key, value in os.environ.items() if key not in {"SOURCE_DATE_EPOCH", "PYTHONHASHSEED"}}
    env.update(environment)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "tests.sitebuild.build_with_shifted_clock"]
    command += [str(root), str(site_dir), site_url, str(clock_shift)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    clock: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return clock


def _gzip_mtime(path: Path) -> int:
    header = path.read_bytes()[:10]
    assert header[:2] == b"\x1f\x8b"
    return int(struct.unpack("<I", header[4:8])[0])


def _project_with_runtime(tmp_path: Path) -> Path:
    """The small project, with a copy of the scoring engine (a snapshot: the wheel is built from it) and the
    Pyodide package, so the runtime (wheel, lock file) is part of what is compared."""
    root = make_project(tmp_path / "project", nav=["index.md", "guide.md", "translation-status.md"])
    titles = home_titles()
    for language, updated in OWN_HOMES.items():
        write_page(root, language, "index.md", titles[language], extra="" if language == DEFAULT else STAMP)
        page = root / "docs" / language / "index.md"
        text = page.read_text(encoding="utf-8").replace(NEWEST_DEFAULT_PAGE.isoformat(), updated.isoformat())
        page.write_text(text, encoding="utf-8")
    write_page(root, DEFAULT, "guide.md", "Guide")  # updated 2026-11-25: the newest default-language page
    for language in LANGUAGES:
        (root / "docs" / language).mkdir(exist_ok=True)  # no page yet: every one falls back to the default's
    return add_runtime_sources(root)


def test_builds_on_different_days_and_environments_are_byte_identical(tmp_path: Path) -> None:
    root = _project_with_runtime(tmp_path)
    url = "https://example.test/"
    today = build_in_subprocess(
        root, tmp_path / "site-a", url, clock_shift=0, environment={"PYTHONHASHSEED": "1", "TZ": "UTC"}
    )
    later = build_in_subprocess(
        root,
        tmp_path / "site-b",
        url,
        clock_shift=FOUR_HUNDRED_DAYS,
        environment={"SOURCE_DATE_EPOCH": "1500000000", "PYTHONHASHSEED": "2", "TZ": "Pacific/Kiritimati"},
    )
    days_apart = dt.date.fromisoformat(later["today"]) - dt.date.fromisoformat(today["today"])
    assert days_apart.days in (400, 401), "the second build ran under a clock 400 days ahead"

    first, second = digests(tmp_path / "site-a"), digests(tmp_path / "site-b")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    names = set(first)
    for language in LANGUAGES:
        assert f"{language}/sitemap.xml.gz" in names, "compared raw, gzip header included"
    assert any(name.startswith("runtime/pyodide/") and name.endswith(".whl") for name in names)
    assert "runtime/pyodide/pyodide-lock.json" in names


@pytest.mark.parametrize(
    ("language", "newest"),
    [
        # The default language: its newest page; a translation: its only own page; any other language has no
        # pages of its own, so its date is the default language's.
        (code, NEWEST_DEFAULT_PAGE if code == DEFAULT else OWN_HOMES.get(code, NEWEST_DEFAULT_PAGE))
        for code in LANGUAGES
    ],
)
def test_sitemap_gzip_is_dated_by_the_newest_page_not_the_clock(tmp_path: Path, language: str, newest: dt.date) -> None:
    from build_tools.site_builder import build_site

    root = _project_with_runtime(tmp_path)
    os.environ["SOURCE_DATE_EPOCH"] = "1500000000"  # what the build must not use
    try:
        build_site(root, tmp_path / "site", site_url="https://example.test/", languages=[language], runtime=False)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    sitemap = tmp_path / "site" / language / "sitemap.xml.gz"
    assert _gzip_mtime(sitemap) == epoch_seconds(newest)
    assert gzip.decompress(sitemap.read_bytes()) == (sitemap.with_suffix("")).read_bytes()


def test_the_real_site_builds_byte_identical_on_another_day(site_server: SiteServer, tmp_path: Path) -> None:
    # site_server built the site in this process with the real clock; build it again 400 days later.
    rebuilt = tmp_path / "site"
    build_in_subprocess(
        ROOT,
        rebuilt,
        site_server.url,
        clock_shift=FOUR_HUNDRED_DAYS,
        environment={"SOURCE_DATE_EPOCH": "86400", "PYTHONHASHSEED": "3", "TZ": "America/Anchorage"},
    )
    original, again = digests(site_server.site_dir), digests(rebuilt)
    assert original.keys() == again.keys()
    assert [name for name in original if original[name] != again[name]] == []


@pytest.mark.parametrize(
    ("pages", "fallback", "expected"),
    [
        (
            {"a.md": "---\nupdated: 2025-01-02\n---\n", "b.md": "---\nupdated: 2026-07-08\n---\n"},
            {},
            dt.date(2026, 7, 8),
        ),
        ({"a.md": "---\nupdated: '2025-01-02'\n---\n"}, {}, dt.date(2025, 1, 2)),
        ({"a.md": "---\nupdated: 2025-01-02 10:30:00\n---\n"}, {}, dt.date(2025, 1, 2)),
        ({"a.md": "---\ntitle: no date\n---\n"}, {"b.md": "---\nupdated: 2024-05-06\n---\n"}, dt.date(2024, 5, 6)),
        ({}, {"b.md": "---\nupdated: 2024-05-06\n---\n"}, dt.date(2024, 5, 6)),
        ({"a.md": "---\nupdated: someday\n---\n"}, {"b.md": "no front matter"}, FALLBACK_DATE),
        ({"a.md": "---\n[broken\n---\n"}, {}, FALLBACK_DATE),
    ],
)
def test_content_date_is_the_newest_page_date(
    pages: dict[str, str], fallback: dict[str, str], expected: dt.date
) -> None:
    assert content_date(pages, fallback) == expected


def test_no_page_date_means_no_date() -> None:
    assert newest_update({"a.md": "# Title\n"}) is None


@pytest.mark.parametrize(("date", "seconds"), [(dt.date(1970, 1, 2), 86400), (dt.date(2026, 11, 25), 1795564800)])
def test_epoch_seconds_are_midnight_utc(date: dt.date, seconds: int) -> None:
    assert epoch_seconds(date) == seconds


def test_wheel_entries_carry_fixed_dates_and_unix_permissions() -> None:
    _, data = build_wheel("demo-pkg", "1.0", "Demo", {"demo/__init__.py": b"x = 1\n", "demo/a.py": b""})
    entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert [entry.filename for entry in entries][:2] == ["demo/__init__.py", "demo/a.py"]
    assert {(entry.date_time, entry.create_system, entry.external_attr >> 16) for entry in entries} == {
        ((2020, 1, 1, 0, 0, 0), 3, 0o644)
    }
