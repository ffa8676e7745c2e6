"""Every row of the reference's classification table, in its order, plus the awkward bodies."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openai_access.access.answers import AccountIssueKind, Outcome
from openai_access.access.classify import Category, classify, foreign_success, retry_delay, scrub

VERIFY = (
    "Please go to: https://platform.openai.com/settings/organization/general and click on Verify "
    "Organization. If you just verified, it can take up to 15 minutes for access to propagate."
)


def env(
    message: str, type_: str | None = "invalid_request_error", param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def test_row1_no_response_is_network() -> None:
    got = classify(None)
    assert got.category is Category.NETWORK and got.category.transient


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            env(
                "Incorrect API key provided: sk-test-****0000. You can find your API key at "
                "https://platform.openai.com/account/api-keys.",
                code="invalid_api_key",
            ),
            AccountIssueKind.BAD_KEY,
        ),  # row 2
        (
            env("The OpenAI account associated with this API key has been deactivated.", code="account_deactivated"),
            AccountIssueKind.BAD_KEY,
        ),  # row 3
        (
            env("You must be a member of an organization to use the API.", code="no_organization"),
            AccountIssueKind.BAD_KEY,
        ),  # row 3
        (
            env("OpenAI-Organization header should match organization for API key", code="mismatched_organization"),
            AccountIssueKind.ORG_MISMATCH,
        ),  # row 4
        (
            env("OpenAI-Project header should match project for API key", code="mismatched_project"),
            AccountIssueKind.ORG_MISMATCH,
        ),  # row 4
        (
            env("You have insufficient permissions for this operation. Missing scopes: model.request."),
            AccountIssueKind.MISSING_SCOPE,
        ),  # row 5
        (env("IP not authorized"), AccountIssueKind.REGION),  # row 6
    ],
)
def test_rows_2_to_6_are_about_the_credential(body: dict[str, Any], kind: AccountIssueKind) -> None:
    got = classify(401, body)
    assert (got.category, got.account) == (Category.ACCOUNT, kind)


def test_row5_missing_scope_also_comes_as_403() -> None:
    got = classify(403, env("You have insufficient permissions for this operation. Missing scopes: api.model.read."))
    assert got.account is AccountIssueKind.MISSING_SCOPE


def test_row7_region_with_its_own_key_order_compact() -> None:
    raw = (
        '{"error":{"code":"unsupported_country_region_territory","message":"Country, region, or '
        'territory not supported","param":null,"type":"request_forbidden"}}'
    )
    got = classify(403, raw)
    assert (got.category, got.account) == (Category.ACCOUNT, AccountIssueKind.REGION)


@pytest.mark.parametrize(
    ("status", "body", "scope"),
    [
        (
            404,
            env(f"Your organization must be verified to use the model `gpt-5`. {VERIFY}", code="model_not_found"),
            "use",
        ),  # 2a
        (403, env(f"Your organization must be verified to use the model `gpt-image-1`. {VERIFY}"), "use"),  # 2b
        (
            400,
            env(
                f"Your organization must be verified to stream this model. {VERIFY}",
                param="stream",
                code="unsupported_value",
            ),
            "stream",
        ),  # 2c
        (
            400,
            env(
                "Your organization must be verified to stream this model. Please go to: "
                "https://platform.openai.com/settings/organization/general and click on Verify "
                "Organization.",
                param="stream",
                code="unsupported_value",
            ),
            "stream",
        ),  # older 2c
        (
            400,
            env(
                f"Your organization must be verified to generate reasoning summaries. {VERIFY}",
                param="reasoning.summary",
                code="unsupported_value",
            ),
            "reasoning-summary",
        ),  # 2d
    ],
)
def test_row8_all_four_verification_variants(status: int, body: dict[str, Any], scope: str) -> None:
    got = classify(status, body)
    assert (got.outcome, got.verification) == (Outcome.NEEDS_VERIFICATION, scope)


def test_row9_project_block_is_not_a_missing_model() -> None:
    body = env(
        "Project `proj_QRf115YMnQwMUdTI9cu2sWQ8` does not have access to model `gpt-4o-mini`", code="model_not_found"
    )
    pretty = json.dumps(body, indent=4)
    assert classify(403, pretty).outcome is Outcome.BLOCKED


def test_row10_deprecated_model() -> None:
    body = env(
        "The model `gpt-4-vision-preview` has been deprecated, learn more here: "
        "https://platform.openai.com/docs/deprecations",
        code="model_not_found",
    )
    assert classify(404, body).outcome is Outcome.RETIRED


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (404, env("The model `gpt-4o` does not exist or you do not have access to it.", code="model_not_found")),
        (400, env("The requested model 'gpt-4-1106-preview' does not exist.", param="model", code="model_not_found")),
        (404, env("That model does not exist")),
    ],
)
def test_row11_not_found_forms(status: int, body: dict[str, Any]) -> None:
    assert classify(status, body).outcome is Outcome.NOT_FOUND


@pytest.mark.parametrize(
    "body",
    [
        env(
            "You exceeded your current quota, please check your plan and billing details.",
            type_="insufficient_quota",
            code="insufficient_quota",
        ),
        env(
            "You exceeded your current quota, please check your plan and billing details.",
            type_="insufficient_quota",
            code=None,
        ),
        {
            "error": {
                "message": "You exceeded your current quota, please check your plan and billing details.",
                "type": "insufficient_quota",
                "code": "project_spend_limit_exceeded",
            }
        },
        env(
            "Your account is not active, please check your billing details on our website.",
            type_="billing_not_active",
            code="billing_not_active",
        ),
    ],
)
def test_row12_quota_before_rate_limits(body: dict[str, Any]) -> None:
    got = classify(429, body)
    assert (got.category, got.account) == (Category.ACCOUNT, AccountIssueKind.QUOTA)


def test_row13_rate_limit_with_retry_after_seconds() -> None:
    body = env(
        "Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): "
        "Limit 3, Used 3, Requested 1. Please try again in 20s.",
        type_="requests",
        code="rate_limit_exceeded",
    )
    got = classify(429, body, {"retry-after": "2"})
    assert got.category is Category.RATE_LIMITED and got.retry_after == 2.0 and not got.retry_useless


def test_row13_request_too_large_is_not_worth_retrying() -> None:
    body = env(
        "Request too large for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Requested 31538.",
        type_="tokens",
        code="rate_limit_exceeded",
    )
    assert classify(429, body).retry_useless


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, env("The server had an error while processing your request", type_="server_error")),
        (
            503,
            env("The engine is currently overloaded", type_="service_unavailable_error", code="server_is_overloaded"),
        ),
        (502, "<html><body>Bad gateway</body></html>"),
        (500, ""),
    ],
)
def test_row14_server_errors_are_transient(status: int, body: Any) -> None:
    got = classify(status, body)
    assert got.category is Category.SERVER_ERROR and got.category.transient


@pytest.mark.parametrize(
    "body",
    [
        env(
            "Invalid 'max_completion_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead.",
            param="max_completion_tokens",
            code="integer_below_min_value",
        ),
        {
            "error": {
                "code": "integer_below_min_value",
                "message": "Invalid 'max_tokens': integer below minimum value.",
                "param": "max_tokens",
                "type": "invalid_request_error",
            }
        },
        env(
            "Unsupported value: 'temperature' does not support 0.5 with this model.",
            param="temperature",
            code="unsupported_value",
        ),
    ],
)
def test_row15_validation_is_not_a_denial(body: dict[str, Any]) -> None:
    got = classify(400, body)
    assert (got.category, got.outcome) == (Category.VALIDATION, Outcome.REACHED_VALIDATION)


def test_row16_other_403_or_404_falls_back_to_not_found() -> None:
    assert classify(404, env("Something new and strange")).outcome is Outcome.NOT_FOUND


@pytest.mark.parametrize(
    ("status", "body", "what"),
    [
        (403, "Forbidden", "a non-JSON body"),
        (404, "<!DOCTYPE html><html><body>Not Found</body></html>", "an HTML page"),
        (403, "", "an empty body"),
        (404, None, "an empty body"),
        (403, {}, "JSON that is not an OpenAI error"),
        (400, "Bad Request", "a non-JSON body"),
        (401, "<html>proxy login</html>", "an HTML page"),
    ],
)
def test_a_body_that_is_not_an_openai_envelope_decides_nothing(status: int, body: Any, what: str) -> None:
    got = classify(status, body)
    assert got.category.transient and got.outcome is None and got.foreign == what


def test_a_success_whose_body_is_not_openais_decides_nothing() -> None:
    assert foreign_success(b"<html><body>Welcome to the captive portal</body></html>") == "an HTML page"
    assert foreign_success(b"") == "an empty body"
    assert foreign_success(b'{"id": "chatcmpl-1", "object": "chat.completion"}') is None
    got = classify(200, None, foreign="an HTML page")
    assert got.category.transient and got.outcome is None


def test_a_success_is_ok_and_keeps_headers() -> None:
    got = classify(200, None, {"x-request-id": "req_" + "a" * 32, "openai-project": "proj_abc"})
    assert got.outcome is Outcome.OK and got.request_id == "req_" + "a" * 32 and got.project == "proj_abc"


def test_the_inner_error_object_as_the_sdk_gives_it() -> None:
    inner = env("Project `proj_x` does not have access to model `gpt-4o`", code="model_not_found")["error"]
    assert classify(403, inner).outcome is Outcome.BLOCKED


@pytest.mark.parametrize("body", [b"\x00\xff\xfe binary", '{"error": {"message": "The server', 12, [1, 2]])
def test_broken_bodies_never_raise(body: Any) -> None:
    assert classify(500, body).category is Category.SERVER_ERROR
    assert classify(400, body).category is Category.SERVER_ERROR  # not OpenAI's envelope: decides nothing


def test_messages_are_scrubbed_of_keys() -> None:
    body = env(
        "Incorrect API key provided: sk-proj-ABCDE*****wjh3. You can find your API key at x.", code="invalid_api_key"
    )
    got = classify(401, body)
    assert got.message is not None and "ABCDE" not in got.message and "wjh3" not in got.message
    assert "sk-…" in got.message
    assert "Bearer …" in scrub("sent Authorization: Bearer sk-test-FAKE0000 to the relay")
    assert "FAKE0000" not in scrub("sent Authorization: Bearer sk-test-FAKE0000 to the relay")


def test_retry_delay_forms() -> None:
    assert retry_delay({"retry-after-ms": "1500", "retry-after": "9"}, None, now=0) == 1.5
    assert retry_delay({"Retry-After": "3"}, None, now=0) == 3.0
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert retry_delay({"retry-after": date}, None, now=1445412480.0 - 4) == 4.0
    assert retry_delay({}, "Please try again in 644ms. Visit", now=0) == pytest.approx(0.644)
    assert retry_delay({"retry-after": "soon"}, None, now=0) is None


def test_every_kept_field_is_scrubbed_not_only_the_message() -> None:
    body = env("Bad value", param="sk-proj-SECRETSECRET", code="sk-proj-SECRETSECRET")
    got = classify(400, body, {"x-request-id": "sk-proj-SECRETSECRET", "openai-project": "sk-proj-SECRETSECRET"})
    fields = (got.error_param, got.error_code, got.request_id, got.project)
    assert all(f is not None and "SECRET" not in f for f in fields)
