"""Turn one HTTP answer from the OpenAI API into what it means for a model or an account.

The rules are the ordered table at the end of ``reference/openai-errors.md``; the first row that
matches wins. Order matters because the API reuses codes: a verification 404 and a missing model
share ``model_not_found`` (row 8 before 9-11), a project block and a missing model share it too
(row 9 before 11), and quota and rate limits share 429 (row 12 before 13).

Only an OpenAI error envelope (``{"error": {"message": …}}``) may decide anything: an HTML page,
an empty body or ``{}`` comes from a proxy, a firewall or a wrong base path, not from the API, so
such an answer is ``foreign`` and transient (never cached, never a verdict).

Only this module reads API messages, and it scrubs them: the 401 message echoes the (masked)
key, and a relay may echo more (in ``x-request-id``, ``openai-project``, the error's ``param`` or
``code``), so anything that looks like a key is replaced in every field before it is kept.
"""

from __future__ import annotations

import email.utils
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from openai_access.access.answers import AccountIssueKind, Outcome
from openai_access.access.ratelimits import RateLimits


class Category(str, Enum):
    MODEL = "model"  # ``outcome`` says something about the model (incl. OK after a 2xx)
    VALIDATION = "reached-validation"  # a 400 on a parameter: past the access checks
    ACCOUNT = "account"  # ``account`` says what is wrong with the key / account
    RATE_LIMITED = "rate-limited"
    SERVER_ERROR = "server-error"
    NETWORK = "network"

    @property
    def transient(self) -> bool:
        """Never cached as a verdict: it says nothing about the model."""
        return self in (Category.RATE_LIMITED, Category.SERVER_ERROR, Category.NETWORK)


@dataclass(frozen=True, slots=True)
class Classified:
    category: Category
    outcome: Outcome | None = None
    account: AccountIssueKind | None = None
    verification: str | None = None  # "use" | "stream" | "reasoning-summary" for NEEDS_VERIFICATION
    retry_after: float | None = None  # seconds, for RATE_LIMITED
    retry_useless: bool = False  # "Request too large": waiting will not help
    http_status: int | None = None
    error_code: str | None = None
    error_param: str | None = None
    error_type: str | None = None
    message: str | None = None  # scrubbed
    request_id: str | None = None
    project: str | None = None  # the openai-project response header
    organization: str | None = None  # the openai-organization response header (doctor compares it)
    rate_limits: RateLimits | None = None  # x-ratelimit-* headers, set by the prober (see ratelimits.py)
    foreign: str | None = None  # "an HTML page", "an empty body", …: the answer was not OpenAI's


_KEYLIKE = re.compile(r"sk-[^\s.,;:'\"`)\]}]*")
_BEARER = re.compile(r"(?i)bearer\s+\S+")
_MAX_MESSAGE = 600


def scrub(text: str) -> str:
    """Remove anything key-like (``sk-…``, ``Bearer …``) and keep the text short."""
    text = _BEARER.sub("Bearer …", _KEYLIKE.sub("sk-…", text))
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _scrubbed(value: str | None) -> str | None:
    return None if value is None else scrub(value)


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        for k, v in headers.items():
            if k.lower() == name:
                return v
    return value


def foreign_body(body: Any) -> str | None:
    """What the body is when it is not an OpenAI error envelope (None when it is one).

    ``body`` is what ``APIStatusError.body`` holds: the inner error object for a JSON envelope,
    else the parsed JSON or the raw text.
    """
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if body is None or (isinstance(body, str) and not body.strip()):
        return "an empty body"
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return (
                "an HTML page"
                if "<html" in body[:2000].lower() or "<!doctype" in body[:200].lower()
                else "a non-JSON body"
            )
    if isinstance(body, Mapping):
        inner = body.get("error", body)
        if isinstance(inner, Mapping) and isinstance(inner.get("message"), str):
            return None
    return "JSON that is not an OpenAI error"


def _error_object(body: Any) -> tuple[dict[str, Any], str | None]:
    """The inner ``error`` object (or {}), and raw text when the body was not JSON."""
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            parsed = json.loads(body)
        except ValueError:
            return {}, body
        body = parsed
    if not isinstance(body, Mapping):
        return {}, None if body is None else str(body)
    inner = body.get("error", body)
    if isinstance(inner, str):
        return {"message": inner}, None
    if not isinstance(inner, Mapping):
        return {}, None
    return dict(inner), None


