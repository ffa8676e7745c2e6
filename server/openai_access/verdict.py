"""Catalog facts + what the API said → one ``Verdict`` per reference.

Precedence, and why:
1. Not an OpenAI model (Azure deployment, other base URL): never judged.
2. A decided answer from the API (blocked, needs verification, retired, not found): only the
   API may say the scary things, and when it has, that is the truth for this project.
3. The catalog's retirement date: a request will fail for everyone after shutdown.
4. Absent from this key's ``/v1/models`` (an API answer, though a coarse one).
5. Endpoint mismatch and deprecation (catalog; true for every project).
6. Verification hints from the catalog, shown as uncertainty (``may-need-verification``).
7. Otherwise ``ok`` when a probe got through, ``unverified`` (with the reason) when not.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone

from openai_access.access.answers import AccessView, Cost, Outcome, ProbeEvidence
from openai_access.catalog.entry import CatalogEntry, Lifecycle
from openai_access.references import Capability, ModelReference, Surface, Target
from openai_access.statuses import (
    CONSOLE_LIMITS,
    CONSOLE_ORG_GENERAL,
    DEFAULT_SEVERITY,
    DOCS_DEPRECATIONS,
    DOCS_MODELS,
    Severity,
    Status,
)

try:  # the catalog module is data-driven; import lazily-typed to keep this module light
    from openai_access.catalog import Catalog
except ImportError:  # pragma: no cover - only while the package is being assembled
    Catalog = object  # type: ignore[misc,assignment]


@dataclass(frozen=True)
class Verdict:
    reference: ModelReference
    status: Status
    severity: Severity | None
    message: str  # one line, for squiggles and CLI output
    evidence: str  # where the status comes from, with when ("catalog as of 2026-11-17", "probe …")
    replacements: tuple[str, ...] = ()
    why: str = ""  # a paragraph for the hover
    fix_steps: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (title, url)
    probe: ProbeEvidence | None = None
    entry: CatalogEntry | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def model(self) -> str:
        return self.reference.model


_CAP_WORDS = {
    Capability.PLAIN: "use this model",
    Capability.STREAM: "stream this model",
    Capability.REASONING_SUMMARY: "generate reasoning summaries",
}

_DECIDING = (Outcome.BLOCKED, Outcome.NEEDS_VERIFICATION, Outcome.RETIRED, Outcome.NOT_FOUND)


def _when(ts: float, now: float) -> str:
    age = max(0.0, now - ts)
    if age < 90:
        ago = "just now"
    elif age < 90 * 60:
        ago = f"{round(age / 60)} min ago"
    elif age < 36 * 3600:
        ago = f"{round(age / 3600)} h ago"
    else:
        ago = f"{round(age / 86400)} days ago"
    stamp = datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"{stamp}, {ago}"


def describe_probe(p: ProbeEvidence, now: float) -> str:
    """The hover's "what was asked" line: endpoint, answer, request id, project, cost, when."""
    answer = f"HTTP {p.http_status}" if p.http_status else "answered"
    if p.error_code:
        answer += f" {p.error_code}"
    parts = [f"{'paid minimal' if p.cost is Cost.PAID else 'free'} probe POST {p.endpoint} → {answer}"]
    if p.capability is not Capability.PLAIN:
        parts.append(f"({p.capability.value})")
    if p.project:
        parts.append(f"for {p.project}")
    if p.request_id:
        parts.append(f"request {p.request_id}")
    parts.append(f"at {_when(p.checked_at, now)}")
    return " ".join(parts)


def _on(d: date | None) -> str:
    return f" on {d.isoformat()}" if d else ""


def _days_until(d: date, today: date) -> str:
    n = (d - today).days
    return "today" if n == 0 else f"in {n} day{'s' if n != 1 else ''}"


