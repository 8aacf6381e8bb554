"""The built-output guard reports every ``javascript:`` URL: the one Material's theme wrote (its lunr search's
share button, a ``javascript:void(0)`` link) left with that search, so no URL of that scheme is let through."""

from __future__ import annotations

import pytest

from build_tools.structure.output_guard import CONTENT_SECURITY_POLICY, active_content

POLICY = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


@pytest.mark.parametrize("url", ["javascript:void(0)", " javascript:void(0) ", "JavaScript:void(0)"])
def test_the_theme_no_op_url_is_active_content_like_any_other(url: str) -> None:
    page = f'<html><head>{POLICY}</head><body><a href="{url}">share</a></body></html>'
    assert [str(found) for found in active_content(page)] == ["line 1: active URL in href= on <a>"]


def test_a_page_with_plain_links_and_the_policy_is_clean() -> None:
    page = f'<html><head>{POLICY}</head><body><a href="../fr/">Français</a></body></html>'
    assert active_content(page) == []
