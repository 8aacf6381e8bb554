"""The theme's templates are compiled once per process: a second environment with the same options reuses the
code, and an edited template or an option that changes the compiler's output compiles again."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from build_tools.template_cache import CompiledTemplates

SOURCE = "{% for item in items %}<li>{{ item }}</li>{% endfor %}"


def _render(cache: CompiledTemplates, source: str, **options: Any) -> tuple[str, bool]:
    """The rendered template and whether this environment compiled it."""
    environment = jinja2.Environment(loader=jinja2.DictLoader({"page.html": source}), bytecode_cache=cache, **options)
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
