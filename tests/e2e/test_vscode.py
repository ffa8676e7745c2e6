"""Real VS Code (code-server 4.139 = VS Code 1.139) with the built .vsix, driven by Playwright.

The user: installs the extension, sets the API key with "OpenAI Access: Set API Key", opens
``examples/python/chat_app.py`` and sees squiggles and Problems entries, including verdicts only
a key can give (*blocked*, *needs-verification*) from a fake OpenAI API on loopback; hovers a
literal; applies a quick fix on a line with non-ASCII text; re-checks from the command palette;
reads the status bar and clicks it for the access report.

Screenshots are kept in ``$OA_E2E_ARTIFACTS`` (default: the test's tmp dir); set
``OA_UPDATE_DOCS_IMAGES=1`` to refresh ``docs/images/vscode-hover.png`` from a run.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from e2e_tools import (
    CHROMIUM,
    CODE_SERVER,
    E2E_DIR,
    EXAMPLES,
    NODE24,
    PLAYWRIGHT_MODULES,
    ROOT,
    VENV_PYTHON,
    VSIX,
    require,
    server_works,
    stop_group,
)

pytestmark = pytest.mark.e2e

FAKE_KEY = "sk-test-FAKE0000"
HERE = Path(__file__).parent
# What the fake API answers for the models in chat_app.py. The scenario's api_key makes every
# other key a 401: a blocked/needs-verification verdict proves the typed key reached the server.
SCENARIO = {
    "models": {
        "gpt-5.5": "blocked",
        "o3": ["verify-stream"],
        "gpt-4o": "ok",
        "gpt-6-luna": "ok",
        "text-embedding-3-small": "ok",
        "gpt-image-2": "ok",
    },
    "api_key": FAKE_KEY,
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, proc: subprocess.Popen[bytes], what: str, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{what} did not answer on {url}")


def _tools(vsix: Path = VSIX) -> None:
    for path, what in (
        (NODE24, "Node 24 (.e2e/node24)"),
        (CODE_SERVER, "code-server (.e2e/code-server)"),
        (PLAYWRIGHT_MODULES / "playwright-core", "playwright-core (.e2e/playwright)"),
        (CHROMIUM, "chromium (apt)"),
        (vsix, f"client-vscode/{vsix.name} (scripts/build_vsix.py)"),
    ):
        require(path.exists(), what)
    require(server_works(), "the openai_access language server")


USER_SETTINGS: dict[str, Any] = {
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "extensions.autoUpdate": False,
    "extensions.autoCheckUpdates": False,
    "extensions.ignoreRecommendations": True,
    "update.mode": "none",
    "workbench.tips.enabled": False,
    "chat.disableAIFeatures": True,
    "workbench.enableExperiments": False,
}


def _workspace(tmp_path: Path) -> Path:
    """A fresh copy every run: VS Code saves an applied quick fix to disk."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0"\n')
    shutil.copy(EXAMPLES / "python" / "chat_app.py", ws / "chat_app.py")
    return ws


