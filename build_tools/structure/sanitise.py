"""What a page may publish: the allowlist HTML sanitiser, and the report of what it would change.

Every page's rendered Markdown goes through ``sanitise`` inside the build (the guarantee), and ``changes``
tells an editor what the sanitiser removed, so that ``kb check`` and the strict build can explain it with a
line number (the explanation). The allowlist is what our Markdown extensions produce (mkdocs.yml:
admonitions, details, tables, footnotes, abbreviations, task lists, fenced code, attribute lists) and
nothing else: no scripts, embedded documents, forms, styles or event handlers, and URLs limited to
relative ones and ``https``, ``http`` and ``mailto`` (images: also ``data:image/…``).

Pure functions over strings; the only dependency is ``nh3`` (the Python binding of the ammonia sanitiser).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any

import nh3
from markupsafe import Markup, escape

from .output_guard import url_scheme

ALLOWED_TAGS = frozenset(
    {
        # text
        *("p", "br", "hr", "blockquote", "pre", "code", "kbd", "samp", "var", "span", "div"),
        *("em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "q", "cite"),
        *("abbr", "dfn", "time"),
        # structure
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"),
        *("details", "summary", "figure", "figcaption"),
        # tables
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
        # links, images and task-list checkboxes
        *("a", "img", "input", "label"),
    }
)
_EVERYWHERE = frozenset({"id", "class", "title", "lang", "dir"})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": set(_EVERYWHERE),
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
    "input": {"checked", "disabled"},
}
# The only attribute value some tags may carry (task lists: `<input type="checkbox">`).
FIXED_ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {"input": {"type": {"checkbox"}}}
# Python-Markdown's tables align columns with `style="text-align: …"`; no other property is kept.
ALLOWED_STYLE_PROPERTIES = frozenset({"text-align"})
URL_SCHEMES = frozenset({"https", "http", "mailto"})
IMAGE_DATA_PREFIX = "data:image/"
# Ids and classes that belong to the site's own interface (Material's `__…`/`md-…`, ours `bt-…`): content
# using them could restyle or shadow the interface, or be picked up by its scripts.
RESERVED_PREFIXES = ("__", "md-", "bt-")
# Dropped with what they contain (everything else outside the allowlist is unwrapped: its text stays).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "textarea", "title"})
_URL_ATTRIBUTES = frozenset({"href", "src"})
_VOID = frozenset({"br", "hr", "img", "input", "col", "area", "base", "embed", "link", "meta", "source", "wbr"})


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3's per-attribute hook: reserved names, and data: URLs outside images, go."""
    if attribute == "id" and value.startswith(RESERVED_PREFIXES):
        return None
    if attribute == "class":
        kept = [name for name in value.split() if not name.startswith(RESERVED_PREFIXES)]
        return " ".join(kept) or None
    if attribute in _URL_ATTRIBUTES and url_scheme(value) == "data":
        return value if tag == "img" and value.strip().lower().startswith(IMAGE_DATA_PREFIX) else None
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {name: set(allowed) for name, allowed in values.items()}
            for tag, values in FIXED_ATTRIBUTE_VALUES.items()
        },
        attribute_filter=_keep_attribute,
        url_schemes={*URL_SCHEMES, "data"},
        filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )


def sanitise(fragment: str) -> str:
    """The fragment with everything outside the allowlist removed."""
    return _cleaner().clean(fragment)


def plain_text(fragment: str) -> str:
    """Only the text of an HTML fragment, escaped again (for titles rendered from Markdown headings)."""
    return nh3.clean(fragment, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))


def as_text(value: str) -> Markup:
    """A plain-text value (front matter, interface strings) ready for the templates: escaped once, and
    marked as such, so that a template's own ``| e`` does not escape it twice."""
    return escape(value)


