"""One structure in every language: sections and marked lists/tables of a translation against the default
language's page, read through the site's own Markdown extensions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.project import load_project
from build_tools.structure import page_parity
from build_tools.structure.rendering import markdown_renderer
from build_tools.structure.translations import Entry, State, translation_status

ROOT = Path(__file__).resolve().parents[2]

ENGLISH = """Lead.

## Duties {#duties}

### Strategy {#strategy}

<!-- structure: duty-groups -->
1. One.
2. Two.
3. Three.

### People {#people}

| Area | Weight |
|---|---|
| a | 1 |

<!-- structure: weights -->
| Area | Weight |
|---|---|
| a | 50% |
| b | 50% |

## Related {#related}

- a link
"""


@pytest.fixture(scope="module")
def render() -> Callable[[str], str]:
    """The Markdown extensions mkdocs.yml configures, as `kb check` uses them."""
    return markdown_renderer(load_project(ROOT).sources.base.get("markdown_extensions") or [])


def _problems(render: Callable[[str], str], translation: str, state: State = State.TRANSLATED) -> list[str]:
    pages = {"en": {"guide.md": ENGLISH}, "fr": {"guide.md": translation}}
    status = [Entry("guide.md", "fr", state)]
    return [
        f"{problem.severity} {problem}"
        for problem in page_parity.parity_problems(pages, "en", render, status)
        if problem.path.startswith("docs/fr/")
    ]


def _replace(old: str, new: str) -> str:
    assert old in ENGLISH
    return ENGLISH.replace(old, new)


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        pytest.param(ENGLISH, [], id="same-structure"),
        pytest.param(
            _replace("## Duties {#duties}", "## Missions {#duties}").replace("1. One.", "1. Un."), [], id="other-words"
        ),
        pytest.param(
            _replace("### People {#people}", "### Les gens"),
            ["error docs/fr/guide.md:12: section 3 is `#les-gens` (h3) here but `#people` (h3) in docs/en/guide.md:12"],
            id="heading-without-the-english-id",
        ),
        pytest.param(
            _replace("### People {#people}\n", ""),
            ["error docs/fr/guide.md:23: section 3 is `#related` (h2) here but `#people` (h3) in docs/en/guide.md:12"],
            id="section-missing",
        ),
        pytest.param(
            _replace("## Related {#related}", "### Extra {#extra}\n\n## Related {#related}"),
            ["error docs/fr/guide.md:24: section 4 is `#extra` (h3) here but `#related` (h2) in docs/en/guide.md:24"],
            id="section-added",
        ),
        pytest.param(
            _replace("### Strategy {#strategy}", "#### Strategy {#strategy}"),
            ["error docs/fr/guide.md:5: section 2 is `#strategy` (h4) here but `#strategy` (h3)"],
            id="other-level",
        ),
        pytest.param(
            _replace("3. Three.\n", ""),
            ["error docs/fr/guide.md:7: `duty-groups` is a numbered list of 2 entries here but a numbered list of 3"],
            id="list-shorter",
        ),
        pytest.param(
            _replace("| b | 50% |\n", "| b | 30% |\n| c | 20% |\n"),
            ["error docs/fr/guide.md:18: `weights` is a table of 3 entries here but a table of 2"],
            id="table-longer",
        ),
        pytest.param(
            _replace("2. Two.\n", "2. Two.\n    - a nested point\n    - another\n"),
            [],
            id="nested-items-do-not-count",
        ),
        pytest.param(
            _replace("1. One.\n2. Two.\n3. Three.", "- One.\n- Two.\n- Three."),
            ["error docs/fr/guide.md:7: `duty-groups` is a bulleted list of 3 entries here but a numbered list of 3"],
            id="list-kind-changed",
        ),
        pytest.param(
            _replace("<!-- structure: weights -->\n", ""),
            ["error docs/fr/guide.md:12: structural table `weights` of docs/en/guide.md:18 is missing"],
            id="marker-missing",
        ),
        pytest.param(
            _replace("- a link\n", "<!-- structure: links -->\n- a link\n"),
            ["error docs/fr/guide.md:26: structural bulleted list `links` is not in docs/en/guide.md"],
            id="marker-added",
        ),
        pytest.param(
            _replace("<!-- structure: duty-groups -->", "<!-- structure: weights -->").replace(
                "<!-- structure: weights -->\n|", "<!-- structure: duty-groups -->\n|"
            ),
            [
                "error docs/fr/guide.md:7: `weights` is a numbered list of 3 entries here but a table of 2",
                "error docs/fr/guide.md:18: `duty-groups` is a table of 2 entries here but a numbered list of 3",
                "error docs/fr/guide.md:7: structural blocks come in another order",
            ],
            id="markers-swapped",
        ),
        pytest.param(
            _replace("<!-- structure: duty-groups -->\n1. One.", "<!-- structure: duty-groups -->\n\nText.\n\n1. One."),
            [
                "error docs/fr/guide.md:7: structure marker `duty-groups` is not followed by a list or table",
                "error docs/fr/guide.md:5: structural numbered list `duty-groups` of docs/en/guide.md:7 is missing",
            ],
            id="marker-before-a-paragraph",
        ),
        pytest.param(
            _replace("<!-- structure: weights -->", "<!-- structure: duty-groups -->"),
            [
                "error docs/fr/guide.md:18: structure marker `structure: duty-groups` repeats the name",
                "error docs/fr/guide.md:12: structural table `weights` of docs/en/guide.md:18 is missing",
            ],
            id="marker-name-repeated",
        ),
        pytest.param(
            _replace("<!-- structure: weights -->", "<!-- structure: Weights! -->"),
            [
                "error docs/fr/guide.md:18: structure marker `structure: Weights!` has no valid name",
                "error docs/fr/guide.md:12: structural table `weights` of docs/en/guide.md:18 is missing",
            ],
            id="marker-name-invalid",
        ),
        pytest.param(
            _replace("- a link\n", "- a link\n\n```\n<!-- structure: fake -->\n- not a list\n```\n"),
            [],
            id="marker-text-in-code-is-not-a-marker",
        ),
    ],
)
def test_translation_against_english(render: Callable[[str], str], translation: str, expected: list[str]) -> None:
    found = _problems(render, translation)
    assert len(found) == len(expected), found
    for message, start in zip(found, expected, strict=True):
        assert message.startswith(start), (message, start)
        assert " — " in message, message  # every problem says how to fix it


def test_an_outdated_translation_is_a_warning(render: Callable[[str], str]) -> None:
    """While the English page is ahead, its translators may not have caught up: the mismatch is reported beside
    the outdated warning but does not fail `kb check`; once stamped, it does."""
    changed = _replace("3. Three.\n", "")
    assert [p.split(" ")[0] for p in _problems(render, changed, State.OUTDATED)] == ["warning"]
    assert [p.split(" ")[0] for p in _problems(render, changed, State.TRANSLATED)] == ["error"]
    assert _problems(render, changed, State.MISSING) == []


def test_markers_are_checked_in_the_default_language_too(render: Callable[[str], str]) -> None:
    english = ENGLISH.replace("<!-- structure: weights -->\n|", "<!-- structure: weights -->\n\nText.\n\n|")
    found = page_parity.parity_problems({"en": {"guide.md": english}}, "en", render, [])
    assert [str(problem).split(" — ")[0] for problem in found] == [
        "docs/en/guide.md:18: structure marker `weights` is not followed by a list or table"
    ]


def test_the_repository_pages_share_one_structure(render: Callable[[str], str]) -> None:
    """The project's own pages: every translation has its English page's sections and structural lists
    (errors and warnings alike, so a page that is merely behind does not hide a divergent outline)."""
    project = load_project(ROOT)
    default = project.languages.default_code
    translated = {code: pages for code, pages in project.pages.items() if code != default}
    status = translation_status(project.pages[default], translated, project.sources.originals)
    found = page_parity.parity_problems(project.pages, default, render, status)
    assert [str(problem) for problem in found] == []
