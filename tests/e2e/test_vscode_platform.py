"""The linux-x64 VSIX, with its bundled server, in real VS Code (code-server) on the Pythons
this machine has, and what a user sees when the bundle cannot load in their Python.

``scripts/build_vsix.py`` bundles the server's wheels for CPython 3.10-3.14 side by side. Here:
- the bundle, unpacked like VS Code does, runs ``check`` in every CPython 3.10+ found here
  (Debian's, pyenv's, the venv's base), with nothing but ``bundled/libs`` on ``PYTHONPATH``;
- code-server installs the VSIX and shows diagnostics with ``importStrategy: useBundled`` under
  two different interpreters (Debian's ``/usr/bin/python3`` and another one), and the
  extension's log says the compiled parts loaded in that Python;
- a bundle missing this Python's ``tree_sitter`` module gives one error naming the interpreter,
  the reason and the fix, whose button switches to the environment's server, which then works.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import pytest
from e2e_tools import CLIENT_VSCODE, EXAMPLES, VENV_PYTHON, require
from test_vscode import _tools as _editor_tools
from test_vscode import _workspace, run_vscode

pytestmark = pytest.mark.e2e

PLATFORM_VSIX = CLIENT_VSCODE / "openai-access-linux-x64.vsix"
SUPPORTED = ((3, 10), (3, 14))
CHECK_FLAGS = ("--format", "json", "--probe", "off")


def _version(python: Path) -> tuple[int, int, int] | None:
    try:
        out = subprocess.run(
            [str(python), "-c", "import sys; print(*sys.version_info[:3])"],
            capture_output=True,
            text=True,
            timeout=30,
            env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
        )
    except OSError:
        return None
    if out.returncode != 0:
        return None
    major, minor, micro = (int(x) for x in out.stdout.split())
    return major, minor, micro


@cache
def machine_pythons() -> list[tuple[Path, tuple[int, int, int]]]:
    """Distinct CPython 3.10-3.14 installations here, Debian's first, one per (version, install)."""
    base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [
        Path("/usr/bin/python3"),
        *sorted(Path("/usr/bin").glob("python3.1[0-9]")),
        *sorted(Path("/usr/local/bin").glob("python3.1[0-9]")),
        *sorted((Path.home() / ".pyenv" / "versions").glob("3.1[0-9]*/bin/python3")),
        base,
    ]
    seen: set[Path] = set()
    found = []
    for candidate in candidates:
        if not candidate.exists() or candidate.resolve() in seen:
            continue
        seen.add(candidate.resolve())
        version = _version(candidate)
        if version and SUPPORTED[0] <= version[:2] <= SUPPORTED[1]:
            found.append((candidate, version))
    return found


def two_pythons() -> list[tuple[Path, tuple[int, int, int]]]:
    """Debian's Python, and the newest other one (a different minor version when there is one)."""
    found = machine_pythons()
    if not found:
        return []
    first = found[0]
    others = sorted(found[1:], key=lambda p: (p[1][:2] != first[1][:2], p[1]), reverse=True)
    return [first, *others[:1]]


def _require_platform_vsix() -> None:
    require(PLATFORM_VSIX.exists(), f"{PLATFORM_VSIX.name} (scripts/build_vsix.py)")
    if platform.system() != "Linux" or platform.machine() != "x86_64":
        pytest.skip("the linux-x64 VSIX runs on Linux x86_64 only")


def _unpack(tmp_path: Path) -> Path:
    with zipfile.ZipFile(PLATFORM_VSIX) as z:
        z.extractall(tmp_path / "ext")
    return tmp_path / "ext" / "extension" / "bundled" / "libs"


