"""A problem found in a source file, reported as ``path:line: what is wrong — how to fix``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    fix: str = ""
    severity: str = "error"  # "error" fails `kb check`; "warning" is reported but passes

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{location}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text
