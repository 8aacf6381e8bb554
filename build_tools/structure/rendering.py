"""Markdown to HTML for `kb check`, with the extensions the site is built with (no MkDocs involved).

The checker renders each page to find what the sanitiser would remove; the build does the same on the HTML
MkDocs produces. Small differences between the two (MkDocs rewrites links) do not matter here: the
sanitiser in the build remains the guarantee.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import markdown

# MkDocs always adds these to the configured extensions.
_MKDOCS_DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")


def markdown_renderer(configured: Iterable[Any]) -> Callable[[str], str]:
    """A function rendering a page body the way mkdocs.yml's ``markdown_extensions`` list asks."""
    names: list[str] = list(_MKDOCS_DEFAULT_EXTENSIONS)
    options: dict[str, Any] = {}
    for entry in configured:
        if isinstance(entry, str):
            name, config = entry, None
        elif isinstance(entry, Mapping) and len(entry) == 1:
            name, config = next(iter(entry.items()))
        else:
            continue
        if name not in names:
            names.append(name)
        if isinstance(config, Mapping):
            options[name] = {**options.get(name, {}), **config}
    renderer = markdown.Markdown(extensions=names, extension_configs=options)

    def render(body: str) -> str:
        renderer.reset()
        return str(renderer.convert(body))

    return render
