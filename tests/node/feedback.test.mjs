// The taker's side of feedback without the page: response links are found in fragments and pasted text,
// the raters kept on the device are checked like any stored value (a hand-edited or foreign record never
// reaches the comparison), the same response counts once, and the engine's output is read defensively.
import assert from "node:assert/strict";
import {describe, test} from "node:test";

import {
  MAX_RATERS,
  RATERS_FORMAT,
  checkRaters,
  ratersRecord,
  responseInFragment,
  responseInPasted,
  resultOf,
  withRater,
} from "../../build_tools/theme/assets/javascripts/assessment/feedback.js";
import {encodeInvitation, encodeResponse, newRaterMark} from "../../build_tools/theme/assets/javascripts/assessment/feedback-links.js";
import {Store} from "../../build_tools/theme/assets/javascripts/assessment/storage.js";
import {random, randomAnswers, sampleForm} from "./fixtures.mjs";

const form = sampleForm({rubricId: "sample-form", version: 3});
const older = sampleForm({rubricId: "sample-form", version: 2});
const other = sampleForm({rubricId: "other-form", version: 3});
const added = "2026-12-01T10:00:00.000Z";

/**
 * A response to `to` with answers drawn from `seed` (at least one statement answered).
 *
 * @param {number} seed
 * @param {import("../../build_tools/theme/assets/javascripts/assessment/form-model.js").FormModel} [to]
 * @param {boolean} [shown]
 */
function response(seed, to = form, shown = false, rater = newRaterMark()) {
  const next = random(seed);
  let answers = {};
  while (!Object.keys(answers).filter((id) => id.startsWith("l")).length) answers = randomAnswers(to, next);
  return encodeResponse(to, answers, {rater, shown});
}

describe("finding a response link", () => {
  const link = response(1);
  test("in the URL's fragment, and only there after response=", () => {
    assert.equal(responseInFragment(`#response=${link}`), link);
    assert.equal(responseInFragment(`response=${link}`), link);
    assert.equal(responseInFragment(`#invite=${link}`), null);
    assert.equal(responseInFragment(`#answers=abc`), null);
    assert.equal(responseInFragment(""), null);
  });
  test("in pasted text: a whole URL, a fragment or the link alone, with spaces around", () => {
    for (const pasted of [`https://example.org/en/assessments/x/#response=${link}`, `#response=${link}`,
      `response=${link}`, `  ${link}\n`]) {
      assert.equal(responseInPasted(pasted), link, pasted);
    }
  });
  test("nothing in text that is no link at all (the page then says it is not a response link)", () => {
    for (const pasted of ["", "hello", "https://example.org/en/", "<script>"]) assert.equal(responseInPasted(pasted), null);
  });
});

