"""How the check and render time of one page grows with its size, for inputs a pull request could shape to
slow `kb check` and the build down, each within the source limits (build_tools/structure/limits.py)."""

from __future__ import annotations

import concurrent.futures
import math
import multiprocessing
import os
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


def _pipeline(root: Path) -> Callable[[str], None]:
    """Check and render one page as the build does: the limits, Markdown, the sanitiser's checks, nh3."""
    from build_tools.structure import sanitise
    from build_tools.structure.checks import sanitiser_problems
    from build_tools.structure.rendering import markdown_renderer

    render = markdown_renderer(fs.read_base_config(root).get("markdown_extensions") or [])

    def pipeline(body: str) -> None:
        assert not limits.markdown_problems("page.md", body), "the shape must stay within the limits"
        html = render(body)
        sanitiser_problems("page.md", body, html)
        sanitise.sanitise(html)

    return pipeline


def sizes() -> tuple[int, int]:
    """A quarter of the size limit and the limit (less room for the front matter)."""
    return limits.MARKDOWN_FILE_MAX_BYTES // 4, limits.MARKDOWN_FILE_MAX_BYTES - 2000


def shape_samples(root: Path, name: str, repeats: int) -> tuple[int, int, list[float], list[float]]:
    """(small and large body lengths, ms per run at each): ``repeats`` runs of each, small and large
    alternating, in this process. One untimed run of the small body first: its first call imports and
    compiles what every later one reuses."""
    pipeline = _pipeline(root)
    bodies = [HOSTILE_SHAPES[name](size) for size in sizes()]
    pipeline(bodies[0])
    samples: list[list[float]] = [[], []]
    for _ in range(repeats):
        for index, body in enumerate(bodies):
            started = time.perf_counter()
            pipeline(body)
            samples[index].append((time.perf_counter() - started) * 1000)
    return len(bodies[0]), len(bodies[1]), samples[0], samples[1]


def measure(root: Path, repeats: int, progress: Callable[[str], None], jobs: int | None = None) -> list[Figure]:
    """The exponent k in time ∝ size^k between a quarter of the size limit and the limit (1 = linear,
    2 = quadratic), for each hostile shape; small and large runs alternate.

    The shapes run in up to ``jobs`` processes at once (by default one per core), each shape's small and
    large runs in the same process: the exponent is a ratio of runs that saw the same machine. Nothing else
    may be timed meanwhile (`make bench` runs its parts one after the other)."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(HOSTILE_SHAPES)))
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = {name: pool.submit(shape_samples, root, name, repeats) for name in HOSTILE_SHAPES}
        found = {name: future.result() for name, future in futures.items()}
    figures = []
    for name, (small_length, large_length, small_ms, large_ms) in found.items():
        growth = math.log(large_length / small_length)
        times = [statistics.median(small_ms), statistics.median(large_ms)]
        exponents = [math.log(big / little) / growth for little, big in zip(small_ms, large_ms, strict=True)]
        # The bodies' own lengths: a shape made of whole blocks stops short of the size asked for.
        measured = (
            f"{times[0]:.0f} ms at {small_length / 1000:.0f} KB, {times[1]:.0f} ms at {large_length / 1000:.0f} KB"
        )
        progress(f"check + render, {name}: {measured}")
        figures.append(
            Figure(
                f"check_growth_{'_'.join(word for word in name.lower().split() if word.isalpha())}",
                f"growth exponent of check + render: {name}",
                math.log(times[1] / times[0]) / growth,
                "",
                1.25,
                spread=Spread.of(exponents),
                detail=f"{measured} (medians of {repeats}; {workers} shapes at a time, one per process)",
            )
        )
    return figures
