"""The verdict's precedence is an ordered list of named rules: order decides, and a new rule slots in."""

from __future__ import annotations

from datetime import date

from openai_access.access.answers import AccessView, Cost, Outcome, ProbeEvidence
from openai_access.catalog import Catalog
from openai_access.references import Capability, ModelReference, Position, Range, Surface
from openai_access.statuses import Severity, Status
from openai_access.verdict import RULES, Facts, Judge, Rule, Verdict

TODAY = date(2026, 12, 1)
RANGE = Range(Position(0, 0), Position(0, 6))


def ref(model: str, surface: Surface = Surface.CHAT) -> ModelReference:
    return ModelReference(model=model, range=RANGE, surface=surface)


def answered(model: str, outcome: Outcome) -> AccessView:
    p = ProbeEvidence(model, Capability.PLAIN, outcome, 0.0, "/v1/chat/completions", Cost.FREE, "proj_a", 403)
    return AccessView(project_label="proj_a", answers={(model, Capability.PLAIN): p})


def test_the_api_saying_blocked_outranks_the_catalogs_shutdown_date(catalog: Catalog) -> None:
    judge = Judge(catalog, today=TODAY)
    assert judge.judge(ref("chatgpt-4o-latest"), AccessView("proj_a")).status is Status.RETIRED
    assert judge.judge(ref("chatgpt-4o-latest"), answered("chatgpt-4o-latest", Outcome.BLOCKED)).status is (
        Status.BLOCKED
    )


def test_a_free_probe_past_the_gate_makes_a_deprecated_model_a_warning_not_ok(catalog: Catalog) -> None:
    v = Judge(catalog, today=TODAY).judge(ref("gpt-4o"), answered("gpt-4o", Outcome.REACHED_VALIDATION))
    assert v.status is Status.DEPRECATED and "shutdown on" in v.message


def test_rules_have_unique_names_and_say_why_they_sit_where_they_do() -> None:
    names = [r.name for r in RULES]
    assert len(set(names)) == len(names)
    assert all(len(r.why) > 40 for r in RULES), [r.name for r in RULES if len(r.why) <= 40]
    assert names[0] == "not-openai" and names[-1] == "not-checked"


def test_a_new_rule_decides_only_where_it_is_inserted(catalog: Catalog) -> None:
    def house_policy(f: Facts) -> Verdict | None:
        """Test rule: everything it sees is blocked by house policy."""
        return Verdict(f.ref, Status.BLOCKED, Severity.ERROR, f"{f.model}: house policy", "test")

    at = [r.name for r in RULES].index("deprecated")
    judge = Judge(catalog, today=TODAY, rules=(*RULES[:at], Rule("house-policy", house_policy), *RULES[at:]))
    # Below retired-by-date: a retired model is still retired; above deprecated: it wins there.
    assert judge.judge(ref("chatgpt-4o-latest"), AccessView("proj_a")).status is Status.RETIRED
    assert judge.judge(ref("gpt-4o"), AccessView("proj_a")).message == "gpt-4o: house policy"


def test_the_admin_policy_outranks_the_catalog_but_not_the_verification_hint(catalog: Catalog) -> None:
    from openai_access.access.answers import ModelPolicy

    policy = ModelPolicy("deny_list", frozenset({"chatgpt-4o-latest"}), 0.0, "proj_a")
    judge = Judge(catalog, today=TODAY)
    view = AccessView("proj_a", policy=policy)
    # A retired model the policy blocks reads as blocked: the project's answer comes before the catalog's.
    assert judge.judge(ref("chatgpt-4o-latest"), view).status is Status.BLOCKED
    # An allowed, verification-gated image model stays uncertain; an allowed ungated one is ok on the policy's word.
    gated = judge.judge(ref("gpt-image-2", Surface.IMAGES), view)
    assert gated.status is Status.MAY_NEED_VERIFICATION
    allowed = judge.judge(ref("gpt-image-2.5-flare", Surface.IMAGES), view)
    assert allowed.status is Status.OK and allowed.evidence.startswith("project policy (admin API)")


def test_across_projects_the_worst_is_on_top_and_an_unchecked_one_beats_ok(catalog: Catalog) -> None:
    from openai_access.access.projects import ProjectViews

    judge = Judge(catalog, today=TODAY)
    ok = answered("gpt-5.6-sol", Outcome.OK)
    views = ProjectViews(
        "prod, dev", projects=(("prod", ok), ("dev", AccessView("dev", unchecked_reason="K is not set")))
    )
    v = judge.judge(ref("gpt-5.6-sol"), views)
    assert v.status is Status.UNVERIFIED and v.message.endswith("— ok in prod; unverified in dev")
    assert [(p.name, p.status) for p in v.projects] == [("prod", Status.OK), ("dev", Status.UNVERIFIED)]
    blocked = ProjectViews("a, b", projects=(("a", ok), ("b", answered("gpt-5.6-sol", Outcome.BLOCKED))))
    assert judge.judge(ref("gpt-5.6-sol"), blocked).status is Status.BLOCKED
