"""Catalog facts + what the API said → one ``Verdict`` per reference.

Precedence is the ordered list ``RULES`` at the end of the rules section: each rule is a small
function that returns a verdict when it applies, and its docstring says why it sits where it does.
In short: not an OpenAI model → the API's decided answer → the catalog's shutdown date → unknown
id → absent from the key's model list → wrong endpoint → deprecated → may need verification →
works → not checked. To add a finding, add a rule (``docs/architecture.md``), not a branch.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone

from openai_access.access.answers import AccessView, Cost, Outcome, ProbeEvidence
from openai_access.access.projects import ProjectViews
from openai_access.access.ratelimits import RateLimits
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
class ProjectVerdict:
    """One named project's verdict on a reference (several projects at once)."""

    name: str
    status: Status
    severity: Severity | None
    evidence: str
    message: str
    rate_limits: RateLimits | None = None


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
    # The project's RPM/TPM for this model, as the headers of a probe already made said (never asked for).
    rate_limits: RateLimits | None = None
    # With several named projects: one row per project; the verdict itself is the worst of them.
    projects: tuple[ProjectVerdict, ...] = ()

    @property
    def model(self) -> str:
        return self.reference.model


def same_finding(v: Verdict) -> tuple[object, ...]:
    """What makes two verdicts one finding for the reader: place, status and message.

    A literal used by two calls (``MODEL`` in chat.completions and in responses) is one reference
    per call; when both verdicts read the same, the user should see one line, not two identical ones.
    """
    r = v.reference
    return (r.cell, r.range, v.status, v.severity, v.message)


_CAP_WORDS = {
    Capability.PLAIN: "use this model",
    Capability.STREAM: "stream this model",
    Capability.REASONING_SUMMARY: "generate reasoning summaries",
}


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
        rules: Sequence[Rule] | None = None,
    ) -> None:
        self.catalog = catalog
        self.rules: tuple[Rule, ...] = tuple(rules) if rules is not None else RULES
        self.today = today or date.today()
        self.overrides = dict(severity_overrides or {})
        self._now = clock

    # -- public -----------------------------------------------------------------
    def judge(self, ref: ModelReference, view: AccessView) -> Verdict:
        if isinstance(view, ProjectViews) and view.projects:
            return _across([(name, self.judge(ref, pv)) for name, pv in view.projects])
        v = self._judge(ref, view)
        limits = view.rate_limits(ref.model) if ref.target is Target.OPENAI else None
        if limits is not None:
            v = replace(v, rate_limits=limits)
        if ref.slot:
            v = _as_slot(v)
        if v.status in self.overrides:
            v = _with_severity(v, self.overrides[v.status])
        return v

    def judge_many(
        self, refs: Sequence[ModelReference], view: AccessView, memo: dict[tuple[object, ...], Verdict] | None = None
    ) -> list[Verdict]:
        """Judge each distinct call shape once: a file names the same few models many times.

        ``memo``: a batch run's verdicts by call shape, shared by its files (the view is the
        run's; the editor's view changes as answers arrive, so it passes none).
        """
        memo = {} if memo is None else memo
        out = []
        for ref in refs:
            key = (ref.model, ref.surface, ref.target, ref.streams, ref.reasoning_summary, ref.found)
            v = memo.get(key)
            if v is None:
                v = memo[key] = self.judge(ref, view)
            elif v.reference is not ref:
                v = replace(v, reference=ref)
            out.append(v)
        return out

    # -- the rules ------------------------------------------------------------------
    def _judge(self, ref: ModelReference, view: AccessView) -> Verdict:
        facts = Facts.gather(ref, view, self.catalog, self.today, self._now())
        for rule in self.rules:
            verdict = rule.decide(facts)
            if verdict is not None:
                return verdict
        raise AssertionError(f"no rule decided {ref.model}: the last rule must always answer")  # pragma: no cover


# ------------------------------------------------------------------------------------------------
# What every rule reads, gathered once per reference.


