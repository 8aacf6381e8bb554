// Kept results are hostile too: an entry is used only when it is one the page could have written for this
// rubric, whatever its result type.
import assert from "node:assert/strict";
import {describe, test} from "node:test";

import {
  HISTORY_LIMIT,
  checkHistory,
  historyEntry,
  previousEntry,
  validHistoryEntry,
  withEntry,
} from "../../build_tools/theme/assets/javascripts/assessment/history.js";
import {encodeLink} from "../../build_tools/theme/assets/javascripts/assessment/link-codec.js";
import {SAMPLE_SCORING, sampleForm} from "./fixtures.mjs";

const form = sampleForm();
const date = "2025-03-01T10:00:00.000Z";

/**
 * An entry as the page writes it, with some fields replaced (any value: these are hostile records).
 *
 * @param {unknown} summary
 * @param {Record<string, unknown>} [overrides]
 * @returns {any}
 */
function entry(summary, overrides = {}) {
  return {date, codes: encodeLink(form, {l0: 3}), scales: {even: 40, odd: null}, composites: {overall: 55.5},
    fits: {builder: 70, keeper: null}, summary, ...overrides};
}

const SUMMARIES = {
  "scale-profile": {type: "scale-profile", strongest: ["even"], weakest: ["odd"], even: false},
  composite: {type: "composite", composite: "overall"},
  "profile-fit": {type: "profile-fit", profile: "builder"},
  ranking: {type: "ranking", scale: "odd", tied: []},
};