def run_vscode(
    tmp_path: Path,
    ws: Path,
    *,
    machine_settings: dict[str, Any],
    user_settings: dict[str, Any] | None = None,
    trust: bool = False,
    server_env: dict[str, str] | None = None,
    driver_env: dict[str, str],
    vsix: Path = VSIX,
    after_install: Callable[[Path], None] | None = None,
) -> tuple[dict[str, Any], Path]:
    """Install the VSIX into a fresh code-server, run ``vscode/drive.cjs`` against it, return
    the driver's result and the user-data dir (to inspect what VS Code wrote and logged).
    ``after_install`` gets the installed extension's folder before code-server starts."""
    artifacts = Path(os.environ.get("OA_E2E_ARTIFACTS", tmp_path / "artifacts")) / driver_env.get("OA_MODE", "journey")
    artifacts.mkdir(parents=True, exist_ok=True)
    data_dir, ext_dir, xdg = tmp_path / "cs-data", tmp_path / "cs-ext", tmp_path / "xdg"
    (data_dir / "User").mkdir(parents=True)
    (data_dir / "User" / "settings.json").write_text(json.dumps({**USER_SETTINGS, **(user_settings or {})}, indent=2))
    # code-server is a *remote* window: machine-scoped settings (where the server runs, where the
    # key is sent) are read from the remote machine's settings, not from the browser user's.
    (data_dir / "Machine").mkdir(parents=True)
    (data_dir / "Machine" / "settings.json").write_text(json.dumps(machine_settings, indent=2))

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "XDG_", "VSCODE_"))}
    env.update(
        PATH=f"{NODE24.parent}:{env.get('PATH', '')}",
        XDG_CONFIG_HOME=str(xdg / "config"),
        XDG_DATA_HOME=str(xdg / "data"),
        XDG_CACHE_HOME=str(xdg / "cache"),
        # Nothing may leave the machine: the gallery points at a closed loopback port.
        EXTENSIONS_GALLERY=json.dumps(
            {
                "serviceUrl": "http://127.0.0.1:9/gallery",
                "itemUrl": "http://127.0.0.1:9/item",
                "resourceUrlTemplate": "http://127.0.0.1:9/r/{publisher}/{name}/{version}/{path}",
            }
        ),
    )
    common = ["--user-data-dir", str(data_dir), "--extensions-dir", str(ext_dir)]
    install = subprocess.run(
        [str(CODE_SERVER), *common, "--install-extension", str(vsix)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "successfully installed" in install.stdout, install.stdout + install.stderr
    if after_install is not None:
        after_install(next(ext_dir.glob("openai-access.openai-access-*")))

    port = _free_port()
    log = (artifacts / "code-server.log").open("wb")
    flags = [
        "--auth=none",
        f"--bind-addr=127.0.0.1:{port}",
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-getting-started-override",
        "--reconnection-grace-time=5",
    ]
    if not trust:
        flags.append("--disable-workspace-trust")
    cs = subprocess.Popen(
        [str(CODE_SERVER), *flags, *common, str(ws)],
        env={**env, **(server_env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_http(f"http://127.0.0.1:{port}/healthz", cs, "code-server")
        drive = subprocess.run(
            [str(NODE24), str(HERE / "vscode" / "drive.cjs")],
            env={
                **env,
                "NODE_PATH": str(PLAYWRIGHT_MODULES),
                "OA_URL": f"http://127.0.0.1:{port}",
                "OA_WS": str(ws),
                "OA_ARTIFACTS": str(artifacts),
                **driver_env,
            },
            capture_output=True,
            text=True,
            timeout=300,
        )
        result_file = artifacts / "result.json"
        assert result_file.exists(), drive.stdout + drive.stderr
        r: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    finally:
        stop_group(cs)
        log.close()
    assert "error" not in r, f"driver failed after {r['steps']}: {r['error']}\n(screenshots in {artifacts})"
    return r, data_dir


def test_vscode_user_journey(tmp_path: Path, fake_api: Callable[[dict[str, Any]], str]) -> None:
    _tools()
    fake_openai = fake_api(SCENARIO)
    ws = _workspace(tmp_path)
    lines = (ws / "chat_app.py").read_text(encoding="utf-8").splitlines()
    fix_line = next(i for i, line in enumerate(lines) if "Grüße" in line and '"gpt-4o"' in line)
    hover_line = next(i for i, line in enumerate(lines) if '"gpt-5.5"' in line)

    r, data_dir = run_vscode(
        tmp_path,
        ws,
        machine_settings={
            "openaiAccess.interpreter": str(VENV_PYTHON),
            "openaiAccess.importStrategy": "fromEnvironment",
            "openaiAccess.baseUrl": f"{fake_openai}/v1",
            "openaiAccess.cacheDir": str(tmp_path / "oa-cache"),
        },
        driver_env={
            "OA_FILE": "chat_app.py",
            "OA_KEY": FAKE_KEY,
            "OA_FAKE": fake_openai,
            "OA_EXPECT": "blocked,needs-verification,retired,deprecated",
            "OA_HOVER_AT": f"{hover_line + 1}:{lines[hover_line].index('gpt-5.5') + 2}",
            # VS Code columns count UTF-16 units; this line's non-ASCII text is all in the BMP.
            "OA_FIX_AT": f"{fix_line + 1}:{lines[fix_line].index('gpt-4o') + 2}",
            "OA_FIX_TITLE": "Replace with",
            "OA_FIXED_NEEDLE": lines[fix_line].split('"gpt-4o"')[0].strip() + '"',
        },
    )
    artifacts = Path(os.environ.get("OA_E2E_ARTIFACTS", tmp_path / "artifacts")) / "journey"

    problems = "\n".join(r["problems"])
    # Verdicts only the key + fake API can give, next to the catalog's.
    assert "Project proj_FAKEfakeFAKEfakeFAKE0001 does not have access to gpt-5.5" in problems
    assert "openai-access(blocked)" in problems.replace(" ", "") or "blocked" in problems
    assert "must be verified to stream" in problems
    assert "gpt-4.5-preview was shut down" in problems

    assert "gpt-5.5" in r["hover"] and "blocked" in r["hover"].lower()
    assert "Evidence" in r["hover"], r["hover"]  # the server's own Markdown hover, not only the diagnostic

    assert any(a.startswith("Replace with") for a in r["actions"]), r["actions"]
    fixed = next(line for line in r["lines_after_fix"] if "Grüße" in line)
    new_model = fixed.split('model="', 1)[1].split('"', 1)[0]
    assert new_model != "gpt-4o"
    assert fixed.strip() == lines[fix_line].replace('"gpt-4o"', f'"{new_model}"').strip()
    # VS Code saves refactorings: the file on disk has the fix, with its non-ASCII text intact.
    assert lines[fix_line].replace('"gpt-4o"', f'"{new_model}"') in (ws / "chat_app.py").read_text(encoding="utf-8")

    assert "Re-checked" in r["recheck_toast"]
    assert r["requests_after_recheck"] > r["requests_before_recheck"], "re-check sent no request to the API"

    # (listing the project's models is free and may be refreshed too)
    probed = {m for m in r["recheck_one_models"] if not m.startswith("GET /v1/models")}
    assert probed == {"gpt-5.5"}, r["recheck_one_models"]
    assert r["doctor_tab"]

    assert "OpenAI" in r["status"] and "proj_FAKE" in r["status"]
    assert "report.md" in r["report_tab"]
    assert "gpt-5.5" in r.get("report_text", ""), "the report preview did not render"

    # The key went through SecretStorage into the server's environment, nowhere else.
    for settings in data_dir.rglob("settings.json"):
        assert FAKE_KEY not in settings.read_text(), settings
    for p in [*data_dir.rglob("*.log"), *artifacts.glob("*.log")]:
        assert FAKE_KEY not in p.read_text(errors="replace"), p

    if os.environ.get("OA_UPDATE_DOCS_IMAGES") == "1":
        (ROOT / "docs" / "images").mkdir(parents=True, exist_ok=True)
        shutil.copy(artifacts / "2-hover.png", ROOT / "docs" / "images" / "vscode-hover.png")


def test_vscode_untrusted_workspace_stays_offline(tmp_path: Path, fake_api: Callable[[dict[str, Any]], str]) -> None:
    """Restricted Mode: a repository's .vscode/settings.json cannot pick the interpreter or
    send the key somewhere, and the key from the environment is not handed to the server."""
    _tools()
    fake_openai = fake_api(SCENARIO)
    ws = _workspace(tmp_path)
    (ws / ".vscode").mkdir()
    (ws / ".vscode" / "settings.json").write_text(
        json.dumps(
            {
                "openaiAccess.baseUrl": f"{fake_openai}/v1",
                "openaiAccess.interpreter": "/bin/false",
                "openaiAccess.probe": "live",
            }
        )
    )
    r, _ = run_vscode(
        tmp_path,
        ws,
        trust=True,
        user_settings={
            "security.workspace.trust.enabled": True,
            "security.workspace.trust.startupPrompt": "never",
        },
        machine_settings={
            "openaiAccess.interpreter": str(VENV_PYTHON),
            "openaiAccess.importStrategy": "fromEnvironment",
            "openaiAccess.cacheDir": str(tmp_path / "oa-cache"),
        },
        # A key and a base URL in the environment: a trusted window would probe the fake API.
        server_env={"OPENAI_API_KEY": FAKE_KEY, "OPENAI_BASE_URL": f"{fake_openai}/v1"},
        driver_env={"OA_MODE": "untrusted", "OA_FILE": "chat_app.py", "OA_EXPECT": "retired,deprecated"},
    )
    assert r["restricted_mode"], "the workspace did not open in Restricted Mode"
    problems = "\n".join(r["problems"])
    assert "gpt-4.5-preview was shut down" in problems  # catalog verdicts still work
    assert "does not have access" not in problems and "must be verified" not in problems
    assert "OpenAI: offline" in r["status"]
    with urllib.request.urlopen(f"{fake_openai}/__fake__/requests", timeout=5) as answer:
        assert json.load(answer) == [], "the untrusted workspace reached the API"


NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": ["from openai import OpenAI\n", "\n", "client = OpenAI()\n", 'MODEL = "gpt-4o"'],
        },
        {"cell_type": "markdown", "metadata": {}, "source": ["Ask the retired model:"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [
                'client.chat.completions.create(model="gpt-4.5-preview", messages=[])\n',
                "client.chat.completions.create(model=MODEL, messages=[])  # MODEL from the first cell",
            ],
        },
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_vscode_notebook_cells_are_checked(tmp_path: Path) -> None:
    _tools()
    ws = _workspace(tmp_path)
    (ws / "demo.ipynb").write_text(json.dumps(NOTEBOOK, indent=1))
    r, _ = run_vscode(
        tmp_path,
        ws,
        machine_settings={
            "openaiAccess.interpreter": str(VENV_PYTHON),
            "openaiAccess.importStrategy": "fromEnvironment",
            "openaiAccess.cacheDir": str(tmp_path / "oa-cache"),
        },
        user_settings={"workbench.editorAssociations": {"*.ipynb": "jupyter-notebook"}},
        driver_env={"OA_MODE": "notebook", "OA_FILE": "demo.ipynb", "OA_EXPECT": "retired,deprecated"},
    )
    problems = "\n".join(r["problems"])
    assert "gpt-4.5-preview was shut down" in problems
    assert "gpt-4o is deprecated" in problems  # the literal in cell 1, used by a call in cell 3


def test_vscode_missing_python_says_what_to_do(tmp_path: Path) -> None:
    _tools()
    r, _ = run_vscode(
        tmp_path,
        _workspace(tmp_path),
        machine_settings={"openaiAccess.interpreter": "/nonexistent/bin/python3"},
        driver_env={"OA_MODE": "no-python", "OA_FILE": "chat_app.py"},
    )
    assert 'could not start Python "/nonexistent/bin/python3"' in r["toast"], r["toast"]
    assert "openaiAccess.interpreter" in r["toast"] and "3.10" in r["toast"]
    assert "Set interpreter" in r["toast"]  # the button that opens the setting
    assert "OpenAI: no server" in r["status"]


def test_e2e_dir_is_git_ignored() -> None:
    """The installer's cache must never be committed (hundreds of MB)."""
    out = subprocess.run(["git", "check-ignore", "-q", str(E2E_DIR / "x")], cwd=ROOT)
    if E2E_DIR.is_relative_to(ROOT):
        assert out.returncode == 0