@dataclass(frozen=True)
class Facts:
    """One reference with everything the rules consult: the catalog's word, the API's answers, the date.

    Gathered once so each rule is a few lines of "does this apply, and what does it say".
    """

    ref: ModelReference
    view: AccessView
    catalog: Catalog
    today: date
    now: float
    entry: CatalogEntry | None
    lifecycle: Lifecycle | None
    probes: tuple[ProbeEvidence | None, ...]  # one per capability the call uses, PLAIN first
    catalog_note: str  # "catalog as of 2026-11-17"
    _memo: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def gather(cls, ref: ModelReference, view: AccessView, catalog: Catalog, today: date, now: float) -> Facts:
        entry = catalog.get(ref.model)
        return cls(
            ref=ref,
            view=view,
            catalog=catalog,
            today=today,
            now=now,
            entry=entry,
            lifecycle=entry.lifecycle(today) if entry else None,
            probes=tuple(view.answer(ref.model, c) for c in ref.capabilities),
            catalog_note=f"catalog as of {catalog.as_of.isoformat()}",
        )

    @property
    def replacement(self) -> str | None:
        """Computed on first use (following replacement chains costs): most rules never need it."""
        if "replacement" not in self._memo:
            self._memo["replacement"] = self.catalog.recommended(self.entry, self.today) if self.entry else None
        return self._memo["replacement"]

    @property
    def model(self) -> str:
        return self.ref.model

    @property
    def plain(self) -> ProbeEvidence | None:
        return self.probes[0]

    @property
    def api_ok(self) -> bool:
        """A request for the plain capability got through (a paid success or a free probe past the gate)."""
        return self.plain is not None and self.plain.outcome in (Outcome.OK, Outcome.REACHED_VALIDATION)

    @property
    def repl(self) -> tuple[str, ...]:
        return (self.replacement,) if self.replacement else ()

    @property
    def known(self) -> CatalogEntry:
        """The catalog entry, for rules that run after ``unknown-id`` (which answers for every other id)."""
        assert self.entry is not None and not self.entry.invalid, "rule placed before unknown-id"
        return self.entry


@dataclass(frozen=True)
class Rule:
    """One step of precedence: returns a verdict when it applies, None to let the next rule speak.

    The function's docstring says why the rule sits where it does; ``docs/architecture.md`` tells how
    to add one.
    """

    name: str
    decide: Callable[[Facts], Verdict | None]

    @property
    def why(self) -> str:
        return (self.decide.__doc__ or "").strip()


# ------------------------------------------------------------------------------------------------
# The rules, in the order they are asked (see RULES at the end).


def not_openai(f: Facts) -> Verdict | None:
    """Azure deployments and other base URLs go first: OpenAI's catalog and project limits don't apply,
    so nothing below may judge them."""
    ref = f.ref
    if ref.target is Target.OPENAI:
        return None
    what = "an Azure OpenAI deployment name" if ref.target is Target.AZURE else "a model on a non-OpenAI base URL"
    return Verdict(
        ref,
        Status.NOT_OPENAI,
        None,
        f"{f.model}: {what}; not checked",
        "scanner",
        why=f"`{f.model}` goes to {what.split(' ', 1)[1]}, so OpenAI's model catalog and project limits don't apply.",
    )


def api_answer(f: Facts) -> Verdict | None:
    """A decided answer from the API (blocked, needs verification, retired, not found, wrong endpoint)
    outranks the catalog:
    only the API may say the scary things, and when it has, that is the truth for this project."""
    for cap in f.ref.capabilities:
        p = f.view.answer(f.model, cap)
        if p is not None and p.outcome in _API_READERS:
            return _API_READERS[p.outcome](f, p)
    return None


POLICY_EVIDENCE = "project policy (admin API)"


def _policy_said(f: Facts) -> str:
    p = f.view.policy
    assert p is not None
    listed = "allow list" if p.mode == "allow_list" else "deny list"
    return (
        f"{POLICY_EVIDENCE}: {p.project} uses a model {listed} of {len(p.model_ids)}, read {_when(p.fetched_at, f.now)}"
    )