def texts(value: Any) -> Any:
    """``as_text`` applied to every string in a tree of mappings and lists (interface strings)."""
    if isinstance(value, str):
        return as_text(value)
    if isinstance(value, Mapping):
        return {key: texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [texts(item) for item in value]
    return value


# --- what the sanitiser changed, for editors ----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One thing the sanitiser removed; ``needle`` is text to look for in the source to find its line."""

    what: str
    fix: str
    needle: str


@dataclass(frozen=True)
class _Token:
    kind: str  # "start", "end", "text"
    tag: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    text: str = ""


class _Tokeniser(HTMLParser):
    """Elements, attributes and text, normalised so that two serialisations of one tree compare equal."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[_Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = tuple(sorted((name, _normal_value(name, value or "")) for name, value in attrs))
        self.tokens.append(_Token("start", tag, attributes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.tokens.append(_Token("end", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.tokens.append(_Token("end", tag))

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not text:
            return
        if self.tokens and self.tokens[-1].kind == "text":
            self.tokens[-1] = _Token("text", text=f"{self.tokens[-1].text} {text}")
        else:
            self.tokens.append(_Token("text", text=text))


def _normal_value(name: str, value: str) -> str:
    if name == "style":  # `text-align: left;` and `text-align:left` are the same declaration
        return ";".join("".join(part.split()) for part in value.split(";") if part.strip())
    return " ".join(value.split())


def _tokens(fragment: str) -> list[_Token]:
    parser = _Tokeniser()
    parser.feed(fragment)
    parser.close()
    return parser.tokens


_FIX_ELEMENT = "write it in Markdown; scripts, embeds, forms and styles belong to the theme (build_tools/theme)"
_FIX_ATTRIBUTE = "remove the attribute; pages may use ids, classes, titles, links and image sizes only"
_FIX_URL = "link to a page (`page.md`) or an https:// address"
_FIX_RESERVED = "choose a name that does not start with __, md- or bt- (those belong to the site's interface)"


def _describe(original: _Token, kept: _Token | None) -> Iterable[Change]:
    """What differs between an element in the source and the sanitised element that replaced it."""
    if kept is None:
        yield Change(f"<{original.tag}> element is not allowed", _FIX_ELEMENT, f"<{original.tag}")
        return
    kept_attributes = dict(kept.attributes)
    for name, value in original.attributes:
        if kept_attributes.get(name) == value:
            continue
        if name in _URL_ATTRIBUTES and name in ALLOWED_ATTRIBUTES.get(original.tag, set()):
            yield Change(f"URL `{_short(value)}` in {name}= is not allowed", _FIX_URL, value or name)
        elif name in {"id", "class"} and name in kept_attributes | {name: ""}:
            yield Change(f"{name} `{_short(value)}` is reserved for the site's interface", _FIX_RESERVED, value)
        elif name == "style":
            yield Change("style= may only set text-align", "remove the style; styles belong to the theme", name)
        else:
            yield Change(f"attribute {name}= on <{original.tag}> is not allowed", _FIX_ATTRIBUTE, name)


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def changes(fragment: str, *, sanitised: str | None = None) -> list[Change]:
    """What ``sanitise`` removes from ``fragment`` (empty when the fragment is already clean); ``sanitised``
    is ``sanitise(fragment)`` when the caller has it already (the build publishes it).

    Elements are matched in order between the source tree and the sanitised one (the sanitiser's HTML
    parser may add elements to repair nesting, never remove allowed ones); a difference that no element or
    attribute explains (a comment hiding markup, text of a dropped element) is reported once as such.
    """
    after = sanitise(fragment) if sanitised is None else sanitised
    if written_alike(fragment, after):
        return []  # what the token comparison would find, without tokenising both (most of the check's time)
    return token_changes(fragment, after)


def token_changes(fragment: str, sanitised: str) -> list[Change]:
    """``changes`` by comparing the tokens of ``fragment`` and of ``sanitised`` (its sanitised form)."""
    before = _tokens(fragment)
    after = _tokens(sanitised)
    before_texts = [token.text for token in before if token.kind == "text"]
    after_texts = [token.text for token in after if token.kind == "text"]
    kept_starts = [token for token in after if token.kind == "start"]
    found: list[Change] = []
    position = 0
    for token in before:
        if token.kind != "start":
            continue
        match = next(
            (index for index in range(position, len(kept_starts)) if kept_starts[index].tag == token.tag), None
        )
        kept: _Token | None = None
        if match is not None:
            kept = kept_starts[match]
            position = match + 1
        if kept != token:
            found.extend(_describe(token, kept))
    if not found and " ".join(before_texts) != " ".join(after_texts):
        found.append(
            Change(
                "markup the sanitiser changes (for example a comment or text inside a removed element)",
                "write the content in plain Markdown",
                "<",
            )
        )
    return _unique(found)


# The sanitiser's serialiser (html5ever) writes U+00A0 as `&nbsp;` and the other characters as themselves;
# Python-Markdown writes the no-break space (French punctuation) as itself and a heading anchor's pilcrow as
# `&para;`. Both spellings are one character to an HTML parser in text and in quoted attribute values.
_SANITISER_SPELLINGS = (("&nbsp;", "\xa0"), ("\N{PILCROW SIGN}", "&para;"))


def written_alike(fragment: str, sanitised: str) -> bool:
    """Whether ``sanitised`` is ``fragment`` character for character once spelled the way Python-Markdown
    spells the two characters above: then both have the same tokens, so the sanitiser removed nothing.

    Sound because the replacements only ever land in the sanitiser's text and quoted attribute values: its
    output has no comments, no raw-text elements (script, style), ASCII names and every attribute value
    quoted, and each `&` it writes starts one of its own complete references, so no replacement joins or
    splits one. Anything else (comments, self-closing tags, other escapes) takes the token comparison."""
    for written, markdown in _SANITISER_SPELLINGS:
        sanitised = sanitised.replace(written, markdown)
    return fragment == sanitised


def _unique(items: list[Change]) -> list[Change]:
    return list(dict.fromkeys(items))
