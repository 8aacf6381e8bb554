"""Small, targeted rewrites of the HTML that Python-Markdown produces."""

from __future__ import annotations

import re

# pymdownx.tasklist renders `<label class="task-list-control"><input …><span …></span></label> text`: a
# checkbox whose label has no text. Moving the item's text into the label names the checkbox (and makes
# the whole line clickable).
_TASK_ITEM = re.compile(
    r'(<li class="task-list-item">\s*<label class="task-list-control">\s*<input [^>]*>\s*'
    r'<span class="task-list-indicator"></span>)\s*</label>(.*?)(?=</li>|<ul|<ol)',
    re.DOTALL,
)


def label_task_items(html: str) -> str:
    return _TASK_ITEM.sub(lambda match: f"{match.group(1)} {match.group(2).strip()}</label>", html)
