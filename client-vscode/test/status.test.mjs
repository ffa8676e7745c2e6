// The status bar item shown for each openaiAccess/status notification.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { formatStatus } = require("../out/core/status.js");

test("probing shows progress", () => {
  const v = formatStatus({ project: "proj_abc", state: "probing", message: "", done: 2, total: 5 });
  assert.equal(v.text, "$(sync~spin) OpenAI: checking 2/5");
  assert.match(v.tooltip, /proj_abc/);
});

test("idle names the project", () => {
  assert.equal(formatStatus({ project: "proj_abc", state: "idle", message: "3 models checked" }).text, "$(check) OpenAI: proj_abc");
});

test("an account problem is red and says what is wrong", () => {
  const v = formatStatus({ project: "proj_abc", state: "problem", message: "Invalid API key: the key was rejected (401)." });
  assert.equal(v.level, "error");
  assert.equal(v.text, "$(warning) OpenAI: Invalid API key");
  assert.match(v.tooltip, /rejected \(401\)/);
});

test("offline says so", () => {
  const v = formatStatus({ project: "", state: "offline", message: "no API key" });
  assert.equal(v.text, "$(circle-slash) OpenAI: offline");
  assert.match(v.tooltip, /no API key/);
});

test("a very long problem is shortened for the status bar", () => {
  const v = formatStatus({ state: "problem", message: "x".repeat(100) });
  assert.ok(v.text.length < 60);
});

test("the project's explanation stays in the tooltip, not the status bar", () => {
  const v = formatStatus({ project: "proj_abc (the key's default project)", state: "idle", message: "" });
  assert.equal(v.text, "$(check) OpenAI: proj_abc");
  assert.match(v.tooltip, /the key's default project/);
});
