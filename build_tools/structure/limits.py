"""Size limits of what a pull request may contribute, and the checks that enforce them (linear time).

Every limit is far above what the knowledge base needs (the largest page today is 17 KB, its longest line
824 characters, no page uses raw HTML) and low enough that no step of the check or the build can be slowed
down by a crafted file: Python-Markdown needs time quadratic in the number of unclosed raw HTML tags and
of open brackets, and grows faster than linearly with the size of one paragraph, so those are counted, in
one pass, before anything is rendered.
"""

from __future__ import annotations

import re

from .problems import Problem

MARKDOWN_FILE_MAX_BYTES = 100_000
YAML_FILE_MAX_BYTES = 200_000  # a rubric's texts in one language (the largest today: 29 KB)
ASSET_FILE_MAX_BYTES = 2_000_000  # an image beside a page
LINE_MAX_CHARACTERS = 5_000
BLOCK_MAX_CHARACTERS = 10_000  # a paragraph, list or table: the text between two blank lines
RAW_HTML_TAGS_MAX = 200  # `<` followed by a letter, `/`, `!` or `?`, per file
OPEN_BRACKETS_MAX = 2_000  # `[` per file
# Pages and images: lower-case ASCII names, so that a file name is never markup or a path trick in a URL.
PATH_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9]+)?$")
# Images are the only files published beside pages; each is recognised by its first bytes, not its name.
ASSET_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}

_RAW_TAG = re.compile(r"<[A-Za-z/!?]")


def markdown_problems(display: str, text: str) -> list[Problem]:
    """Lines too long, and more raw HTML tags or brackets than a page can have; one pass over the text."""
    problems: list[Problem] = []
    tags = brackets = block = 0
    block_start = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            block = 0
            block_start = number + 1
        elif block >= 0:
            block += len(line) + 1
            if block > BLOCK_MAX_CHARACTERS:
                problems.append(
                    Problem(
                        display,
                        block_start,
                        f"paragraph, list or table of more than {BLOCK_MAX_CHARACTERS} characters",
                        "leave a blank line between paragraphs, or split the list or table",
                    )
                )
                block = -(10**9)  # report once per block
        if len(line) > LINE_MAX_CHARACTERS:
            problems.append(
                Problem(
                    display,
                    number,
                    f"line of {len(line)} characters (the limit is {LINE_MAX_CHARACTERS})",
                    "break the paragraph into shorter lines or paragraphs",
                )
            )
        tags += len(_RAW_TAG.findall(line))
        brackets += line.count("[")
        if tags > RAW_HTML_TAGS_MAX:
            problems.append(
                Problem(
                    display,
                    number,
                    f"more than {RAW_HTML_TAGS_MAX} raw HTML tags",
                    "write the page in Markdown; put `<` in code spans or write it as &lt;",
                )
            )
            tags = -(10**9)  # report once
        if brackets > OPEN_BRACKETS_MAX:
            problems.append(
                Problem(display, number, f"more than {OPEN_BRACKETS_MAX} `[`", "split the page into several pages")
            )
            brackets = -(10**9)
    return problems


def path_problems(display: str, relative_path: str) -> list[Problem]:
    """File names that could not be part of a clean URL."""
    bad = [segment for segment in relative_path.split("/") if not PATH_SEGMENT.match(segment)]
    if not bad:
        return []
    return [
        Problem(
            display,
            0,
            f"file name `{bad[0]}` is not allowed",
            "use lower-case letters, digits, `-` and `_` only, with one extension (e.g. `coaching-new-managers.md`)",
        )
    ]


def asset_problems(display: str, name: str, head: bytes, size: int) -> list[Problem]:
    """An image beside a page: a known kind, matching its content, not too large."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    signatures = ASSET_SIGNATURES.get(suffix)
    if signatures is None:
        kinds = ", ".join(sorted(ASSET_SIGNATURES))
        return [
            Problem(
                display,
                0,
                f"`{suffix or name}` files are not published",
                f"pages may sit beside images only ({kinds}); an SVG or HTML file could run scripts on the site",
            )
        ]
    problems: list[Problem] = []
    if not head.startswith(signatures):
        problems.append(Problem(display, 0, f"the file is not a {suffix} image", "export the image again"))
    if size > ASSET_FILE_MAX_BYTES:
        problems.append(
            Problem(display, 0, f"{size} bytes (the limit is {ASSET_FILE_MAX_BYTES})", "make the image smaller")
        )
    return problems
