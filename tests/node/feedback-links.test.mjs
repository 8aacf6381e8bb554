// Feedback links (invitation, response, sealed): every valid link comes back unchanged, and every way a
// link can be wrong gives its own error kind, never an exception or someone else's answers.
import assert from "node:assert/strict";
import {describe, test} from "node:test";

import {
  LINK_MAX_CHARS,
  NAME_MAX_CHARS,
  RATER_MARK_CHARS,
  cleanName,
  decodeInvitation,
  decodeResponse,
  encodeInvitation,
  encodeResponse,
  isSealed,
  newRaterMark,
  observerItems,
  openSealedLink,
  raterMarkOf,
  sealLink,
} from "../../build_tools/theme/assets/javascripts/assessment/feedback-links.js";
import {fnv1a} from "../../build_tools/theme/assets/javascripts/assessment/link-codec.js";
import {random, randomAnswers, sampleForm} from "./fixtures.mjs";

const form = sampleForm({rubricId: "sample-form", version: 3});
const other = sampleForm({rubricId: "other", version: 1, likert: 4, choices: 0});
const forms = {[form.rubricId]: form, [other.rubricId]: other};

/** Only the statements' answers: what a response carries. @param {Record<string, number | string>} answers */
function statementsOnly(answers) {
  const ids = new Set(observerItems(form).map((item) => item.id));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => ids.has(id)));
}

/** A link with a valid checksum over any fields (what a forger who read the code can make). @param {string[]} body */
function forged(body) {
  return `${body.join(".")}.${fnv1a(body.join("|"))}`;
}

describe("invitation links", () => {
  test("carry the assessment, its version and the name, unchanged", () => {
    for (const name of ["", "Anna", "Łucja", "李明", "Jean-Éric", "O'Brien", "x".repeat(NAME_MAX_CHARS)]) {
      const link = encodeInvitation(form, name);
      assert.deepEqual(decodeInvitation(forms, link), {invitation: {rubricId: "sample-form", version: 3, name}}, name);
      assert.match(link, /^[A-Za-z0-9_.-]+$/, "safe in a URL fragment without escaping");
    }
  });

  test("names are tidied, and refused when they cannot be shown as typed", () => {
    assert.equal(cleanName("  Anna   Maria "), "Anna Maria");
    assert.equal(cleanName("e\u0301"), "\u00e9", "NFC");
    for (const bad of ["Anna\u202e", "a\u0000b", "a\u200bb", "x".repeat(NAME_MAX_CHARS + 1)]) {
      assert.equal(cleanName(bad), null, JSON.stringify(bad));
      assert.throws(() => encodeInvitation(form, bad), RangeError);
    }
  });

  const link = encodeInvitation(form, "Anna");
  const [, id, version, name] = link.split(".");
  /** @type {[string, string, string][]} name, link, error */
  const cases = [
    ["empty", "", "invalid"],
    ["another kind of link", encodeResponse(form, {l0: 1}, {rater: newRaterMark()}), "invalid"],
    ["a result link", "1.3.012-.0a1b2c3d", "invalid"],
    ["spaces and percent signs", `${link} `, "invalid"],
    ["over the length cap", `i1.${"a".repeat(LINK_MAX_CHARS)}`, "invalid"],
    ["a newer format", forged(["i2", id, version, name]), "format"],
    ["cut inside the checksum", link.slice(0, -3), "truncated"],
    ["cut before the checksum", link.slice(0, link.lastIndexOf(".")), "truncated"],
    ["cut after the assessment", link.split(".").slice(0, 2).join("."), "truncated"],
    ["one character changed", link.replace(".3.", ".4."), "tampered"],
    ["a wrong checksum", `${link.slice(0, -1)}${link.endsWith("0") ? "1" : "0"}`, "tampered"],
    ["an unknown assessment", forged(["i1", "no-such-test", version, name]), "unknown-assessment"],
    ["another rubric version", forged(["i1", id, "2", name]), "outdated"],
    ["a version that is not a number", forged(["i1", id, "03", name]), "tampered"],
    ["an id that is not an id", forged(["i1", "Sample_Form", version, name]), "tampered"],
    ["a name that is not base64url", forged(["i1", id, version, "QW5u-"]), "tampered"],
    ["a name that is not UTF-8", forged(["i1", id, version, "_w"]), "tampered"],
    ["a name with a bidirectional override", forged(["i1", id, version, "4oCuQW5uYQ"]), "invalid"],
    ["a prototype key as assessment", forged(["i1", "constructor", version, name]), "unknown-assessment"],
    ["an extra field", forged(["i1", id, version, name, "x"]), "invalid"],
  ];
  for (const [what, text, error] of cases) {
    test(`refused: ${what}`, () => assert.deepEqual(decodeInvitation(forms, text), {error}));
  }
});