def policy_blocks(f: Facts) -> Verdict | None:
    """The project's model permissions (Admin API) are an exact API answer for every model, probed or
    not (images, video, audio): right after the probes' own answers (a fresher, direct observation) and
    before anything the catalog says, because only an API answer may say ``blocked``."""
    policy = f.view.policy
    if policy is None or policy.allows(f.model) is not False:
        return None
    model, project = f.model, policy.project
    how = "is not on its allow list" if policy.mode == "allow_list" else "is on its deny list"
    return Verdict(
        f.ref,
        Status.BLOCKED,
        DEFAULT_SEVERITY[Status.BLOCKED],
        f"Project {project} does not allow {model} (its model policy {how})",
        _policy_said(f),
        entry=f.entry,
        why=f"The Admin API's model permissions for {project} say `{model}` {how}, so every request for it "
        "from this project fails with `403 Project … does not have access to model …`. No request was sent.",
        fix_steps=(
            f"Open the project's Limits page ({CONSOLE_LIMITS}) as an owner of {project}.",
            f"Under **Model usage**, {'add' if policy.mode == 'allow_list' else 'remove'} `{model}`.",
            "Then run **OpenAI Access: Re-check access**.",
            "Or use a key from a project that is allowed this model.",
        ),
        links=(("Project limits", CONSOLE_LIMITS),),
    )


def retired_by_date(f: Facts) -> Verdict | None:
    """Past the catalog's shutdown date a request fails for everyone, so this beats every softer finding;
    it yields only to the API, which may still have let a request through."""
    entry = f.entry
    if not (entry and f.lifecycle is Lifecycle.RETIRED and not f.api_ok and not entry.invalid):
        return None
    assert entry.shutdown is not None
    return _retired(
        f.ref,
        entry,
        f.replacement,
        f"{f.model} was shut down on {entry.shutdown.isoformat()}",
        f.catalog_note,
        f"OpenAI retired `{f.model}` on {entry.shutdown.isoformat()}. Requests now fail with "
        "`404 The model … has been deprecated`.",
    )


def unknown_id(f: Facts) -> Verdict | None:
    """An id the catalog doesn't know (or an SDK-only "not supported" id) is a likely typo, unless the key's
    model list or a probe vouches for it. Every rule after this one may assume a known catalog entry."""
    entry, model, view, plain = f.entry, f.model, f.view, f.plain
    if entry is not None and not entry.invalid:
        return None
    listed = view.model_list is not None and model in view.model_list.ids
    if listed or f.api_ok:
        if f.api_ok and plain is not None:
            src, seen = "probe", describe_probe(plain, f.now)
        else:
            assert view.model_list is not None
            src, seen = "model list", f"GET /v1/models ({_when(view.model_list.fetched_at, f.now)})"
        return Verdict(
            f.ref,
            Status.OK if f.api_ok else Status.UNVERIFIED,
            None,
            f"{model} is not in the bundled catalog, but your key's {src} has it",
            seen,
            entry=entry,
            probe=plain,
            why="The bundled catalog may be older than this model.",
        )
    suggestions = tuple(f.catalog.suggest(model, today=f.today))
    with_list = view.model_list is not None
    msg = f"{model} is not a known OpenAI model" if entry is None else f"{model} is not a supported model ID"
    if with_list:
        msg += " and your key's model list doesn't have it"
    if suggestions:
        msg += f"; did you mean {suggestions[0]}?"
    return Verdict(
        f.ref,
        Status.UNKNOWN,
        Severity.ERROR if with_list else Severity.WARNING,
        msg,
        f.catalog_note + (" + your key's model list" if with_list else ""),
        replacements=suggestions,
        entry=entry,
        why=(
            entry.notes
            if entry and entry.notes
            else f"`{model}` is neither in the bundled catalog ({f.catalog_note})"
            + (" nor in `GET /v1/models` for your key." if with_list else ".")
            + " It is probably a typo."
        ),
        fix_steps=(
            f"Replace it with `{suggestions[0]}`." if suggestions else "Check the model id on the models page.",
        ),
        links=(("OpenAI models", DOCS_MODELS),),
    )


