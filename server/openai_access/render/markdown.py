"""Markdown for people: the hover on a model literal and the workspace access report."""

from __future__ import annotations

from collections.abc import Iterable

from openai_access.references import ModelReference
from openai_access.statuses import Status
from openai_access.verdict import Verdict

_ICON = {
    Status.OK: "✅",
    Status.BLOCKED: "⛔",
    Status.NEEDS_VERIFICATION: "🔒",
    Status.MAY_NEED_VERIFICATION: "🔐",
    Status.RETIRED: "🪦",
    Status.DEPRECATED: "⚠️",
    Status.UNAVAILABLE: "🚫",
    Status.WRONG_ENDPOINT: "↪️",
    Status.UNKNOWN: "❓",
    Status.UNVERIFIED: "…",
    Status.NOT_OPENAI: "➖",
    Status.UNSUPPORTED_PARAMETER: "⛔",
    Status.CONDITIONAL_PARAMETER: "⚠️",
    Status.SDK_MISMATCH: "📦",
    Status.EXPOSED_KEY: "🔑",
    Status.BROWSER_KEY: "🔑",
}


def hover(v: Verdict, *, catalog_as_of: str | None = None) -> str:
    ref = v.reference
    subject = f"`{v.model}` — " if v.model else ""  # keys and browser clients concern no model
    lines = [f"**{_ICON.get(v.status, '')} {subject}{v.status.value}**", "", v.message]
    if v.why:
        lines += ["", v.why]
    if v.fix_steps:
        lines += ["", "**How to fix**", ""]
        lines += [f"{i}. {step}" for i, step in enumerate(v.fix_steps, 1)]
    facts = [found_fact(ref)]
    if ref.via_note and not ref.slot:
        facts.append(f"Reaches the call through: {ref.via_note}")
    if ref.used_in:
        facts.append("Used in: " + ", ".join(ref.used_in))
    if ref.surface.value != "unknown" and ref.slot:
        facts.append(f"The setting's name suggests `{ref.surface.value}`")
    elif ref.surface.value != "unknown":
        caps = ", ".join(c.value for c in ref.capabilities)
        facts.append(f"Call: `{ref.surface.value}` ({caps})")
    if v.entry is not None and v.entry.shutdown and v.status is not Status.RETIRED:
        facts.append(f"Shutdown date: {v.entry.shutdown.isoformat()}")
    facts.append(f"Evidence: {v.evidence}")
    if v.rate_limits is not None:
        facts.append(f"Rate limits for this model: {v.rate_limits.short()} (seen {v.rate_limits.seen_on})")
    if catalog_as_of and v.status in (Status.RETIRED, Status.DEPRECATED) and "catalog as of" not in v.evidence:
        facts.append(f"Dates from the model catalog as of {catalog_as_of}")
    lines += ["", "---", ""] + [f"- {f}" for f in facts]
    if getattr(v, "projects", ()):
        lines += ["", "| Project | Status | Evidence | Rate limits |", "|---|---|---|---|"]
        for p in v.projects:
            limits = f"{p.rate_limits.short()} ({p.rate_limits.seen_on})" if p.rate_limits else "—"
            lines.append(
                f"| {p.name} | {_ICON.get(p.status, '')} {p.status.value} | {p.evidence.replace('|', '/')} | {limits} |"
            )
    if v.links:
        lines += ["", " · ".join(f"[{title}]({url})" for title, url in v.links)]
    return "\n".join(lines)


def found_fact(ref: ModelReference) -> str:
    """How the reference was found, in words: the hover must not claim a call it did not see."""
    if not ref.slot:
        return "Found: traced to the call that uses it"
    where = f" ({ref.via_note})" if ref.via_note else ""
    return f"Found: a model-named setting{where}; the call it feeds was not traced"


def _limits_cell(v: Verdict) -> str:
    rl = v.rate_limits
    return f"{rl.short()} ({rl.seen_on})" if rl is not None else "—"


def report(rows: Iterable[tuple[str, Verdict]], *, header: str) -> str:
    """One row per (model, status), with where it is used, evidence and age."""
    grouped: dict[tuple[str, str], list[str]] = {}
    first: dict[tuple[str, str], Verdict] = {}
    for where, v in rows:
        key = (v.model, v.status.value)
        grouped.setdefault(key, []).append(where)
        first.setdefault(key, v)
    out = [header, "", "| Model | Status | Where | Evidence | Rate limits |", "|---|---|---|---|---|"]
    for key in sorted(grouped):
        v = first[key]
        places = grouped[key]
        shown = ", ".join(places[:3]) + (f" (+{len(places) - 3})" if len(places) > 3 else "")
        out.append(
            f"| {f'`{v.model}`' if v.model else '(no model)'} | {_ICON.get(v.status, '')} {v.status.value} | {shown} "
            f"| {v.evidence.replace('|', '/')} | {_limits_cell(v)} |"
        )
    if not grouped:
        out.append("| — | no model references found | | | |")
    return "\n".join(out)
