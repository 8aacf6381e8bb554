"""Who owns a path according to `.github/CODEOWNERS` (the last matching line wins, as on GitHub)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    owners: tuple[str, ...]


def _compile(pattern: str) -> re.Pattern[str]:
    """A gitignore-style pattern: `/` anchors at the root, a trailing `/` matches everything under a folder,
    `*` stays within one folder and `**` crosses folders."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    regex = re.escape(body).replace(r"\*\*", "\0").replace(r"\*", "[^/]*").replace("\0", ".*")
    regex = regex.replace(r"\?", "[^/]")
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{regex}(?:/.*)?$")


def parse(text: str) -> list[Rule]:
    rules: list[Rule] = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            rules.append(Rule(_compile(fields[0]), tuple(fields[1:])))
    return rules


def owners(rules: list[Rule], path: str) -> tuple[str, ...]:
    """Owners of a project-relative path (no leading slash); none when no line matches."""
    for rule in reversed(rules):
        if rule.pattern.match(path):
            return rule.owners
    return ()