def foreign_success(data: bytes) -> str | None:
    """What a 2xx body is when it is not an OpenAI answer (a JSON object); None when it is one."""
    text = data.decode("utf-8", "replace").strip()
    if not text:
        return "an empty body"
    try:
        parsed = json.loads(text)
    except ValueError:
        return _what_text(text)
    if isinstance(parsed, Mapping) and "error" not in parsed:
        return None
    return "JSON that is not an OpenAI answer"


def _what_text(text: str) -> str:
    head = text[:2000].lower()
    return "an HTML page" if "<html" in head or "<!doctype" in head else "a non-JSON body"


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def retry_delay(headers: Mapping[str, str] | None, message: str | None, *, now: float) -> float | None:
    """Seconds to wait, as the SDK reads them: retry-after-ms, then retry-after (seconds or date).

    Falls back to the message's "Please try again in 20s / 644ms" when no header came.
    """
    ms = _header(headers, "retry-after-ms")
    if ms:
        try:
            return max(float(ms) / 1000.0, 0.0)
        except ValueError:
            pass
    ra = _header(headers, "retry-after")
    if ra:
        try:
            return max(float(ra), 0.0)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(ra)
            except (TypeError, ValueError, IndexError):
                when = None
            if when is not None:
                return max(when.timestamp() - now, 0.0)
    if message:
        m = re.search(r"try again in (\d+(?:\.\d+)?)(ms|s)\b", message)
        if m:
            value = float(m.group(1))
            return value / 1000.0 if m.group(2) == "ms" else value
    return None


_QUOTA_CODES = frozenset(
    {
        "insufficient_quota",
        "credit_balance_exhausted",
        "organization_spend_limit_exceeded",
        "project_spend_limit_exceeded",
        "organization_usage_limit_exceeded",
        "billing_not_active",
        "access_terminated",
    }
)
# The API's answers meaning "right model, wrong API" (reference §wrong endpoint, and the same family seen in
# public reports): the model exists, so neither "unavailable" nor "not found" fits.
_WRONG_ENDPOINT = (
    "You are not allowed to generate embeddings from this model",  # 403, a chat model on /v1/embeddings
    "This is not a chat model and thus not supported in the v1/chat/completions endpoint",  # 404
    "This is a chat model and not supported in the v1/completions endpoint",  # 404, the reverse
    "This model is only supported in v1/responses and not in v1/chat/completions",  # 404, Responses-only
)
_VALIDATION_CODES = frozenset({"integer_below_min_value", "unsupported_parameter", "unsupported_value"})


