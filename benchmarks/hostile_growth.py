"""How the check and render time of one page grows with its size, for inputs a pull request could shape to
slow `kb check` and the build down, each within the source limits (build_tools/structure/limits.py)."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.figures import Figure, Spread
from build_tools import files as fs
from build_tools.structure import limits


def _filled(unit: str, size: int, prefix: str = "") -> str:
    """``prefix``, then ``unit`` repeated in lines of about 800 characters up to ``size``, in paragraphs as
    long as the limits allow."""
    line = unit * max(1, 800 // len(unit))
    paragraph = (line + "\n") * (limits.BLOCK_MAX_CHARACTERS // (len(line) + 1)) + "\n"
    count, rest = divmod(max(0, size - len(prefix)), len(paragraph))
    return prefix + paragraph * count + (line + "\n") * (rest // (len(line) + 1))


HOSTILE_SHAPES: dict[str, Callable[[int], str]] = {
    "paragraphs of the longest size": lambda size: _filled("A sales manager leads people who sell. ", size),
    "lines of `<`": lambda size: ("<" * 4000 + "\n\n") * (size // 4002),
    "`<a ` tags up to the limit, then prose": lambda size: _filled("Plain words. ", size, "x <a " * 190 + "\n\n"),
    "links up to the limit, then prose": lambda size: _filled("Words. ", size, ("[x](page.md) " * 60 + "\n\n") * 31),
    "tables of the longest size": lambda size: (
        ("| a | b |\n|---|---|\n" + "| cell | **x** |\n" * (limits.BLOCK_MAX_CHARACTERS // 20) + "\n")
        * (size // limits.BLOCK_MAX_CHARACTERS)
    ),
    "nested lists of the longest size": lambda size: (
        ("".join("  " * (depth % 8) + "- item\n" for depth in range(limits.BLOCK_MAX_CHARACTERS // 20)) + "\n")
        * (size // limits.BLOCK_MAX_CHARACTERS)
    ),
    "entities and emphasis": lambda size: _filled("&#106; *a* _b_ `c` ", size),
}


def measure(root: Path, repeats: int, progress: Callable[[str], None]) -> list[Figure]:
    """The exponent k in time ∝ size^k between a quarter of the size limit and the limit (1 = linear,
    2 = quadratic), for each hostile shape; small and large runs alternate."""
    from build_tools.structure import sanitise
    from build_tools.structure.checks import sanitiser_problems
    from build_tools.structure.rendering import markdown_renderer

    render = markdown_renderer(fs.read_base_config(root).get("markdown_extensions") or [])

    def pipeline(body: str) -> None:
        assert not limits.markdown_problems("page.md", body), "the shape must stay within the limits"
        html = render(body)
        sanitiser_problems("page.md", body, html)
        sanitise.sanitise(html)

    small, large = limits.MARKDOWN_FILE_MAX_BYTES // 4, limits.MARKDOWN_FILE_MAX_BYTES - 2000
    figures = []
    for name, shape in HOSTILE_SHAPES.items():
        bodies = [shape(size) for size in (small, large)]
        samples: list[list[float]] = [[], []]
        for _ in range(repeats):
            for index, body in enumerate(bodies):
                started = time.perf_counter()
                pipeline(body)
                samples[index].append((time.perf_counter() - started) * 1000)
        times = [statistics.median(series) for series in samples]
        exponents = [
            math.log(big / little) / math.log(len(bodies[1]) / len(bodies[0]))
            for little, big in zip(samples[0], samples[1], strict=True)
        ]
        measured = f"{times[0]:.0f} ms at {small // 1000} KB, {times[1]:.0f} ms at {large // 1000} KB"
        progress(f"check + render, {name}: {measured}")
        figures.append(
            Figure(
                f"check_growth_{'_'.join(word for word in name.lower().split() if word.isalpha())}",
                f"growth exponent of check + render: {name}",
                math.log(times[1] / times[0]) / math.log(len(bodies[1]) / len(bodies[0])),
                "",
                1.25,
                spread=Spread.of(exponents),
                detail=f"{measured} (medians)",
            )
        )
    return figures
