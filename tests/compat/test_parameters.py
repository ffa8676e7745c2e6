# ruff: noqa: E501  (snippets are data: one realistic line of code per case reads best)
"""Arguments a model or endpoint rejects: found at the argument, in Python and JS/TS, with fixes."""

from __future__ import annotations

from openai_access.catalog.parameters import ParameterFacts
from openai_access.compat.parameters import successor_changes
from openai_access.scan import scan_text
from openai_access.statuses import Severity, Status

from .helpers import apply, covered, findings

PY = "from openai import OpenAI\nclient = OpenAI()\n"
JS = 'import OpenAI from "openai";\nconst client = new OpenAI();\n'
MAX_TOKENS_SAYS = (
    "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
)


def test_max_tokens_on_a_reasoning_model_is_an_error_at_the_keyword_quoting_the_api() -> None:
    text = PY + 'client.chat.completions.create(model="o3", messages=[], max_tokens=100)\n'
    [f] = findings(text)
    assert (f.status, f.severity) == (Status.UNSUPPORTED_PARAMETER, Severity.ERROR)
    assert covered(text, f) == "max_tokens"
    assert MAX_TOKENS_SAYS in f.message and f.model == "o3"
    assert "Unsupported parameter" in f.evidence or "openai-python#2046" in f.evidence
    assert apply(text, f.fixes[0].edits).endswith("max_completion_tokens=100)\n")


def test_the_same_in_javascript_and_a_classic_model_is_left_alone() -> None:
    text = JS + 'await client.chat.completions.create({ model: "o4-mini", messages: [], max_tokens: 10 });\n'
    [f] = findings(text, "typescript")
    assert covered(text, f) == "max_tokens" and f.status is Status.UNSUPPORTED_PARAMETER
    assert "max_completion_tokens: 10" in apply(text, f.fixes[0].edits)
    assert findings(text.replace("o4-mini", "gpt-4o"), "typescript") == []


def test_temperature_other_than_the_default_is_rejected_with_the_value_and_removed_by_the_fix() -> None:
    text = PY + 'client.chat.completions.create(model="gpt-5", messages=[], temperature=0.2, top_p=0.9)\n'
    temp, top_p = findings(text)
    assert covered(text, temp) == "temperature" and "does not support 0.2 with this model" in temp.message
    assert apply(text, temp.fixes[0].edits).endswith("messages=[], top_p=0.9)\n")
    assert covered(text, top_p) == "top_p" and top_p.status is Status.UNSUPPORTED_PARAMETER
    assert findings(text.replace("temperature=0.2, top_p=0.9", "temperature=1")) == []


def test_a_temperature_that_is_not_a_literal_is_a_warning_stating_the_condition() -> None:
    text = PY + 'def ask(t):\n    return client.chat.completions.create(model="o1", messages=[], temperature=t)\n'
    [f] = findings(text)
    assert (f.status, f.severity) == (Status.CONDITIONAL_PARAMETER, Severity.WARNING)
    assert "only at its default (1)" in f.message


def test_sampling_at_reasoning_effort_none_only_for_gpt_5_2() -> None:
    base = PY + 'client.chat.completions.create(model="gpt-5.2", messages=[], temperature=0.3{extra})\n'
    [unset] = findings(base.format(extra=""))
    assert unset.status is Status.CONDITIONAL_PARAMETER and "reasoning effort 'none'" in unset.message
    [high] = findings(base.format(extra=', reasoning_effort="high"'))
    assert high.status is Status.UNSUPPORTED_PARAMETER and "sets 'high'" in high.message
    assert findings(base.format(extra=', reasoning_effort="none"')) == []


def test_responses_effort_object_in_javascript_and_gpt_5_1_defaulting_to_none() -> None:
    text = (
        JS
        + 'await client.responses.create({ model: "gpt-5.4", input: "hi", temperature: 0, reasoning: { effort: "none" } });\n'
    )
    assert findings(text, "javascript") == []
    [f] = findings(text.replace('"none"', '"medium"'), "javascript")
    assert covered(text, f) == "temperature"
    # gpt-5.1 reasons at effort none unless told otherwise (its documented default).
    assert findings(PY + 'client.responses.create(model="gpt-5.1", input="hi", temperature=0.3)\n') == []


