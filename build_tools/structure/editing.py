"""Small, exact edits of page sources (they keep the rest of the file byte for byte)."""

from __future__ import annotations

import re

from .frontmatter import split_page


def set_front_matter_value(text: str, key: str, value: str, *, quote: bool = True) -> str:
    """Set ``key: "value"`` (or unquoted) in the front matter, replacing the key's line or appending it."""
    split = split_page(text)
    if not split.has_front_matter:
        raise ValueError("the page has no front matter")
    line = f'{key}: "{value}"' if quote else f"{key}: {value}"
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    front = split.front_matter
    front = pattern.sub(line, front, count=1) if pattern.search(front) else front + line + "\n"
    return f"---\n{front}---\n{split.body}"
