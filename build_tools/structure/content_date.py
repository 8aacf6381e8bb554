"""The date a build stamps where MkDocs wants "the build date": taken from the pages, never from the clock.

MkDocs dates every page (``page.update_date``) and the gzip header of ``sitemap.xml.gz`` with the build
date, or with ``SOURCE_DATE_EPOCH`` when it is set. Two builds of the same sources must be byte-identical
whatever the day and whatever the environment says, so a build sets that date itself: the newest ``updated``
date in the front matter of the pages it builds (what the sitemap's newest ``lastmod`` says too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .frontmatter import front_matters

# For a language none of whose pages carries a readable `updated` date (the build then fails on its
# front matter anyway, but the date must still not come from the clock).
FALLBACK_DATE = dt.date(2020, 1, 1)


def newest_update(pages: Mapping[str, str]) -> dt.date | None:
    """The newest ``updated`` front-matter date among the pages (path -> text), if any page has one."""
    dates = [_as_date(meta.get("updated")) for meta in front_matters(pages).values()]
    known = [date for date in dates if date is not None]
    return max(known, default=None)


def content_date(*page_sets: Mapping[str, str]) -> dt.date:
    """The newest page date of the first set of pages that has one (a language, then its fallback)."""
    for pages in page_sets:
        date = newest_update(pages)
        if date is not None:
            return date
    return FALLBACK_DATE


def epoch_seconds(date: dt.date) -> int:
    """Midnight UTC of ``date``, as MkDocs reads ``SOURCE_DATE_EPOCH``."""
    return int(dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC).timestamp())


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None
