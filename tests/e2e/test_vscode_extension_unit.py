"""The VS Code extension's own unit tests (``node --test``), run from pytest so CI's single
test command covers them. They test the extension's decisions without VS Code: interpreter
choice, settings -> initializationOptions, trust, where the API key goes, the status text."""

from __future__ import annotations

import shutil
import subprocess

from e2e_tools import CLIENT_VSCODE, require


def test_extension_unit_tests_pass() -> None:
    node = shutil.which("node")
    require(node is not None, "node")
    require((CLIENT_VSCODE / "node_modules" / "esbuild").exists(), "client-vscode/node_modules (npm ci)")
    run = subprocess.run(["npm", "test", "--silent"], cwd=CLIENT_VSCODE, capture_output=True, text=True, timeout=300)
    summary = "\n".join(line for line in run.stdout.splitlines() if line.startswith(("# ", "not ok")))
    assert run.returncode == 0, f"node --test failed:\n{run.stdout[-4000:]}\n{run.stderr[-2000:]}"
    assert "# fail 0" in run.stdout, summary
    # At least the tests committed with the extension ran (a glob that finds nothing passes too).
    passed = int(next(line for line in run.stdout.splitlines() if line.startswith("# pass ")).split()[2])
    assert passed >= 30, summary