def absent_from_model_list(f: Facts) -> Verdict | None:
    """Missing from this key's ``GET /v1/models`` is an API answer, if a coarse one: it outranks catalog-only
    findings that hold for every project, but not a probe that got through. Aliases are never listed."""
    entry, view = f.known, f.view
    if view.model_list is None or f.model in view.model_list.ids or f.api_ok or entry.alias_of is not None:
        return None
    model = f.model
    return Verdict(
        f.ref,
        Status.UNAVAILABLE,
        DEFAULT_SEVERITY[Status.UNAVAILABLE],
        f"{model} is not in the model list for {view.project_label}",
        f"GET /v1/models ({_when(view.model_list.fetched_at, f.now)})",
        replacements=f.repl,
        entry=entry,
        why=f"`GET /v1/models` for your key ({view.project_label}) doesn't list `{model}`: "
        "the organization has no access to it (usage tier, rollout) or it was removed.",
        fix_steps=(
            "Check the model's availability for your usage tier on the models page.",
            "If you just gained access, re-check (OpenAI Access: Re-check access).",
        ),
        links=(("OpenAI models", DOCS_MODELS),),
    )


def wrong_endpoint(f: Facts) -> Verdict | None:
    """The catalog says the model isn't served by the API the call goes to: true for every project, and a
    certain failure, so it comes before deprecation and the uncertain verification hint."""
    entry, ref, model = f.known, f.ref, f.model
    if f.catalog.endpoint_fits(entry, ref.surface) is not False:
        return None
    serves = ", ".join(s.value for s in entry.endpoints) or "other APIs"
    return Verdict(
        ref,
        Status.WRONG_ENDPOINT,
        DEFAULT_SEVERITY[Status.WRONG_ENDPOINT],
        f"{model} does not serve {ref.surface.value} (it serves {serves})",
        f.catalog_note,
        entry=entry,
        why=f"The call goes to `{ref.surface.value}`, but `{model}` is served by {serves}.",
        fix_steps=(f"Call the API that serves `{model}`, or pick a model made for `{ref.surface.value}`.",),
        links=(("OpenAI models", DOCS_MODELS),),
    )


def deprecated(f: Facts) -> Verdict | None:
    """A shutdown date ahead (or passed while the API still answers) is a warning for every project; it
    outranks the verification hint, which it folds into its message instead."""
    entry, model, replacement = f.known, f.model, f.replacement
    if f.lifecycle is not Lifecycle.DEPRECATED and f.lifecycle is not Lifecycle.RETIRED:
        return None
    assert entry.shutdown is not None
    past = f.lifecycle is Lifecycle.RETIRED
    msg = (
        f"{model} passed its shutdown date {entry.shutdown.isoformat()} but still answered"
        if past
        else f"{model} is deprecated: shutdown on {entry.shutdown.isoformat()} ({_days_until(entry.shutdown, f.today)})"
    )
    if replacement:
        msg += f"; replacement {replacement}"
    gated_caps = [c for c in f.ref.capabilities if f.catalog.verification(entry, c)]
    if gated_caps and not f.api_ok:
        msg += f"; may also need organization verification to {' and '.join(_CAP_WORDS[c] for c in gated_caps)}"
    return Verdict(
        f.ref,
        Status.DEPRECATED,
        DEFAULT_SEVERITY[Status.DEPRECATED],
        msg,
        f.catalog_note,
        replacements=f.repl,
        entry=entry,
        probe=f.plain,
        why=f"OpenAI announced{_on(entry.deprecation_announced)} that `{model}` shuts down on "
        f"{entry.shutdown.isoformat()}. After that, calls fail.",
        fix_steps=_replace_steps(model, replacement),
        links=(("OpenAI deprecations", DOCS_DEPRECATIONS),),
    )


