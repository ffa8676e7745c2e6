"""The doctor's faces: terminal text, JSON (a contract, see DESIGN.md) and Markdown for the editors.

Pure functions of a ``DoctorReport``, so the CLI and the language server print the same findings
in the same order without either importing the other.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from typing import Any, TextIO

from openai_access.doctor.report import MODELS, Check, DoctorReport, ModelSummary, State
from openai_access.statuses import Status

_TEXT_MARK = {State.PASS: "✓", State.FAIL: "✗", State.UNKNOWN: "?"}
_ASCII_MARK = {State.PASS: "[ok]", State.FAIL: "[FAIL]", State.UNKNOWN: "[?]"}
_ASCII_TEXT = {"…": "...", "“": '"', "”": '"', "—": "-", "→": "->", "’": "'"}
_MD_MARK = {State.PASS: "✅", State.FAIL: "❌", State.UNKNOWN: "❔"}


def _failed_titles(report: DoctorReport) -> list[str]:
    return [c.title for c in report.checks if c.state is State.FAIL]


def _summary_line(report: DoctorReport) -> str:
    failed = _failed_titles(report)
    unknown = sum(1 for c in report.checks if c.state is State.UNKNOWN)
    tail = f" ({unknown} could not tell)" if unknown else ""
    if not failed:
        # "Passed" only when every check passed: six "?" under an unreachable API passed nothing.
        return f"No check failed{tail}." if unknown else "All checks passed."
    return f"{len(failed)} check{'s' if len(failed) != 1 else ''} failed: {', '.join(failed)}{tail}."


def _can_encode(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _with_limits(report: DoctorReport) -> list[ModelSummary]:
    """One row per model whose probe answers carried rate limits (a model may appear under two statuses)."""
    seen: dict[str, ModelSummary] = {}
    for m in report.models:
        if m.rate_limits is not None and m.model not in seen:
            seen[m.model] = m
    return sorted(seen.values(), key=lambda m: m.model)


def render_text(report: DoctorReport, *, stream: TextIO | None = None) -> str:
    """For a terminal: one line per check, its fix under it; wrapped only when writing to a tty."""
    marks = _TEXT_MARK if stream is None or _can_encode(stream, "✓✗…→—") else _ASCII_MARK
    width = shutil.get_terminal_size((100, 24)).columns if stream is not None and stream.isatty() else 0

    def para(text: str, indent: str, first: str = "") -> list[str]:
        if width <= 0:
            return [indent + first + text]
        return textwrap.wrap(
            text,
            width=max(width - 1, 60),
            initial_indent=indent + first,
            subsequent_indent=indent + " " * len(first),
            break_long_words=False,
            break_on_hyphens=False,
        )

    catalog = f" (catalog as of {report.catalog_as_of})" if report.catalog_as_of else ""
    out = [f"openai-access doctor: model access checklist{catalog}", ""]
    for c in report.checks:
        out += para(f"{c.title}: {c.detail}", "", f"{marks[c.state]} ")
        if c.fix:
            out += para(c.fix, "    ", "fix: ")
    if report.models:
        out += ["", "Models, by status:"]
        status: Status | None = None
        for m in report.models:
            if m.status is not status:
                status = m.status
                out.append(f"  {status.value}")
            places = f" ({', '.join(m.where[:4])}{f', +{len(m.where) - 4} more' if len(m.where) > 4 else ''})"
            out += para(m.model + (places if m.where else ""), "    ")
            out += para(m.message, "      ")
            if m.fix:
                out += para(m.fix, "      ", "fix: ")
    limited = _with_limits(report)
    if limited:
        out += ["", "Rate limits seen on the probes (this project, per model):"]
        wide = max(len(m.model) for m in limited)
        for m in limited:
            assert m.rate_limits is not None
            out.append(f"  {m.model.ljust(wide)}  {m.rate_limits.short()}  (seen {m.rate_limits.seen_on})")
    out += ["", _summary_line(report)]
    text = "\n".join(out)
    if marks is _ASCII_MARK and stream is not None:  # a terminal that cannot show “…” either
        for fancy, plain in _ASCII_TEXT.items():
            text = text.replace(fancy, plain)
        encoding = getattr(stream, "encoding", None) or "ascii"
        text = text.encode(encoding, "replace").decode(encoding)
    return text


def _check_json(c: Check) -> dict[str, Any]:
    return {"id": c.id, "title": c.title, "state": c.state.value, "detail": c.detail, "fix": c.fix}


def _model_json(m: ModelSummary) -> dict[str, Any]:
    return {
        "model": m.model,
        "status": m.status.value,
        "severity": m.severity.value if m.severity else None,
        "message": m.message,
        "fix": m.fix,
        "where": list(m.where),
        "replacements": list(m.replacements),
        "references": m.references,
        "rate_limits": m.rate_limits.to_dict() if m.rate_limits else None,
    }


def render_json(report: DoctorReport) -> str:
    doc = {
        "version": 1,
        "checks": [_check_json(c) for c in report.checks],
        "models": [_model_json(m) for m in report.models],
        "notes": list(report.notes),
        "catalog_as_of": report.catalog_as_of,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _md(text: str) -> str:
    """Keep API text from turning into Markdown structure (tables, emphasis, HTML)."""
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace("|", "\\|").replace("*", "\\*")


def render_markdown(report: DoctorReport) -> str:
    catalog = f" · catalog as of {report.catalog_as_of}" if report.catalog_as_of else ""
    out = [
        "# OpenAI Access doctor",
        "",
        f"{_MD_MARK[State.PASS]} passed · {_MD_MARK[State.FAIL]} failed · {_MD_MARK[State.UNKNOWN]} could not tell"
        + catalog,
        "",
    ]
    for c in report.checks:
        out.append(f"- {_MD_MARK[c.state]} **{c.title}**: {_md(c.detail)}")
        if c.fix:
            out.append(f"  - **Fix:** {_md(c.fix)}")
    if report.models:
        title = next((c.title for c in report.checks if c.id == MODELS), "Models")
        out += ["", f"## {title}", ""]
        status: Status | None = None
        for m in report.models:
            if m.status is not status:
                status = m.status
                out += ["", f"### {status.value}", ""]
            out.append(f"- `{m.model}`: {_md(m.message)}")
            if m.fix:
                out.append(f"  - **Fix:** {_md(m.fix)}")
    limited = _with_limits(report)
    if limited:
        out += ["", "## Rate limits seen on the probes", "", "| Model | RPM | TPM | Seen |", "|---|---|---|---|"]
        for m in limited:
            rl = m.rate_limits
            assert rl is not None
            rpm = f"{rl.requests:,}" if rl.requests is not None else "—"
            tpm = f"{rl.tokens:,}" if rl.tokens is not None else "—"
            out.append(f"| `{m.model}` | {rpm} | {tpm} | {rl.seen_on} |")
    if report.notes:
        out += ["", "## Notes", ""] + [f"- {_md(n)}" for n in report.notes]
    failed = _failed_titles(report)
    out += ["", "---", "", f"**{_summary_line(report)}**" if failed else _summary_line(report)]
    return "\n".join(out) + "\n"
