"""Answers as plain dicts for the store, and back; a record that does not parse is ignored.

Plain dicts (not pickles) so a cache written by another version of the tool is read or skipped,
and never trusted blindly.
"""

from __future__ import annotations

from typing import Any

from openai_access.access.answers import Cost, ModelList, ModelPolicy, Outcome, ProbeEvidence
from openai_access.access.ratelimits import RateLimits
from openai_access.references import Capability


def evidence_to_dict(ev: ProbeEvidence) -> dict[str, Any]:
    return {
        "model": ev.model,
        "capability": ev.capability.value,
        "outcome": ev.outcome.value,
        "checked_at": ev.checked_at,
        "endpoint": ev.endpoint,
        "cost": ev.cost.value,
        "project": ev.project,
        "http_status": ev.http_status,
        "error_code": ev.error_code,
        "error_param": ev.error_param,
        "message": ev.message,
        "request_id": ev.request_id,
        "rate_limits": ev.rate_limits.to_dict() if ev.rate_limits else None,
    }


def _opt_str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def evidence_from_dict(d: Any) -> ProbeEvidence | None:
    if not isinstance(d, dict):
        return None
    try:
        checked_at = d["checked_at"]
        if isinstance(checked_at, bool) or not isinstance(checked_at, (int, float)):
            return None
        status = d.get("http_status")
        return ProbeEvidence(
            model=str(d["model"]),
            capability=Capability(d["capability"]),
            outcome=Outcome(d["outcome"]),
            checked_at=float(checked_at),
            endpoint=str(d["endpoint"]),
            cost=Cost(d["cost"]),
            project=_opt_str(d.get("project")),
            http_status=status if isinstance(status, int) and not isinstance(status, bool) else None,
            error_code=_opt_str(d.get("error_code")),
            error_param=_opt_str(d.get("error_param")),
            message=_opt_str(d.get("message")),
            request_id=_opt_str(d.get("request_id")),
            rate_limits=RateLimits.from_dict(d.get("rate_limits")),
        )
    except (KeyError, ValueError, TypeError):
        return None


def model_list_to_dict(ml: ModelList) -> dict[str, Any]:
    return {"ids": sorted(ml.ids), "fetched_at": ml.fetched_at, "project": ml.project}


def model_list_from_dict(d: Any) -> ModelList | None:
    if not isinstance(d, dict):
        return None
    ids, at = d.get("ids"), d.get("fetched_at")
    if not isinstance(ids, list) or isinstance(at, bool) or not isinstance(at, (int, float)):
        return None
    return ModelList(frozenset(i for i in ids if isinstance(i, str)), float(at), _opt_str(d.get("project")))


def policy_to_dict(p: ModelPolicy) -> dict[str, Any]:
    return {"mode": p.mode, "model_ids": sorted(p.model_ids), "fetched_at": p.fetched_at, "project": p.project}


def policy_from_dict(d: Any) -> ModelPolicy | None:
    if not isinstance(d, dict):
        return None
    ids, at, mode, project = d.get("model_ids"), d.get("fetched_at"), d.get("mode"), d.get("project")
    if not isinstance(ids, list) or isinstance(at, bool) or not isinstance(at, (int, float)):
        return None
    if not isinstance(mode, str) or not isinstance(project, str):
        return None
    return ModelPolicy(mode, frozenset(i for i in ids if isinstance(i, str)), float(at), project)
