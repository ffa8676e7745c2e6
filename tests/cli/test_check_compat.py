"""``check`` with code findings (issue 13): JSON ranges at the argument, settings, and no key in any output."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_check import refs, run
from tests.compat.helpers import BODY, KEY, LAST4

PY = (
    "from openai import OpenAI\n"
    "client = OpenAI()\n"
    'client.chat.completions.create(model="o3", messages=[], max_tokens=100)\n'
)


def _notebook(*cells: str) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "metadata": {}, "outputs": [], "source": c.splitlines(True)} for c in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_json_reference_for_a_parameter_covers_the_keyword(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(PY)
    proc = run("check", "a.py", "--format", "json", "--probe", "off", cwd=tmp_path)
    assert proc.returncode == 1
    [f] = [r for r in refs(proc) if r["status"] == "unsupported-parameter"]
    col = PY.split("\n")[2].index("max_tokens")
    assert f["range"] == {"start": {"line": 2, "character": col}, "end": {"line": 2, "character": col + 10}}
    assert f["model"] == "o3" and f["severity"] == "error" and "max_completion_tokens" in f["message"]


def test_severity_settings_and_ignore_comments_apply_to_code_findings(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.openai-access]\nseverity = { unsupported-parameter = "warning" }\n')
    (tmp_path / "a.py").write_text(PY)
    (tmp_path / "b.py").write_text(
        PY.replace("max_tokens=100)", "max_tokens=1)  # openai-access: ignore[unsupported-parameter]")
    )
    proc = run("check", ".", "--format", "json", "--probe", "off", cwd=tmp_path)
    found = {r["path"]: r for r in refs(proc) if r["status"] == "unsupported-parameter"}
    assert found["a.py"]["severity"] == "warning"
    assert found["b.py"]["suppressed"] is True and found["b.py"]["severity"] is None


def test_keys_in_code_notebook_and_yaml_never_appear_in_any_output(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app.py").write_text(f'from openai import OpenAI\nclient = OpenAI(api_key="{KEY}")\n')
    (tmp_path / "nb.ipynb").write_text(_notebook("import openai\n", f'openai.api_key = "{KEY}"\n'))
    (tmp_path / "settings.yaml").write_text(f"llm:\n  key: '{KEY}'\n")
    outputs = {}
    for fmt in ("text", "json", "sarif"):
        proc = run("check", ".", "--format", fmt, "--probe", "off", cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        outputs[fmt] = proc.stdout + proc.stderr
        assert BODY not in outputs[fmt] and BODY[:12] not in outputs[fmt]
    found = json.loads(run_json(tmp_path))["references"]
    keys = sorted((r["path"], r["cell"]) for r in found if r["status"] == "exposed-key")
    assert keys == [("app.py", None), ("nb.ipynb", 1), ("settings.yaml", None)]
    assert all(f"…{LAST4}" in r["message"] for r in found if r["status"] == "exposed-key")
    sarif = json.loads(run("check", ".", "--format", "sarif", "--probe", "off", cwd=tmp_path).stdout)
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "exposed-key" in rules


def run_json(cwd: Path) -> str:
    return run("check", ".", "--format", "json", "--probe", "off", cwd=cwd).stdout
