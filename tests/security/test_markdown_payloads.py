"""Hostile Markdown in a page body: `kb check` explains it at its line, the build refuses it, and what the
sanitiser would publish is inert. Benign look-alikes pass untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import files as fs
from build_tools.site_builder import BuildError, build_site
from build_tools.structure import checks, frontmatter, sanitise
from build_tools.structure.model import Sources
from build_tools.structure.output_guard import CONTENT_SECURITY_POLICY, active_content
from build_tools.structure.registry import languages_from_config
from build_tools.structure.rendering import markdown_renderer
from tests.security.payloads import BENIGN_CONTROLS, MARKDOWN_PAYLOADS, Payload
from tests.sitebuild.miniproject import ROOT, make_project, write_page

BASE = fs.read_base_config(ROOT)
RENDER = markdown_renderer(BASE["markdown_extensions"])
HEAD = "---\ntitle: Page\ndescription: A page.\nupdated: 2026-11-25\n---\n\nIntro.\n\n"
BODY_LINE = HEAD.count("\n") - 1  # the line "Intro." is on
PAYLOAD_LINE = HEAD.count("\n") + 1


def check(body: str) -> list[str]:
    """What `kb check` says about a page with this body, as `path:line: message — fix` lines."""
    languages = languages_from_config(BASE)
    text = HEAD + body
    sources = Sources(
        base=BASE,
        languages=languages,
        pages={code: {"page.md": text} if code == languages.default_code else {} for code in languages.codes},
        assets={code: frozenset({"chart.png"}) for code in languages.codes},
        locales={},
        rubrics={},
    )
    project = checks.check_sources(sources)
    rendered = RENDER(frontmatter.split_page(text).body)
    return [str(p) for p in checks.page_problems(project, languages.default_code, "page.md", text, rendered)]


def published(body: str) -> str:
    """A whole page around what the sanitiser keeps of the body (what the build would write, were the
    strict check not there)."""
    return (
        f'<html><head><meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        f"</head><body>{sanitise.sanitise(RENDER(body))}</body></html>"
    )


@pytest.mark.parametrize("payload", [p for p in MARKDOWN_PAYLOADS if p.reported], ids=str)
def test_the_checker_explains_each_payload_at_its_line(payload: Payload) -> None:
    found = [message for message in check(payload.markdown) if ": not published: " in message]
    assert found, f"{payload.name} passed kb check"
    last_line = PAYLOAD_LINE + payload.markdown.count("\n")
    for message in found:
        line = int(message.split(":")[1])
        assert PAYLOAD_LINE <= line <= last_line, message
        assert message.startswith("docs/en/page.md:") and " — " in message, message


@pytest.mark.parametrize("payload", [p for p in MARKDOWN_PAYLOADS if not p.reported], ids=str)
def test_payloads_that_markdown_shows_as_text_are_not_reported(payload: Payload) -> None:
    assert not [message for message in check(payload.markdown) if "not published" in message]
    assert sanitise.changes(RENDER(payload.markdown)) == []


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS, ids=str)
def test_what_the_sanitiser_keeps_is_inert(payload: Payload) -> None:
    page = published(payload.markdown)
    assert active_content(page) == []
    assert "<script" not in page.lower()


@pytest.mark.parametrize(("name", "body"), BENIGN_CONTROLS, ids=[name for name, _ in BENIGN_CONTROLS])
def test_benign_look_alikes_pass_unchanged(name: str, body: str) -> None:
    assert [message for message in check(body) if "not published" in message] == []
    assert sanitise.changes(RENDER(body)) == []


def test_the_real_site_needs_nothing_removed() -> None:
    """Every page of the knowledge base, in every language, is already inside the allowlist."""
    languages = languages_from_config(BASE)
    for code in languages.codes:
        for path, text in fs.read_pages(ROOT, code).items():
            body = text.split("\n---\n", 1)[-1]
            assert sanitise.changes(RENDER(body)) == [], f"docs/{code}/{path}"


# One payload of each family through the real build: strict builds refuse them with the page's path and line.
_ONE_PER_FAMILY = list({payload.family: payload for payload in MARKDOWN_PAYLOADS if payload.reported}.values())


@pytest.mark.parametrize("payload", _ONE_PER_FAMILY, ids=lambda p: p.family)
def test_the_build_refuses_each_family_with_path_and_line(tmp_path: Path, payload: Payload) -> None:
    root = make_project(tmp_path / "project", ["index.md", "translation-status.md"])
    write_page(root, "en", "index.md", "Home", body="Intro.\n\n" + payload.markdown)
    with pytest.raises(BuildError, match=r"docs/en/index\.md:\d+: not published: ") as raised:
        build_site(root, tmp_path / "site", site_url="https://example.test/", languages=["en"], runtime=False)
    assert "Traceback" not in str(raised.value)