def may_need_verification(f: Facts) -> Verdict | None:
    """A verification-gated capability no request has confirmed is shown as uncertainty: after every
    certain finding, before ``ok`` (a free probe can't see the gate, so it must not read as "works")."""
    entry, model, plain = f.known, f.model, f.plain
    gated = [c for c in _undecided(f) if f.catalog.verification(entry, c)]
    if not gated:
        return None
    what = " and ".join(_CAP_WORDS[c] for c in gated)
    reason = (
        "only the free probe ran: paid probes are off or over their hourly cap"
        if f.api_ok
        else _unchecked_reason(f.view, model, f.ref)
    )
    return Verdict(
        f.ref,
        Status.MAY_NEED_VERIFICATION,
        DEFAULT_SEVERITY[Status.MAY_NEED_VERIFICATION],
        f"{model}: your organization may need verification to {what}; not checked ({reason})",
        f.catalog_note + (f"; {describe_probe(plain, f.now)}" if plain else ""),
        entry=entry,
        probe=plain,
        why=f"On usage tiers 1–3, OpenAI requires organization verification to {what} "
        f"with `{model}` (catalog: {entry.verification_scope or 'gated'}). Some organizations "
        "already have access; only a request from your project can tell. " + (entry.verification_note or ""),
        fix_steps=_verify_steps(),
        links=(("Organization settings", CONSOLE_ORG_GENERAL),),
    )


def works(f: Facts) -> Verdict | None:
    """A request got through and nothing above objects: ``ok``, naming any capability left unchecked."""
    plain = f.plain
    if not f.api_ok or plain is None:
        return None
    undecided = _undecided(f)
    unchecked = [c for c in undecided if c is not Capability.PLAIN or plain.outcome is not Outcome.OK]
    note = ""
    if plain.outcome is Outcome.REACHED_VALIDATION and not any(p and p.outcome is Outcome.OK for p in f.probes):
        note = " (request reached validation; verification not checked)"
    elif unchecked:
        note = f" ({', '.join(c.value for c in unchecked)} not checked)"
    return Verdict(
        f.ref,
        Status.OK,
        None,
        f"{f.model} works for {plain.project or f.view.project_label}{note}",
        describe_probe(plain, f.now),
        entry=f.entry,
        probe=plain,
        why=f"The API accepted a request for `{f.model}` from this project.",
    )


def policy_allows(f: Facts) -> Verdict | None:
    """No request got through, but the project's policy (Admin API) allows the model: ``ok`` on the
    policy's word. Last but one, so every certain finding and the verification hint outrank it (the
    policy knows nothing of retirement, endpoints, usage tiers or verification)."""
    policy = f.view.policy
    if policy is None or policy.allows(f.model) is not True:
        return None
    return Verdict(
        f.ref,
        Status.OK,
        None,
        f"{f.model} is allowed for {policy.project} by its model policy (not probed)",
        _policy_said(f),
        entry=f.entry,
        why=f"The Admin API's model permissions for {policy.project} allow `{f.model}`. "
        "No request was sent, so usage-tier access was not checked.",
    )


def not_checked(f: Facts) -> Verdict | None:
    """Last, and always answers: the catalog has nothing against the model and no request has told us
    more, so the status is ``unverified`` with the reason nothing was asked."""
    reason = _unchecked_reason(f.view, f.model, f.ref)
    return Verdict(
        f.ref,
        Status.UNVERIFIED,
        None,
        f"{f.model}: not checked against your project ({reason})",
        f.catalog_note,
        entry=f.entry,
        why="The catalog has nothing against this model; whether your project may call it "
        "is only known by asking the API.",
        fix_steps=_unverified_steps(f.view),
    )


RULES: tuple[Rule, ...] = (
    Rule("not-openai", not_openai),
    Rule("api-answer", api_answer),
    Rule("policy-blocks", policy_blocks),
    Rule("retired-by-date", retired_by_date),
    Rule("unknown-id", unknown_id),
    Rule("absent-from-model-list", absent_from_model_list),
    Rule("wrong-endpoint", wrong_endpoint),
    Rule("deprecated", deprecated),
    Rule("may-need-verification", may_need_verification),
    Rule("works", works),
    Rule("policy-allows", policy_allows),
    Rule("not-checked", not_checked),
)
"""Precedence, first match wins. To add a finding, write a rule and insert it where its docstring says."""


