"""``openai-access doctor``: each checklist line against the fake OpenAI, run as the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.doctor.doctor_helpers import (
    FAKE_PROJECT,
    HINT,
    KeyDefaultsFake,
    checks,
    doctor,
    paid_requests,
    states,
)
from tests.fake_openai import FakeOpenAI

ACCOUNT_CHECKS = (
    "key-source",
    "base-url",
    "organization-project",
    "key-valid",
    "quota-billing",
    "models-list",
    "region",
)
HEALTHY = {"models": {"gpt-4o-mini": "ok", "gpt-5.5": "ok"}}

APP = """from openai import OpenAI

client = OpenAI()
client.chat.completions.create(model="gpt-5.5", messages=[])
client.chat.completions.create(model="gpt-5.6-sol", messages=[])
"""


def test_healthy_run_passes_with_free_requests_only(tmp_path: Path) -> None:
    with FakeOpenAI(HEALTHY) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        found = checks(proc)
        assert tuple(found) == ACCOUNT_CHECKS  # checklist order, no PATH: no models line
        assert all(c["state"] == "pass" for cid, c in found.items() if cid != "base-url")
        # The fake is not OpenAI's URL: said as uncertainty, not as a failure.
        assert found["base-url"]["state"] == "unknown" and "not OpenAI's API" in found["base-url"]["detail"]
        assert HINT in found["key-source"]["detail"] and "OPENAI_API_KEY" in found["key-source"]["detail"]
        assert FAKE_PROJECT in found["organization-project"]["detail"]
        assert "nothing was billed" in found["quota-billing"]["detail"]
        assert json.loads(proc.stdout)["models"] == []
        assert paid_requests(fake) == 0  # no paid request without --probe live

        text = doctor(tmp_path, fake=fake)
        assert text.returncode == 0
        lines = text.stdout.splitlines()
        assert any(line.startswith(f"✓ API key: {HINT}") for line in lines), text.stdout
        assert any(line.startswith("? Base URL:") for line in lines)
        assert lines[-1] == "No check failed (1 could not tell)."  # the base URL is not OpenAI's


def test_no_key_fails_the_first_check_and_sends_nothing(tmp_path: Path) -> None:
    with FakeOpenAI(HEALTHY) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake, key=None)
        assert proc.returncode == 1
        found = checks(proc)
        assert found["key-source"]["state"] == "fail"
        assert "OPENAI_API_KEY" in found["key-source"]["fix"]
        assert "platform.openai.com/api-keys" in found["key-source"]["fix"]
        assert {found[c]["state"] for c in ("key-valid", "quota-billing", "models-list", "region")} == {"unknown"}
        assert "no API key" in found["quota-billing"]["detail"]
        assert fake.requests == []


def test_bad_key_points_to_the_api_keys_page(tmp_path: Path) -> None:
    with FakeOpenAI({**HEALTHY, "account": "bad-key"}) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake)
        assert proc.returncode == 1
        found = checks(proc)
        assert found["key-valid"]["state"] == "fail"
        assert "invalid_api_key" in found["key-valid"]["detail"] and HINT in found["key-valid"]["detail"]
        assert "platform.openai.com/api-keys" in found["key-valid"]["fix"]
        # Nothing else can be told once the key is refused, and no more requests are spent on it.
        assert found["quota-billing"]["state"] == "unknown" and "key was rejected" in found["quota-billing"]["detail"]
        assert fake.count(path="/v1/chat/completions") == 0

        text = doctor(tmp_path, fake=fake)  # the 401 echoes the masked key: scrubbed (doctor() asserts it)
        assert text.returncode == 1
        assert "✗ API key accepted" in text.stdout and "fix: Copy a current key" in text.stdout


def test_mismatched_organization_names_the_variable(tmp_path: Path) -> None:
    with FakeOpenAI({**HEALTHY, "expect_organization": "org-RIGHTrightRIGHTrightRIGH"}) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake, OPENAI_ORG_ID="org-WRONGwrongWRONGwrongWRON")
        assert proc.returncode == 1
        found = checks(proc)
        org = found["organization-project"]
        assert org["state"] == "fail"
        assert "org-WRONGwrongWRONGwrongWRON" in org["detail"] and "mismatched_organization" in org["detail"]
        assert org["fix"].startswith("Unset OPENAI_ORG_ID or set it to org-")
        assert found["key-valid"]["state"] == "pass"  # the key was recognised; the header was not
    sent = {r["organization"] for r in fake.requests}
    assert "org-WRONGwrongWRONGwrongWRON" in sent


def test_mismatched_project_says_which_project_the_key_belongs_to(tmp_path: Path) -> None:
    # As with the real API, the key alone (no OpenAI-Project header) reaches its own project.
    with KeyDefaultsFake({**HEALTHY, "expect_project": FAKE_PROJECT}) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake, OPENAI_PROJECT_ID="proj_WRONGwrongWRONGwrong0002")
        assert proc.returncode == 1
        found = checks(proc)
        proj = found["organization-project"]
        assert proj["state"] == "fail" and "mismatched_project" in proj["detail"]
        assert proj["fix"].startswith(f"Unset OPENAI_PROJECT_ID or set it to {FAKE_PROJECT}")
        # Asked again without the header, the rest of the checklist still ran.
        assert found["quota-billing"]["state"] == "pass"
        assert found["models-list"]["state"] == "pass"


def test_mismatched_project_without_a_way_to_learn_the_right_one(tmp_path: Path) -> None:
    with FakeOpenAI({**HEALTHY, "account": "project-mismatch"}) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake, OPENAI_PROJECT="proj_WRONGwrongWRONGwrong0002")
        assert proc.returncode == 1
        proj = checks(proc)["organization-project"]
        assert proj["state"] == "fail"
        assert proj["fix"].startswith("Unset OPENAI_PROJECT or set it to proj_…")


@pytest.mark.parametrize(
    ("account", "words"),
    [("quota", "no quota left"), ("billing-not-active", "Billing is not active")],
)
def test_quota_and_billing_point_to_the_billing_page(tmp_path: Path, account: str, words: str) -> None:
    with FakeOpenAI({**HEALTHY, "account": account}) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake)
        assert proc.returncode == 1
        found = checks(proc)
        quota = found["quota-billing"]
        assert quota["state"] == "fail" and words in quota["detail"]
        assert "settings/organization/billing" in quota["fix"]
        assert found["key-valid"]["state"] == "pass" and found["models-list"]["state"] == "pass"
        assert paid_requests(fake) == 0


def test_missing_models_read_scope(tmp_path: Path) -> None:
    with FakeOpenAI({**HEALTHY, "account": "missing-scope"}) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake)
        assert proc.returncode == 1
        found = checks(proc)
        assert found["models-list"]["state"] == "fail"
        assert "api.model.read" in found["models-list"]["detail"]
        assert "“Models” to Read" in found["models-list"]["fix"]
        # Model requests still work: the quota check ran on its own.
        assert found["quota-billing"]["state"] == "pass"


def test_unsupported_region(tmp_path: Path) -> None:
    with FakeOpenAI({**HEALTHY, "account": "region"}) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake)
        assert proc.returncode == 1
        found = checks(proc)
        assert found["region"]["state"] == "fail"
        assert "unsupported_country_region_territory" in found["region"]["detail"]
        assert "supported-countries" in found["region"]["fix"]
        assert found["organization-project"]["state"] == "unknown"  # a refused request says nothing of it


def test_api_trouble_is_uncertainty_not_a_failure(tmp_path: Path) -> None:
    with FakeOpenAI({**HEALTHY, "account": "malformed-json"}) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake)
        assert proc.returncode == 0
        found = checks(proc)
        for cid in ("organization-project", "key-valid", "quota-billing", "models-list", "region"):
            assert found[cid]["state"] == "unknown", found[cid]
        assert "HTTP 500" in found["key-valid"]["detail"]


def test_path_summary_shows_a_blocked_model_with_the_limits_fix(tmp_path: Path) -> None:
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "app.py").write_text(APP)
    scenario = {"models": {"gpt-4o-mini": "ok", "gpt-5.5": "blocked", "gpt-5.6-sol": "ok"}}
    with FakeOpenAI(scenario) as fake:
        proc = doctor(tmp_path, "proj", "--format", "json", "--no-paid-probes", fake=fake)
        assert proc.returncode == 1, proc.stderr
        found = checks(proc)
        assert found["models"]["state"] == "fail" and "gpt-5.5" in found["models"]["detail"]
        assert all(found[c]["state"] != "fail" for c in ACCOUNT_CHECKS)
        models = {m["model"]: m for m in json.loads(proc.stdout)["models"]}
        blocked = models["gpt-5.5"]
        assert blocked["status"] == "blocked" and blocked["where"] == ["proj/app.py:4"]
        assert "settings/proj/limits" in blocked["fix"] and "Model usage" in blocked["fix"]
        assert models["gpt-5.6-sol"]["status"] == "ok" and models["gpt-5.6-sol"]["fix"] is None

        text = doctor(tmp_path, "proj", "--no-paid-probes", fake=fake)
        assert text.returncode == 1
        out = text.stdout
        assert "✗ Models used in proj" in out
        blocked_at = out.index("\n  blocked\n")
        assert out.index("gpt-5.5 (proj/app.py:4)") > blocked_at
        assert "fix: Allow gpt-5.5 for the project on its Limits page" in out
        assert out.index("\n  ok\n") > blocked_at  # problems first


def test_failing_account_check_stops_model_probes(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    with FakeOpenAI({"models": {"gpt-5.5": "blocked"}, "account": "quota"}) as fake:
        proc = doctor(tmp_path, "app.py", "--format", "json", fake=fake)
        assert proc.returncode == 1
        models = {m["model"]: m for m in json.loads(proc.stdout)["models"]}
        assert models["gpt-5.5"]["status"] == "unverified"
        assert "failing checks above" in models["gpt-5.5"]["message"]
        assert fake.count(path="/v1/chat/completions") == 1  # doctor's own quota request, no model probes


def test_paid_request_only_with_probe_live_and_paid_probes_allowed(tmp_path: Path) -> None:
    with FakeOpenAI(HEALTHY) as fake:
        assert doctor(tmp_path, "--probe", "live", "--no-paid-probes", fake=fake).returncode == 0
        assert paid_requests(fake) == 0
        proc = doctor(tmp_path, "--probe", "live", "--format", "json", fake=fake)
        assert proc.returncode == 0
        assert paid_requests(fake) == 1
        assert "minimal paid request" in checks(proc)["quota-billing"]["detail"]


def test_probe_off_sends_nothing(tmp_path: Path) -> None:
    with FakeOpenAI(HEALTHY) as fake:
        proc = doctor(tmp_path, "--probe", "off", "--format", "json", fake=fake)
        assert proc.returncode == 0
        assert states(proc)["quota-billing"] == "unknown"
        assert fake.requests == []


def test_clear_text_base_url_on_another_host_is_refused(tmp_path: Path) -> None:
    proc = doctor(tmp_path, "--format", "json", OPENAI_BASE_URL="http://192.0.2.10/v1")
    assert proc.returncode == 1
    base = checks(proc)["base-url"]
    assert base["state"] == "fail" and "https://" in base["fix"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = doctor(tmp_path, "no/such/dir", "--probe", "off")
    assert missing.returncode == 2 and "no such file or directory" in missing.stderr
    assert doctor(tmp_path, "--format", "sarif", "--probe", "off").returncode == 2
    assert doctor(tmp_path, "a", "b", "--probe", "off").returncode == 2


def test_an_admin_key_adds_the_project_model_policy_with_mode_and_list(tmp_path: Path) -> None:
    from tests.fake_openai import FAKE_ADMIN_KEY

    policy = {FAKE_PROJECT: {"mode": "allow_list", "model_ids": ["gpt-4o-mini", "gpt-5.5"]}}
    with FakeOpenAI({**HEALTHY, "model_permissions": policy}) as fake:
        proc = doctor(tmp_path, "--format", "json", fake=fake, OPENAI_ADMIN_KEY=FAKE_ADMIN_KEY)
        found = checks(proc)
        assert tuple(found) == (*ACCOUNT_CHECKS, "model-policy")
        detail = found["model-policy"]["detail"]
        assert found["model-policy"]["state"] == "pass"
        assert f"{FAKE_PROJECT} uses an allow list of 2 models: gpt-4o-mini, gpt-5.5." in detail
        assert FAKE_ADMIN_KEY not in proc.stdout + proc.stderr

        refused = doctor(tmp_path, "--format", "json", fake=fake, OPENAI_ADMIN_KEY="sk-admin-WRONGwrongWRONG9999")
        check = checks(refused)["model-policy"]
        assert check["state"] == "fail" and "refused" in check["detail"] and "admin-keys" in check["fix"]
        assert "WRONGwrong" not in refused.stdout + refused.stderr
        assert checks(refused)["key-valid"]["state"] == "pass"  # the admin key's problem is not the API key's


def test_path_summary_has_a_rate_limit_table_from_the_probes_already_made(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    scenario = {
        "models": {"gpt-4o-mini": "ok", "gpt-5.5": "ok", "gpt-5.6-sol": "ok"},
        "rate_limits": {"*": {"requests": 5000, "tokens": 800000}, "gpt-5.6-sol": {"requests": 3, "tokens": 40000}},
    }
    with FakeOpenAI(scenario) as fake:
        proc = doctor(tmp_path, "app.py", "--format", "json", "--no-paid-probes", fake=fake)
        models = {m["model"]: m for m in json.loads(proc.stdout)["models"]}
        assert models["gpt-5.6-sol"]["rate_limits"]["requests"] == 3
        assert models["gpt-5.5"]["rate_limits"]["tokens"] == 800000
        text = doctor(tmp_path, "app.py", "--no-paid-probes", fake=fake).stdout
        table = text[text.index("Rate limits seen on the probes") :]
        assert "gpt-5.5      5,000 RPM · 800,000 TPM  (seen 20" in table
        assert "gpt-5.6-sol  3 RPM · 40,000 TPM" in table
