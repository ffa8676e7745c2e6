"""Several projects at once: each reference judged per named project, the worst one on top."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli.test_check import refs, run
from tests.fake_openai import FAKE_ADMIN_KEY, FakeOpenAI

PROD_KEY, STAGING_KEY = "sk-test-PRODprodPROD1111", "sk-test-STAGstagSTAG2222"
PROD, STAGING = "proj_PRODprodPRODprodPROD01", "proj_STAGstagSTAGstagSTAG02"
APP = """from openai import OpenAI

client = OpenAI()
client.chat.completions.create(model="gpt-5.5", messages=[])
client.chat.completions.create(model="gpt-5.6-sol", messages=[])
client.images.generate(model="gpt-image-2", prompt="a cat")
"""
SCENARIO = {
    "models": {"gpt-5.5": "ok", "gpt-5.6-sol": "ok", "gpt-image-2": "ok"},
    "key_projects": {
        PROD_KEY: {"project": PROD, "models": {"gpt-5.5": "ok", "gpt-5.6-sol": "blocked", "gpt-image-2": "ok"}},
        STAGING_KEY: {"project": STAGING},
    },
    # prod's policy allows only the chat models; staging has none set.
    "model_permissions": {PROD: {"mode": "allow_list", "model_ids": ["gpt-5.5", "gpt-5.6-sol"]}},
}
PROJECTS = ("prod=OPENAI_API_KEY_PROD", "staging=OPENAI_API_KEY_STAGING")


def check_json(tmp_path: Path, fake: FakeOpenAI, *projects: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """``check app.py --format json --no-paid-probes`` with the named projects' keys in the environment."""
    args = [a for p in projects for a in ("--project", p)]
    return run("check", "app.py", "--format", "json", "--no-paid-probes", *args, cwd=tmp_path, env=env(fake, **extra))


def env(fake: FakeOpenAI, **extra: str) -> dict[str, str]:
    return {
        "OPENAI_API_KEY_PROD": PROD_KEY,
        "OPENAI_API_KEY_STAGING": STAGING_KEY,
        "OPENAI_BASE_URL": fake.base_url,
        **extra,
    }


def test_each_reference_is_judged_per_project_with_the_worst_on_top(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    with FakeOpenAI(SCENARIO) as fake:
        proc = check_json(tmp_path, fake, *PROJECTS, OPENAI_ADMIN_KEY=FAKE_ADMIN_KEY)
        assert fake.count(model="gpt-image-2") == 0
        assert fake.count(path=f"/v1/organization/projects/{PROD}/model_permissions") == 1
        assert fake.count(path=f"/v1/organization/projects/{STAGING}/model_permissions") == 1
    assert proc.returncode == 1, proc.stderr
    by_model = {r["model"]: r for r in refs(proc)}

    sol = by_model["gpt-5.6-sol"]  # blocked by the probe in prod only
    assert (sol["status"], sol["severity"]) == ("blocked", "error")
    assert sol["message"].endswith("— blocked in prod; ok in staging")
    assert [(p["name"], p["status"], p["severity"]) for p in sol["projects"]] == [
        ("prod", "blocked", "error"),
        ("staging", "ok", None),
    ]
    assert all(set(p) == {"name", "status", "severity", "evidence"} for p in sol["projects"])

    image = by_model["gpt-image-2"]  # blocked by prod's policy, never probed; staging can't tell
    assert image["status"] == "blocked" and "blocked in prod" in image["message"]
    prod_row = image["projects"][0]
    assert prod_row["name"] == "prod" and prod_row["evidence"].startswith("project policy (admin API)")

    ok = by_model["gpt-5.5"]
    assert ok["status"] == "ok" and [p["status"] for p in ok["projects"]] == ["ok", "ok"]

    everything = (
        proc.stdout
        + proc.stderr
        + "".join(p.read_text(errors="ignore") for p in (tmp_path / ".cache-test").rglob("*") if p.is_file())
    )
    for secret in (PROD_KEY, STAGING_KEY, FAKE_ADMIN_KEY):
        assert secret not in everything


def test_without_projects_the_json_has_no_projects_array(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    with FakeOpenAI(SCENARIO) as fake:
        proc = run("check", "app.py", "--format", "json", cwd=tmp_path, env={"OPENAI_BASE_URL": fake.base_url})
    assert all("projects" not in r for r in refs(proc))


def test_a_project_whose_key_variable_is_unset_says_so(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    with FakeOpenAI(SCENARIO) as fake:
        proc = check_json(tmp_path, fake, "prod=OPENAI_API_KEY_PROD", "dev=OPENAI_API_KEY_DEV")
    row = {p["name"]: p for p in next(r for r in refs(proc) if r["model"] == "gpt-5.5")["projects"]}
    assert row["dev"]["status"] == "unverified"
    assert row["prod"]["status"] == "ok"


def test_a_repository_file_may_not_name_projects(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / ".openai-access.toml").write_text('projects = [{ name = "evil", key-env = "OPENAI_API_KEY" }]\n')
    proc = run("check", "app.py", "--format", "json", "--probe", "off", cwd=tmp_path)
    doc = json.loads(proc.stdout)
    assert any("projects" in n and "repository file" in n for n in doc.get("notes", [])), doc.get("notes")
    assert all("projects" not in r for r in doc["references"])
