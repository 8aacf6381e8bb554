"""The sanitiser check's shortcut: when the sanitised page is the rendered page spelled the sanitiser's way,
``changes`` skips the token comparison. It may only ever say "nothing removed" where the comparison agrees,
for every hostile payload, benign look-alike and real page; and it must be taken for ordinary pages (or it
saves nothing)."""

from __future__ import annotations

import pytest

from build_tools import files as fs
from build_tools.structure import frontmatter, sanitise
from build_tools.structure.registry import languages_from_config
from build_tools.structure.rendering import markdown_renderer
from tests.security.payloads import BENIGN_CONTROLS, MARKDOWN_PAYLOADS
from tests.sitebuild.miniproject import ROOT

BASE = fs.read_base_config(ROOT)
RENDER = markdown_renderer(BASE["markdown_extensions"])

# Hostile fragments aimed at the shortcut itself: the two spellings it equates, put where a parser reads them
# as something else than text or a quoted value (names, unquoted values, comments, raw text).
SPELLING_TRAPS = (
    "<p>a&nbsp;b ¶ c\xa0d</p>",
    '<p title="x&para;y">a</p>',
    "<p title=x&nbsp;onclick=alert(1)>a</p>",
    "<p title=x\xa0onclick=alert(1)>a</p>",
    "<p&nbsp;onclick=alert(1)>a</p>",
    "<p\xa0onclick=alert(1)>a</p>",
    "<p>a<!-- ¶ --></p>",
    "<style>p::after{content:'&para;'}</style><p>¶</p>",
    "<script>x='&nbsp;'</script>",
    "<p>&amp;nbsp; &amp;para;</p>",
    "<p>&amp;\xa0</p>",
    '<a href="java&nbsp;script:alert(1)">x</a>',
    '<a href="javascript&para;:alert(1)">x</a>',
)


def _fragments() -> list[str]:
    fragments = [RENDER(payload.markdown) for payload in MARKDOWN_PAYLOADS]
    fragments += [RENDER(body) for _, body in BENIGN_CONTROLS]
    fragments += list(SPELLING_TRAPS)
    languages = languages_from_config(BASE)
    for code in languages.codes:
        fragments += [RENDER(frontmatter.split_page(text).body) for text in fs.read_pages(ROOT, code).values()]
    return fragments


FRAGMENTS = _fragments()


@pytest.mark.parametrize("fragment", FRAGMENTS, ids=range(len(FRAGMENTS)))
def test_the_shortcut_agrees_with_the_token_comparison(fragment: str) -> None:
    cleaned = sanitise.sanitise(fragment)
    assert sanitise.changes(fragment, sanitised=cleaned) == sanitise.token_changes(fragment, cleaned)
    if sanitise.written_alike(fragment, cleaned):
        assert sanitise.token_changes(fragment, cleaned) == []


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>Deux points\xa0: oui</p>",
        '<h2 id="x">Titre<a class="headerlink" href="#x" title="Permanent link">&para;</a></h2>',
        "<p>Plain text, <em>emphasis</em> and <code>&lt;b&gt;</code>.</p>",
    ],
)
def test_pages_markdown_writes_take_the_shortcut(fragment: str) -> None:
    assert sanitise.written_alike(fragment, sanitise.sanitise(fragment))


@pytest.mark.parametrize("fragment", ["<p onclick=x>a</p>", "<p>a<!-- b --></p>", '<p class="md-x">a</p>'])
def test_anything_removed_or_respelled_otherwise_is_compared(fragment: str) -> None:
    assert not sanitise.written_alike(fragment, sanitise.sanitise(fragment))


def test_most_real_pages_take_the_shortcut() -> None:
    """The shortcut is what makes the check cheap: at least a third of the knowledge base's pages take it
    (44 of 92 when it was written; the others have comments or task-list checkboxes)."""
    languages = languages_from_config(BASE)
    taken = total = 0
    for code in languages.codes:
        for text in fs.read_pages(ROOT, code).values():
            fragment = RENDER(frontmatter.split_page(text).body)
            taken += sanitise.written_alike(fragment, sanitise.sanitise(fragment))
            total += 1
    assert taken * 3 >= total, f"{taken} of {total}"
