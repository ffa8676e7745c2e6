"""The contract between the access layer and the verdict.

The prober turns HTTP answers into ``ProbeEvidence`` (one per project, model and
capability) and account-level ``AccountIssue``s; the verdict reads them through an
``AccessView``. Nothing here knows about HTTP, the SDK or LSP.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from openai_access.access.ratelimits import RateLimits
from openai_access.references import Capability


class Outcome(str, Enum):
    """What one answer from the API says about one model for one project."""

    OK = "ok"  # a real (paid, minimal) request succeeded
    REACHED_VALIDATION = "reached-validation"  # free probe got a 400 on our parameter: not blocked
    BLOCKED = "blocked"  # 403 Project `proj_…` does not have access to model …
    NEEDS_VERIFICATION = "needs-verification"  # Your organization must be verified to …
    RETIRED = "retired"  # 404 The model `…` has been deprecated
    NOT_FOUND = "not-found"  # 404 does not exist or you do not have access to it
    WRONG_ENDPOINT = "wrong-endpoint"  # the model exists but this API does not serve it (403/404)


class Cost(str, Enum):
    FREE = "free"
    PAID = "paid"  # one minimal request (about one output token)


@dataclass(frozen=True, slots=True)
class ProbeEvidence:
    """One decided answer, with enough evidence for a hover to say what was asked and when."""

    model: str
    capability: Capability
    outcome: Outcome
    checked_at: float  # unix seconds
    endpoint: str  # "/v1/chat/completions", "/v1/responses", "/v1/embeddings", ...
    cost: Cost
    project: str | None = None  # proj_… from the openai-project response header or the config
    http_status: int | None = None
    error_code: str | None = None
    error_param: str | None = None
    message: str | None = None  # the API's own message (already scrubbed of anything key-like)
    request_id: str | None = None
    rate_limits: RateLimits | None = None  # the project's limits for this model, from this answer's headers


class AccountIssueKind(str, Enum):
    """Problems of the key / account, not of a model: one message, never a squiggle per literal."""

    NO_KEY = "no-key"
    BAD_KEY = "bad-key"
    ORG_MISMATCH = "org-mismatch"
    QUOTA = "quota"
    REGION = "region"
    MISSING_SCOPE = "missing-scope"
    NETWORK = "network"
    RATE_LIMITED = "rate-limited"
    SERVER_ERROR = "server-error"
    UNTRUSTED_BASE_URL = "untrusted-base-url"


@dataclass(frozen=True, slots=True)
class AccountIssue:
    kind: AccountIssueKind
    message: str  # plain words, what happened and what to do; never contains the key
    at: float
    http_status: int | None = None
    error_code: str | None = None
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class ModelList:
    """``GET /v1/models`` for a project: a hint (verification-gated models are listed)."""

    ids: frozenset[str]
    fetched_at: float
    project: str | None = None


@dataclass(frozen=True, slots=True)
class ModelPolicy:
    """A project's model permissions from the Admin API: exact, and free of any model request.

    ``GET /v1/organization/projects/{project_id}/model_permissions`` (admin key) answers
    ``{"object": "project.model_permissions", "mode": "allow_list" | "deny_list", "model_ids": [...]}``.
    An empty list is read as "no policy set" (the API's answer for an unset policy is not documented,
    and an allow list of nothing would otherwise block every model): it then decides nothing.
    """

    mode: str  # "allow_list" | "deny_list"
    model_ids: frozenset[str]
    fetched_at: float
    project: str

    def allows(self, model: str) -> bool | None:
        """True / False when the policy decides ``model``; None when it says nothing."""
        if not self.model_ids or self.mode not in ("allow_list", "deny_list"):
            return None
        listed = model in self.model_ids
        return listed if self.mode == "allow_list" else not listed


@dataclass(frozen=True)
class AccessView:
    """Everything the access layer knows for one project at this moment (from cache or probes).

    ``unchecked_reason`` says in plain words why nothing could be asked ("no API key is
    set", "probing is turned off", "the workspace is not trusted"); it is None when the
    access layer is live.
    """

    project_label: str  # "proj_abc…" or "the key's default project"
    answers: Mapping[tuple[str, Capability], ProbeEvidence] = field(default_factory=dict)
    model_list: ModelList | None = None
    account_issue: AccountIssue | None = None
    unchecked_reason: str | None = None
    pending: frozenset[tuple[str, Capability]] = frozenset()  # probes under way
    policy: ModelPolicy | None = None  # the Admin API's model permissions, when an admin key is set

    def answer(self, model: str, capability: Capability) -> ProbeEvidence | None:
        return self.answers.get((model, capability))

    def rate_limits(self, model: str) -> RateLimits | None:
        """The latest rate limits any answer for ``model`` carried (probes already made; nothing is asked)."""
        if not self.answers:
            return None
        seen = [ev.rate_limits for c in _CAPABILITIES if (ev := self.answers.get((model, c))) and ev.rate_limits]
        return max(seen, key=lambda r: r.seen_at) if seen else None


_CAPABILITIES = tuple(Capability)  # iterating the enum each time costs more than the lookups

NO_ACCESS = AccessView(project_label="no project", unchecked_reason="no API key is set")


def access_summary(view: AccessView) -> str:
    """One clause for a run's summary: whether access was checked, and for which project.

    "Checked" only when the API answered: an unreachable API or an account problem says so.
    """
    if view.unchecked_reason:
        return f"access not checked: {view.unchecked_reason}"
    if view.account_issue is not None and view.account_issue.kind is not AccountIssueKind.RATE_LIMITED:
        if not view.answers and view.model_list is None:
            return f"access not checked: {view.account_issue.kind.value.replace('-', ' ')}, see the note"
        return f"access partly checked for {view.project_label}: {view.account_issue.kind.value.replace('-', ' ')}"
    return f"access checked for {view.project_label}"
