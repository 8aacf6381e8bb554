"""The last check before a page is written: the finished HTML must be inert apart from the theme's scripts.

The sanitiser cleans what pages say; this guard looks at what the templates made of everything (titles,
descriptions, interface strings, navigation) and refuses to publish a page that could run anything the
theme did not put there. It is deliberately independent of how the page was produced.

The Content-Security-Policy the site runs under is defined here once: the dev server sends it as a header,
and every page carries it as a ``<meta http-equiv>`` for hosts that cannot send headers (GitHub Pages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; style-src 'self' 'unsafe-inline'"
)

# Elements that load or run another document or plug-in, or change where relative URLs point.
_FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"})
# Data blocks (Material's configuration is one) are never executed.
_DATA_BLOCK_TYPES = frozenset({"application/json", "application/ld+json"})


@dataclass(frozen=True)
class ActiveContent:
    line: int
    what: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.what}"


class _Guard(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[ActiveContent] = []
        self.policy_seen = False
        self.script_before_policy = False
        self._inline_script = False

    def _report(self, what: str) -> None:
        self.found.append(ActiveContent(self.getpos()[0], what))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in _FORBIDDEN_ELEMENTS:
            self._report(f"<{tag}> element")
        for name, value in values.items():
            if name.startswith("on"):
                self._report(f"event handler {name}= on <{tag}>")
            if name in _URL_ATTRIBUTES and _is_active_url(tag, value):
                self._report(f"active URL in {name}= on <{tag}>")
            if name == "srcset" and any(_is_active_url(tag, part.strip()) for part in value.split(",")):
                self._report(f"active URL in srcset= on <{tag}>")
        if tag == "meta":
            equiv = values.get("http-equiv", "").lower()
            if equiv == "refresh":
                self._report("<meta http-equiv=refresh>")
            elif equiv == "content-security-policy" and values.get("content") == CONTENT_SECURITY_POLICY:
                self.policy_seen = True
        if tag == "form" and values.get("action"):
            self._report("<form> with an action")
        if tag == "script":
            if not self.policy_seen:
                self.script_before_policy = True
            script_type = values.get("type", "").lower()
            if "src" in values:
                if _is_external(values["src"]):
                    self._report("<script> from another host")
            elif script_type not in _DATA_BLOCK_TYPES:
                self._inline_script = True

    def handle_data(self, data: str) -> None:
        if self._inline_script and data.strip():
            self._report("inline <script> code")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inline_script = False


def _is_external(url: str) -> bool:
    stripped = url.strip().lower()
    return stripped.startswith("//") or (":" in stripped.split("/", 1)[0])


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_SPACE_AND_CONTROLS = "".join(chr(code) for code in range(0x21))
_TABS_AND_LINE_BREAKS = {9: None, 10: None, 13: None}


def url_scheme(url: str) -> str | None:
    """The scheme a browser sees in ``url`` (lower case), or None for a relative URL.

    Browsers drop leading and trailing spaces and control characters and every tab and line break inside
    a URL before reading its scheme (WHATWG URL), so ``java&#9;script:`` is a ``javascript:`` URL.
    """
    cleaned = url.strip(_SPACE_AND_CONTROLS).translate(_TABS_AND_LINE_BREAKS)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _is_active_url(tag: str, url: str) -> bool:
    scheme = url_scheme(url)
    if scheme in {"javascript", "vbscript"}:
        return True
    if scheme == "data":
        return not (tag == "img" and url.strip().lower().startswith("data:image/"))
    return False


def active_content(page: str) -> list[ActiveContent]:
    """Everything in a finished HTML page that could run code the theme did not ship, and a missing or late
    Content-Security-Policy ``<meta>`` (it only covers what follows it)."""
    guard = _Guard()
    guard.feed(page)
    guard.close()
    found = list(guard.found)
    if not guard.policy_seen:
        found.append(ActiveContent(1, "no Content-Security-Policy <meta> with the site's policy"))
    elif guard.script_before_policy:
        found.append(ActiveContent(1, "a <script> before the Content-Security-Policy <meta>"))
    return found