def _undecided(f: Facts) -> list[Capability]:
    """Capabilities no paid request has confirmed (a free probe never proves a capability works)."""
    return [c for c, p in zip(f.ref.capabilities, f.probes, strict=True) if p is None or p.outcome is not Outcome.OK]


# ------------------------------------------------------------------------------------------------
# How a decided API answer reads, one reader per outcome (used by the ``api-answer`` rule).


def _api_blocked(f: Facts, p: ProbeEvidence) -> Verdict:
    model, project = f.model, p.project or f.view.project_label
    return Verdict(
        f.ref,
        Status.BLOCKED,
        DEFAULT_SEVERITY[Status.BLOCKED],
        f"Project {project} does not have access to {model}",
        describe_probe(p, f.now),
        probe=p,
        entry=f.entry,
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


def _api_needs_verification(f: Facts, p: ProbeEvidence) -> Verdict:
    return Verdict(
        f.ref,
        Status.NEEDS_VERIFICATION,
        DEFAULT_SEVERITY[Status.NEEDS_VERIFICATION],
        f"Your organization must be verified to {_CAP_WORDS[p.capability]} ({f.model})",
        describe_probe(p, f.now),
        probe=p,
        entry=f.entry,
        why=_api_said(p, "Your organization must be verified …"),
        fix_steps=_verify_steps()
        + (("Or drop `stream=True` for this model until then.",) if p.capability is Capability.STREAM else ())
        + (("Or stop asking for reasoning summaries.",) if p.capability is Capability.REASONING_SUMMARY else ()),
        links=(("Organization settings", CONSOLE_ORG_GENERAL),),
    )


def _api_retired(f: Facts, p: ProbeEvidence) -> Verdict:
    return _retired(
        f.ref,
        f.entry,
        f.replacement,
        f"{f.model} has been retired (the API says it has been deprecated)",
        describe_probe(p, f.now),
        _api_said(p, "The model … has been deprecated"),
        p,
    )


def _api_not_found(f: Facts, p: ProbeEvidence) -> Verdict:
    """A 404 reads better as what it is: a typo (unknown id), a model past shutdown, else unavailable."""
    model, entry, evidence = f.model, f.entry, describe_probe(p, f.now)
    if entry is None or entry.invalid:
        suggestions = tuple(f.catalog.suggest(model, today=f.today))
        msg = f"{model} is not a known OpenAI model and the API says it does not exist"
        if suggestions:
            msg += f"; did you mean {suggestions[0]}?"
        return Verdict(
            f.ref,
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
    if f.lifecycle is Lifecycle.RETIRED and entry.shutdown is not None:
        return _retired(
            f.ref,
            entry,
            f.replacement,
            f"{model} was shut down on {entry.shutdown.isoformat()}",
            evidence,
            f"OpenAI retired `{model}` on {entry.shutdown.isoformat()}. " + _api_said(p, "not found"),
            p,
        )
    project = p.project or f.view.project_label
    return Verdict(
        f.ref,
        Status.UNAVAILABLE,
        DEFAULT_SEVERITY[Status.UNAVAILABLE],
        f"{model} does not exist or {project} has no access to it",
        evidence,
        replacements=f.repl,
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


def _api_wrong_endpoint(f: Facts, p: ProbeEvidence) -> Verdict:
    """The API says the model exists but the endpoint doesn't serve it: not "unavailable", a wrong call."""
    serves = ", ".join(s.value for s in f.entry.endpoints) if f.entry and f.entry.endpoints else None
    return Verdict(
        f.ref,
        Status.WRONG_ENDPOINT,
        DEFAULT_SEVERITY[Status.WRONG_ENDPOINT],
        f"{f.model} is not served by {p.endpoint}" + (f" (it serves {serves})" if serves else ""),
        describe_probe(p, f.now),
        probe=p,
        entry=f.entry,
        why=_api_said(p, "This model is not supported on this endpoint")
        + f"\n\nThe model exists, but `{p.endpoint}` does not serve it: the call, not the project, is wrong.",
        fix_steps=(f"Call the API that serves `{f.model}`, or pick a model made for `{p.endpoint}`.",),
        links=(("OpenAI models", DOCS_MODELS),),
    )


_API_READERS: Mapping[Outcome, Callable[[Facts, ProbeEvidence], Verdict]] = {
    Outcome.BLOCKED: _api_blocked,
    Outcome.NEEDS_VERIFICATION: _api_needs_verification,
    Outcome.RETIRED: _api_retired,
    Outcome.NOT_FOUND: _api_not_found,
    Outcome.WRONG_ENDPOINT: _api_wrong_endpoint,
}
"""The outcomes that decide a verdict on their own; REACHED_VALIDATION and OK only feed ``api_ok``."""


_SEVERITY_RANK = {Severity.ERROR: 4, Severity.WARNING: 3, Severity.INFORMATION: 2, Severity.HINT: 1, None: 0}


def _across(named: Sequence[tuple[str, Verdict]]) -> Verdict:
    """The worst project's verdict, saying where it fails ("blocked in prod; ok in staging").

    Worst = highest severity, then anything over ``ok``, then the first project named: the
    squiggle must show the project that breaks, and a project that could not be checked must not
    hide behind one that was fine.
    """
    ranked = sorted(
        enumerate(named), key=lambda iv: (-_SEVERITY_RANK[iv[1][1].severity], iv[1][1].status is Status.OK, iv[0])
    )
    worst = ranked[0][1][1]
    rows = tuple(ProjectVerdict(name, v.status, v.severity, v.evidence, v.message, v.rate_limits) for name, v in named)
    groups: dict[Status, list[str]] = {}
    for name, v in named:
        groups.setdefault(v.status, []).append(name)
    message = worst.message
    if len(groups) > 1:
        message += " — " + "; ".join(f"{s.value} in {', '.join(names)}" for s, names in groups.items())
    elif len(named) > 1:
        message += f" (in {', '.join(n for n, _ in named)})"
    return replace(worst, message=message, projects=rows)


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


_ONE_STEP_LOWER = {Severity.ERROR: Severity.WARNING, Severity.WARNING: Severity.INFORMATION}


def _as_slot(v: Verdict) -> Verdict:
    """A literal found by its setting's name only: judged the same, claimed more softly.

    An unknown id there is more often a name that merely looks like a model than a typo in a
    real call, so it is one severity step quieter (precision first); and no text may say a
    call was seen.
    """
    if v.status is Status.UNKNOWN and v.severity in _ONE_STEP_LOWER:
        v = replace(v, severity=_ONE_STEP_LOWER[v.severity])
    if v.status is Status.WRONG_ENDPOINT:
        surface = v.reference.surface.value
        v = replace(v, why=v.why.replace(f"The call goes to `{surface}`", f"The setting's name says `{surface}`"))
    return v


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
        return _first_sentence(view.account_issue.message)
    if (model, Capability.PLAIN) in view.pending:
        return "checking…"
    if ref.surface in (Surface.IMAGES, Surface.VIDEOS, Surface.AUDIO_SPEECH, Surface.REALTIME):
        return "endpoints that bill per output are never probed automatically"
    return "not probed yet"


def _first_sentence(message: str) -> str:
    """The message up to its first full stop, as a clause: a dot inside a URL or a version is no stop."""
    head = re.split(r"\.(?:\s|$)", message, maxsplit=1)[0]
    return head[:1].lower() + head[1:] if head[1:2].islower() else head


def _unverified_steps(view: AccessView) -> tuple[str, ...]:
    if view.unchecked_reason and "key" in view.unchecked_reason:
        return (
            "Set OPENAI_API_KEY in the editor's environment (VS Code: **OpenAI Access: Set API Key**).",
            "Then run **OpenAI Access: Re-check access**.",
        )
    if view.account_issue is not None:
        return (view.account_issue.message,)
    return ("Run **OpenAI Access: Re-check access**.",)
