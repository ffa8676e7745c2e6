"""``openai-access check``: the contract other tools depend on (DESIGN.md), run as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    base.update({"OPENAI_ACCESS_TODAY": "2026-11-22", "XDG_CACHE_HOME": str(cwd / ".cache-test")})
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "openai_access", *args], cwd=cwd, env=base, capture_output=True, text=True, timeout=120
    )


def refs(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    doc = json.loads(proc.stdout)
    assert doc["version"] == 1
    return list(doc["references"])


def test_json_contract_on_examples() -> None:
    proc = run("check", "examples/python/chat_app.py", "--format", "json", "--probe", "off")
    assert proc.returncode == 1, proc.stderr  # the examples have error-severity findings
    items = refs(proc)
    keys = {"path", "range", "model", "status", "severity", "message", "evidence", "replacements", "cell"}
    assert all(keys <= set(r) for r in items)
    by_model = {(r["model"], r["status"]) for r in items}
    assert ("gpt-4o", "deprecated") in by_model
    assert ("gpt-4.5-preview", "retired") in by_model
    assert ("gtp-5.5", "unknown") in by_model
    assert ("gpt-5.5", "unverified") in by_model  # every reference appears, unchecked ones too
    assert ("my-gpt4o-deployment", "not-openai") in by_model

    text = (EXAMPLES / "python" / "chat_app.py").read_text().splitlines()
    line = text.index('SUMMARY_MODEL = "gpt-4o"')
    summary = next(r for r in items if r["model"] == "gpt-4o" and r["range"]["start"]["line"] == line)
    assert summary["range"] == {"start": {"line": line, "character": 17}, "end": {"line": line, "character": 23}}
    assert summary["path"] == "examples/python/chat_app.py"
    assert summary["severity"] == "warning" and summary["cell"] is None
    assert summary["replacements"] == ["gpt-6-luna"]
    assert "catalog as of" in summary["evidence"]
    unverified = next(r for r in items if r["status"] == "unverified")
    assert unverified["severity"] is None and "probing is off" in unverified["message"]


def test_ranges_are_utf16_code_units(tmp_path: Path) -> None:
    # "🚀" is one code point but two UTF-16 code units: the column must count two.
    src = 'from openai import OpenAI\nx = "🚀"; OpenAI().chat.completions.create(model="gpt-4.5-preview")\n'
    (tmp_path / "app.py").write_text(src, encoding="utf-8")
    proc = run("check", str(tmp_path / "app.py"), "--format", "json", "--probe", "off", cwd=tmp_path)
    (r,) = refs(proc)
    code_points = src.splitlines()[1].index("gpt-4.5-preview")
    assert r["range"]["start"] == {"line": 1, "character": code_points + 1}
    assert r["range"]["end"]["character"] - r["range"]["start"]["character"] == len("gpt-4.5-preview")


def test_text_format_and_exit_codes(tmp_path: Path) -> None:
    proc = run("check", "examples/python/chat_app.py", "--probe", "off")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert any(
        line.startswith("examples/python/chat_app.py:") and "error [retired] gpt-4.5-preview" in line for line in lines
    ), proc.stdout
    assert "catalog as of" in proc.stderr

    clean = tmp_path / "clean.py"
    clean.write_text('from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-5.5")\n')
    assert run("check", str(clean), "--probe", "off", cwd=tmp_path).returncode == 0

    missing = run("check", "no/such/dir", "--probe", "off")
    assert missing.returncode == 2 and "no such file or directory" in missing.stderr
    bad_flag = run("check", "--format", "yaml")
    assert bad_flag.returncode == 2 and "invalid choice" in bad_flag.stderr


def test_directory_walk_json_paths_joined(tmp_path: Path) -> None:
    proc = run("check", "examples", "--format", "json", "--probe", "off")
    paths = {r["path"] for r in refs(proc)}
    assert "examples/python/chat_app.py" in paths
    assert "examples/typescript/assistant.ts" in paths


def test_suppression_comment_silences_and_json_marks_it(tmp_path: Path) -> None:
    src = (
        "from openai import OpenAI\n"
        'OpenAI().chat.completions.create(model="gpt-4.5-preview")  # openai-access: ignore[retired]\n'
    )
    (tmp_path / "a.py").write_text(src)
    proc = run("check", str(tmp_path / "a.py"), "--format", "json", "--probe", "off", cwd=tmp_path)
    assert proc.returncode == 0
    (r,) = refs(proc)
    assert r["status"] == "retired" and r["severity"] is None and r["suppressed"] is True


def test_bad_inputs_are_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "binary.py").write_bytes(b"\x00\x01\x02model='gpt-4o'")
    (tmp_path / "latin1.py").write_bytes(
        b'# caf\xe9\nfrom openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4.5-preview")\n'
    )
    (tmp_path / "broken.py").write_text(
        'from openai import OpenAI\nOpenAI().chat.completions.create(model="gtp-5.5",\n'
    )
    (tmp_path / "empty.ts").write_text("")
    (tmp_path / "huge.py").write_text("x = 1\n" * (2 * 1024 * 1024))  # 12 MB
    proc = run("check", str(tmp_path), "--probe", "off", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "binary.py: skipped (binary file)" in proc.stderr
    assert "huge.py: skipped" in proc.stderr and "MB limit" in proc.stderr
    assert "latin1.py: not valid UTF-8" in proc.stderr
    assert "[retired] gpt-4.5-preview" in proc.stdout  # the non-UTF-8 file was still checked
    assert "[unknown] gtp-5.5" in proc.stdout  # half-typed code still yields its reference


def test_sarif_output(tmp_path: Path) -> None:
    proc = run("check", "examples/python/chat_app.py", "--format", "sarif", "--probe", "off")
    doc = json.loads(proc.stdout)
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    retired = next(r for r in results if r["ruleId"] == "retired")
    region = retired["locations"][0]["physicalLocation"]["region"]
    assert retired["level"] == "error" and region["startLine"] >= 1
    assert {r["ruleId"] for r in results} >= {"retired", "deprecated", "unknown"}


def test_project_settings_change_severity_and_ignore(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.openai-access]\nseverity = { deprecated = "error" }\nignore-models = ["gpt-4.5-*"]\n'
        'base-url = "http://attacker.example/v1"\n'
    )
    (tmp_path / "a.py").write_text(
        'from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model="gpt-4o")\n'
        'c.chat.completions.create(model="gpt-4.5-preview")\n'
    )
    proc = run("check", ".", "--format", "json", "--probe", "off", cwd=tmp_path)
    items = {r["model"]: r for r in refs(proc)}
    assert items["gpt-4o"]["severity"] == "error"
    assert items["gpt-4.5-preview"].get("suppressed") is True
    notes = json.loads(proc.stdout).get("notes", [])
    assert any("base-url" in n and "may not set it" in n for n in notes), notes


def test_found_says_call_or_slot_in_json_text_and_sarif(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text('SUMMARY_MODEL = "gpt-4.5-preview"\nJUDGE_MODEL = "gpt-4o-mnii"\n')
    (tmp_path / "app.py").write_text(
        "from openai import OpenAI\nfrom settings import SUMMARY_MODEL\n"
        'OpenAI().chat.completions.create(model=SUMMARY_MODEL)\nOpenAI().embeddings.create(model="gpt-4.5-preview")\n'
    )
    items = refs(run("check", ".", "--format", "json", "--probe", "off", cwd=tmp_path))
    found = {(r["path"], r["range"]["start"]["line"], r["found"], r["status"], r["severity"]) for r in items}
    # The constant reaches a call in another file: the traced call replaces the slot at that range.
    assert ("settings.py", 0, "call", "retired", "error") in found
    # Only its name says JUDGE_MODEL is a model: a slot, and an unknown id there is one step quieter.
    assert ("settings.py", 1, "slot", "unknown", "information") in found
    assert ("app.py", 3, "call", "retired", "error") in found
    assert len(items) == 3

    text = run("check", ".", "--probe", "off", cwd=tmp_path).stdout.splitlines()
    judge = next(line for line in text if line.startswith("settings.py:2:"))
    assert judge.endswith("(model-named setting; the call was not traced)")
    assert not any(line.startswith("settings.py:1:") and "not traced" in line for line in text)

    sarif = json.loads(run("check", ".", "--format", "sarif", "--probe", "off", cwd=tmp_path).stdout)
    results = sarif["runs"][0]["results"]
    slot = next(r for r in results if r["properties"]["found"] == "slot")
    assert slot["message"]["text"].endswith("(model-named setting; the call was not traced)")
    assert {r["properties"]["found"] for r in results} == {"call", "slot"}


def test_a_constant_used_by_two_calls_is_one_finding(tmp_path: Path) -> None:
    """MODEL in chat.completions and in responses: two uses, one line when they read the same."""
    src = (
        'from openai import OpenAI\nclient = OpenAI()\nMODEL = "gpt-4o"\n'
        "client.chat.completions.create(model=MODEL, messages=[])\n"
        'client.responses.create(model=MODEL, input="hi")\n'
        'client.embeddings.create(model=MODEL, input="hi")\n'
    )
    (tmp_path / "app.py").write_text(src)
    proc = run("check", "app.py", "--probe", "off", cwd=tmp_path)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("app.py:3:")]
    assert [line.split("[")[1].split("]")[0] for line in lines] == ["deprecated", "wrong-endpoint"], proc.stdout