def classify(
    status: int | None,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    *,
    now: float = 0.0,
    foreign: str | None = None,
) -> Classified:
    """Classify one answer. ``status`` None means no HTTP response (connect error, timeout).

    ``body`` may be the parsed envelope, the inner error object (as ``APIStatusError.body``),
    raw text or bytes (non-JSON bodies), or None. ``foreign`` says a 2xx body was not an OpenAI
    answer (see ``foreign_success``): then the 2xx proves nothing either.
    """
    request_id = _scrubbed(_header(headers, "x-request-id"))
    project = _scrubbed(_header(headers, "openai-project"))
    organization = _scrubbed(_header(headers, "openai-organization"))
    if status is None:  # row 1
        return Classified(Category.NETWORK, account=AccountIssueKind.NETWORK)
    err, raw_text = _error_object(body)
    message = _str(err.get("message")) or ""
    code = _scrubbed(_str(err.get("code")))
    param = _scrubbed(_str(err.get("param")))
    etype = _scrubbed(_str(err.get("type")))
    kept = scrub(message or raw_text or "") or None

    def out(category: Category, **kw: Any) -> Classified:
        return Classified(
            category,
            http_status=status,
            error_code=code,
            error_param=param,
            error_type=etype,
            message=kept,
            request_id=request_id,
            project=project,
            organization=organization,
            **kw,
        )

    if 200 <= status < 300:
        if foreign is not None:
            return out(Category.SERVER_ERROR, account=AccountIssueKind.SERVER_ERROR, foreign=foreign)
        return out(Category.MODEL, outcome=Outcome.OK)
    foreign = foreign_body(body)
    if foreign is not None and not (status >= 500 or status in (408, 409, 429)):
        # Not OpenAI speaking (a proxy page, a wrong base path): it says nothing about a model.
        return out(Category.SERVER_ERROR, account=AccountIssueKind.SERVER_ERROR, foreign=foreign)
    # rows 2-6: the credential
    if status == 401 or (status == 403 and "Missing scopes:" in message):
        if code in ("mismatched_organization", "mismatched_project") or "header should match" in message:
            return out(Category.ACCOUNT, account=AccountIssueKind.ORG_MISMATCH)
        if "insufficient permissions for this operation" in message or "Missing scopes:" in message:
            return out(Category.ACCOUNT, account=AccountIssueKind.MISSING_SCOPE)
        if "IP not authorized" in message:
            return out(Category.ACCOUNT, account=AccountIssueKind.REGION)
        return out(Category.ACCOUNT, account=AccountIssueKind.BAD_KEY)  # rows 2, 3 and any other 401
    # row 7
    if code == "unsupported_country_region_territory" or message.startswith(
        "Country, region, or territory not supported"
    ):
        return out(Category.ACCOUNT, account=AccountIssueKind.REGION)
    # row 8 (before 9-11: shares model_not_found)
    if "Your organization must be verified" in message and status in (400, 403, 404):
        if "to stream" in message or param == "stream":
            scope = "stream"
        elif "reasoning summaries" in message or param == "reasoning.summary":
            scope = "reasoning-summary"
        else:
            scope = "use"
        return out(Category.MODEL, outcome=Outcome.NEEDS_VERIFICATION, verification=scope)
    # row 9
    if status == 403 and message.startswith("Project `") and "does not have access to model" in message:
        return out(Category.MODEL, outcome=Outcome.BLOCKED)
    # wrong endpoint (before 10, 11 and 16: a 403/404 that says "this API", not "this model")
    if status in (403, 404) and message.startswith(_WRONG_ENDPOINT):
        return out(Category.MODEL, outcome=Outcome.WRONG_ENDPOINT)
    # row 10
    if status == 404 and "has been deprecated" in message:
        return out(Category.MODEL, outcome=Outcome.RETIRED)
    # row 11
    if (
        status in (400, 404)
        and (
            "does not exist or you do not have access to it" in message
            or message.startswith("The requested model '")
            or message.startswith("That model does not exist")
            or (status == 400 and code == "model_not_found")
        )
    ) or (status == 404 and code == "model_not_found"):
        return out(Category.MODEL, outcome=Outcome.NOT_FOUND)
    if status == 429:
        # row 12 (before 13: shares 429)
        if (
            code in _QUOTA_CODES
            or etype in _QUOTA_CODES
            or message.startswith(("You exceeded your current quota", "Your account is not active"))
        ):
            return out(Category.ACCOUNT, account=AccountIssueKind.QUOTA)
        # row 13
        return out(
            Category.RATE_LIMITED,
            account=AccountIssueKind.RATE_LIMITED,
            retry_after=retry_delay(headers, message, now=now),
            retry_useless=message.startswith("Request too large"),
        )
    # row 14
    if status >= 500 or status in (408, 409):
        return out(Category.SERVER_ERROR, account=AccountIssueKind.SERVER_ERROR)
    # row 15: any other 400 came back after the access checks (the API validates parameters last
    # among the free checks); a 400 naming the model is handled above.
    if status == 400:
        if param == "model" and code not in _VALIDATION_CODES:
            return out(Category.MODEL, outcome=Outcome.NOT_FOUND)
        return out(Category.VALIDATION, outcome=Outcome.REACHED_VALIDATION)
    # row 16
    if status in (403, 404):
        return out(Category.MODEL, outcome=Outcome.NOT_FOUND)
    # Anything else (405, 413, 422, ...) says nothing about access: do not cache it.
    return out(Category.SERVER_ERROR, account=AccountIssueKind.SERVER_ERROR)
