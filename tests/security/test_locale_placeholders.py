"""Interface strings come from pull requests: filling their placeholders never evaluates them."""

from __future__ import annotations

import pytest

from build_tools.structure.locales import fill

CASES = [
    ("{answered} of {total} answered", {"answered": 0, "total": 38}, "0 of 38 answered"),
    ("{{ 7*7 }} {% raw %} {answered}", {"answered": 1}, "{{ 7*7 }} {% raw %} 1"),
    ("{original.__class__.__mro__}", {"original": "en"}, "{original.__class__.__mro__}"),
    ("{0} {} {unknown} {", {"date": "2026-12-03"}, "{0} {} {unknown} {"),
    ("{date}{date}", {"date": "2026-12-03"}, "2026-12-032026-12-03"),
]


@pytest.mark.parametrize(("template", "values", "expected"), CASES)
def test_placeholders_are_replaced_literally(template: str, values: dict[str, object], expected: str) -> None:
    assert fill(template, **values) == expected
