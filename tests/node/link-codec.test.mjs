// Result links: every set of answers the form can hold survives the link, and a link that is not one this
// rubric's page wrote opens nothing.
import assert from "node:assert/strict";
import {describe, test} from "node:test";

import {
  LINK_PARAMETER,
  decodeLink,
  encodeLink,
  fnv1a,
  hasLink,
  linkText,
  linkUrl,
} from "../../build_tools/theme/assets/javascripts/assessment/link-codec.js";
import {randomAnswers, random, sampleForm} from "./fixtures.mjs";

const form = sampleForm();

/**
 * A link with the right checksum for any codes (what a forger who read the code can make).
 *
 * @param {string} codes
 * @param {{rubricId?: string, version?: number, format?: string}} [parts]
 */
function forged(codes, {rubricId = form.rubricId, version = form.version, format = "1"} = {}) {
  return `${format}.${version}.${codes}.${fnv1a(`${rubricId}|${version}|${codes}`)}`;
}

describe("result links", () => {
  test("FNV-1a matches its published test vectors", () => {
    assert.equal(fnv1a(""), "811c9dc5");
    assert.equal(fnv1a("a"), "e40c292c");
    assert.equal(fnv1a("foobar"), "bf9cf968");
  });

  test("500 random sets of answers come back unchanged from their links", () => {
    const next = random(20240917);
    let tried = 0;
    while (tried < 500) {
      const answers = randomAnswers(form, next);
      if (!Object.keys(answers).length) continue;
      tried += 1;
      const link = encodeLink(form, answers);
      assert.deepEqual(decodeLink(form, link), {answers}, link);
    }
  });

  test("a whole URL round trip: the fragment holds the link, and only the link", () => {
    const answers = {l0: 5, l3: 1, c1: "east"};
    const url = new URL(linkUrl("https://example.test/en/assessments/sample/?x=1#top", form, answers));
    assert.equal(url.search, "?x=1");
    assert.ok(hasLink(url.hash));
    assert.deepEqual(decodeLink(form, linkText(url.hash)), {answers});
    assert.ok(!url.hash.includes("east"), "answers are coded, not spelled");
  });

  test("a link from an earlier version of the rubric is outdated", () => {
    const old = sampleForm({version: 2});
    assert.deepEqual(decodeLink(form, encodeLink(old, {l0: 1})), {error: "outdated"});
  });

  const hostile = {
    "empty": "",
    "not a link": "hello",
    "another format": forged("0-------", {format: "2"}),
    "a wrong checksum": encodeLink(form, {l0: 1}).replace(/.$/, (last) => (last === "0" ? "1" : "0")),
    "another rubric's link": encodeLink(sampleForm({rubricId: "other"}), {l0: 1}),
    "too few codes": forged("0".repeat(form.items.length - 1)),
    "too many codes": forged("0".repeat(form.items.length + 1)),
    "an option the item does not have": forged(`5${"-".repeat(form.items.length - 1)}`),
    "a code past base 36's digits": forged(`z${"-".repeat(form.items.length - 1)}`),
    "no answer at all": forged("-".repeat(form.items.length)),
    "upper-case codes": forged(`A${"-".repeat(form.items.length - 1)}`),
    "a code from Object's prototype": forged(`__proto__`.padEnd(form.items.length, "-").slice(0, form.items.length)),
    "a negative version": forged("0-------", {version: -3}),
    "surrounding text": ` ${encodeLink(form, {l0: 1})}x`,
    "a huge link": `1.3.${"0".repeat(100000)}.00000000`,
  };
  for (const [name, text] of Object.entries(hostile)) {
    test(`${name} opens nothing`, () => {
      assert.deepEqual(decodeLink(form, text), {error: "invalid"});
    });
  }

  test("a fragment that is not valid percent-encoding reads as no link", () => {
    assert.equal(linkText(`#${LINK_PARAMETER}%E0%A4%A`), "");
    assert.ok(!hasLink("#answers"));
    assert.ok(!hasLink(`?${LINK_PARAMETER}1`));
  });
});
