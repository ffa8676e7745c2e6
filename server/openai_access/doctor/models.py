"""Checklist item 8: the models the code uses, one line per model, grouped by status, each with its fix.

The verdicts come from the same engine as ``check`` (CLI) or from the language server's open
documents (editor); this module only groups them and says, per problem status, the one thing to
do -- the console page for project limits and verification, the replacement for a retired
model, and so on -- because a person fixing access wants the action, not the evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from openai_access.doctor.report import MODELS, Check, Context, ModelSummary, State
from openai_access.statuses import (
    CONSOLE_LIMITS,
    CONSOLE_ORG_GENERAL,
    DOCS_DEPRECATIONS,
    DOCS_MODELS,
    Severity,
    Status,
)
from openai_access.verdict import Verdict

# Problem statuses first, worst first; then the ones that need nothing.
STATUS_ORDER = (
    Status.BLOCKED,
    Status.NEEDS_VERIFICATION,
    Status.RETIRED,
    Status.UNAVAILABLE,
    Status.WRONG_ENDPOINT,
    Status.UNKNOWN,
    Status.DEPRECATED,
    Status.MAY_NEED_VERIFICATION,
    Status.UNVERIFIED,
    Status.OK,
    Status.NOT_OPENAI,
)

_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFORMATION: 2, Severity.HINT: 3, None: 4}


def recheck_hint(model: str, context: Context) -> str:
    if context is Context.EDITOR:
        return "run “OpenAI Access: Re-check access”"
    return f"run `openai-access probe {model}`"


def fix_for(v: Verdict, context: Context) -> str | None:
    """The one thing to do about this model's status (None when nothing is wrong)."""
    model, status = v.model, v.status
    replacement = v.replacements[0] if v.replacements else None
    if status is Status.BLOCKED:
        return (
            f"Allow {model} for the project on its Limits page ({CONSOLE_LIMITS}) under Model usage "
            f"(add it to the allow list, or remove it from the block list), then {recheck_hint(model, context)}."
        )
    if status is Status.NEEDS_VERIFICATION:
        return (
            f"Verify the organization ({CONSOLE_ORG_GENERAL}, “Verify Organization”); access can take up to "
            f"15 minutes to propagate, then {recheck_hint(model, context)}."
        )
    if status is Status.MAY_NEED_VERIFICATION:
        return (
            f"On usage tiers 1-3 the organization may need verification ({CONSOLE_ORG_GENERAL}); to know for "
            f"sure, {recheck_hint(model, context)} with paid probes allowed (one minimal request)."
        )
    if status is Status.RETIRED:
        if replacement:
            return f"Replace {model} with {replacement}: requests to it fail now ({DOCS_DEPRECATIONS})."
        return f"Pick a current model: requests to {model} fail now ({DOCS_DEPRECATIONS})."
    if status is Status.DEPRECATED:
        when = f" before {v.entry.shutdown.isoformat()}" if v.entry is not None and v.entry.shutdown else ""
        target = f" to {replacement}" if replacement else ""
        return f"Plan the switch{target}{when} ({DOCS_DEPRECATIONS})."
    if status is Status.UNAVAILABLE:
        return (
            f"Check the id, and the model's availability for your usage tier ({DOCS_MODELS}); after gaining "
            f"access, {recheck_hint(model, context)}."
        )
    if status is Status.WRONG_ENDPOINT:
        return f"Call the API that serves {model}, or pick a model made for this API ({DOCS_MODELS})."
    if status is Status.UNKNOWN:
        if replacement:
            return f"Probably a typo: use {replacement}."
        return f"Check the model id ({DOCS_MODELS})."
    if status is Status.UNVERIFIED:
        if context is Context.EDITOR:
            return "Fix the failing checks above (or set a key), then run “OpenAI Access: Re-check access”."
        return "Fix the failing checks above (or set a key), then run doctor again with --probe auto."
    # Code findings (parameters, SDK version, keys) carry their own first step.
    return v.fix_steps[0] if v.fix_steps else None


@dataclass
class _Group:
    first: Verdict
    where: list[str] = field(default_factory=list)
    count: int = 0


def summarise(
    rows: Iterable[tuple[str | None, Verdict]], *, context: Context, scope: str
) -> tuple[Check, tuple[ModelSummary, ...]]:
    """One ``ModelSummary`` per (model, status) and the checklist line for them.

    ``rows`` are (where, verdict) with suppressed references already left out; ``where`` is
    ``path:line`` (or None when unknown). The check fails when any verdict is an error, is
    ``unknown`` when only "not checked" remains, and passes otherwise.
    """
    groups: dict[tuple[str, Status], _Group] = {}
    for where, v in rows:
        g = groups.setdefault((v.model, v.status), _Group(v))
        g.count += 1
        if where and where not in g.where:
            g.where.append(where)
        if _SEVERITY_RANK[v.severity] < _SEVERITY_RANK[g.first.severity]:
            g.first = v
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    ordered = sorted(groups.items(), key=lambda kv: (rank.get(kv[0][1], len(rank)), kv[0][0]))
    models = tuple(
        ModelSummary(
            model=model or "(no model)",  # keys and browser clients (code findings)
            status=status,
            severity=g.first.severity,
            message=g.first.message,
            fix=fix_for(g.first, context),
            where=tuple(g.where),
            replacements=g.first.replacements,
            references=g.count,
            rate_limits=g.first.rate_limits,
        )
        for (model, status), g in ordered
    )
    title = f"Models used in {scope}"
    if not models:
        return Check(MODELS, title, State.PASS, f"No OpenAI model ids found in {scope}."), models
    # Counted per model (under its worst status), so the tally adds up to the number of models.
    worst: dict[str, ModelSummary] = {}
    uses: dict[str, int] = {}
    failing_uses: dict[str, int] = {}
    for m in models:  # ordered worst status first
        worst.setdefault(m.model, m)
        uses[m.model] = uses.get(m.model, 0) + m.references
        if m.severity is Severity.ERROR:
            failing_uses[m.model] = failing_uses.get(m.model, 0) + m.references
    counts: dict[Status, int] = {}
    for m in worst.values():
        counts[m.status] = counts.get(m.status, 0) + 1
    tally = ", ".join(f"{n} {s.value}" for s, n in sorted(counts.items(), key=lambda kv: rank.get(kv[0], 99)))
    n = len(worst)
    detail = f"{n} model{'s' if n != 1 else ''}: {tally}."
    if failing_uses:
        names = ", ".join(
            model if failing_uses[model] == uses[model] else f"{model} ({failing_uses[model]} of {uses[model]} uses)"
            for model in sorted(failing_uses)
        )
        errors = [m for m in models if m.severity is Severity.ERROR]
        first_fix = next((m.fix for m in errors if m.fix), None) or "See the models below."
        fix = first_fix if len(errors) == 1 else f"Fix each model listed below ({', '.join(sorted(failing_uses))})."
        return Check(MODELS, title, State.FAIL, detail + f" Will fail: {names}.", fix), models
    if any(m.status is Status.UNVERIFIED for m in models):
        return Check(MODELS, title, State.UNKNOWN, detail + " Some were not checked against the project."), models
    return Check(MODELS, title, State.PASS, detail), models
