"""The theme's templates are compiled once per process: a second environment with the same options reuses the
code, and an edited template or an option that changes the compiler's output compiles again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from build_tools.template_cache import CompiledTemplates

SOURCE = "{% for item in items %}<li>{{ item }}</li>{% endfor %}"


def _render(
    cache: CompiledTemplates, source: str, filters: dict[str, Any] | None = None, **options: Any
) -> tuple[str, bool]:
    """The rendered template and whether this environment compiled it."""
    environment = jinja2.Environment(loader=jinja2.DictLoader({"page.html": source}), bytecode_cache=cache, **options)
    environment.filters.update(filters or {})
    compiled: list[str] = []
    original = environment.compile

    def counting(*args: Any, **kwargs: Any) -> Any:
        compiled.append(args[0])
        return original(*args, **kwargs)

    environment.compile = counting  # type: ignore[method-assign]
    return environment.get_template("page.html").render(items=["a", "<b>"]), bool(compiled)


@pytest.mark.parametrize(
    ("second_source", "second_options", "compiles_again", "expected"),
    [
        (SOURCE, {}, False, "<li>a</li><li><b></li>"),
        (SOURCE + "!", {}, True, "<li>a</li><li><b></li>!"),  # an edited template
        (SOURCE, {"autoescape": True}, True, "<li>a</li><li>&lt;b&gt;</li>"),  # escaping is compiled in
        (SOURCE, {"variable_start_string": "[["}, True, "<li>{{ item }}</li><li>{{ item }}</li>"),
    ],
)
def test_a_second_environment_reuses_what_the_first_compiled(
    second_source: str, second_options: dict[str, Any], compiles_again: bool, expected: str
) -> None:
    cache = CompiledTemplates()
    assert _render(cache, SOURCE) == ("<li>a</li><li><b></li>", True)
    assert _render(cache, second_source, **second_options) == (expected, compiles_again)


def test_a_later_process_loads_the_code_from_disk(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert _render(CompiledTemplates(folder), SOURCE) == ("<li>a</li><li><b></li>", True)
    assert len(list(folder.glob("*.code"))) == 1
    # A new cache object stands for the next build process: nothing in memory, the file on disk.
    assert _render(CompiledTemplates(folder), SOURCE) == ("<li>a</li><li><b></li>", False)
    assert _render(CompiledTemplates(folder), SOURCE + "!") == ("<li>a</li><li><b></li>!", True)


def _shout(value: str) -> str:
    return value.upper()


def _shout_with_context(context: Any, value: str) -> str:
    return f"{value.upper()} in {context.name}"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # How a filter takes its arguments is compiled into the call: a changed one compiles again.
        ({"shout": _shout}, {"shout": jinja2.pass_context(_shout_with_context)}, "A in page.html"),
        ({"shout": jinja2.pass_context(_shout_with_context)}, {"shout": _shout}, "A"),
    ],
)
def test_the_disk_key_covers_how_filters_are_called(
    tmp_path: Path, first: dict[str, Any], second: dict[str, Any], expected: str
) -> None:
    def render(filters: dict[str, Any]) -> tuple[str, bool]:
        return _render(CompiledTemplates(tmp_path), "{{ 'a' | shout }}", filters=filters)

    assert render(first)[1] is True
    assert render(second) == (expected, True)
    assert render(second)[1] is False


def test_an_environment_the_key_cannot_name_stays_in_memory(tmp_path: Path) -> None:
    # A callable autoescape is named, not compared by its code: a later process must not trust it.
    assert _render(CompiledTemplates(tmp_path), SOURCE, autoescape=lambda name: True)[1] is True
    assert list(tmp_path.glob("*.code")) == []


def test_a_damaged_file_is_compiled_again(tmp_path: Path) -> None:
    _render(CompiledTemplates(tmp_path), SOURCE)
    (stored,) = tmp_path.glob("*.code")
    stored.write_bytes(stored.read_bytes()[:10])
    assert _render(CompiledTemplates(tmp_path), SOURCE) == ("<li>a</li><li><b></li>", True)
    assert _render(CompiledTemplates(tmp_path), SOURCE)[1] is False
