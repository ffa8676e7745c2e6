// Install the language server and its Python dependencies into bundled/libs, so the
// extension can run it with PYTHONPATH (importStrategy "useBundled") in any Python >= 3.10.
//
// The wheels (tree-sitter grammars) are platform specific: a bundled VSIX is for the
// platform and Python ABI it was built on. Python: $PYTHON, else python3.
import { execFileSync } from "node:child_process";
import { rmSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionRoot = path.resolve(here, "..");
const repoRoot = path.resolve(extensionRoot, "..");
const target = path.join(extensionRoot, "bundled", "libs");
const python = process.env.PYTHON || "python3";

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
execFileSync(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile", "--target", target, repoRoot], {
  stdio: "inherit",
});
console.log(`bundled the server into ${path.relative(extensionRoot, target)}`);