def test_responses_takes_max_output_tokens_for_every_model() -> None:
    text = PY + 'client.responses.create(model="gpt-4.1", input="hi", max_tokens=50)\n'
    [f] = findings(text)
    assert f.message == "max_tokens is not a Responses API parameter; use max_output_tokens"
    assert apply(text, f.fixes[0].edits).endswith("max_output_tokens=50)\n")
    js = JS + 'await client.chat.completions.create({ model: "gpt-4.1", messages: [], max_output_tokens: 5 });\n'
    [g] = findings(js, "javascript")
    assert "max_completion_tokens: 5" in apply(js, g.fixes[0].edits)


def test_wrappers_translate_their_own_keywords_so_they_are_not_judged() -> None:
    text = 'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="o3", max_tokens=100, temperature=0)\n'
    assert findings(text) == []


def test_successor_model_renames_what_it_rejects_and_notes_what_is_conditional() -> None:
    text = PY + 'client.chat.completions.create(model="gpt-4o", messages=[], max_tokens=10, temperature=0.5)\n'
    [ref] = scan_text(text, "python")
    edits, notes = successor_changes(ref, "o3")
    after = apply(text, edits)
    assert "max_completion_tokens=10" in after and "temperature" not in after
    assert notes == ["rename max_tokens to max_completion_tokens", "remove temperature"]
    edits, notes = successor_changes(ref, "gpt-5.2")
    assert "max_completion_tokens=10" in apply(text, edits)
    assert notes[-1].startswith("check gpt-5.2 accepts temperature only with reasoning effort 'none'")
    assert successor_changes(ref, "gpt-4.1") == ([], [])


def test_every_fact_names_its_source() -> None:
    facts = ParameterFacts.bundled()
    assert facts.as_of
    for model, surface in [("o3", "chat.completions"), ("gpt-5.2", "responses"), ("gpt-4o", "chat.completions")]:
        rules = facts.rules_for(model, surface)
        assert rules
        assert all(r.source and "{" not in r.source for r in rules.values())
    # Unknown stays unknown: only the endpoint's own parameter names are known for a newer model.
    assert set(facts.rules_for("gpt-6-sol", "chat.completions")) == {"max_output_tokens"}


def test_a_splatted_dict_key_is_renamed_inside_its_quotes() -> None:
    text = PY + 'params = {"model": "o1", "max_tokens": 50}\nclient.chat.completions.create(messages=[], **params)\n'
    [f] = findings(text)
    assert covered(text, f) == "max_tokens"
    assert 'params = {"model": "o1", "max_completion_tokens": 50}' in apply(text, f.fixes[0].edits)


def test_reasoning_effort_on_a_non_reasoning_model_via_responses() -> None:
    text = PY + 'client.responses.create(model="gpt-4.1", input="hi", reasoning={"effort": "low"})\n'
    [f] = findings(text)
    assert covered(text, f) == "effort"
    assert "Unsupported parameter: 'reasoning.effort' is not supported with this model." in f.message
    assert apply(text, f.fixes[0].edits).endswith("reasoning={})\n")


def test_tools_on_gpt_5_6_luna_chat_depend_on_the_effort_and_quote_the_api() -> None:
    base = PY + 'client.chat.completions.create(model="gpt-5.6-luna", messages=[], tools=[]{extra})\n'
    [f] = findings(base.format(extra=', reasoning_effort="low"'))
    assert (
        f.status is Status.UNSUPPORTED_PARAMETER
        and covered(base.format(extra=', reasoning_effort="low"'), f) == "tools"
    )
    assert "use /v1/responses or set reasoning_effort to 'none'" in f.why
    assert findings(base.format(extra=', reasoning_effort="none"')) == []
    [g] = findings(base.format(extra=""))
    assert g.status is Status.CONDITIONAL_PARAMETER
