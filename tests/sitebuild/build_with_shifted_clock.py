"""Build a site in a process whose clock reads ``SHIFT`` seconds off, and print what the clock said (JSON), so
a test can see the shift took effect:

    python -m tests.sitebuild.build_with_shifted_clock ROOT SITE_DIR SITE_URL SHIFT

The clock is shifted inside Python (``time`` functions and ``datetime``'s "now" and "today") before the build
tools or MkDocs are imported, so every ``from datetime import datetime`` sees the shifted classes. That is
what libfaketime does from outside, without needing it installed; it does not reach C libraries reading the
clock themselves, which the build does not use for output. File modification times are the real ones: they
are not part of what is compared.
"""

from __future__ import annotations

import datetime
import json
import sys
import time
from pathlib import Path
from typing import Any, SupportsIndex

_real_date = datetime.date
_real_datetime = datetime.datetime


def shift_clock(seconds: float) -> None:
    real_time, real_time_ns = time.time, time.time_ns
    real_localtime, real_gmtime, real_strftime = time.localtime, time.gmtime, time.strftime

    def shifted_time() -> float:
        return real_time() + seconds

    def shifted_localtime(secs: float | SupportsIndex | None = None) -> time.struct_time:
        return real_localtime(shifted_time() if secs is None else secs)

    def shifted_gmtime(secs: float | SupportsIndex | None = None) -> time.struct_time:
        return real_gmtime(shifted_time() if secs is None else secs)

    def shifted_strftime(format: str, t: Any = None) -> str:
        return real_strftime(format, shifted_localtime() if t is None else t)

    time.time = shifted_time
    time.time_ns = lambda: real_time_ns() + int(seconds * 1_000_000_000)
    time.localtime = shifted_localtime
    time.gmtime = shifted_gmtime
    time.strftime = shifted_strftime
    time.ctime = lambda secs=None: time.asctime(shifted_localtime(secs))

    # Dates made elsewhere (by C code, by pickles) are real ``date``s: instance checks must accept them.
    class _DateType(type):
        def __instancecheck__(cls, instance: object) -> bool:
            return isinstance(instance, _real_date)

    class _DateTimeType(_DateType):
        def __instancecheck__(cls, instance: object) -> bool:
            return isinstance(instance, _real_datetime)

    class ShiftedDate(_real_date, metaclass=_DateType):
        @classmethod
        def today(cls) -> ShiftedDate:
            return cls.fromtimestamp(shifted_time())

    class ShiftedDateTime(_real_datetime, metaclass=_DateTimeType):
        @classmethod
        def now(cls, tz: datetime.tzinfo | None = None) -> ShiftedDateTime:
            return cls.fromtimestamp(shifted_time(), tz)

        @classmethod
        def today(cls) -> ShiftedDateTime:
            return cls.fromtimestamp(shifted_time())

        @classmethod
        def utcnow(cls) -> ShiftedDateTime:
            return cls.fromtimestamp(shifted_time(), datetime.UTC).replace(tzinfo=None)

    datetime.date = ShiftedDate  # type: ignore[misc]
    datetime.datetime = ShiftedDateTime  # type: ignore[misc]


def main(argv: list[str]) -> int:
    root, site_dir, site_url, shift = argv
    shift_clock(float(shift))
    from build_tools.site_builder import build_site

    build_site(Path(root), Path(site_dir), site_url=site_url)
    clock = {"today": datetime.date.today().isoformat(), "time": time.time()}
    print(json.dumps(clock))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
elif __name__ == "__mp_main__":
    # A language's build process, spawned by build_site: multiprocessing imports this module under this name,
    # with the caller's arguments, before the build tools. It must read the same shifted clock.
    shift_clock(float(sys.argv[4]))
