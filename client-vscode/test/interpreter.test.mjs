// Which Python runs the server, and the message the user sees when it cannot.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chooseInterpreter, resolveImportStrategy, parseProbe, checkInterpreter, serverArgs, PROBE_SCRIPT } = require("../out/core/interpreter.js");

test("the interpreter setting wins over the Python extension and the default", () => {
  assert.deepEqual(chooseInterpreter("/opt/py/bin/python", "/venv/bin/python"), { command: "/opt/py/bin/python", source: "setting" });
});

test("the Python extension's interpreter is used when the setting is empty", () => {
  assert.deepEqual(chooseInterpreter("  ", "/venv/bin/python"), { command: "/venv/bin/python", source: "python-extension" });
  assert.deepEqual(chooseInterpreter(null, "/venv/bin/python"), { command: "/venv/bin/python", source: "python-extension" });
});

test("python3 on PATH is the last resort (python on Windows)", () => {
  assert.deepEqual(chooseInterpreter(undefined, undefined, "linux"), { command: "python3", source: "default" });
  assert.deepEqual(chooseInterpreter(undefined, undefined, "darwin"), { command: "python3", source: "default" });
  assert.deepEqual(chooseInterpreter(undefined, undefined, "win32"), { command: "python", source: "default" });
});

test("the Python extension's array form of the setting is accepted", () => {
  assert.equal(chooseInterpreter(["/a/python"], undefined).command, "/a/python");
});

test("useBundled falls back to fromEnvironment, with a note, when the bundle is absent", () => {
  const r = resolveImportStrategy("useBundled", false);
  assert.equal(r.strategy, "fromEnvironment");
  assert.match(r.note, /no bundled server/);
  assert.deepEqual(resolveImportStrategy("useBundled", true), { strategy: "useBundled" });
  assert.deepEqual(resolveImportStrategy(undefined, true), { strategy: "useBundled" });
  assert.deepEqual(resolveImportStrategy("fromEnvironment", true), { strategy: "fromEnvironment" });
});

test("the probe output is parsed, noise before the JSON line is ignored", () => {
  const out = 'warning: something\n{"version": [3, 11, 7], "executable": "/v/bin/python", "hasModule": true, "location": "/x/__init__.py"}\n';
  assert.deepEqual(parseProbe(out), { version: [3, 11, 7], executable: "/v/bin/python", hasModule: true, location: "/x/__init__.py" });
  assert.equal(parseProbe("Python 2.7"), undefined);
  assert.equal(parseProbe(""), undefined);
});

const py = (major, minor, hasModule = true) => ({ version: [major, minor, 0], executable: "/usr/bin/python3", hasModule, location: null });
const choice = { command: "python3", source: "default" };

test("a Python older than 3.10 is refused with the version and the fix", () => {
  const p = checkInterpreter({ command: "/usr/bin/python3.8", source: "setting" }, "useBundled", py(3, 8));
  assert.match(p.message, /needs Python 3\.10 or newer; "\/usr\/bin\/python3\.8" \(from the openaiAccess\.interpreter setting\) is Python 3\.8/);
  assert.match(p.fix, /openaiAccess\.interpreter/);
});

test("Python 3.10 and newer are accepted", () => {
  assert.equal(checkInterpreter(choice, "useBundled", py(3, 10)), undefined);
  assert.equal(checkInterpreter(choice, "fromEnvironment", py(3, 13)), undefined);
  assert.equal(checkInterpreter(choice, "useBundled", py(4, 0)), undefined);
});

test("a missing interpreter names the command and says how to fix it", () => {
  const p = checkInterpreter(choice, "useBundled", undefined, "not found");
  assert.match(p.message, /could not start Python "python3": not found/);
  assert.match(p.fix, /Install Python 3\.10/);
});

test("fromEnvironment without the module installed says how to install it (not from PyPI)", () => {
  const p = checkInterpreter(choice, "fromEnvironment", py(3, 11, false));
  assert.match(p.message, /openai_access module is not installed in "\/usr\/bin\/python3"/);
  assert.match(p.fix, /pipx install git\+https:\/\/github\.com\/openai-access\/openai-access/);
  assert.doesNotMatch(p.fix, /pip install openai-access/);
  // The bundle brings its own module: not a problem there.
  assert.equal(checkInterpreter(choice, "useBundled", py(3, 11, false)), undefined);
});

test("the probe reports whether the bundle's compiled parts load", () => {
  const ok = parseProbe('{"version": [3, 12, 1], "executable": "/p", "hasModule": true, "location": null, "compiledError": null}');
  assert.equal(ok.compiledError, null);
  const bad = parseProbe('{"version": [3, 15, 0], "executable": "/p", "hasModule": true, "location": null, "compiledError": "ModuleNotFoundError: No module named \'tree_sitter._binding\'"}');
  assert.equal(bad.compiledError, "ModuleNotFoundError: No module named 'tree_sitter._binding'");
  // Without --compiled the field is absent, not "fine".
  assert.equal("compiledError" in parseProbe('{"version": [3, 12, 1], "executable": "/p", "hasModule": true}'), false);
});

test("a bundle that cannot load in this Python names the interpreter, the reason and the fix, and offers the environment", () => {
  const probe = { ...py(3, 15), executable: "/opt/py315/bin/python3", compiledError: "ModuleNotFoundError: No module named 'tree_sitter._binding'" };
  const p = checkInterpreter({ command: "/opt/py315/bin/python3", source: "setting" }, "useBundled", probe, undefined, { target: "linux-x64", pythons: ["3.10", "3.11", "3.12", "3.13", "3.14"] });
  assert.match(p.message, /cannot run its bundled server with Python 3\.15 "\/opt\/py315\/bin\/python3" \(from the openaiAccess\.interpreter setting\): ModuleNotFoundError: No module named 'tree_sitter\._binding'/);
  assert.match(p.fix, /CPython 3\.10-3\.14 on linux-x64/);
  assert.match(p.fix, /openaiAccess\.interpreter/);
  assert.equal(p.offerEnvironment, true);
  // Loaded fine, or not checked (the environment's server): no problem.
  assert.equal(checkInterpreter(choice, "useBundled", { ...py(3, 12), compiledError: null }), undefined);
  assert.equal(checkInterpreter(choice, "fromEnvironment", { ...py(3, 12), compiledError: "x" }), undefined);
});

test("the probe script asks for the compiled parts only when told to", () => {
  assert.match(PROBE_SCRIPT, /if '--compiled' in sys\.argv\[1:\]:/);
  assert.match(PROBE_SCRIPT, /import tree_sitter, tree_sitter_python/);
});

test("the server runs as python -m openai_access serve", () => {
  assert.deepEqual(serverArgs(), ["-m", "openai_access", "serve"]);
});
