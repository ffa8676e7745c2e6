"""``doctor``: the model-access troubleshooting checklist, automated.

The engine half (no printing, no LSP): ``AccountChecks`` asks the API for checks 1-7 (see
``checks.py`` for which requests and why they cost nothing by default), ``summarise`` groups
the verdicts of the models the code uses (check 8). ``render.py`` renders the
``DoctorReport`` as terminal text, JSON, or Markdown for the editors.
"""

from __future__ import annotations

from collections.abc import Iterable

from openai_access.doctor.checks import AccountChecks, probe_candidates
from openai_access.doctor.models import fix_for, summarise
from openai_access.doctor.report import (
    BASE_URL,
    KEY_SOURCE,
    KEY_VALID,
    MODEL_POLICY,
    MODELS,
    MODELS_LIST,
    ORG_PROJECT,
    QUOTA,
    REGION,
    Check,
    Context,
    DoctorReport,
    ModelSummary,
    State,
)

# A failure of one of these means model probes would fail the same way: don't send them.
_BLOCKING = frozenset({BASE_URL, ORG_PROJECT, KEY_VALID, QUOTA, REGION})


def account_blocks_probing(checks: Iterable[Check]) -> bool:
    """True when an account-level check failed, so probing models would only repeat that failure."""
    return any(c.state is State.FAIL and c.id in _BLOCKING for c in checks)


__all__ = [
    "BASE_URL",
    "KEY_SOURCE",
    "KEY_VALID",
    "MODELS",
    "MODELS_LIST",
    "MODEL_POLICY",
    "ORG_PROJECT",
    "QUOTA",
    "REGION",
    "AccountChecks",
    "Check",
    "Context",
    "DoctorReport",
    "ModelSummary",
    "State",
    "account_blocks_probing",
    "fix_for",
    "probe_candidates",
    "summarise",
]
