"""Earlier committed texts of a file, from git: only `kb stamp --minor` asks, never the build or `kb check`.

The build and the checker resolve revisions from the originals stored in the repository, which works in
shallow CI clones and tarballs too; `--minor` needs to know which text the default-language page had before
the edit being marked minor, and only git knows that.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

# How far back `kb stamp --minor` looks for the text before the edit (commits touching the file).
HISTORY_DEPTH = 50


class HistoryUnavailable(RuntimeError):
    pass


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise HistoryUnavailable(f"git is not available ({error})") from None
    if done.returncode != 0:
        raise HistoryUnavailable(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "git failed")
    return done.stdout


def committed_texts(root: Path, relative: str) -> Iterator[str]:
    """The file's committed texts, newest first (HEAD's, then each earlier commit that changed it)."""
    commits = _git(root, "log", f"-n{HISTORY_DEPTH}", "--format=%H", "--", relative).split()
    if not commits:
        raise HistoryUnavailable(f"{relative} has no committed version (is this a git clone with its history?)")
    for commit in commits:
        yield _git(root, "show", f"{commit}:{relative}")
