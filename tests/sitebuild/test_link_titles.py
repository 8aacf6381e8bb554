"""Link titles resolved at build time: the page's title and the heading an action link points at, in each
language (its own page, else the default language's), as plain text; links that do not resolve get none."""

from __future__ import annotations

import json

import pytest

from build_tools.structure.rubric_model import LinkTitle, link_title, plain_heading

GUIDE = (
    "---\ntitle: The guide\ndescription: d\n---\n\nIntro.\n\n## A *typical* day {#a-typical-day}\n\n## Plain heading\n"
)
GUIDE_FR = "---\ntitle: Le guide\n---\n\n## Une journée *type* {#a-typical-day}\n"
NO_FRONT_MATTER = "# Heading title\n\n## Part\n"


@pytest.mark.parametrize(
    ("own", "link", "expected"),
    [
        ({}, "guide.md#a-typical-day", LinkTitle("The guide", "A typical day")),
        ({}, "guide.md#plain-heading", LinkTitle("The guide", "Plain heading")),  # MkDocs' slug
        ({}, "guide.md", LinkTitle("The guide", "")),
        ({"guide.md": GUIDE_FR}, "guide.md#a-typical-day", LinkTitle("Le guide", "Une journée type")),
        ({}, "bare.md#part", LinkTitle("Heading title", "Part")),
        ({}, "guide.md#no-such-heading", None),
        ({}, "missing.md#a-typical-day", None),
    ],
)
def test_link_title(own: dict[str, str], link: str, expected: LinkTitle | None) -> None:
    fallback = {"guide.md": GUIDE, "bare.md": NO_FRONT_MATTER}
    assert link_title(own, fallback, link) == expected


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("A **bold** and `code` heading", "A bold and code heading"),
        ("See [the guide](guide.md) now", "See the guide now"),
        ("<span>Tagged</span>   spaced", "Tagged spaced"),
        ("2 * 3 * 4", "2 * 3 * 4"),  # not emphasis
        ("snake_case_name", "snake_case_name"),
    ],
)
def test_plain_heading(markdown: str, text: str) -> None:
    assert plain_heading(markdown) == text


def test_the_real_rubrics_carry_a_title_for_every_link_in_every_language() -> None:
    from pathlib import Path

    from build_tools.project import load_project

    project = load_project(Path(__file__).resolve().parents[2])
    for rubric in project.rubrics.values():
        for language in rubric.texts:
            links = json.loads(rubric.client_json(language))["links"]
            assert set(links) == {link.link for link in rubric.links}, (rubric.rubric_id, language)
            for link, title in links.items():
                assert title["page"], (rubric.rubric_id, language, link)
                assert bool(title["section"]) == ("#" in link), (rubric.rubric_id, language, link)
