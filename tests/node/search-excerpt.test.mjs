// Search results: an excerpt becomes text runs with Pagefind's <mark>s as the only markup, whatever the page
// said; a result's address is followed only if it is a page of this language on this site.
import assert from "node:assert/strict";
import {test} from "node:test";

import {
  excerptNodes,
  excerptRuns,
  resultHref,
  unescapeExcerpt,
} from "../../build_tools/theme/assets/javascripts/search/excerpt.js";

const cases = [
  // [what Pagefind returned, the runs shown]
  ["plain text", [["plain text", false]]],
  ["a <mark>word</mark> here", [["a ", false], ["word", true], [" here", false]]],
  ["<mark>start</mark><mark>next</mark>", [["start", true], ["next", true]]],
  // the page's own markup, as Pagefind escapes it: text, never an element (nor a fake highlight)
  ["&lt;img src=x onerror=alert(1)&gt; <mark>Title</mark>", [["<img src=x onerror=alert(1)> ", false], ["Title", true]]],
  ["&lt;mark&gt;fake&lt;/mark&gt; real", [["<mark>fake</mark> real", false]]],
  ["<mark>&lt;script&gt;</mark>alert(1)", [["<script>", true], ["alert(1)", false]]],
  // `&` is not escaped by Pagefind: a page's literal entity text stays as written
  ["Sales &amp; more &quot;x&quot;", [["Sales &amp; more &quot;x&quot;", false]]],
  // anything that is not exactly Pagefind's <mark> is text
  ["<mark class=x>a</mark> <b>b</b>", [["<mark class=x>a</mark> <b>b</b>", false]]],
  ["unclosed <mark>tail", [["unclosed <mark>tail", false]]],
  ["", []],
];

test("excerpts become text runs, Pagefind's marks the only markup", () => {
  for (const [excerpt, expected] of cases) {
    assert.deepEqual(
      excerptRuns(excerpt).map((run) => [run.text, run.marked]),
      expected,
      JSON.stringify(excerpt),
    );
  }
});

test("a missing or odd excerpt shows nothing", () => {
  for (const value of [undefined, null, 42, {toString: () => "<b>x</b>"}, ["<mark>x</mark>"]]) {
    assert.deepEqual(excerptRuns(value), []);
  }
});

test("only < and > are unescaped", () => {
  assert.equal(unescapeExcerpt("&lt;a&gt; &amp;lt; &#60;"), "<a> &amp;lt; &#60;");
});

test("the nodes are text nodes and <mark> elements holding text", () => {
  /** @type {Array<{kind: string, name: string, textContent: string}>} */
  const made = [];
  const fake = {
    createTextNode: (/** @type {string} */ text) => ({kind: "text", text}),
    createElement: (/** @type {string} */ name) => {
      const element = {kind: "element", name, textContent: ""};
      made.push(element);
      return element;
    },
  };
  const nodes = excerptNodes(/** @type {any} */ (fake), "&lt;img onerror=x&gt; <mark>hit</mark>");
  assert.deepEqual(nodes, [{kind: "text", text: "<img onerror=x> "}, {kind: "element", name: "mark", textContent: "hit"}]);
  assert.deepEqual(made.map((element) => element.name), ["mark"]);
});

test("results lead only to this language's pages on this site", () => {
  const root = new URL("https://kb.example/site/pl/");
  const followed = [
    ["/site/pl/articles/x/", "https://kb.example/site/pl/articles/x/"],
    ["https://kb.example/site/pl/", "https://kb.example/site/pl/"],
    ["articles/y/", "https://kb.example/site/pl/articles/y/"],
  ];
  for (const [url, expected] of followed) assert.equal(resultHref(url, root), expected, url);
  const refused = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/site/pl/",
    "//evil.example/site/pl/",
    "/site/en/articles/x/",
    "/other/",
    "",
    undefined,
    42,
  ];
  for (const url of refused) assert.equal(resultHref(url, root), null, String(url));
});
