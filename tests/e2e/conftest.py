"""End-to-end tests: real editors (Neovim 0.11 and 0.7, VS Code via code-server) driving the
real server. Every test here that starts an editor is marked ``e2e``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# The helpers sit next to the tests; tests/ is not a package.
sys.path.insert(0, str(Path(__file__).parent))

from e2e_tools import ROOT, VENV_PYTHON, stop_group


@pytest.fixture
def fake_api(tmp_path: Path) -> Iterator[Callable[[dict[str, Any]], str]]:
    """Start ``tests/fake_openai.py`` as a process with a scenario; returns its base URL
    (``http://127.0.0.1:PORT``, without ``/v1``). Stopped at the end of the test."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(scenario: dict[str, Any]) -> str:
        path = tmp_path / f"scenario-{len(procs)}.json"
        path.write_text(json.dumps(scenario))
        proc = subprocess.Popen(
            [str(VENV_PYTHON), str(ROOT / "tests" / "fake_openai.py"), "--port", "0", "--scenario", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        procs.append(proc)
        assert proc.stdout is not None
        port = int(proc.stdout.readline().decode().strip())
        return f"http://127.0.0.1:{port}"

    yield start
    for proc in procs:
        stop_group(proc)