class Judge:
    """Holds what every verdict needs (catalog, today, severities) so callers pass only the rest."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        today: date | None = None,
        severity_overrides: Mapping[Status, Severity | None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.catalog = catalog
        self.today = today or date.today()
        self.overrides = dict(severity_overrides or {})
        self._now = clock

    # -- public -----------------------------------------------------------------
    def judge(self, ref: ModelReference, view: AccessView) -> Verdict:
        v = self._judge(ref, view)
        if v.status in self.overrides:
            v = _with_severity(v, self.overrides[v.status])
        return v

    def judge_many(self, refs: Sequence[ModelReference], view: AccessView) -> list[Verdict]:
        """Judge each distinct call shape once: a file names the same few models many times."""
        memo: dict[tuple[object, ...], Verdict] = {}
        out = []
        for ref in refs:
            key = (ref.model, ref.surface, ref.target, ref.streams, ref.reasoning_summary)
            v = memo.get(key)
            if v is None:
                v = memo[key] = self.judge(ref, view)
            elif v.reference is not ref:
                v = replace(v, reference=ref)
            out.append(v)
        return out

    # -- the rules ------------------------------------------------------------------
    def _judge(self, ref: ModelReference, view: AccessView) -> Verdict:
        now = self._now()
        model = ref.model
        if ref.target is not Target.OPENAI:
            what = (
                "an Azure OpenAI deployment name" if ref.target is Target.AZURE else "a model on a non-OpenAI base URL"
            )
            return Verdict(
                ref,
                Status.NOT_OPENAI,
                None,
                f"{model}: {what}; not checked",
                "scanner",
                why=f"`{model}` goes to {what.split(' ', 1)[1]}, so OpenAI's model catalog and "
                "project limits don't apply.",
            )

        entry = self.catalog.get(model)
        catalog_note = f"catalog as of {self.catalog.as_of.isoformat()}"

        # 2. A decided answer from the API.
        for cap in ref.capabilities:
            p = view.answer(model, cap)
            if p is not None and p.outcome in _DECIDING:
                return self._from_api(ref, entry, p, view, now)

        lifecycle = entry.lifecycle(self.today) if entry else None
        replacement = self.catalog.recommended(entry, self.today) if entry else None
        repl = (replacement,) if replacement else ()
        probes = [view.answer(model, c) for c in ref.capabilities]
        plain = probes[0]
        api_ok = plain is not None and plain.outcome in (Outcome.OK, Outcome.REACHED_VALIDATION)

        # 3. Retired by date (unless the API itself just let a request through).
        if entry and lifecycle is Lifecycle.RETIRED and not api_ok and not entry.invalid:
            assert entry.shutdown is not None
            return _retired(
                ref,
                entry,
                replacement,
                f"{model} was shut down on {entry.shutdown.isoformat()}",
                catalog_note,
                f"OpenAI retired `{model}` on {entry.shutdown.isoformat()}. Requests now fail with "
                "`404 The model … has been deprecated`.",
            )

        # Unknown ids (not in the catalog, or an SDK-only "not supported" id).
        if entry is None or entry.invalid:
            listed = view.model_list is not None and model in view.model_list.ids
            if listed or api_ok:
                if api_ok and plain is not None:
                    src, seen = "probe", describe_probe(plain, now)
                else:
                    assert view.model_list is not None
                    src, seen = "model list", f"GET /v1/models ({_when(view.model_list.fetched_at, now)})"
                return Verdict(
                    ref,
                    Status.OK if api_ok else Status.UNVERIFIED,
                    None,
                    f"{model} is not in the bundled catalog, but your key's {src} has it",
                    seen,
                    entry=entry,
                    probe=plain,
                    why="The bundled catalog may be older than this model.",
                )
            suggestions = tuple(self.catalog.suggest(model, today=self.today))
            with_list = view.model_list is not None
            msg = f"{model} is not a known OpenAI model" if entry is None else (f"{model} is not a supported model ID")
            if with_list:
                msg += " and your key's model list doesn't have it"
            if suggestions:
                msg += f"; did you mean {suggestions[0]}?"
            return Verdict(
                ref,
                Status.UNKNOWN,
                Severity.ERROR if with_list else Severity.WARNING,
                msg,
                catalog_note + (" + your key's model list" if with_list else ""),
                replacements=suggestions,
                entry=entry,
                why=(
                    entry.notes
                    if entry and entry.notes
                    else f"`{model}` is neither in the bundled catalog ({catalog_note})"
                    + (" nor in `GET /v1/models` for your key." if with_list else ".")
                    + " It is probably a typo."
                ),
                fix_steps=(
                    f"Replace it with `{suggestions[0]}`." if suggestions else "Check the model id on the models page.",
                ),
                links=(("OpenAI models", DOCS_MODELS),),
            )

        # 4. Absent from this key's model list.
        if view.model_list is not None and model not in view.model_list.ids and not api_ok and entry.alias_of is None:
            return Verdict(
                ref,
                Status.UNAVAILABLE,
                DEFAULT_SEVERITY[Status.UNAVAILABLE],
                f"{model} is not in the model list for {view.project_label}",
                f"GET /v1/models ({_when(view.model_list.fetched_at, now)})",
                replacements=repl,
                entry=entry,
                why=f"`GET /v1/models` for your key ({view.project_label}) doesn't list `{model}`: "
                "the organization has no access to it (usage tier, rollout) or it was removed.",
                fix_steps=(
                    "Check the model's availability for your usage tier on the models page.",
                    "If you just gained access, re-check (OpenAI Access: Re-check access).",
                ),
                links=(("OpenAI models", DOCS_MODELS),),
            )

        # 5a. Wrong endpoint.
        fits = self.catalog.endpoint_fits(entry, ref.surface)
        if fits is False:
            serves = ", ".join(s.value for s in entry.endpoints) or "other APIs"
            return Verdict(
                ref,
                Status.WRONG_ENDPOINT,
                DEFAULT_SEVERITY[Status.WRONG_ENDPOINT],
                f"{model} does not serve {ref.surface.value} (it serves {serves})",
                catalog_note,
                entry=entry,
                why=f"The call goes to `{ref.surface.value}`, but `{model}` is served by {serves}.",
                fix_steps=(f"Call the API that serves `{model}`, or pick a model made for `{ref.surface.value}`.",),
                links=(("OpenAI models", DOCS_MODELS),),
            )

        # 5b. Deprecated.
        if lifecycle is Lifecycle.DEPRECATED or lifecycle is Lifecycle.RETIRED:
            assert entry.shutdown is not None
            past = lifecycle is Lifecycle.RETIRED
            msg = (
                f"{model} passed its shutdown date {entry.shutdown.isoformat()} but still answered"
                if past
                else f"{model} is deprecated: shutdown on {entry.shutdown.isoformat()} "
                f"({_days_until(entry.shutdown, self.today)})"
            )
            if replacement:
                msg += f"; replacement {replacement}"
            gated_caps = [c for c in ref.capabilities if self.catalog.verification(entry, c)]
            if gated_caps and not api_ok:
                msg += f"; may also need organization verification to {' and '.join(_CAP_WORDS[c] for c in gated_caps)}"
            return Verdict(
                ref,
                Status.DEPRECATED,
                DEFAULT_SEVERITY[Status.DEPRECATED],
                msg,
                catalog_note,
                replacements=repl,
                entry=entry,
                probe=plain,
                why=f"OpenAI announced{_on(entry.deprecation_announced)} that `{model}` shuts down on "
                f"{entry.shutdown.isoformat()}. After that, calls fail.",
                fix_steps=_replace_steps(model, replacement),
                links=(("OpenAI deprecations", DOCS_DEPRECATIONS),),
            )

        # 6/7. Works, may need verification, or not checked.
        undecided = [
            c for c, p in zip(ref.capabilities, probes, strict=True) if p is None or p.outcome is not Outcome.OK
        ]
        gated = [c for c in undecided if self.catalog.verification(entry, c)]
        if gated:
            what = " and ".join(_CAP_WORDS[c] for c in gated)
            reason = (
                "only the free probe ran: paid probes are off or over their hourly cap"
                if api_ok
                else _unchecked_reason(view, model, ref)
            )
            return Verdict(
                ref,
                Status.MAY_NEED_VERIFICATION,
                DEFAULT_SEVERITY[Status.MAY_NEED_VERIFICATION],
                f"{model}: your organization may need verification to {what}; not checked ({reason})",
                catalog_note + (f"; {describe_probe(plain, now)}" if plain else ""),
                entry=entry,
                probe=plain,
                why=f"On usage tiers 1–3, OpenAI requires organization verification to {what} "
                f"with `{model}` (catalog: {entry.verification_scope or 'gated'}). Some organizations "
                "already have access; only a request from your project can tell. " + (entry.verification_note or ""),
                fix_steps=_verify_steps(),
                links=(("Organization settings", CONSOLE_ORG_GENERAL),),
            )
        if api_ok and plain is not None:
            unchecked = [c for c in undecided if c is not Capability.PLAIN or plain.outcome is not Outcome.OK]
            note = ""
            if plain.outcome is Outcome.REACHED_VALIDATION and not any(p and p.outcome is Outcome.OK for p in probes):
                note = " (request reached validation; verification not checked)"
            elif unchecked:
                note = f" ({', '.join(c.value for c in unchecked)} not checked)"
            return Verdict(
                ref,
                Status.OK,
                None,
                f"{model} works for {plain.project or view.project_label}{note}",
                describe_probe(plain, now),
                entry=entry,
                probe=plain,
                why=f"The API accepted a request for `{model}` from this project.",
            )
        reason = _unchecked_reason(view, model, ref)
        return Verdict(
            ref,
            Status.UNVERIFIED,
            None,
            f"{model}: not checked against your project ({reason})",
            catalog_note,
            entry=entry,
            why="The catalog has nothing against this model; whether your project may call it "
            "is only known by asking the API.",
            fix_steps=_unverified_steps(view),
        )

    def _from_api(
        self, ref: ModelReference, entry: CatalogEntry | None, p: ProbeEvidence, view: AccessView, now: float
    ) -> Verdict:
        model = ref.model
        evidence = describe_probe(p, now)
        project = p.project or view.project_label
        replacement = self.catalog.recommended(entry, self.today) if entry else None
        if p.outcome is Outcome.BLOCKED:
            return Verdict(
                ref,
                Status.BLOCKED,
                DEFAULT_SEVERITY[Status.BLOCKED],
                f"Project {project} does not have access to {model}",
                evidence,
                probe=p,
                entry=entry,
                why=_api_said(p, "Project … does not have access to model …") + "\n\n"
                "The project's **Limits → Model usage** settings allow or block models per project; "
                f"`{model}` is not allowed for {project}.",
                fix_steps=(
                    f"Open the project's Limits page ({CONSOLE_LIMITS}) as an owner of {project}.",
                    "Under **Model usage**, if the project uses an allow list, add "
                    f"`{model}`; if it uses a block list, remove `{model}` from it.",
                    f"Save, then run **OpenAI Access: Re-check access** (or `openai-access probe {model}`).",
                    "Or use a key from a project that is allowed this model.",
                ),
                links=(("Project limits", CONSOLE_LIMITS),),
            )
        if p.outcome is Outcome.NEEDS_VERIFICATION:
            what = _CAP_WORDS[p.capability]
            return Verdict(
                ref,
                Status.NEEDS_VERIFICATION,
                DEFAULT_SEVERITY[Status.NEEDS_VERIFICATION],
                f"Your organization must be verified to {what} ({model})",
                evidence,
                probe=p,
                entry=entry,
                why=_api_said(p, "Your organization must be verified …"),
                fix_steps=_verify_steps()
                + (("Or drop `stream=True` for this model until then.",) if p.capability is Capability.STREAM else ())
                + (
                    ("Or stop asking for reasoning summaries.",) if p.capability is Capability.REASONING_SUMMARY else ()
                ),
                links=(("Organization settings", CONSOLE_ORG_GENERAL),),
            )
        if p.outcome is Outcome.RETIRED:
            return _retired(
                ref,
                entry,
                replacement,
                f"{model} has been retired (the API says it has been deprecated)",
                evidence,
                _api_said(p, "The model … has been deprecated"),
                p,
            )
        # NOT_FOUND: a typo or a retired model reads better as what it is, with the API's word as evidence.
        if entry is None or entry.invalid:
            suggestions = tuple(self.catalog.suggest(model, today=self.today))
            msg = f"{model} is not a known OpenAI model and the API says it does not exist"
            if suggestions:
                msg += f"; did you mean {suggestions[0]}?"
            return Verdict(
                ref,
                Status.UNKNOWN,
                Severity.ERROR,
                msg,
                evidence,
                replacements=suggestions,
                probe=p,
                entry=entry,
                why=_api_said(p, "The model … does not exist")
                + "\n\nThe bundled catalog has no such id either: it is probably a typo.",
                fix_steps=(f"Replace it with `{suggestions[0]}`." if suggestions else "Check the model id.",),
                links=(("OpenAI models", DOCS_MODELS),),
            )
        if entry.lifecycle(self.today) is Lifecycle.RETIRED and entry.shutdown is not None:
            return _retired(
                ref,
                entry,
                replacement,
                f"{model} was shut down on {entry.shutdown.isoformat()}",
                evidence,
                f"OpenAI retired `{model}` on {entry.shutdown.isoformat()}. " + _api_said(p, "not found"),
                p,
            )
        suggestions = (
            tuple(self.catalog.suggest(model, today=self.today))
            if entry is None
            else ((replacement,) if replacement else ())
        )
        return Verdict(
            ref,
            Status.UNAVAILABLE,
            DEFAULT_SEVERITY[Status.UNAVAILABLE],
            f"{model} does not exist or {project} has no access to it",
            evidence,
            replacements=suggestions,
            probe=p,
            entry=entry,
            why=_api_said(p, "The model … does not exist")
            + "\n\nA known model answers this when the organization lacks the entitlement (usage tier, rollout).",
            fix_steps=(
                "Check the id for typos.",
                "Check the model's availability for your usage tier on the models page.",
                "After a change, run **OpenAI Access: Re-check access**.",
            ),
            links=(("OpenAI models", DOCS_MODELS),),
        )


def _retired(
    ref: ModelReference,
    entry: CatalogEntry | None,
    replacement: str | None,
    message: str,
    evidence: str,
    why: str,
    probe: ProbeEvidence | None = None,
) -> Verdict:
    """Every way of knowing a model is gone (catalog date, the API's word) reads the same."""
    return Verdict(
        ref,
        Status.RETIRED,
        DEFAULT_SEVERITY[Status.RETIRED],
        message + (f"; use {replacement}" if replacement else ""),
        evidence,
        replacements=(replacement,) if replacement else (),
        probe=probe,
        entry=entry,
        why=why,
        fix_steps=_replace_steps(ref.model, replacement),
        links=(("OpenAI deprecations", DOCS_DEPRECATIONS),),
    )


def _api_said(p: ProbeEvidence, fallback: str) -> str:
    """The API's own words as a Markdown quote: its messages contain backticks, which break inline code."""
    return f"The API answered:\n\n> **{p.http_status or ''}** {p.message or fallback}"


def _with_severity(v: Verdict, sev: Severity | None) -> Verdict:
    return replace(v, severity=sev)


def _replace_steps(model: str, replacement: str | None) -> tuple[str, ...]:
    if replacement:
        return (
            f"Replace `{model}` with `{replacement}` (quick fix available).",
            "Check the replacement's behaviour and pricing before shipping.",
        )
    return ("Pick a current model on the deprecations page.",)


def _verify_steps() -> tuple[str, ...]:
    return (
        f"Open the organization settings ({CONSOLE_ORG_GENERAL}) as an owner.",
        "Click **Verify Organization** and complete the identity check.",
        "Access can take up to 15 minutes to propagate after verification; then run "
        "**OpenAI Access: Re-check access**.",
    )


def _unchecked_reason(view: AccessView, model: str, ref: ModelReference) -> str:
    if view.unchecked_reason:
        return view.unchecked_reason
    if view.account_issue is not None:
        return view.account_issue.message.split(".")[0].lower()
    if (model, Capability.PLAIN) in view.pending:
        return "checking…"
    if ref.surface in (Surface.IMAGES, Surface.VIDEOS, Surface.AUDIO_SPEECH, Surface.REALTIME):
        return "endpoints that bill per output are never probed automatically"
    return "not probed yet"


def _unverified_steps(view: AccessView) -> tuple[str, ...]:
    if view.unchecked_reason and "key" in view.unchecked_reason:
        return (
            "Set OPENAI_API_KEY in the editor's environment (VS Code: **OpenAI Access: Set API Key**).",
            "Then run **OpenAI Access: Re-check access**.",
        )
    if view.account_issue is not None:
        return (view.account_issue.message,)
    return ("Run **OpenAI Access: Re-check access**.",)
