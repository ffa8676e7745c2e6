"""``check`` against faults and hostile inputs (issue 14): what a user sees in the JSON and the notes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_check import refs, run
from tests.fake_openai import FakeOpenAI

KEY = "sk-test-FAKE0000"
APP = """from openai import OpenAI

client = OpenAI()
client.chat.completions.create(model="gpt-5.5", messages=[])
client.chat.completions.create(model="gpt-6-luna", messages=[])
"""


def key_env(base_url: str) -> dict[str, str]:
    return {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": base_url}


# -- item 2 ----------------------------------------------------------------------------------------


def test_a_proxy_page_makes_every_model_unverified_with_one_note(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    scenario = {"models": {"gpt-5.5": "blocked", "gpt-6-luna": "ok"}, "account": "foreign", "foreign_status": 404}
    with FakeOpenAI(scenario) as fake:
        proc = run("check", "app.py", "--format", "json", cwd=tmp_path, env=key_env(fake.base_url))
        base = fake.base_url
    assert proc.returncode == 0, proc.stderr
    assert {r["model"]: r["status"] for r in refs(proc)} == {"gpt-5.5": "unverified", "gpt-6-luna": "unverified"}
    notes = json.loads(proc.stdout)["notes"]
    assert any(base in n and "did not come from the OpenAI API" in n for n in notes), notes


# -- item 16 ---------------------------------------------------------------------------------------


def test_an_unreachable_url_is_named_whole(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    proc = run("check", "app.py", "--format", "json", cwd=tmp_path, env=key_env("http://127.0.0.1:9/v1"))
    messages = [r["message"] for r in refs(proc)]
    assert messages and all("http://127.0.0.1:9/v1" in m for m in messages), messages


# -- item 1 ----------------------------------------------------------------------------------------


def test_a_recheck_without_paid_probes_keeps_needs_verification(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-x")\n')
    cache = str(tmp_path / "shared-cache")
    with FakeOpenAI({"models": {"gpt-x": "verify-use"}}) as fake:
        env = key_env(fake.base_url)
        first = run("check", "app.py", "--format", "json", "--cache-dir", cache, cwd=tmp_path, env=env)
        again = run(
            "check", "app.py", "--format", "json", "--cache-dir", cache, "--probe", "live", "--no-paid-probes",
            cwd=tmp_path, env=env,
        )  # fmt: skip
        later = run(
            "check", "app.py", "--format", "json", "--cache-dir", cache, "--no-paid-probes", cwd=tmp_path, env=env
        )
    assert [r["status"] for r in refs(first)] == ["needs-verification"]
    assert [r["status"] for r in refs(again)] == ["needs-verification"], again.stdout
    assert [r["status"] for r in refs(later)] == ["needs-verification"]


# -- items 18-21: output a new user reads ----------------------------------------------------------


def test_one_bad_severity_entry_drops_only_itself(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.openai-access]\nprobe = "sometimes"\n'
        '[tool.openai-access.severity]\nblocked = "loud"\ndeprecated = "error"\n'
    )
    (tmp_path / "a.py").write_text('from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n')
    proc = run("check", "a.py", "--format", "json", cwd=tmp_path)
    assert [(r["status"], r["severity"]) for r in refs(proc)] == [("deprecated", "error")]  # the good entry applies
    notes = json.loads(proc.stdout)["notes"]
    assert any("'loud'" in n and "blocked" in n for n in notes), notes
    assert any("'sometimes'" in n and "off, list, auto, live" in n for n in notes), notes  # the valid values


def test_serve_with_a_bad_tcp_address_is_a_usage_error(tmp_path: Path) -> None:
    for bad in ("foo", "127.0.0.1:70000", "host:"):
        proc = run("serve", "--tcp", bad, cwd=tmp_path)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "HOST:PORT" in proc.stderr and "65535" in proc.stderr


def test_help_and_summary_read_as_plain_words(tmp_path: Path) -> None:
    helped = run("--help", cwd=tmp_path)
    assert helped.returncode == 0 and "``" not in helped.stdout
    (tmp_path / "a.py").write_text('from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n')
    summary = run("check", "a.py", cwd=tmp_path).stderr.splitlines()[0]
    assert "))" not in summary and "API key" in summary, summary
    offline = run("check", "a.py", "--probe", "off", "--format", "json", cwd=tmp_path)
    assert all("))" not in r["message"] for r in refs(offline))


def test_an_unreachable_api_is_not_called_checked(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n')
    proc = run("check", "a.py", cwd=tmp_path, env=key_env("http://127.0.0.1:9/v1"))
    summary = next(line for line in proc.stderr.splitlines() if "model reference" in line)
    assert "access not checked" in summary and "access checked for" not in summary, summary


# -- item 17: one notation for a place in a notebook --------------------------------------------------

NOTEBOOK = {
    "metadata": {"kernelspec": {"name": "python3", "language": "python"}, "language_info": {"name": "python"}},
    "nbformat": 4,
    "nbformat_minor": 5,
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Notes\n"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [
                "from openai import OpenAI\n",
                "client = OpenAI()\n",
                'client.chat.completions.create(model="gpt-4.5-preview", messages=[])\n',
            ],
        },
    ],
}


def test_notebook_places_point_into_the_file_and_name_the_cell_alike(tmp_path: Path) -> None:
    text = json.dumps(NOTEBOOK, indent=1)
    (tmp_path / "nb.ipynb").write_text(text)
    file_lines = text.split("\n")
    plain = run("check", "nb.ipynb", "--probe", "off", cwd=tmp_path)
    first = plain.stdout.splitlines()[0]
    path, line, column, _ = first.split(":", 3)
    assert path == "nb.ipynb" and "(cell 2, line 3)" in first, first
    assert file_lines[int(line) - 1][int(column) - 1 :].startswith("gpt-4.5-preview"), first

    sarif = json.loads(run("check", "nb.ipynb", "--probe", "off", "--format", "sarif", cwd=tmp_path).stdout)
    result = sarif["runs"][0]["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert "gpt-4.5-preview" in file_lines[region["startLine"] - 1]
    assert region["startLine"] == int(line) and "(cell 2, line 3)" in result["message"]["text"]

    doctor = json.loads(run("doctor", "nb.ipynb", "--probe", "off", "--format", "json", cwd=tmp_path).stdout)
    where = [w for m in doctor["models"] for w in m["where"]]
    assert where == [f"nb.ipynb:{line} (cell 2, line 3)"], where


# -- item 21: silent zeros and silent skips ----------------------------------------------------------------


def test_a_truncated_notebook_is_named_not_read_as_empty(tmp_path: Path) -> None:
    text = json.dumps(NOTEBOOK, indent=1)
    (tmp_path / "nb.ipynb").write_text(text[: len(text) // 2])
    proc = run("check", "nb.ipynb", "--probe", "off", "--format", "json", cwd=tmp_path)
    notes = json.loads(proc.stdout)["notes"]
    assert any("nb.ipynb" in n and "not a readable notebook" in n for n in notes), notes


def test_a_named_file_over_the_limit_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text("x = 1\n" * (1024 * 1024))  # 6 MB
    (tmp_path / "a.py").write_text('from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n')
    named = run("check", "big.py", "a.py", "--probe", "off", cwd=tmp_path)
    assert named.returncode == 2 and "big.py" in named.stderr and "limit" in named.stderr
    assert "gpt-4o" in named.stdout  # the rest of the run still reports
    walked = run("check", ".", "--probe", "off", cwd=tmp_path)
    assert walked.returncode == 0 and "big.py" in walked.stderr  # inside a folder: a note
