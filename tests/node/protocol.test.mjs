// The protocol between the page and the engine worker: every message either side builds is read back
// unchanged by the other side, and anything else is dropped.
import assert from "node:assert/strict";
import {readFile} from "node:fs/promises";
import {describe, test} from "node:test";

import {
  ENGINE_NOT_STARTED,
  EngineState,
  FailureReason,
  MessageType,
  ScoreFailure,
  SnapshotOutcome,
  failedMessage,
  prepareMessage,
  progressMessage,
  readPageMessage,
  readWorkerMessage,
  scoreFailedMessage,
  scoreMessage,
  scoredMessage,
  snapshotMessage,
  statusMessage,
} from "../../build_tools/runtime/protocol.mjs";
import {CLIENT, RUNTIME} from "./paths.mjs";

const WORKER_MESSAGES = [
  statusMessage(EngineState.DOWNLOADING),
  statusMessage(EngineState.STARTING),
  statusMessage(EngineState.READY),
  ...Object.values(FailureReason).map((reason) => failedMessage(reason, `${reason} detail`)),
  progressMessage(0, 0, true),
  progressMessage(1024, 9_000_000, false),
  scoredMessage(7, '{"ok": true}'),
  ...Object.values(ScoreFailure).map((reason) => scoreFailedMessage(3, reason, ENGINE_NOT_STARTED)),
  ...Object.values(SnapshotOutcome).map((outcome) => snapshotMessage(outcome, `${outcome} detail`)),
];
const PAGE_MESSAGES = [prepareMessage("https://example.test/r.json"), scoreMessage(1, "r.json", '{"version": 1}')];

describe("protocol", () => {
  test("every message the worker builds is read back unchanged by the page, and not by the worker", () => {
    for (const message of WORKER_MESSAGES) {
      assert.deepEqual(readWorkerMessage(structuredClone(message)), message);
      assert.equal(readPageMessage(structuredClone(message)), null);
    }
  });

  test("every message the page builds is read back unchanged by the worker, and not by the page", () => {
    for (const message of PAGE_MESSAGES) {
      assert.deepEqual(readPageMessage(structuredClone(message)), message);
      assert.equal(readWorkerMessage(structuredClone(message)), null);
    }
  });

  test("every message type is built by one side", () => {
    const built = new Set([...WORKER_MESSAGES, ...PAGE_MESSAGES].map((message) => message.type));
    assert.deepEqual([...built].sort(), Object.values(MessageType).sort());
  });

  const hostile = [
    ["nothing", undefined], ["null", null], ["a string", "status"], ["an array", [MessageType.STATUS]],
    ["an unknown type", {type: "evaluate", code: "1"}],
    ["an unknown state", {type: MessageType.STATUS, state: "idle"}],
    ["a state from Object", {type: MessageType.STATUS, state: "constructor"}],
    ["progress without numbers", {type: MessageType.PROGRESS, loaded: "1", total: 2}],
    ["negative progress", {type: MessageType.PROGRESS, loaded: -1, total: 2}],
    ["endless progress", {type: MessageType.PROGRESS, loaded: Infinity, total: 2}],
    ["a result without an id", {type: MessageType.SCORED, output: "{}"}],
    ["a result that is not text", {type: MessageType.SCORED, id: 1, output: {ok: true}}],
    ["a failure with an unknown reason", {type: MessageType.SCORE_FAILED, id: 1, reason: "oops", detail: ""}],
    ["a score request without answers", {type: MessageType.SCORE, id: 1, rubricUrl: "r.json"}],
    ["a score request with answers as an object", {type: MessageType.SCORE, id: 1, rubricUrl: "r.json", answers: {}}],
    ["a prepare request without a URL", {type: MessageType.PREPARE}],
    ["a snapshot message with an unknown outcome", {type: MessageType.SNAPSHOT, outcome: "answers", detail: ""}],
  ];
  for (const [name, data] of hostile) {
    test(`${name} is no message for either side`, () => {
      assert.equal(readWorkerMessage(data), null);
      assert.equal(readPageMessage(data), null);
    });
  }

  test("a failure with an unknown reason or detail still fails the engine, as Python's", () => {
    assert.deepEqual(readWorkerMessage({type: MessageType.STATUS, state: EngineState.FAILED, reason: "__proto__",
      detail: 42}), failedMessage(FailureReason.PYTHON, ""));
  });

  test("the progress of a worker that does not say whether it waits counts as waiting", () => {
    assert.deepEqual(readWorkerMessage({type: MessageType.PROGRESS, loaded: 1, total: 2}), progressMessage(1, 2, true));
  });

  test("no page or worker module spells a message type, state or reason itself", async () => {
    const files = [
      new URL("engine-worker.mjs", RUNTIME), new URL("engine-startup.mjs", RUNTIME),
      new URL("download-meter.mjs", RUNTIME), new URL("engine-client.js", CLIENT), new URL("page.js", CLIENT),
    ];
    const spelled = [...Object.values(MessageType), ...Object.values(FailureReason), ...Object.values(ScoreFailure),
      EngineState.DOWNLOADING, EngineState.STARTING, EngineState.READY, EngineState.FAILED];
    for (const file of files) {
      // Interface strings are looked up by path (t("progress")): those are not protocol words.
      const source = (await readFile(file, "utf8")).replace(/\bt\("[\w.]+"/g, "t(");
      for (const word of spelled) {
        assert.ok(!source.includes(`"${word}"`), `${file.pathname.split("/").pop()} spells "${word}"`);
      }
    }
  });
});
