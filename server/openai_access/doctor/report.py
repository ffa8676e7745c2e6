"""What ``doctor`` found, as plain data: one ``Check`` per checklist line, one ``ModelSummary`` per model.

Kept apart from the checks (which talk to the API) and from the renderers (text, JSON,
Markdown in ``render.py``) so every face prints the same findings in the same order.
Nothing here may hold the API key: the only trace of it is ``key_hint`` (``sk-…0000``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from openai_access.access.ratelimits import RateLimits
from openai_access.statuses import Severity, Status


class State(str, Enum):
    """A check's result. ``unknown`` is not a failure: it says the check could not decide."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


class Context(str, Enum):
    """Who asks: the wording of a fix differs (``export OPENAI_API_KEY`` vs *Set API Key*)."""

    CLI = "cli"
    EDITOR = "editor"


# Check ids, in checklist order (a contract for ``--format json``).
KEY_SOURCE = "key-source"
BASE_URL = "base-url"
ORG_PROJECT = "organization-project"
KEY_VALID = "key-valid"
QUOTA = "quota-billing"
MODELS_LIST = "models-list"
REGION = "region"
MODEL_POLICY = "model-policy"  # only with an admin key (OPENAI_ADMIN_KEY)
MODELS = "models"


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the checklist. ``fix`` is set for every failure: the one thing to do."""

    id: str
    title: str
    state: State
    detail: str
    fix: str | None = None

    def __post_init__(self) -> None:
        if self.state is State.FAIL and not self.fix:
            raise ValueError(f"check {self.id} fails without a fix")


@dataclass(frozen=True, slots=True)
class ModelSummary:
    """One model the code uses, with its status and what to do about it (None when nothing)."""

    model: str
    status: Status
    severity: Severity | None
    message: str
    fix: str | None
    where: tuple[str, ...] = ()
    replacements: tuple[str, ...] = ()
    references: int = 1
    rate_limits: RateLimits | None = None  # seen on a probe already made (never asked for)


@dataclass(frozen=True)
class DoctorReport:
    checks: tuple[Check, ...]
    models: tuple[ModelSummary, ...] = ()
    notes: tuple[str, ...] = field(default=())
    catalog_as_of: str | None = None

    @property
    def failed(self) -> bool:
        return any(c.state is State.FAIL for c in self.checks)
