"""A problem found in a source file, in the one format every `kb` command and `kb serve` prints:

    path:line[:column]: what is wrong — how to fix it

``path`` is relative to the project root (``docs/fr/index.md``, never an absolute path); the line and the
column are 1-based and left out when unknown (0).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    fix: str = ""
    severity: str = "error"  # "error" fails `kb check`; "warning" is reported but passes
    column: int = field(default=0, kw_only=True)

    @property
    def location(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text

    def shown(self) -> str:
        """As printed in a list of problems: warnings say so, errors need no label."""
        return f"warning: {self}" if self.severity == "warning" else str(self)


def unique(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, in the order first found (two checks may find the same one)."""
    return list(dict.fromkeys(problems))
