"""Arguments the model or endpoint rejects, judged on the call's own keywords / properties.

Only the official SDK clients are judged: wrappers (LangChain, LiteLLM...) translate names
like ``max_tokens`` themselves, so their keywords are not the request's parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from openai_access.catalog.parameters import (
    DEFAULT_ONLY,
    EFFORT_NONE,
    NOT_A_PARAMETER,
    REJECTED,
    ParameterFacts,
    ParamRule,
)
from openai_access.compat.finding import CodeFinding, Edit, Fix
from openai_access.references import CallParam, ModelReference, Target
from openai_access.statuses import DEFAULT_SEVERITY, DOCS_REASONING, Status

SDK_CLIENTS = frozenset({"openai", "openai-node"})
_EFFORT_PARAMS = ("reasoning_effort", "reasoning.effort")


@dataclass(frozen=True, slots=True)
class Problem:
    """What sending ``param`` to a model means: its status, words, and the edit that fixes it."""

    status: Status
    message: str
    why: str
    fix: Fix | None
    source: str


def call_effort(params: Iterable[CallParam]) -> str | None:
    """The reasoning effort the call sets as a literal ("" when set but not a literal)."""
    for p in params:
        if p.name in _EFFORT_PARAMS:
            return p.value if p.value is not None else ""
    return None


def judge_param(model: str, surface: str, p: CallParam, rule: ParamRule, effort: str | None) -> Problem | None:
    """One parameter against one rule; None when this call's values make it fine."""
    where = "Responses API" if surface == "responses" else "Chat Completions"
    rename = Fix(f"Rename {p.name} to {rule.rename}", (Edit(p.range, rule.rename),)) if rule.rename else None
    remove = Fix(f"Remove {p.name}", (Edit(p.span, ""),))
    if rule.verdict == NOT_A_PARAMETER:
        msg = f"{p.name} is not a {where} parameter" + (f"; use {rule.rename}" if rule.rename else "")
        return Problem(Status.UNSUPPORTED_PARAMETER, msg, rule.why or msg, rename or remove, rule.source)
    if rule.verdict == REJECTED:
        said = f': "{rule.api_message}"' if rule.api_message else ""
        msg = f"{model} rejects {p.name} on {where}{said}"
        why = (rule.why or f"`{model}` does not accept `{p.name}`.") + (
            f"\n\nThe API answers `400`:\n\n> {rule.api_message}" if rule.api_message else ""
        )
        return Problem(Status.UNSUPPORTED_PARAMETER, msg, why, rename or remove, rule.source)
    if rule.verdict == DEFAULT_ONLY:
        if p.value is not None and _same_number(p.value, rule.default):
            return None
        if p.value is not None and rule.api_message:
            said = rule.api_message.replace("{value}", p.value)
            return Problem(
                Status.UNSUPPORTED_PARAMETER,
                f'{model} rejects {p.name}={p.value}: "{said}"',
                f"`{model}` accepts only the default `{p.name}` ({rule.default}).\n\nThe API answers:\n\n> {said}",
                remove,
                rule.source,
            )
        msg = f"{model} accepts {p.name} only at its default ({rule.default}); any other value is rejected"
        return Problem(Status.CONDITIONAL_PARAMETER, msg, msg + ".", remove, rule.source)
    if rule.verdict == EFFORT_NONE:
        effective = effort if effort is not None else rule.default_effort
        if effective == "none":
            return None
        cond = f"{model} accepts {p.name} only with reasoning effort 'none'"
        said = f"\n\nThe API answers:\n\n> {rule.api_message}" if rule.api_message else ""
        if effective:
            return Problem(
                Status.UNSUPPORTED_PARAMETER,
                f"{cond}; this call sets '{effective}'",
                f"{cond}. Set the effort to `none` or drop `{p.name}`.{said}",
                remove,
                rule.source,
            )
        return Problem(
            Status.CONDITIONAL_PARAMETER,
            f"{cond} (this call does not set it as a literal)",
            f"{cond}. Set the effort to `none` explicitly, or drop `{p.name}`.{said}",
            remove,
            rule.source,
        )
    return None


def problems_for(model: str, ref: ModelReference, facts: ParameterFacts) -> Iterator[tuple[CallParam, Problem]]:
    """Each of the call's parameters ``model`` would reject (or accept only conditionally)."""
    rules = facts.rules_for(model, ref.surface.value)
    if not rules:
        return
    effort = call_effort(ref.params)
    for p in ref.params:
        rule = rules.get(p.name)
        if rule is not None:
            problem = judge_param(model, ref.surface.value, p, rule, effort)
            if problem is not None:
                yield p, problem


def parameter_findings(refs: Iterable[ModelReference], facts: ParameterFacts | None = None) -> Iterator[CodeFinding]:
    facts = facts or ParameterFacts.bundled()
    seen: set[tuple[object, ...]] = set()
    for ref in refs:
        if ref.target is not Target.OPENAI or ref.client not in SDK_CLIENTS or not ref.params:
            continue
        for p, problem in problems_for(ref.model, ref, facts):
            key = (p.range, problem.status, ref.model)
            if key in seen:
                continue
            seen.add(key)
            at = replace(ref, range=p.range, via=(), via_note=None, model_start=0)
            yield CodeFinding(
                at,
                problem.status,
                DEFAULT_SEVERITY[problem.status],
                problem.message,
                f"parameter facts as of {facts.as_of}: {problem.source}",
                why=problem.why,
                fix_steps=(problem.fix.title + " (quick fix available).",) if problem.fix else (),
                links=(("OpenAI reasoning guide", DOCS_REASONING),),
                fixes=(problem.fix,) if problem.fix else (),
            )


def successor_changes(
    ref: ModelReference, new_model: str, facts: ParameterFacts | None = None
) -> tuple[list[Edit], list[str]]:
    """What else must change when the call's model becomes ``new_model``: edits made, notes left.

    Renames and removals of rejected arguments are edits; conditional cases become notes the
    quick fix's title states, so the developer decides.
    """
    facts = facts or ParameterFacts.bundled()
    if ref.client not in SDK_CLIENTS or not ref.params:
        return [], []
    edits: list[Edit] = []
    notes: list[str] = []
    for _p, problem in problems_for(new_model, ref, facts):
        if problem.status is Status.UNSUPPORTED_PARAMETER and problem.fix is not None:
            edits += problem.fix.edits
            notes.append(problem.fix.title[0].lower() + problem.fix.title[1:])
        else:
            notes.append("check " + problem.message)
    return edits, notes


def _same_number(a: str, b: str | None) -> bool:
    try:
        return b is not None and float(a) == float(b)
    except ValueError:
        return False
