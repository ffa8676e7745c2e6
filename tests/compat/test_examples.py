"""examples/compat shows every code-finding status, each at the argument or call it is about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openai_access.cli import main

COMPAT = Path(__file__).resolve().parents[2] / "examples" / "compat"


def test_examples_show_each_code_finding(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--probe", "off", "--format", "json", "--today", "2026-11-22", str(COMPAT)]) == 1
    refs = json.loads(capsys.readouterr().out)["references"]
    found = {(Path(r["path"]).name, r["status"]) for r in refs if r["severity"] is not None}
    assert {
        ("parameters.py", "unsupported-parameter"),
        ("parameters.py", "conditional-parameter"),
        ("parameters.ts", "unsupported-parameter"),
        ("parameters.ts", "browser-key"),
        ("keys.py", "exposed-key"),
        ("report.py", "sdk-mismatch"),
        ("index.js", "sdk-mismatch"),
    } <= found
    assert not any("FAKEkey0FAKEkey1" in json.dumps(r) for r in refs)
