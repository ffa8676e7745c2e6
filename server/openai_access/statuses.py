"""One vocabulary for every output: diagnostics' ``code``, CLI JSON, hovers and docs."""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    OK = "ok"
    BLOCKED = "blocked"
    NEEDS_VERIFICATION = "needs-verification"
    MAY_NEED_VERIFICATION = "may-need-verification"
    RETIRED = "retired"
    DEPRECATED = "deprecated"
    UNAVAILABLE = "unavailable"
    WRONG_ENDPOINT = "wrong-endpoint"
    UNKNOWN = "unknown"
    UNVERIFIED = "unverified"
    # Not an OpenAI model at all (Azure deployment, other base URL): never judged.
    NOT_OPENAI = "not-openai"
    # Code findings (issue 13): the call fails for a reason written in the code itself.
    UNSUPPORTED_PARAMETER = "unsupported-parameter"
    CONDITIONAL_PARAMETER = "conditional-parameter"
    SDK_MISMATCH = "sdk-mismatch"
    EXPOSED_KEY = "exposed-key"
    BROWSER_KEY = "browser-key"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFORMATION = "information"
    HINT = "hint"


DEFAULT_SEVERITY: dict[Status, Severity | None] = {
    Status.OK: None,
    Status.BLOCKED: Severity.ERROR,
    Status.NEEDS_VERIFICATION: Severity.ERROR,
    Status.MAY_NEED_VERIFICATION: Severity.INFORMATION,
    Status.RETIRED: Severity.ERROR,
    Status.DEPRECATED: Severity.WARNING,
    Status.UNAVAILABLE: Severity.ERROR,
    Status.WRONG_ENDPOINT: Severity.ERROR,
    Status.UNKNOWN: Severity.WARNING,  # error once a key's model list agrees
    Status.UNVERIFIED: None,
    Status.NOT_OPENAI: None,
    Status.UNSUPPORTED_PARAMETER: Severity.ERROR,
    Status.CONDITIONAL_PARAMETER: Severity.WARNING,
    Status.SDK_MISMATCH: Severity.ERROR,
    Status.EXPOSED_KEY: Severity.ERROR,
    Status.BROWSER_KEY: Severity.WARNING,
}

# Console pages a fix needs. One place, so hovers, code actions and docs agree.
CONSOLE_LIMITS = "https://platform.openai.com/settings/proj/limits"
CONSOLE_ORG_GENERAL = "https://platform.openai.com/settings/organization/general"
CONSOLE_BILLING = "https://platform.openai.com/settings/organization/billing/overview"
CONSOLE_API_KEYS = "https://platform.openai.com/api-keys"
DOCS_DEPRECATIONS = "https://platform.openai.com/docs/deprecations"
DOCS_MODELS = "https://platform.openai.com/docs/models"
DOCS_STATUSES = "https://github.com/openai-access/openai-access#statuses"
DOCS_REASONING = "https://developers.openai.com/api/docs/guides/reasoning"
DOCS_MIGRATION = "https://github.com/openai/openai-python/discussions/742"
DOCS_KEY_SAFETY = "https://help.openai.com/en/articles/5112595-best-practices-for-api-key-safety"

STATUS_DOC: dict[Status, str] = {
    Status.BLOCKED: CONSOLE_LIMITS,
    Status.NEEDS_VERIFICATION: CONSOLE_ORG_GENERAL,
    Status.MAY_NEED_VERIFICATION: CONSOLE_ORG_GENERAL,
    Status.RETIRED: DOCS_DEPRECATIONS,
    Status.DEPRECATED: DOCS_DEPRECATIONS,
    Status.UNAVAILABLE: DOCS_MODELS,
    Status.WRONG_ENDPOINT: DOCS_MODELS,
    Status.UNKNOWN: DOCS_MODELS,
    Status.UNSUPPORTED_PARAMETER: DOCS_REASONING,
    Status.CONDITIONAL_PARAMETER: DOCS_REASONING,
    Status.SDK_MISMATCH: DOCS_MIGRATION,
    Status.EXPOSED_KEY: DOCS_KEY_SAFETY,
    Status.BROWSER_KEY: DOCS_KEY_SAFETY,
}
