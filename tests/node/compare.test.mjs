// Self versus others: pooled means and spreads only from MIN_RATERS raters on, shown raters one by one and
// never pooled, gaps named by the scale's polarity at the stated threshold, other rubrics left out.
import assert from "node:assert/strict";
import {describe, test} from "node:test";

import {GAP_THRESHOLD, MIN_RATERS, compare} from "../../build_tools/theme/assets/javascripts/assessment/compare.js";

/**
 * A result in the engine's shape with the given scale scores (null: not enough answers).
 *
 * @param {Record<string, number | null>} scores
 * @param {{id?: string, version?: number}} [rubric]
 * @returns {import("../../build_tools/theme/assets/javascripts/assessment/result-types.js").Result}
 */
function result(scores, {id = "sample", version = 2} = {}) {
  return {
    rubric: {id, version},
    language: "en",
    answers: {},
    answered: 10,
    total: 10,
    flags: [],
    scales: Object.entries(scores).map(([scale, score]) => ({
      id: scale,
      name: scale.toUpperCase(),
      polarity: scale.startsWith("risk") ? "risk" : "strength",
      status: score === null ? "too-few-answers" : "ok",
      score: score ?? 0,
      answered: 3,
      required: 2,
    })),
    composites: [],
    profiles: {fits: []},
    ranking: [],
    summary: {type: "scale-profile", strongest: [], weakest: []},
  };
}

/** @param {Record<string, number | null>} scores @param {boolean} [shown] */
const rater = (scores, shown = false) => ({result: result(scores), shown});

describe("self versus others", () => {
  const self = result({listen: 80, plan: 40, calm: 60, "risk-blame": 70, gone: null});

  test("three pooled raters: mean, spread and the gap of each scale", () => {
    const raters = [
      rater({listen: 50, plan: 70, calm: 60, "risk-blame": 50, gone: 50}),
      rater({listen: 60, plan: 60, calm: 55, "risk-blame": 40, gone: 50}),
      rater({listen: 40, plan: 80, calm: 65, "risk-blame": 45, gone: 50}),
    ];
    const comparison = compare(self, raters);
    assert.deepEqual([comparison.pooled, comparison.shown, comparison.ignored], [3, 0, 0]);
    const byId = Object.fromEntries(comparison.scales.map((scale) => [scale.id, scale]));
    assert.deepEqual(byId.listen.others, {count: 3, mean: 50, spread: Math.sqrt(200 / 3)});
    assert.equal(byId.listen.difference, 30);
    assert.equal(byId.listen.gap, "blind-spot", "self high, others low");
    assert.equal(byId.plan.gap, "hidden-strength", "self low, others high");
    assert.equal(byId.calm.gap, "agreement");
    assert.equal(byId["risk-blame"].gap, "hidden-strength", "on a risk scale, self higher than others is self-critical");
    assert.equal(byId.gone.self, null);
    assert.equal(byId.gone.gap, null, "no self score, nothing to compare");
    assert.deepEqual(
      comparison.scales.map((scale) => scale.id),
      ["listen", "plan", "calm", "risk-blame", "gone"],
    );
  });

  test("a risk scale rated higher by others than by the taker is a blind spot", () => {
    const raters = [rater({"risk-blame": 60}), rater({"risk-blame": 70}), rater({"risk-blame": 50})];
    assert.equal(compare(result({"risk-blame": 20}), raters).scales[0].gap, "blind-spot");
  });

  test("the threshold is where a difference becomes a gap", () => {
    const at = [rater({listen: 50}), rater({listen: 50}), rater({listen: 50})];
    assert.equal(compare(result({listen: 50 + GAP_THRESHOLD}), at).scales[0].gap, "blind-spot");
    assert.equal(compare(result({listen: 50 + GAP_THRESHOLD - 0.01}), at).scales[0].gap, "agreement");
    assert.equal(compare(result({listen: 50 - GAP_THRESHOLD}), at).scales[0].gap, "hidden-strength");
    assert.equal(compare(result({listen: 60}), at, {threshold: 5}).scales[0].gap, "blind-spot");
  });

  test(`fewer than ${MIN_RATERS} pooled raters show nothing of them`, () => {
    for (let count = 0; count < MIN_RATERS; count += 1) {
      const raters = Array.from({length: count}, () => rater({listen: 30, plan: 90}));
      const comparison = compare(self, raters);
      for (const scale of comparison.scales) {
        assert.equal(scale.others, null, `${count} raters`);
        assert.equal(scale.difference, null);
        assert.equal(scale.gap, null);
        assert.deepEqual(scale.shown, []);
      }
    }
  });

  test("the minimum counts per scale: a rater without a score there does not count", () => {
    const raters = [rater({listen: 50, plan: 50}), rater({listen: 50, plan: 50}), rater({listen: 50, plan: null})];
    const [listen, plan] = compare(result({listen: 50, plan: 50}), raters).scales;
    assert.equal(listen.others?.count, 3);
    assert.equal(plan.others, null);
  });

  test("shown raters appear one by one and are never pooled", () => {
    const raters = [
      rater({listen: 90}, true),
      rater({listen: 40}),
      rater({listen: 50}),
      rater({listen: 60}),
      rater({listen: null}, true),
    ];
    const comparison = compare(result({listen: 50}), raters);
    assert.deepEqual([comparison.pooled, comparison.shown], [3, 2]);
    assert.deepEqual(comparison.scales[0].shown, [90, null]);
    assert.equal(comparison.scales[0].others?.mean, 50, "the shown rater's 90 is not in the mean");
  });

  test("a shown rater is shown even when the pool is too small", () => {
    const comparison = compare(result({listen: 50}), [rater({listen: 80}, true), rater({listen: 20})]);
    assert.deepEqual(comparison.scales[0].shown, [80]);
    assert.equal(comparison.scales[0].others, null);
  });

  test("results for another rubric or version are left out and counted", () => {
    const raters = [
      rater({listen: 50}),
      rater({listen: 50}),
      rater({listen: 50}),
      {result: result({listen: 0}, {version: 1}), shown: false},
      {result: result({listen: 0}, {id: "other"}), shown: true},
    ];
    const comparison = compare(result({listen: 50}), raters);
    assert.deepEqual([comparison.pooled, comparison.shown, comparison.ignored], [3, 0, 2]);
    assert.equal(comparison.scales[0].others?.mean, 50);
  });
});
