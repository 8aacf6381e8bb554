"""A catalogue of hostile input: what an untrusted pull request can put where, and what must come out.

Each payload, when it runs, calls ``alert`` with its own name, so a browser test knows which one got
through. Families follow the ways HTML sanitisers and pattern checks have been bypassed: split tags,
attribute lists, encoded URL schemes, reference links, SVG/MathML, comments, code-fence confusion, and
Markdown extensions that write attributes (admonition titles, abbreviations, footnotes, heading ids).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    name: str
    family: str
    markdown: str  # as written in a page body
    # True: `kb check` and the build report it; False: Markdown already shows it as text (nothing to report)
    reported: bool = True

    def __str__(self) -> str:
        return self.name


def _alert(name: str) -> str:
    return f"alert('{name}')"


def _p(name: str, family: str, template: str, *, reported: bool = True) -> Payload:
    return Payload(name, family, template.replace("ALERT", _alert(name)), reported)


MARKDOWN_PAYLOADS: tuple[Payload, ...] = (
    # script elements
    _p("script", "script", "<script>ALERT</script>"),
    _p("script-upper", "script", "<SCRIPT>ALERT</SCRIPT>"),
    _p("script-split-lines", "script", "<scr\nipt>ALERT</script>\n\n<script\n>ALERT</script\n>"),
    _p("script-src", "script", '<script src="https://evil.example/x.js"></script>'),
    _p("script-in-paragraph", "script", "Some text <script>ALERT</script> more text."),
    _p("script-in-list", "script", "- item\n- <script>ALERT</script>"),
    # event handlers
    _p("img-onerror", "handler", '<img src="x" onerror="ALERT">'),
    _p("img-onerror-unquoted", "handler", "<img src=x onerror=ALERT>", reported=False),
    _p("img-onerror-spaced", "handler", '<img src="x" alt="" onerror  =  "ALERT">'),
    _p("img-onerror-split", "handler", '<img src="x"\nonerror="ALERT"\nalt="x">'),
    _p("svg-onload", "svg", '<svg onload="ALERT"></svg>'),
    _p("svg-script", "svg", "<svg><script>ALERT</script></svg>"),
    _p("svg-animate", "svg", "<svg><animate onbegin=ALERT attributeName=x dur=1s></svg>"),
    _p("svg-a-href", "svg", '<svg><a href="javascript:ALERT"><text y="20">x</text></a></svg>'),
    _p("details-ontoggle", "handler", "<details open ontoggle=ALERT><summary>s</summary>x</details>"),
    _p("body-onload", "handler", "<body onload=ALERT>"),
    _p("input-onfocus", "handler", '<input autofocus onfocus="ALERT">'),
    _p("div-onmouseover", "handler", '<div onmouseover="ALERT">hover</div>'),
    _p("marquee", "handler", '<marquee onstart="ALERT">x</marquee>'),
    # attribute lists (attr_list) on headings, links, paragraphs
    _p("attr-list-heading", "attr_list", '## Title {: onclick="ALERT" }'),
    _p("attr-list-link", "attr_list", '[link](page.md){: onmouseover="ALERT" }'),
    _p("attr-list-paragraph", "attr_list", 'Paragraph.\n{: onclick="ALERT" }'),
    _p("attr-list-id-breakout", "attr_list", '## Title {#x" onclick="ALERT}'),
    _p("attr-list-style", "attr_list", '## Title {: style="background:url(javascript:ALERT)" }'),
    # URL schemes
    _p("link-javascript", "url", "[click](javascript:ALERT)"),
    _p("link-javascript-case", "url", "[click](JaVaScRiPt:ALERT)"),
    _p("link-javascript-entity", "url", "[click](&#106;avascript:ALERT)"),
    _p("link-javascript-hex-entity", "url", "[click](&#x6A;avascript&#x3A;ALERT)"),
    _p("link-javascript-tab", "url", '<a href="java&#9;script:ALERT">click</a>'),
    _p("link-javascript-newline", "url", '<a href="java\nscript:ALERT">click</a>'),
    _p("link-javascript-space", "url", '<a href=" javascript:ALERT">click</a>'),
    _p("link-vbscript", "url", "[click](vbscript:msgbox)"),
    _p("link-data-html", "url", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    _p("reference-link", "url", "[click][evil]\n\n[evil]: javascript:ALERT"),
    _p("reference-link-entity", "url", "[click][evil]\n\n[evil]: &#106;avascript:ALERT"),
    _p("autolink", "url", "<javascript:ALERT>", reported=False),
    _p("image-javascript", "url", "![x](javascript:ALERT)"),
    _p("link-title-breakout", "url", '[x](page.md "a\\" onmouseover=\\"ALERT")', reported=False),
    _p("image-alt-breakout", "url", '![" onerror="ALERT](missing.png)', reported=False),
    _p("form-action", "embed", '<form action="javascript:ALERT"><button>go</button></form>'),
    _p("button-formaction", "embed", '<button formaction="javascript:ALERT">go</button>'),
    # embedded documents and page-level elements
    _p("iframe-srcdoc", "embed", '<iframe srcdoc="<script>parent.ALERT</script>"></iframe>'),
    _p("iframe-src", "embed", '<iframe src="javascript:ALERT"></iframe>'),
    _p("object-data", "embed", '<object data="javascript:ALERT"></object>'),
    _p("embed-src", "embed", '<embed src="javascript:ALERT">'),
    _p("base-href", "embed", '<base href="https://evil.example/">'),
    _p("meta-refresh", "embed", '<meta http-equiv="refresh" content="0;url=javascript:ALERT">'),
    _p("link-import", "embed", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    _p("style-element", "style", "<style>@import 'https://evil.example/x.css';</style>"),
    _p("style-attribute", "style", '<p style="background:url(https://evil.example/track)">x</p>'),
    # comments, CDATA and parser differentials
    _p("comment-breakout", "comment", "<!--><script>ALERT</script>-->"),
    _p("comment-bang", "comment", "<!-- x --!><script>ALERT</script>"),
    _p("cdata", "comment", "<![CDATA[><script>ALERT</script>]]>"),
    _p("noscript-mxss", "mxss", '<noscript><p title="</noscript><img src=x onerror=ALERT>"></noscript>'),
    _p(
        "math-mxss",
        "mxss",
        "<math><mtext><table><mglyph><style><img src=x onerror=ALERT></style></mglyph></table></mtext></math>",
    ),
    _p("template", "mxss", "<template><script>ALERT</script></template>"),
    _p("textarea-breakout", "mxss", "<textarea></textarea><script>ALERT</script>"),
    _p("title-breakout", "mxss", "<title></title><script>ALERT</script>"),
    # code-fence confusion: the old line checker skipped everything after an unbalanced fence
    _p("fence-unclosed", "fence", "```\ncode\n\n<script>ALERT</script>"),
    _p("fence-mixed", "fence", '~~~\n```\n~~~\n<img src="x" onerror="ALERT">'),
    _p("fence-indented", "fence", '    ```\n<img src="x" onerror="ALERT">'),
    # Markdown extensions that write markup
    _p("admonition-title", "extension", '!!! note "<img src=x onerror=ALERT>"\n    Text.', reported=False),
    _p("details-summary", "extension", '??? note "<script>ALERT</script>"\n    Text.'),
    _p("abbreviation", "extension", "HTML here.\n\n*[HTML]: <img src=x onerror=ALERT>", reported=False),
    _p("footnote", "extension", 'Text.[^1]\n\n[^1]: <img src="x" onerror="ALERT">'),
    _p("md-in-html", "extension", '<div markdown="1" onclick="ALERT">**x**</div>'),
    _p("table-cell", "extension", '| a | b |\n|---|---|\n| <img src="x" onerror="ALERT"> | x |'),
    _p("task-list", "extension", '- [ ] <img src="x" onerror="ALERT">'),
    _p("definition-list", "extension", 'Term\n:   <img src="x" onerror="ALERT">'),
    # reserved names that would shadow or restyle the site's own interface
    _p("reserved-id", "reserved", '<p id="__md_scope">x</p>\n\n## Questionnaire {#bt-questionnaire-title}'),
    _p("reserved-class", "reserved", '<div class="md-header bt-fallback">fake banner</div>'),
)

# Must render exactly as before and be reported by nothing.
BENIGN_CONTROLS: tuple[tuple[str, str], ...] = (
    ("code-block-script", "```html\n<script>alert('x')</script>\n```"),
    ("inline-code-tag", "Use `<b>` for bold and `<script>` never."),
    ("word-onerror", "The onerror handler and the word javascript: are only prose here."),
    ("less-than-prose", "Sales < Marketing? 3 < 5 and 5 > 3 & so on."),
    ("entity-prose", "Write &lt;script&gt; to show a tag."),
    ("admonition", '!!! note "Careful"\n    Text.'),
    ("table", "| a | b |\n|:--|--:|\n| 1 | 2 |"),
    ("footnote", "Text.[^1]\n\n[^1]: A note."),
    ("abbreviation", "HTML here.\n\n*[HTML]: Hypertext Markup Language"),
    ("task-list", "- [x] done\n- [ ] to do"),
    ("heading-id", "## Title {#title}"),
    ("links", "[page](page.md), [site](https://example.org/), [mail](mailto:a@example.org)"),
    ("image", "![A chart](chart.png)"),
    ("details", '??? tip "More"\n    Hidden text.'),
)

# Plain-text fields: must show exactly as written, wherever they appear.
TEXT_PAYLOADS: tuple[str, ...] = (
    "Managing </title><script>alert('title')</script>",
    "Sales < Marketing? & more",
    '" onmouseover="alert(\'attr\')" x="',
    "<img src=x onerror=alert('img')>",
    "&lt;script&gt;alert('entity')&lt;/script&gt;",
    "{{ 7*7 }} {% raw %}",
    "`code` *em* [link](javascript:alert('md'))",
)
