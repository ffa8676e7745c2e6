"""The scanner records what a call sends (names, ranges, deciding literal values) beside its model.

Code findings (unsupported parameters, SDK shapes) sit on these ranges, and their quick fixes
delete ``span``: so a span must remove the argument and exactly one separating comma.
"""

from __future__ import annotations

from openai_access.references import CallParam, ModelReference
from openai_access.scan import scan_text


def _cut(text: str, p: CallParam) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    a = offsets[p.span.start.line] + p.span.start.character
    b = offsets[p.span.end.line] + p.span.end.character
    return text[:a] + text[b:]


def _name_at(text: str, p: CallParam) -> str:
    line = text.split("\n")[p.range.start.line]
    return line[p.range.start.character : p.range.end.character]


def _only(refs: list[ModelReference]) -> ModelReference:
    assert len(refs) == 1, refs
    return refs[0]


PY = """from openai import OpenAI
client = OpenAI()
r = client.chat.completions.create(
    model="o3",
    messages=[],
    max_tokens=5,
    temperature=0,
    reasoning={"effort": "low"},
)
"""


def test_python_keywords_with_ranges_values_and_nested_effort() -> None:
    ref = _only(scan_text(PY, "python"))
    by = {p.name: p for p in ref.params}
    # Only the arguments the parameter facts judge are recorded (model and messages never are).
    assert list(by) == ["max_tokens", "temperature", "reasoning.effort"]
    assert by["max_tokens"].value == "5" and by["temperature"].value == "0"
    assert by["reasoning.effort"].value == "low"
    assert _name_at(PY, by["max_tokens"]) == "max_tokens"
    assert _name_at(PY, by["reasoning.effort"]) == "effort"
    assert ref.callee is not None
    assert PY.split("\n")[ref.callee.start.line][ref.callee.start.character : ref.callee.end.character] == (
        "client.chat.completions.create"
    )


def test_python_removal_keeps_the_call_valid() -> None:
    by = {p.name: p for p in _only(scan_text(PY, "python")).params}
    assert "max_tokens=5" not in _cut(PY, by["max_tokens"])
    assert "    messages=[],\n    temperature=0," in _cut(PY, by["max_tokens"])
    last_arg = 'import openai\nopenai.OpenAI().chat.completions.create(model="o3", messages=[], temperature=0)\n'
    t = {p.name: p for p in _only(scan_text(last_arg, "python")).params}
    assert _cut(last_arg, t["temperature"]).endswith('create(model="o3", messages=[])\n')
    one_line = 'client.responses.create(model="gpt-5", max_output_tokens=3)\n'
    p = {p.name: p for p in _only(scan_text("import openai\nclient = openai.OpenAI()\n" + one_line, "python")).params}
    assert _cut("import openai\nclient = openai.OpenAI()\n" + one_line, p["max_output_tokens"]).endswith(
        'client.responses.create(model="gpt-5")\n'
    )


JS = """import OpenAI from "openai";
const client = new OpenAI();
const opts = { model: "o1", max_tokens: 10, temperature: 0.2 };
await client.chat.completions.create(opts);
await client.chat.completions.create({ model: "o3-mini", max_tokens: 5, reasoning_effort: "high" });
"""


def test_js_properties_inline_and_through_a_variable() -> None:
    refs = scan_text(JS, "javascript")
    assert [r.model for r in refs] == ["o1", "o3-mini"]
    via_var = {p.name: p for p in refs[0].params}
    assert via_var["temperature"].value == "0.2" and _name_at(JS, via_var["max_tokens"]) == "max_tokens"
    assert _cut(JS, via_var["temperature"]).split("\n")[2] == 'const opts = { model: "o1", max_tokens: 10 };'
    inline = {p.name: p for p in refs[1].params}
    assert inline["reasoning_effort"].value == "high"
    assert "max_tokens" not in _cut(JS, inline["max_tokens"]).split("\n")[4]


def test_calls_without_arguments_of_note_record_none() -> None:
    text = 'import openai\nopenai.OpenAI().embeddings.create(model="text-embedding-3-small", input="x")\n'
    ref = _only(scan_text(text, "python"))
    assert ref.params == ()


def test_python_dict_splat_entries_count_as_arguments() -> None:
    text = (
        "from openai import OpenAI\nclient = OpenAI()\n"
        'params = {"model": "o1", "max_tokens": 50, "temperature": 0}\n'
        "client.chat.completions.create(messages=[], **params)\n"
    )
    ref = _only(scan_text(text, "python"))
    by = {p.name: p for p in ref.params}
    assert set(by) == {"max_tokens", "temperature"}
    assert _name_at(text, by["max_tokens"]) == "max_tokens" and by["max_tokens"].range.start.line == 2
    assert _cut(text, by["temperature"]).split("\n")[2] == 'params = {"model": "o1", "max_tokens": 50}'
