// Stored values are hostile: whatever localStorage gives back is checked against what the page writes, and
// storage that throws or is full leaves the page working for the session.
import assert from "node:assert/strict";
import {describe, test} from "node:test";

import {
  STORAGE_PREFIX,
  Store,
  UNREADABLE,
  checkSavedAnswers,
} from "../../build_tools/theme/assets/javascripts/assessment/storage.js";
import {sampleForm} from "./fixtures.mjs";

/** localStorage as a Map; `fail` names the operations that throw. @param {Set<string>} [fail] */
function area(fail = new Set()) {
  /** @type {Map<string, string>} */
  const data = new Map();
  /** @param {string} name */
  const guard = (name) => {
    if (fail.has(name)) throw new DOMException("blocked", "SecurityError");
  };
  return {
    data,
    getItem: (/** @type {string} */ key) => (guard("get"), data.get(key) ?? null),
    setItem: (/** @type {string} */ key, /** @type {unknown} */ value) => (guard("set"), data.set(key, String(value))),
    removeItem: (/** @type {string} */ key) => (guard("remove"), data.delete(key)),
    key: (/** @type {number} */ index) => (guard("key"), [...data.keys()][index] ?? null),
    get length() {
      guard("length");
      return data.size;
    },
  };
}

const form = sampleForm();
const saved = "2025-03-01T10:00:00.000Z";

describe("Store", () => {
  test("keeps values as JSON under the rubric's id and version", () => {
    const storage = area();
    const store = new Store("sample", 3, () => storage);
    assert.ok(store.available);
    assert.ok(store.set(store.answersKey, {saved, answers: {l0: 1}}));
    assert.equal(store.answersKey, `${STORAGE_PREFIX}sample.v3.answers`);
    assert.deepEqual(JSON.parse(storage.data.get(store.answersKey) ?? "null"), {saved, answers: {l0: 1}});
    assert.deepEqual(store.get(store.answersKey), {saved, answers: {l0: 1}});
    assert.equal(store.get(store.historyKey), undefined);
  });

  test("text that is not JSON reads as unreadable, not as a value", () => {
    const storage = area();
    const store = new Store("sample", 3, () => storage);
    for (const text of ["{", "undefined", "NaN", "'x'", "{\"a\":1}}"]) {
      storage.data.set(store.answersKey, text);
      assert.equal(store.get(store.answersKey), UNREADABLE, text);
    }
  });

  test("storage that throws on every use: nothing is lost for the session, and the page knows", () => {
    const storage = area(new Set(["get", "set", "remove", "key", "length"]));
    const store = new Store("sample", 3, () => storage);
    assert.equal(store.available, false);
    assert.equal(store.get(store.answersKey), undefined);
    assert.equal(store.set(store.answersKey, {saved, answers: {l0: 2}}), false);
    assert.deepEqual(store.get(store.answersKey), {saved, answers: {l0: 2}});
    store.remove(store.answersKey);
    assert.equal(store.get(store.answersKey), undefined);
    store.set(store.historyKey, {keep: true, entries: []});
    store.clearAll();
    assert.equal(store.get(store.historyKey), undefined);
  });

  test("a storage getter that throws (site data blocked) is the same as storage that throws", () => {
    const store = new Store("sample", 3, () => {
      throw new DOMException("blocked", "SecurityError");
    });
    assert.equal(store.available, false);
    assert.equal(store.set(store.answersKey, 1), false);
    assert.equal(store.get(store.answersKey), 1);
  });

  test("full storage keeps the value in memory and says so", () => {
    const storage = area(new Set(["set"]));
    const store = new Store("sample", 3, () => storage);
    assert.equal(store.available, false);
    assert.equal(store.set(store.answersKey, {saved, answers: {}}), false);
    assert.deepEqual(store.get(store.answersKey), {saved, answers: {}});
  });

  test("clearing removes every version of this rubric and nothing else", () => {
    const storage = area();
    for (const key of ["bt.assessment.sample.v1.answers", "bt.assessment.sample.v3.history",
      "bt.assessment.sampler.v3.answers", "bt.assessment.other.v3.answers", "__palette"]) storage.data.set(key, "1");
    new Store("sample", 3, () => storage).clearAll();
    assert.deepEqual([...storage.data.keys()].sort(),
      ["__palette", "bt.assessment.other.v3.answers", "bt.assessment.sampler.v3.answers"]);
  });
});

describe("saved answers", () => {
  test("nothing stored, or an empty record, restores nothing", () => {
    assert.deepEqual(checkSavedAnswers(form, undefined), {outcome: "none"});
    assert.deepEqual(checkSavedAnswers(form, {saved, answers: {}}), {outcome: "none"});
  });

  test("a record the page wrote is kept whole", () => {
    const answers = {l0: 1, l5: 5, c0: "north"};
    assert.deepEqual(checkSavedAnswers(form, {saved, answers}), {outcome: "kept", answers, date: saved});
  });

  const discarded = {
    "unreadable text": UNREADABLE,
    "null": null,
    "a number": 7,
    "a string": "answers",
    "an array": [{saved, answers: {l0: 1}}],
    "no date": {answers: {l0: 1}},
    "a date that is not one": {saved: "yesterday", answers: {l0: 1}},
    "a date that is too long": {saved: `${saved}${" ".repeat(40)}`, answers: {l0: 1}},
    "answers as an array": {saved, answers: [1, 2, 3]},
    "answers as text": {saved, answers: "l0=1"},
    "only answers the form does not offer": {saved, answers: {l0: 6, l1: "3", c0: "west", x: 1}},
    "only keys from Object's prototype": {saved, answers: JSON.parse('{"__proto__": {"l0": 1}, "constructor": 1}')},
    "a Likert answer as text": {saved, answers: {l0: "1"}},
    "a choice answer as a number": {saved, answers: {c0: 1}},
    "a Likert answer that is not a whole option": {saved, answers: {l0: 1.5}},
  };
  for (const [name, stored] of Object.entries(discarded)) {
    test(`${name} is discarded`, () => {
      assert.deepEqual(checkSavedAnswers(form, stored), {outcome: "discard"});
    });
  }

  test("answers the form does not offer are dropped, and the rest kept", () => {
    const check = checkSavedAnswers(form, {saved, answers: {l0: 4, l1: 9, c0: "east", c1: "<img src=x>", zz: 1}});
    assert.deepEqual(check, {outcome: "partial", answers: {l0: 4, c0: "east"}, date: saved});
  });
});
