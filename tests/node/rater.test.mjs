// The rater's side without the page: invitations are found only in "#invite=" fragments, the response URL
// carries the link in its fragment and decodes back to the same answers, the observer form is used only when
// it words every statement, and every way a link can fail has its own message key.
import assert from "node:assert/strict";
import {readFile} from "node:fs/promises";
import {describe, test} from "node:test";

import {
  RESPONSE_PARAMETER,
  decodeResponse,
  encodeInvitation,
  encodeResponse,
  newRaterMark,
  observerItems,
} from "../../build_tools/theme/assets/javascripts/assessment/feedback-links.js";
import {
  errorText,
  invitationInFragment,
  observerForm,
  responseUrl,
} from "../../build_tools/theme/assets/javascripts/assessment/rater.js";
import {random, randomAnswers, sampleForm} from "./fixtures.mjs";

const form = sampleForm({rubricId: "sample-form", version: 2});
const wordings = Object.fromEntries(observerItems(form).map((item) => [item.id, `This manager does ${item.id}.`]));

describe("invitations in the URL fragment", () => {
  const link = encodeInvitation(form, "Anna");
  test("are found with or without the hash sign, and only there", () => {
    assert.equal(invitationInFragment(`#invite=${link}`), link);
    assert.equal(invitationInFragment(`invite=${link}`), link);
    assert.equal(invitationInFragment(`#invite=${encodeURIComponent(link)}%20`), link, "percent-encoded, padded");
    for (const other of ["", "#", "#answers=1.2.3.abc", `#response=${link}`, `#x-invite=${link}`, "#invite"]) {
      assert.equal(invitationInFragment(other), null, other);
    }
  });

  test("that cannot be percent-decoded are still invitations, with no text to decode", () => {
    assert.equal(invitationInFragment("#invite=%E0%A4%A"), "");
    assert.equal(invitationInFragment("#invite="), "");
  });
});

describe("response URLs", () => {
  test("are the page with the response link as the whole fragment, answers intact", () => {
    const next = random(11);
    for (let round = 0; round < 50; round += 1) {
      const answers = randomAnswers(form, next, 0.8);
      const statements = Object.fromEntries(Object.entries(answers).filter(([id]) => id.startsWith("l")));
      if (!Object.keys(statements).length) continue;
      const rater = newRaterMark();
      const link = encodeResponse(form, answers, {rater, shown: round % 2 === 0});
      const url = new URL(responseUrl("https://example.test/en/assessments/x/?q=1#invite=old", link));
      assert.equal(url.pathname, "/en/assessments/x/");
      assert.equal(url.search, "?q=1");
      assert.equal(url.hash, `#${RESPONSE_PARAMETER}${link}`);
      const decoded = decodeResponse({[form.rubricId]: form}, url.hash.slice(1 + RESPONSE_PARAMETER.length));
      assert.deepEqual(decoded, {response: {rubricId: form.rubricId, version: 2, rater, answers: statements,
        shown: round % 2 === 0}});
    }
  });
});

describe("the observer form the page carries", () => {
  test("lists every statement in the form's order with its wording, and no choice item", () => {
    const shuffled = Object.fromEntries(Object.entries(wordings).reverse());
    const found = observerForm(form, {instructions: "Rate what you have seen.", items: shuffled});
    assert.ok(found);
    assert.equal(found.instructions, "Rate what you have seen.");
    assert.deepEqual(found.statements.map(({item}) => item.id), observerItems(form).map((item) => item.id));
    assert.deepEqual(found.statements.map(({text}) => text), observerItems(form).map((item) => wordings[item.id]));
  });

  test("is not offered unless every statement has a wording", () => {
    const [first] = observerItems(form);
    const without = Object.fromEntries(Object.entries(wordings).filter(([id]) => id !== first.id));
    /** @type {[string, unknown][]} */
    const cases = [
      ["nothing", null],
      ["not an object", "text"],
      ["no instructions", {items: wordings}],
      ["instructions not text", {instructions: 3, items: wordings}],
      ["no items", {instructions: "x"}],
      ["one statement missing", {instructions: "x", items: without}],
      ["one statement blank", {instructions: "x", items: {...wordings, [first.id]: "  "}}],
      ["one statement not text", {instructions: "x", items: {...wordings, [first.id]: ["a"]}}],
      ["inherited wordings only", {instructions: "x", items: Object.create(wordings)}],
    ];
    for (const [name, carried] of cases) assert.equal(observerForm(form, carried), null, name);
    assert.equal(observerForm(sampleForm({likert: 0}), {instructions: "x", items: {}}), null, "no statements");
  });
});

describe("error messages", () => {
  test("every way an invitation can fail has its own string in every language", async () => {
    /** @type {import("../../build_tools/theme/assets/javascripts/assessment/rater.js").RaterError[]} */
    const kinds = ["invalid", "format", "truncated", "tampered", "unknown-assessment", "outdated", "passphrase",
      "unavailable", "no-crypto"];
    const keys = new Set(kinds.map(errorText));
    assert.equal(keys.size, kinds.length);
    const mkdocs = await readFile(new URL("../../mkdocs.yml", import.meta.url), "utf8");
    const languages = [...mkdocs.matchAll(/^\s+- \{code: ([a-z]{2,3}(?:-[A-Za-z]+)?),/gm)].map((match) => match[1]);
    assert.ok(languages.includes("en") && languages.length > 1, `languages from mkdocs.yml: ${languages}`);
    for (const language of languages) {
      const text = await readFile(new URL(`../../build_tools/locales/${language}.yml`, import.meta.url), "utf8");
      const errors = text.slice(text.indexOf("\n  rater:\n")).split("\n    errors:\n")[1];
      for (const key of keys) {
        const name = key.split(".").at(-1);
        assert.match(errors, new RegExp(`^      ${name}: \\S`, "m"), `${language}: ${key}`);
      }
    }
  });
});
