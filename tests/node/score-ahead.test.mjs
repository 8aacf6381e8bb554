// Scoring ahead: the newest answers wait while one score runs, a request scored already is never sent again,
// a failed score is not kept, and only the newest output is handed on (to prepare the result).
import assert from "node:assert/strict";
import {describe, test} from "node:test";

import {ScoreAhead} from "../../build_tools/theme/assets/javascripts/assessment/score-ahead.js";

/** A scorer whose scores the test settles one by one. */
function manualScorer() {
  /** @type {{request: string, resolve: (output: string) => void, reject: (error: unknown) => void}[]} */
  const calls = [];
  /** @param {string} request */
  const score = (request) => new Promise((resolve, reject) => {
    calls.push({request, resolve, reject});
  });
  return {calls, score};
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("ScoreAhead", () => {
  test("only the newest answers wait while a score runs", async () => {
    const {calls, score} = manualScorer();
    const ahead = new ScoreAhead(score);
    ahead.ask("a");
    ahead.ask("b");
    ahead.ask("c");
    assert.deepEqual(calls.map((call) => call.request), ["a"]);
    calls[0].resolve("A");
    await settle();
    assert.deepEqual(calls.map((call) => call.request), ["a", "c"]);
  });

  test("the output asked for ahead is reused, not scored again", async () => {
    const {calls, score} = manualScorer();
    const ahead = new ScoreAhead(score);
    ahead.ask("a");
    calls[0].resolve("A");
    await settle();
    ahead.ask("a");
    assert.equal(await ahead.output("a"), "A");
    assert.equal(calls.length, 1);
  });

  test("a score still on its way is awaited, not sent twice", async () => {
    const {calls, score} = manualScorer();
    const ahead = new ScoreAhead(score);
    ahead.ask("a");
    const output = ahead.output("a");
    calls[0].resolve("A");
    assert.equal(await output, "A");
    assert.equal(calls.length, 1);
  });

  test("other answers than those scored ahead are scored at once, and drop the queued ones", async () => {
    const {calls, score} = manualScorer();
    const ahead = new ScoreAhead(score);
    ahead.ask("a");
    ahead.ask("b");
    const output = ahead.output("b");
    assert.deepEqual(calls.map((call) => call.request), ["a", "b"]);
    calls[1].resolve("B");
    calls[0].resolve("A");
    assert.equal(await output, "B");
    await settle();
    assert.equal(calls.length, 2);
  });

  test("a failed score is not kept: the same answers are scored again", async () => {
    const {calls, score} = manualScorer();
    const ahead = new ScoreAhead(score);
    ahead.ask("a");
    calls[0].reject({reason: "engine"});
    await settle();
    const output = ahead.output("a");
    assert.equal(calls.length, 2);
    calls[1].resolve("A");
    assert.equal(await output, "A");
  });

  test("each newest output is handed on, never one a newer request waits behind, nor a failure", async () => {
    const {calls, score} = manualScorer();
    /** @type {[string, string][]} */
    const handed = [];
    const ahead = new ScoreAhead(score, (request, output) => handed.push([request, output]));
    ahead.ask("a");
    ahead.ask("b");
    calls[0].resolve("A");
    await settle();
    assert.deepEqual(handed, [], "a's output is not the newest: b waits behind it");
    calls[1].resolve("B");
    await settle();
    assert.deepEqual(handed, [["b", "B"]]);
    ahead.ask("c");
    calls[2].reject({reason: "engine"});
    await settle();
    assert.deepEqual(handed, [["b", "B"]]);
  });

  test("an output overtaken by a score asked for at once is not handed on", async () => {
    const {calls, score} = manualScorer();
    /** @type {string[]} */
    const handed = [];
    const ahead = new ScoreAhead(score, (request) => handed.push(request));
    ahead.ask("a");
    const output = ahead.output("b");
    calls[0].resolve("A");
    calls[1].resolve("B");
    assert.equal(await output, "B");
    await settle();
    assert.deepEqual(handed, ["b"]);
  });
});
