"""PyYAML with libyaml's parser where PyYAML was built with it: about ten times faster (a build reads every
page's front matter, every rubric and every locale file), and the values are the same objects, made by the
same safe constructor, with the same line and column marks on composed nodes.

What libyaml refuses is parsed again by the pure parser: its verdict and its message are the reference.
"""

from __future__ import annotations

from typing import Any

import yaml

FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=FAST_LOADER)  # a safe loader: plain data only
    except yaml.YAMLError:
        return yaml.safe_load(text)


def compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)
