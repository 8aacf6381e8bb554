// Every result type the engine can produce has a view in the single view table, and the table has nothing
// else. The types come from the project (the rubric schema the engine publishes, and every rubric), not from
// a list in this test.
import assert from "node:assert/strict";
import {readFile, readdir} from "node:fs/promises";
import {join} from "node:path";
import {describe, test} from "node:test";

import {Locale} from "../../build_tools/theme/assets/javascripts/assessment/locale.js";
import {VIEWS, viewFor} from "../../build_tools/theme/assets/javascripts/assessment/views/index.js";
import {ROOT} from "./paths.mjs";

const ASSESSMENTS = join(ROOT, "assessments");

/** The result types of the rubric schema (kept equal to the engine's by tests/scoring/test_package.py). */
async function schemaResultTypes() {
  const schema = JSON.parse(await readFile(join(ASSESSMENTS, "rubric.schema.json"), "utf8"));
  return schema.properties.result.enum;
}

/** Each rubric's `result:` line (rubric.yaml is flat YAML at the top level). */
async function rubricResultTypes() {
  const types = new Map();
  for (const entry of await readdir(ASSESSMENTS, {withFileTypes: true})) {
    if (!entry.isDirectory()) continue;
    const text = await readFile(join(ASSESSMENTS, entry.name, "rubric.yaml"), "utf8");
    const match = /^result:\s*["']?([\w-]+)["']?\s*$/m.exec(text);
    assert.ok(match, `${entry.name}/rubric.yaml has no result line`);
    types.set(entry.name, match[1]);
  }
  return types;
}

describe("result views", () => {
  test("the view table has exactly one view for each result type the engine can produce", async () => {
    const types = await schemaResultTypes();
    assert.ok(types.length >= 4, "the schema lists the engine's result types");
    assert.deepEqual(Object.keys(VIEWS).sort(), [...types].sort());
    for (const type of types) {
      const view = viewFor(type);
      assert.ok(view, `no view for ${type}`);
      assert.equal(view.type, type);
      for (const part of /** @type {const} */ (["summary", "headline", "validSummary", "scaleOrder"])) {
        assert.equal(typeof view[part], "function", `${type} view has no ${part}`);
      }
    }
  });

  test("every assessment's result type has a view", async () => {
    const rubrics = await rubricResultTypes();
    assert.ok(rubrics.size > 0);
    for (const [rubric, type] of rubrics) assert.ok(viewFor(type), `${rubric}: no view for ${type}`);
  });

  test("a type the engine does not produce has no view, whatever it is called", () => {
    for (const type of ["", "horoscope", "constructor", "__proto__", "toString", "hasOwnProperty", null, 1, {}]) {
      assert.equal(viewFor(type), null, String(type));
    }
  });
});

// Ties: list order must never decide which of two equal scales a headline names.
describe("summaries with ties", () => {
  const locale = new Locale("en", {result: {strongest: "Strongest:", list_separator: ", ", no_summary: "none",
    even: "all level", even_score: "all {score}", top_direction: "top {name}", tied_directions: "tied {names}",
    closest_profile: "closest {name}", tied_profiles: "equally close {names}"}});
  /** The headline needs only the locale. @type {any} */
  const context = {locale};

  /** @type {[string, Record<string, unknown>, Record<string, number | null>, string][]} */
  const cases = [
    ["scale-profile", {strongest: [], weakest: [], even: true}, {a: 50, b: 50, c: null}, "all 50.0"],
    ["scale-profile", {strongest: [], weakest: [], even: true}, {a: 70, b: 30}, "all level"],
    ["scale-profile", {strongest: ["a", "b"], weakest: ["c"], even: false}, {a: 80, b: 80, c: 20}, "Strongest: A, B"],
    ["scale-profile", {strongest: [], weakest: [], even: false}, {a: null, b: null}, "none"],
    ["ranking", {scale: "b", tied: []}, {a: 40, b: 90}, "top B"],
    ["ranking", {scale: null, tied: ["b", "a"]}, {a: 60, b: 60}, "tied B, A"],
    ["ranking", {scale: null, tied: []}, {a: null, b: null}, "none"],
  ];
  for (const [type, fields, scores, expected] of cases) {
    test(`${type} ${JSON.stringify(fields)} reads "${expected}"`, () => {
      const view = viewFor(type);
      assert.ok(view);
      /** @type {any} */
      const summary = {type, ...fields};
      /** @type {any} */
      const result = {scales: Object.entries(scores).map(([id, score]) => ({id, name: id.toUpperCase(), score,
        status: score === null ? "insufficient" : "ok"}))};
      assert.ok(view.validSummary(summary, {scales: Object.keys(scores), composites: [], fits: {}}));
      assert.equal(view.headline(context, /** @type {any} */ ({summary, scales: scores}), result), expected);
    });
  }

  /** @type {[Record<string, unknown>, string][]} */
  const profileCases = [
    [{profile: "senior", tied: []}, "closest Senior"],
    [{profile: null, tied: ["senior", "front"]}, "equally close Senior, Front"],
    [{profile: null, tied: []}, "none"],
    [{profile: "senior"}, "closest Senior"], // an entry saved before ties were stated
  ];
  for (const [fields, expected] of profileCases) {
    test(`profile-fit ${JSON.stringify(fields)} reads "${expected}"`, () => {
      const view = viewFor("profile-fit");
      assert.ok(view);
      /** @type {any} */
      const summary = {type: "profile-fit", ...fields};
      const fits = [{id: "front", name: "Front"}, {id: "senior", name: "Senior"}];
      /** @type {any} */
      const result = {scales: [], profiles: {fits, closest: summary.profile}};
      assert.ok(view.validSummary(summary, {scales: [], composites: [], fits: {front: 50, senior: 50}}));
      assert.equal(view.headline(context, /** @type {any} */ ({summary}), result), expected);
    });
  }
});
