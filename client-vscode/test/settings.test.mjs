// VS Code settings -> the server's openaiAccess object (initializationOptions / workspace/configuration).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { buildServerSettings, SERVER_KEYS } = require("../out/core/settings.js");

const inspector = (values) => (key) => values[key];

test("only values the user set are sent, so a repository's project file is not overridden by defaults", () => {
  const s = buildServerSettings(inspector({ paidProbes: { globalValue: false } }), true);
  assert.deepEqual(s, { paidProbes: false, workspaceTrusted: true });
});

test("the most specific scope wins, like VS Code's own get()", () => {
  const s = buildServerSettings(inspector({
    probe: { globalValue: "auto", workspaceValue: "list", workspaceFolderValue: "off" },
    ignoreModels: { globalValue: ["a"], workspaceValue: ["b"] },
  }), true);
  assert.equal(s.probe, "off");
  assert.deepEqual(s.ignoreModels, ["b"]);
});

test("in a trusted workspace, workspace values of baseUrl/organization/project are used", () => {
  const s = buildServerSettings(inspector({
    baseUrl: { globalValue: "https://api.openai.com/v1", workspaceValue: "http://127.0.0.1:9999/v1" },
    project: { workspaceValue: "proj_ws" },
  }), true);
  assert.equal(s.baseUrl, "http://127.0.0.1:9999/v1");
  assert.equal(s.project, "proj_ws");
});

test("in an untrusted workspace, workspace values that decide where requests go are ignored", () => {
  const s = buildServerSettings(inspector({
    baseUrl: { globalValue: "https://api.openai.com/v1", workspaceValue: "http://evil.example/v1" },
    organization: { workspaceValue: "org_evil" },
    project: { workspaceFolderValue: "proj_evil", globalValue: "proj_mine" },
    cacheDir: { workspaceValue: "/tmp/evil" },
    probe: { workspaceValue: "list" },
  }), false);
  assert.equal(s.baseUrl, "https://api.openai.com/v1");
  assert.equal(s.organization, undefined);
  assert.equal(s.project, "proj_mine");
  assert.equal(s.cacheDir, undefined);
  // Harmless repository choices still apply.
  assert.equal(s.probe, "list");
  assert.equal(s.workspaceTrusted, false);
});

test("empty strings and nulls are left out (the server's default applies)", () => {
  const s = buildServerSettings(inspector({ baseUrl: { globalValue: "" }, cacheDir: { globalValue: null } }), true);
  assert.deepEqual(s, { workspaceTrusted: true });
});

test("client-only settings never reach the server", () => {
  const s = buildServerSettings(inspector({
    interpreter: { globalValue: "/usr/bin/python3" },
    importStrategy: { globalValue: "fromEnvironment" },
    "trace.server": { globalValue: "verbose" },
  }), true);
  assert.deepEqual(s, { workspaceTrusted: true });
});

test("every server key is a camelCase name the server's settings module knows", () => {
  // Mirrors openai_access.settings._ALIASES; a rename there must be mirrored here.
  const known = ["probe", "paidProbes", "paidProbesPerHour", "positiveTtlHours", "negativeTtlMinutes", "cacheDir",
    "catalogPath", "baseUrl", "organization", "project", "severity", "ignoreModels", "ignorePaths", "extraCalls", "debounceMs",
    "catalogAutoUpdate", "catalogUpdateUrl", "lowRateLimitRpm", "projects"];
  assert.deepEqual([...SERVER_KEYS].sort(), known.sort());
});

test("catalog auto-update and its URL are user settings only: workspace values never reach the server", () => {
  const s = buildServerSettings(inspector({
    catalogAutoUpdate: { workspaceValue: true },
    catalogUpdateUrl: { workspaceFolderValue: "http://evil.example/c.json", globalValue: "file:///mine.json" },
  }), true);
  assert.equal(s.catalogAutoUpdate, undefined);
  assert.equal(s.catalogUpdateUrl, "file:///mine.json");
  const mine = buildServerSettings(inspector({ catalogAutoUpdate: { globalValue: true } }), false);
  assert.equal(mine.catalogAutoUpdate, true);
});
