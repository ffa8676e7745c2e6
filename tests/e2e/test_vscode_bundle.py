"""The bundled VSIX (``npm run package:bundled``) carries a server that runs in a bare Python.

``importStrategy: "useBundled"`` runs ``python -m openai_access serve`` with ``PYTHONPATH``
pointing at ``bundled/libs`` inside the installed extension. This test builds that VSIX, unpacks
it like VS Code does, and runs the server module from it with the environment the extension
builds (``PYTHONPATH`` + ``PYTHONNOUSERSITE``) in the venv's *base* interpreter, which does not
have openai_access installed: every dependency must come from the bundle.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from e2e_tools import CLIENT_VSCODE, EXAMPLES, require

pytestmark = pytest.mark.e2e


def _base_python() -> Path:
    """The interpreter the venv was made from (same version, so the bundled wheels fit)."""
    for name in (f"python{sys.version_info.major}.{sys.version_info.minor}", "python3"):
        candidate = Path(sys.base_prefix) / "bin" / name
        if candidate.exists():
            return candidate
    return Path(sys.base_prefix) / "bin" / "python3"


def test_bundled_vsix_runs_the_server_without_an_installed_package(tmp_path: Path) -> None:
    require((CLIENT_VSCODE / "node_modules" / ".bin" / "vsce").exists(), "client-vscode/node_modules (npm ci)")
    base = _base_python()
    require(base.exists(), f"the venv's base interpreter {base}")
    bare = subprocess.run([str(base), "-c", "import openai_access"], capture_output=True)
    if bare.returncode == 0:
        pytest.skip(f"{base} has openai_access installed: it cannot show that the bundle is complete")

    build = subprocess.run(
        ["npm", "run", "--silent", "package:bundled"],
        cwd=CLIENT_VSCODE,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    vsix = CLIENT_VSCODE / "openai-access-bundled.vsix"
    with zipfile.ZipFile(vsix) as z:
        z.extractall(tmp_path / "ext")
    libs = tmp_path / "ext" / "extension" / "bundled" / "libs"
    assert (libs / "openai_access" / "__init__.py").exists()

    # The environment core/env.ts builds for useBundled.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(PYTHONPATH=str(libs), PYTHONNOUSERSITE="1", PYTHONIOENCODING="utf-8")
    where = subprocess.run(
        [str(base), "-c", "import openai_access.lsp.server, openai_access; print(openai_access.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(libs)

    check = subprocess.run(
        [
            str(base),
            "-m",
            "openai_access",
            "check",
            str(EXAMPLES / "python" / "chat_app.py"),
            "--format",
            "json",
            "--probe",
            "off",
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode in (0, 1), check.stderr
    statuses = {(r["model"], r["status"]) for r in json.loads(check.stdout)["references"]}
    assert ("gpt-4.5-preview", "retired") in statuses