describe("the raters kept on the device", () => {
  const links = [response(1), response(2, form, true), response(3)];
  const record = ratersRecord(links.map((link) => ({link, added})));

  test("a record this page writes is kept as it is", () => {
    assert.deepEqual(checkRaters(form, record), {outcome: "kept", raters: record.raters});
    assert.equal(record.format, RATERS_FORMAT);
  });

  test("nothing stored, or an empty list, is nothing", () => {
    assert.deepEqual(checkRaters(form, undefined), {outcome: "none"});
    assert.deepEqual(checkRaters(form, ratersRecord([])), {outcome: "none"});
  });

  test("a record of another shape or format version is discarded whole", () => {
    const tooMany = ratersRecord(Array.from({length: MAX_RATERS + 1}, (_, index) => ({link: response(100 + index), added})));
    for (const stored of [null, 7, "text", [], {}, {format: RATERS_FORMAT + 1, raters: record.raters},
      {format: String(RATERS_FORMAT), raters: record.raters}, {format: RATERS_FORMAT, raters: {}}, tooMany,
      Symbol.for("unreadable")]) {
      assert.deepEqual(checkRaters(form, stored), {outcome: "discard"}, String(stored));
    }
  });

  test("entries that fail are dropped, the rest kept: damaged, foreign, outdated, invitations, duplicates", () => {
    const bad = [
      {link: `${links[0].slice(0, -1)}0`, added},
      {link: response(4, other), added},
      {link: response(5, older), added},
      {link: encodeInvitation(form, "Ann"), added},
      {link: links[1], added},
      {link: response(6), added: "yesterday"},
      {link: 42, added},
      "r1",
      null,
    ];
    const check = checkRaters(form, {format: RATERS_FORMAT, raters: [...record.raters, ...bad]});
    assert.deepEqual(check, {outcome: "partial", raters: record.raters});
    // Without the good ones (and without the duplicate, which is only one beside its original): nothing is left.
    const worthless = bad.filter((entry) => !(entry && typeof entry === "object" && entry.link === links[1]));
    assert.deepEqual(checkRaters(form, {format: RATERS_FORMAT, raters: worthless}), {outcome: "discard"});
  });

  test("the same response counts once, and the list has a ceiling", () => {
    const now = new Date(added);
    const one = withRater([], links[0], now);
    assert.deepEqual(one, {raters: [{link: links[0], added}], replaced: false});
    assert.ok(typeof one === "object");
    assert.equal(withRater(one.raters, links[0], now), "duplicate");
    const full = Array.from({length: MAX_RATERS}, (_, index) => ({link: response(200 + index), added}));
    assert.equal(withRater(full, links[1], now), "full");
  });

  test("two raters with the same answers are two; a rater's newer response replaces their earlier one", () => {
    const now = new Date(added);
    const first = response(300, form, false, "AAAAAAAA");
    const twin = response(300, form, false, "BBBBBBBB");
    const corrected = response(301, form, true, "AAAAAAAA");
    const both = withRater([{link: first, added}], twin, now);
    assert.deepEqual(both, {raters: [{link: first, added}, {link: twin, added}], replaced: false});
    assert.ok(typeof both === "object");
    const later = new Date("2026-12-04T09:00:00.000Z");
    assert.deepEqual(withRater(both.raters, corrected, later), {
      raters: [{link: corrected, added: later.toISOString()}, {link: twin, added}], replaced: true,
    });
    // Even at the ceiling a correction is taken: it adds nobody.
    const full = [{link: first, added}, ...Array.from({length: MAX_RATERS - 1}, (_, index) => ({link: response(400 + index), added}))];
    assert.equal(withRater(full, twin, now), "full");
    assert.ok(typeof withRater(full, corrected, now) === "object");
    // Read back from storage, two entries of one rater keep the first only.
    assert.deepEqual(checkRaters(form, {format: RATERS_FORMAT, raters: [{link: first, added}, {link: corrected, added}]}),
      {outcome: "partial", raters: [{link: first, added}]});
  });

  test("stored under the rubric's id and version, beside the answers, and cleared with them", () => {
    const data = new Map();
    const area = {
      getItem: (/** @type {string} */ key) => data.get(key) ?? null,
      setItem: (/** @type {string} */ key, /** @type {string} */ value) => data.set(key, value),
      removeItem: (/** @type {string} */ key) => data.delete(key),
      key: (/** @type {number} */ index) => [...data.keys()][index] ?? null,
      get length() {
        return data.size;
      },
    };
    const store = new Store(form.rubricId, form.version, () => area);
    assert.equal(store.ratersKey, "bt.assessment.sample-form.v3.raters");
    store.set(store.ratersKey, record);
    store.set(store.answersKey, {saved: added, answers: {l0: 1}});
    assert.deepEqual(checkRaters(form, store.get(store.ratersKey)), {outcome: "kept", raters: record.raters});
    store.clearAll();
    assert.equal(data.size, 0);
  });
});

describe("the engine's output for a rater", () => {
  test("a result only when the engine says ok", () => {
    const result = {rubric: {id: "x", version: 1}, scales: []};
    assert.deepEqual(resultOf(JSON.stringify({ok: true, result})), result);
    for (const output of ["", "not json", "null", "[]", JSON.stringify({ok: false, error: {kind: "x"}}),
      JSON.stringify({ok: true}), JSON.stringify({ok: "true", result}), JSON.stringify({ok: true, result: [1]})]) {
      assert.equal(resultOf(output), null, output);
    }
  });
});
