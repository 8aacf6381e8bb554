// The page's formatters are made once per language, when first used or ahead in tasks of their own.
import assert from "node:assert/strict";
import {test} from "node:test";

import {Locale} from "../../build_tools/theme/assets/javascripts/assessment/locale.js";

test("prepare makes each formatter in a task of its own; the formats are the same made either way", () => {
  /** @type {Array<() => void>} */
  const tasks = [];
  const ahead = new Locale("fr", {});
  ahead.prepare((task) => tasks.push(task));
  assert.equal(tasks.length, 3);
  for (const task of tasks) task();
  const late = new Locale("pl", {});
  assert.equal(ahead.score(54), new Intl.NumberFormat("fr", {minimumFractionDigits: 1}).format(54));
  assert.equal(ahead.signed(-2), new Intl.NumberFormat("fr", {minimumFractionDigits: 1, signDisplay: "exceptZero"})
    .format(-2));
  assert.equal(late.score(3.25), new Intl.NumberFormat("pl", {minimumFractionDigits: 1, maximumFractionDigits: 1})
    .format(3.25));
  assert.equal(late.date("2025-03-01T10:00:00.000Z"),
    new Intl.DateTimeFormat("pl", {dateStyle: "long"}).format(new Date("2025-03-01T10:00:00.000Z")));
});
