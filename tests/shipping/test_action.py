"""The reusable GitHub Action (``action.yml``) and its worked example workflow.

GitHub's runner is not here, so the test does what the runner does with a composite action:
it takes the check step from ``action.yml``, gives it the environment the runner would (each
``${{ inputs.* }}`` replaced by the input's value, ``GITHUB_ACTION_PATH``, ``GITHUB_OUTPUT``) and
runs its ``run:`` line with bash, with ``openai-access`` on PATH as the install step leaves it.
The example workflow must only use inputs and outputs the action has.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXAMPLE = yaml.safe_load((ROOT / "docs" / "examples" / "code-scanning.yml").read_text(encoding="utf-8"))
FAKE_KEY = "sk-test-FAKE0000action"
RETIRED = 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4.5-preview", messages=[])\n'
INPUT = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")
RUNNER_TEMP = re.compile(r"\$\{\{\s*runner\.temp\s*\}\}")


def _check_step() -> dict[str, Any]:
    return next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")


def run_action(workdir: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    values = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values.update(inputs)
    step = _check_step()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OA_", "GITHUB_"))}
    for key, template in step["env"].items():
        env[key] = RUNNER_TEMP.sub(str(workdir / "runner-temp"), INPUT.sub(lambda m: values[m.group(1)], str(template)))
    output = workdir / "github-output"
    output.write_text("")
    env.update(
        GITHUB_ACTION_PATH=str(ROOT),
        GITHUB_OUTPUT=str(output),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        OPENAI_ACCESS_TODAY=json.loads((ROOT / "server/openai_access/catalog/models.json").read_text())["as_of"],
    )
    proc = subprocess.run(
        ["bash", "-c", step["run"]], cwd=workdir, env=env, capture_output=True, text=True, timeout=300
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return proc, outputs


def _project(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(RETIRED, encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "ok.py").write_text(RETIRED.replace("gpt-4.5-preview", "gpt-6-luna"), encoding="utf-8")
    return tmp_path


def test_action_writes_sarif_and_outputs_without_failing_by_default(tmp_path: Path) -> None:
    proc, outputs = run_action(_project(tmp_path), paths="src other", **{"api-key": FAKE_KEY})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert outputs == {"sarif-file": "openai-access.sarif", "exit-code": "1"}
    sarif_text = (tmp_path / "openai-access.sarif").read_text(encoding="utf-8")
    sarif = json.loads(sarif_text)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("app.py") for r in results] == [
        True
    ]
    assert "gpt-4.5-preview" in results[0]["message"]["text"]
    assert "::warning title=openai-access::" in proc.stdout
    assert FAKE_KEY not in sarif_text + proc.stdout + proc.stderr + (tmp_path / "github-output").read_text()


def test_action_keeps_the_scan_memo_where_its_cache_step_saves_and_restores_it(tmp_path: Path) -> None:
    project = _project(tmp_path)
    key = "sk-proj-" + "FAKEaction" + "Zq7Wm3Rt" * 3  # built here, so this file holds no key-shaped text
    (project / "src" / "client.py").write_text(f'from openai import OpenAI\nOpenAI(api_key="{key}")\n')
    time.sleep(2.1)  # every file older than the memo's 2 s racy window, so the run records them
    first, _ = run_action(project, paths="src other")
    assert "exposed-key" in (project / "openai-access.sarif").read_text(encoding="utf-8")
    cache = next(s for s in ACTION["runs"]["steps"] if str(s.get("uses", "")).startswith("actions/cache@"))
    assert cache["if"] == "inputs.scan-memo == 'true'" and ACTION["inputs"]["scan-memo"]["default"] == "true"
    saved = Path(RUNNER_TEMP.sub(str(tmp_path / "runner-temp"), cache["with"]["path"]))
    assert len(list(saved.glob("*.json"))) == 1
    memo = next(saved.glob("*.json")).read_text(encoding="utf-8")
    assert "gpt-4.5-preview" in memo and key not in memo and key[-4:] not in memo
    sarif = (project / "openai-access.sarif").read_text(encoding="utf-8")
    second, _ = run_action(project, paths="src other")
    assert (project / "openai-access.sarif").read_text(encoding="utf-8") == sarif
    assert first.returncode == second.returncode == 0


def test_action_fails_on_findings_when_asked(tmp_path: Path) -> None:
    proc, outputs = run_action(_project(tmp_path), paths="src", **{"fail-on-findings": "true", "sarif-file": "x.sarif"})
    assert proc.returncode == 1
    assert outputs["exit-code"] == "1" and (tmp_path / "x.sarif").exists()


def test_action_passes_clean_code_and_stops_on_a_fatal_error(tmp_path: Path) -> None:
    project = _project(tmp_path)
    proc, outputs = run_action(project, paths="other", **{"fail-on-findings": "true"})
    assert (proc.returncode, outputs["exit-code"]) == (0, "0"), proc.stderr
    proc, outputs = run_action(project, paths="other", probe="sometimes")
    assert proc.returncode == 2 and outputs["exit-code"] == "2"
    assert "::error title=openai-access::" in proc.stderr


def test_action_inputs_reach_the_step_only_through_env() -> None:
    """``${{ inputs.x }}`` spliced into a script is a shell injection; only env may carry them."""
    for step in ACTION["runs"]["steps"]:
        assert not INPUT.search(str(step.get("run", ""))), step
    used = {m.group(1) for m in INPUT.finditer((ROOT / "action.yml").read_text())}
    assert used <= set(ACTION["inputs"]), used - set(ACTION["inputs"])


def test_example_workflow_uses_only_what_the_action_has() -> None:
    steps = EXAMPLE["jobs"]["models"]["steps"]
    ours = next(s for s in steps if str(s.get("uses", "")).startswith("openai-access/openai-access@"))
    assert set(ours.get("with", {})) <= set(ACTION["inputs"])
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == f"${{{{ steps.{ours['id']}.outputs.sarif-file }}}}"
    assert "sarif-file" in ACTION["outputs"]
    assert EXAMPLE["permissions"]["security-events"] == "write"
    assert "always()" in upload["if"]  # the upload runs even when the check step failed
