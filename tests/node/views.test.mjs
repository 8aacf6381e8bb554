// Every result type the engine can produce has a view in the single view table, and the table has nothing
// else. The types come from the project (the rubric schema the engine publishes, and every rubric), not from
// a list in this test.
import assert from "node:assert/strict";
import {readFile, readdir} from "node:fs/promises";
import {join} from "node:path";
import {describe, test} from "node:test";

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
