"""The one Jinja set-up of the tools' own templates (``build_tools/templates``), handed in as texts by the I/O
edge. Autoescaped: every value a template prints is text unless it is ``markupsafe.Markup``."""

from __future__ import annotations

from collections.abc import Mapping

import jinja2

from .locales import fill


def environment(templates: Mapping[str, str]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(dict(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a missing value is a build error, never an empty string
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fill"] = fill  # interface strings' placeholders, filled literally (never str.format)
    return env
