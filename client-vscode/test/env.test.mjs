// The API key reaches the server only through its process environment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { buildServerEnv, validateKeyInput, redact, describeKeySource } = require("../out/core/env.js");
const { buildServerSettings } = require("../out/core/settings.js");

const FAKE = "sk-test-FAKE0000";

test("a key from secret storage is put in OPENAI_API_KEY, overriding the environment", () => {
  const { env, keySource } = buildServerEnv({ PATH: "/bin", OPENAI_API_KEY: "sk-test-ENV0000" }, { secretKey: FAKE, trusted: true });
  assert.equal(env.OPENAI_API_KEY, FAKE);
  assert.equal(env.PATH, "/bin");
  assert.equal(keySource, "secret-storage");
});

test("without a stored key the environment's key is used", () => {
  const { env, keySource } = buildServerEnv({ OPENAI_API_KEY: "sk-test-ENV0000" }, { trusted: true });
  assert.equal(env.OPENAI_API_KEY, "sk-test-ENV0000");
  assert.equal(keySource, "environment");
  assert.match(describeKeySource(keySource), /OPENAI_API_KEY environment variable/);
});

test("without any key the server runs offline and the log says so", () => {
  const { env, keySource } = buildServerEnv({}, { trusted: true });
  assert.equal(env.OPENAI_API_KEY, undefined);
  assert.equal(keySource, "none");
  assert.match(describeKeySource(keySource), /offline/);
});

test("an untrusted workspace gets no key at all, not even the environment's", () => {
  const { env, keySource } = buildServerEnv({ OPENAI_API_KEY: "sk-test-ENV0000" }, { secretKey: FAKE, trusted: false });
  assert.equal(env.OPENAI_API_KEY, undefined);
  assert.equal(keySource, "none");
});

test("the caller's environment object is not modified", () => {
  const base = { OPENAI_API_KEY: "sk-test-ENV0000" };
  buildServerEnv(base, { secretKey: FAKE, trusted: false, bundledLibs: "/ext/bundled/libs" });
  assert.deepEqual(base, { OPENAI_API_KEY: "sk-test-ENV0000" });
});

test("the bundled server goes first on PYTHONPATH and user site-packages are off", () => {
  const { env } = buildServerEnv({ PYTHONPATH: "/mine" }, { trusted: true, bundledLibs: "/ext/bundled/libs" });
  assert.equal(env.PYTHONPATH, "/ext/bundled/libs:/mine");
  assert.equal(env.PYTHONNOUSERSITE, "1");
  const { env: env2 } = buildServerEnv({}, { trusted: true });
  assert.equal(env2.PYTHONPATH, undefined);
});

test("the key never appears in the settings sent to the server", () => {
  const inspect = (key) => (key === "probe" ? { globalValue: "auto" } : undefined);
  const settings = buildServerSettings(inspect, true);
  assert.ok(!JSON.stringify(settings).includes("sk-"));
  assert.ok(!("apiKey" in settings));
});

test("the input box rejects things that are not keys", () => {
  assert.match(validateKeyInput(""), /Paste an API key/);
  assert.match(validateKeyInput("sk-test FAKE"), /no spaces/);
  assert.match(validateKeyInput("hello"), /start with sk-/);
  assert.equal(validateKeyInput(` ${FAKE} `), undefined);
});

test("a key echoed in an error is redacted before logging", () => {
  assert.equal(redact(`bad key ${FAKE} rejected`, FAKE), "bad key sk-…redacted rejected");
  assert.equal(redact("nothing here", undefined), "nothing here");
});

test("stored admin and project keys reach the server in their own variables, only when trusted", () => {
  const extraSecrets = { OPENAI_ADMIN_KEY: "sk-admin-FAKE0000", OPENAI_API_KEY_PROD: "sk-test-PROD0000", PATH: "/evil" };
  const trusted = buildServerEnv({ PATH: "/bin" }, { trusted: true, extraSecrets }).env;
  assert.equal(trusted.OPENAI_ADMIN_KEY, "sk-admin-FAKE0000");
  assert.equal(trusted.OPENAI_API_KEY_PROD, "sk-test-PROD0000");
  assert.equal(trusted.PATH, "/bin"); // not a key variable: never overwritten
  const untrusted = buildServerEnv({ OPENAI_ADMIN_KEY: "sk-admin-ENV0000", OPENAI_API_KEY_PROD: "x" }, { trusted: false, extraSecrets }).env;
  assert.equal(untrusted.OPENAI_ADMIN_KEY, undefined);
  assert.equal(untrusted.OPENAI_API_KEY_PROD, undefined);
});

test("projects are sent from user settings only, never from a workspace's settings", () => {
  const inspect = (key) => (key === "projects" ? { globalValue: [{ name: "prod", keyEnv: "K_PROD" }], workspaceValue: [{ name: "evil", keyEnv: "OPENAI_API_KEY" }] } : undefined);
  assert.deepEqual(buildServerSettings(inspect, true).projects, [{ name: "prod", keyEnv: "K_PROD" }]);
  const onlyWorkspace = (key) => (key === "projects" ? { workspaceValue: [{ name: "evil", keyEnv: "OPENAI_API_KEY" }] } : undefined);
  assert.equal(buildServerSettings(onlyWorkspace, true).projects, undefined);
});
