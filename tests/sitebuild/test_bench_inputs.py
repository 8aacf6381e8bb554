"""The inputs `make bench` times (never its timings): the hostile shapes stay within the source limits at
both sizes the growth exponent compares, and the synthetic corpora it writes beforehand nest (a smaller
corpus is the start of a larger one), so the scaling figures compare the same articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import hostile_growth, synthetic_corpus
from build_tools.structure import limits


@pytest.mark.parametrize("name", list(hostile_growth.HOSTILE_SHAPES))
def test_hostile_shapes_stay_within_the_limits_at_both_sizes(name: str) -> None:
    small, large = (hostile_growth.HOSTILE_SHAPES[name](size) for size in hostile_growth.sizes())
    for body in (small, large):
        assert limits.markdown_problems("page.md", body) == []
    # The exponent divides by the log of this ratio: the large body must be about four times the small one.
    assert 3.5 <= len(large) / len(small) <= 4.5


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_article_is_the_same_whatever_the_corpus_size(language: str) -> None:
    # write_corpus(count) writes articles 1..count, each seeded by its language and number only.
    first = synthetic_corpus.article_text(language, 7, "source-id", translated_from=None)
    again = synthetic_corpus.article_text(language, 7, "source-id", translated_from=None)
    other = synthetic_corpus.article_text(language, 8, "source-id", translated_from=None)
    assert first == again != other


def test_prepared_corpus_has_every_article_in_every_language(tmp_path: Path) -> None:
    from benchmarks.scaling import prepared_project
    from build_tools.project import read_registry

    root = Path(__file__).resolve().parents[2]
    project = prepared_project(root, tmp_path, 3)
    for code in read_registry(root).language_codes:
        written = sorted(path.name for path in (project / "docs" / code / "articles").glob("synthetic-*.md"))
        assert written == [f"{synthetic_corpus.SLUG.format(number=number)}.md" for number in (1, 2, 3)]