describe("kept results", () => {
  for (const [type, summary] of Object.entries(SUMMARIES)) {
    test(`an entry the page wrote for a ${type} result is valid`, () => {
      assert.ok(validHistoryEntry(entry(summary), form, SAMPLE_SCORING));
    });
  }

  test("a result with nothing to summarise is valid too", () => {
    for (const summary of [{type: "profile-fit", profile: null}, {type: "ranking", scale: null},
      {type: "scale-profile", strongest: [], weakest: [], even: false},
      {type: "scale-profile", strongest: [], weakest: [], even: true},
      {type: "ranking", scale: null, tied: ["even", "odd"]},
      {type: "profile-fit", profile: null, tied: ["builder", "keeper"]}, {type: "profile-fit", profile: null, tied: []}]) {
      assert.ok(validHistoryEntry(entry(summary), form, SAMPLE_SCORING), JSON.stringify(summary));
    }
  });

  const invalid = {
    "not an object": "entry",
    "an array": [],
    "no date": entry(SUMMARIES.composite, {date: undefined}),
    "a date that is not one": entry(SUMMARIES.composite, {date: "soon"}),
    "codes of another rubric": entry(SUMMARIES.composite, {codes: encodeLink(sampleForm({rubricId: "x"}), {l0: 1})}),
    "codes that are not a link": entry(SUMMARIES.composite, {codes: "1.3.abc.00000000"}),
    "codes far too long": entry(SUMMARIES.composite, {codes: "0".repeat(500)}),
    "a score above 100": entry(SUMMARIES.composite, {scales: {even: 100.5}}),
    "a negative score": entry(SUMMARIES.composite, {composites: {overall: -1}}),
    "a score as text": entry(SUMMARIES.composite, {fits: {builder: "70"}}),
    "a score that is not a number": entry(SUMMARIES.composite, {scales: {even: NaN}}),
    "a scale the rubric does not have": entry(SUMMARIES.composite, {scales: {even: 1, extra: 2}}),
    "a composite the rubric does not have": entry(SUMMARIES.composite, {composites: {other: 2}}),
    "a profile id that is too long": entry(SUMMARIES.composite, {fits: {["p".repeat(101)]: 2}}),
    "scores as an array": entry(SUMMARIES.composite, {scales: [40]}),
    "no summary": entry(null),
    "a summary type the engine does not have": entry({type: "horoscope"}),
    "a summary type from Object's prototype": entry({type: "constructor"}),
    "a summary type __proto__": entry(JSON.parse('{"type": "__proto__"}')),
    "a composite the rubric does not have, summarised": entry({type: "composite", composite: "other"}),
    "a profile the entry has no fit for": entry({type: "profile-fit", profile: "wanderer"}),
    "a profile from Object's prototype": entry({type: "profile-fit", profile: "hasOwnProperty"}),
    "a top scale the rubric does not have": entry({type: "ranking", scale: "other"}),
    "a top scale as a number": entry({type: "ranking", scale: 1}),
    "strongest scales the rubric does not have": entry({type: "scale-profile", strongest: ["x"], weakest: []}),
    "more weakest scales than the rubric has": entry({type: "scale-profile", strongest: [],
      weakest: ["odd", "odd", "odd"]}),
    "strongest scales as text": entry({type: "scale-profile", strongest: "even", weakest: []}),
    "an evenness that is not a boolean": entry({type: "scale-profile", strongest: [], weakest: [], even: "yes"}),
    "tied directions the rubric does not have": entry({type: "ranking", scale: null, tied: ["even", "x"]}),
    "tied directions as text": entry({type: "ranking", scale: null, tied: "even"}),
    "more tied directions than the rubric has": entry({type: "ranking", scale: null, tied: ["odd", "odd", "odd"]}),
    "tied profiles the entry has no fit for": entry({type: "profile-fit", profile: null, tied: ["builder", "x"]}),
    "tied profiles as text": entry({type: "profile-fit", profile: null, tied: "builder"}),
    "more tied profiles than the entry has fits": entry({type: "profile-fit", profile: null,
      tied: ["keeper", "keeper", "keeper"]}),
  };
  for (const [name, value] of Object.entries(invalid)) {
    test(`an entry with ${name} is not used`, () => {
      assert.equal(validHistoryEntry(value, form, SAMPLE_SCORING), false);
    });
  }

  test("a record that is not one the page writes is discarded", () => {
    for (const stored of [null, [], "x", {keep: "yes", entries: []}, {keep: true}, {keep: true, entries: {}}]) {
      assert.deepEqual(checkHistory(stored, form, SAMPLE_SCORING), {outcome: "discard"}, JSON.stringify(stored));
    }
    assert.deepEqual(checkHistory(undefined, form, SAMPLE_SCORING), {outcome: "none"});
  });

  test("invalid entries are dropped and the rest kept; none left means the record goes", () => {
    const good = entry(SUMMARIES.ranking);
    const bad = entry({type: "horoscope"});
    assert.deepEqual(checkHistory({keep: true, entries: [bad, good, bad]}, form, SAMPLE_SCORING),
      {outcome: "partial", history: {keep: true, entries: [good]}});
    assert.deepEqual(checkHistory({keep: false, entries: [bad]}, form, SAMPLE_SCORING), {outcome: "discard"});
    assert.deepEqual(checkHistory({keep: false, entries: []}, form, SAMPLE_SCORING),
      {outcome: "kept", history: {keep: false, entries: []}});
  });

  test("at most HISTORY_LIMIT entries are kept, the newest", () => {
    const entries = Array.from({length: HISTORY_LIMIT + 3}, (_, index) =>
      entry(SUMMARIES.composite, {composites: {overall: index}}));
    const check = checkHistory({keep: true, entries}, form, SAMPLE_SCORING);
    assert.equal(check.outcome, "partial");
    assert.deepEqual(check.history.entries, entries.slice(-HISTORY_LIMIT));
    /** @type {import("../../build_tools/theme/assets/javascripts/assessment/result-types.js").History} */
    let history = {keep: true, entries: entries.slice(0, HISTORY_LIMIT)};
    history = withEntry(history, entry(SUMMARIES.composite, {codes: encodeLink(form, {l1: 1})}));
    assert.equal(history.entries.length, HISTORY_LIMIT);
  });

  test("what the page keeps of a result passes the checks, once per set of answers", () => {
    /** @type {any} the parts of a result the page keeps */
    const result = {
      scales: [{id: "even", score: 40}, {id: "odd", score: null}],
      composites: [{id: "overall", score: 61.2}],
      profiles: {fits: [{id: "builder", fit: 80}]},
      summary: SUMMARIES["profile-fit"],
    };
    const codes = encodeLink(form, {l0: 2, c1: "south"});
    const kept = historyEntry(result, codes, new Date(date));
    assert.ok(validHistoryEntry(kept, form, SAMPLE_SCORING));
    const history = withEntry({keep: true, entries: []}, kept);
    assert.equal(withEntry(history, kept), history, "the same answers again add nothing");
    assert.equal(previousEntry(history, codes), null);
    assert.equal(previousEntry(history, encodeLink(form, {l0: 1})), kept);
  });
});