def test_bundle_runs_check_in_every_python_on_this_machine(tmp_path: Path) -> None:
    _require_platform_vsix()
    found = machine_pythons()
    require(len(found) >= 2, "two CPython 3.10+ installations (apt-get install python3)")
    libs = _unpack(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(PYTHONPATH=str(libs), PYTHONNOUSERSITE="1", PYTHONIOENCODING="utf-8")
    ran = []
    cache_dir = tmp_path / "cache"
    for python, version in found:
        check = subprocess.run(
            [
                str(python),
                "-m",
                "openai_access",
                "check",
                str(EXAMPLES / "python" / "chat_app.py"),
                *CHECK_FLAGS,
                "--cache-dir",
                str(cache_dir),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert check.returncode == 1, f"{python} {version}: rc={check.returncode}\n{check.stderr[-3000:]}"
        statuses = {(r["model"], r["status"]) for r in json.loads(check.stdout)["references"]}
        assert ("gpt-4.5-preview", "retired") in statuses, (python, statuses)
        where = subprocess.run(
            [
                str(python),
                "-c",
                "import tree_sitter, openai_access; print(tree_sitter.__file__, openai_access.__file__)",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        assert all(Path(f).is_relative_to(libs) for f in where.stdout.split()), where.stdout + where.stderr
        ran.append(f"{python} {'.'.join(map(str, version))}")
    print("bundle ran in:", ", ".join(ran))


def _tools() -> None:
    _editor_tools(PLATFORM_VSIX)
    _require_platform_vsix()


def _extension_log(data_dir: Path) -> str:
    logs = [p for p in data_dir.rglob("*.log") if "OpenAI Access" in p.name]
    return "\n".join(p.read_text(errors="replace") for p in logs)


@pytest.mark.parametrize("which", [0, 1], ids=["debian-python", "other-python"])
def test_vscode_platform_vsix_runs_its_bundled_server(tmp_path: Path, which: int) -> None:
    _tools()
    chosen = two_pythons()
    require(len(chosen) > which, "two CPython 3.10+ installations (apt-get install python3)")
    python, version = chosen[which]
    r, data_dir = run_vscode(
        tmp_path,
        _workspace(tmp_path),
        vsix=PLATFORM_VSIX,
        # Default importStrategy (useBundled): nothing but the bundle provides the server.
        machine_settings={"openaiAccess.interpreter": str(python), "openaiAccess.cacheDir": str(tmp_path / "oa-cache")},
        driver_env={"OA_MODE": "problems", "OA_FILE": "chat_app.py", "OA_EXPECT": "retired,deprecated"},
    )
    problems = "\n".join(r["problems"])
    assert "gpt-4.5-preview was shut down" in problems
    log = _extension_log(data_dir)
    dotted = ".".join(map(str, version))
    assert f"probe of {python}: Python {dotted}, compiled parts: ok" in log, log[-3000:]
    assert f"Python: {python} (setting); server code: useBundled" in log, log[-3000:]


def test_vscode_bundle_that_cannot_load_says_why_and_switches_to_the_environment(tmp_path: Path) -> None:
    """The bundle lacks this Python's tree_sitter module (as for a CPython newer than the
    bundle): one error, naming the interpreter, the reason and the fix; its button switches
    to the environment's server (the test venv has openai_access), and diagnostics appear."""
    _tools()
    tag = f"cpython-{sys.version_info.major}{sys.version_info.minor}"

    def break_bundle(extension: Path) -> None:
        modules = list((extension / "bundled" / "libs" / "tree_sitter").glob(f"_binding.{tag}-*.so"))
        assert modules, f"no tree_sitter module for {tag} in the bundle"
        for m in modules:
            m.unlink()

    r, data_dir = run_vscode(
        tmp_path,
        _workspace(tmp_path),
        vsix=PLATFORM_VSIX,
        after_install=break_bundle,
        machine_settings={
            "openaiAccess.interpreter": str(VENV_PYTHON),
            "openaiAccess.cacheDir": str(tmp_path / "oa-cache"),
        },
        driver_env={"OA_MODE": "bundle-broken", "OA_FILE": "chat_app.py", "OA_EXPECT": "retired,deprecated"},
    )
    toast = r["toast"]
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert f'cannot run its bundled server with Python {minor} "{VENV_PYTHON}"' in toast, toast
    assert "tree_sitter" in toast and "No module named" in toast, toast  # the reason
    assert "CPython 3.10-3.14 on linux-x64" in toast and "openaiAccess.interpreter" in toast, toast  # the fix
    assert "Use environment's server" in toast, toast
    assert r["toast_count"] == 1, "one message, not one per file"
    assert "gpt-4.5-preview was shut down" in "\n".join(r["problems"])  # the environment's server works
    # The button saved the choice (code-server keeps machine-scoped values in Machine/settings.json).
    saved = [json.loads(p.read_text()).get("openaiAccess.importStrategy") for p in data_dir.rglob("settings.json")]
    assert "fromEnvironment" in saved, saved