describe("response links", () => {
  test("500 random answer sets come back as their statements' answers", () => {
    const next = random(20261203);
    let tried = 0;
    while (tried < 500) {
      const answers = randomAnswers(form, next);
      const expected = statementsOnly(answers);
      if (!Object.keys(expected).length) continue;
      const shown = next() < 0.5;
      const rater = newRaterMark();
      const link = encodeResponse(form, answers, {rater, shown});
      assert.equal(raterMarkOf(link), rater);
      const decoded = decodeResponse(forms, link);
      assert.deepEqual(decoded, {response: {rubricId: form.rubricId, version: form.version, rater, answers: expected, shown}});
      tried += 1;
    }
  });

  test("carry one character per statement and nothing about choice questions", () => {
    const link = encodeResponse(form, {l0: 5, l1: 1, c0: "north"}, {rater: "AAAAAAAA"});
    assert.equal(link.split(".")[5], "40----");
    assert.equal(link.split(".")[4], "0", "not shown individually unless the rater says so");
  });

  test("carry a random rater mark: the same answers from two raters are two links", () => {
    const marks = new Set(Array.from({length: 200}, () => newRaterMark()));
    assert.equal(marks.size, 200);
    for (const mark of marks) assert.match(mark, new RegExp(`^[A-Za-z0-9_-]{${RATER_MARK_CHARS}}$`));
    const answers = {l0: 5, l2: 3};
    assert.notEqual(encodeResponse(form, answers, {rater: newRaterMark()}), encodeResponse(form, answers, {rater: newRaterMark()}));
    assert.throws(() => encodeResponse(form, answers, {rater: "short"}), RangeError);
  });

  const link = encodeResponse(form, {l0: 5, l2: 3}, {rater: "Zx-_09ab", shown: true});
  const [, id, version, rater, shown, codes] = link.split(".");
  /** @type {[string, string, string][]} */
  const cases = [
    ["an invitation", encodeInvitation(form, "Anna"), "invalid"],
    ["over the length cap", `r1.${"0".repeat(LINK_MAX_CHARS)}`, "invalid"],
    ["an older format", forged(["r0", id, version, rater, shown, codes]), "format"],
    ["cut inside the answers", link.slice(0, link.lastIndexOf(".") - 2), "truncated"],
    ["cut inside the checksum", link.slice(0, -1), "truncated"],
    ["an answer changed", link.replace(`.${codes}.`, `.${codes.replace("4", "3")}.`), "tampered"],
    ["the shown flag changed", link.replace(`.${shown}.`, ".0."), "tampered"],
    ["an unknown assessment", forged(["r1", "gone", version, rater, shown, codes]), "unknown-assessment"],
    ["another rubric version", forged(["r1", id, "4", rater, shown, codes]), "outdated"],
    ["one answer too few", forged(["r1", id, version, rater, shown, codes.slice(1)]), "tampered"],
    ["one answer too many", forged(["r1", id, version, rater, shown, `${codes}-`]), "tampered"],
    ["an option the scale does not have", forged(["r1", id, version, rater, shown, `z${codes.slice(1)}`]), "tampered"],
    ["no answer at all", forged(["r1", id, version, rater, shown, "------"]), "tampered"],
    ["a shown flag that is not 0 or 1", forged(["r1", id, version, rater, "2", codes]), "tampered"],
    ["another assessment's answers", forged(["r1", "other", "1", rater, shown, codes]), "tampered"],
    ["a rater mark too short", forged(["r1", id, version, rater.slice(1), shown, codes]), "tampered"],
    ["a rater mark too long", forged(["r1", id, version, `${rater}A`, shown, codes]), "tampered"],
    ["no rater mark (the fields of an earlier draft)", forged(["r1", id, version, shown, codes]), "truncated"],
  ];
  for (const [what, text, error] of cases) {
    test(`refused: ${what}`, () => assert.deepEqual(decodeResponse(forms, text), {error}));
  }
});

describe("sealed links", () => {
  const response = encodeResponse(form, {l0: 5, l2: 3}, {rater: newRaterMark()});

  test("open with the passphrase, to the very link sealed, and show nothing of it without", async () => {
    const sealed = await sealLink(response, "blue kettle 42");
    assert.ok(isSealed(sealed) && !isSealed(response));
    assert.ok(!sealed.includes(form.rubricId), "the assessment is hidden too");
    assert.match(sealed, /^[A-Za-z0-9_.-]+$/);
    assert.deepEqual(await openSealedLink(sealed, "blue kettle 42"), {link: response});
    assert.notEqual(await sealLink(response, "blue kettle 42"), sealed, "a fresh salt and IV every time");
  });

  test("a passphrase typed in another Unicode normal form opens it", async () => {
    const sealed = await sealLink(response, "caf\u00e9");
    assert.deepEqual(await openSealedLink(sealed, "cafe\u0301"), {link: response});
  });

  test("a blank passphrase is refused when sealing", async () => {
    await assert.rejects(sealLink(response, "  "), RangeError);
  });

  test("every way a sealed link can be wrong has its own kind", async () => {
    const sealed = await sealLink(response, "right");
    const [, salt, iv, cipher] = sealed.split(".");
    const flipped = `${cipher.slice(0, 5)}${cipher[5] === "A" ? "B" : "A"}${cipher.slice(6)}`;
    /** @type {[string, string, string, string][]} what, link, passphrase, error */
    const cases = [
      ["a wrong passphrase", sealed, "wrong", "passphrase"],
      ["a changed character", sealed.replace(cipher, flipped), "right", "tampered"],
      ["cut inside the ciphertext", sealed.slice(0, sealed.lastIndexOf(".") - 4), "right", "truncated"],
      ["cut inside the checksum", sealed.slice(0, -2), "right", "truncated"],
      ["an older format", forged(["s0", salt, iv, cipher]), "right", "format"],
      ["a short salt", forged(["s1", salt.slice(2), iv, cipher]), "right", "tampered"],
      ["no ciphertext beyond the tag", forged(["s1", salt, iv, "AAAAAAAAAAAAAAAAAAAAAA"]), "right", "tampered"],
      ["a forged checksum over changed ciphertext", forged(["s1", salt, iv, flipped]), "right", "passphrase"],
      ["not base64url", forged(["s1", salt, iv, `${cipher}=`]), "right", "invalid"],
      ["over the length cap", `s1.${"A".repeat(LINK_MAX_CHARS)}`, "right", "invalid"],
    ];
    for (const [what, text, passphrase, error] of cases) {
      assert.deepEqual(await openSealedLink(text, passphrase), {error}, what);
    }
  });
});
