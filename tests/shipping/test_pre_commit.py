"""The pre-commit hook (``.pre-commit-hooks.yaml``), run by pre-commit itself.

``pre-commit try-repo`` installs the hook from this checkout (tracked files, uncommitted changes
included) into its own environment, as it would from a ``repo:`` line, and runs it on a
temporary git repository: a retired model fails the commit and is named; a clean file is not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RETIRED = 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4.5-preview", messages=[])\n'
CLEAN = 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-6-luna", messages=[])\n'


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_pre_commit_hook_fails_on_a_retired_model(tmp_path: Path) -> None:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.fail("pre-commit is not installed in the test environment (scripts/bootstrap.sh test)")
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "app.py").write_text(RETIRED, encoding="utf-8")
    _git(repo, "add", "app.py")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "PYTHONPATH", "VIRTUAL_ENV"))}
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
        # Judge as of the catalog's date, so the verdicts do not change as the calendar moves.
        OPENAI_ACCESS_TODAY=json.loads((ROOT / "server/openai_access/catalog/models.json").read_text())["as_of"],
    )

    # One run (installing the hook's environment is most of its cost): the file with the retired
    # model fails the hook and is named; the clean file next to it is not.
    (repo / "clean.py").write_text(CLEAN, encoding="utf-8")
    _git(repo, "add", "clean.py")
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "openai-access", "--files", "app.py", "clean.py"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    assert "openai-access (OpenAI model names)" in run.stdout and "Failed" in run.stdout, run.stdout
    assert "app.py:3:" in run.stdout and "gpt-4.5-preview" in run.stdout and "retired" in run.stdout, run.stdout
    assert not any(line.startswith("clean.py:") for line in run.stdout.splitlines()), run.stdout
