"""The scan's work grows linearly with its input: counted in steps, never timed.

Issue 14 item 8: unclosed nesting made the Python error-recovery walk quadratic (tree-sitter
computes each ``prev_sibling`` from the parent's first child). Issue 10: a name assigned in
many functions was resolved by scanning every assignment per use, and positions on one long
line were converted by decoding the line's prefix per reference.
"""

from __future__ import annotations

import pytest

from openai_access.scan import _parsing, _recovery, python, scan_document, scan_text


@pytest.mark.parametrize(
    ("language", "head", "unit"),
    [
        ("python", 'c.chat.completions.create(model="x", m=', "{a:"),
        ("javascript", 'c.chat.completions.create({model: "x", m: ', "{a:"),
    ],
)
def test_unclosed_nesting_error_recovery_reads_each_error_child_a_bounded_number_of_times(
    language: str, head: str, unit: str
) -> None:
    count = 20_000
    text = head + unit * count
    _recovery.visits = 0
    refs = scan_text(text, language)
    assert [r.model for r in refs] == ["x"]  # the half-typed call is still found
    # Each ERROR node's children are indexed once: visits stay within a few per token.
    assert _recovery.visits <= 4 * len(text.split()) + 4 * count


def test_a_name_assigned_in_many_functions_is_grouped_once_not_rescanned_per_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    functions = 1_500
    body = "".join(
        f'def f{i}(q):\n    x = "gpt-4o"\n    return client.chat.completions.create(model=x, messages=q)\n'
        for i in range(functions)
    )
    text = "from openai import OpenAI\nclient = OpenAI()\n" + body
    calls = 0
    owner = python._Scanner._owner

    def counting(self: python._Scanner, left: object) -> object:
        nonlocal calls
        calls += 1
        return owner(self, left)  # type: ignore[arg-type]

    monkeypatch.setattr(python._Scanner, "_owner", counting)
    refs = scan_text(text, "python")
    assert len(refs) == functions
    assert all(r.via_note == f"used as the model at line {r.range.start.line + 2}" for r in refs)
    assert calls <= 3 * functions  # one owner lookup per assignment, not per (use, assignment)


def test_positions_on_one_long_non_ascii_line_are_exact() -> None:
    pieces = []
    for i in range(300):
        pieces.append(f'var s{i}="é—{i}✓";c.chat.completions.create({{model:"gpt-4o-{i}",messages:[]}});')
    line = "const c=new OpenAI();" + "".join(pieces)
    text = "// ünïcode header\n" + line
    refs = scan_text(text, "javascript")
    assert len(refs) == 300
    for ref in refs:
        assert ref.range.start.line == 1 and ref.range.end.line == 1
        assert line[ref.range.start.character : ref.range.end.character] == ref.model


def test_calls_named_like_api_methods_on_unknown_receivers_are_never_looked_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bundle calls ``x.create`` / ``a.update`` of its own thousands of times: they are read
    from the bytes and skipped, while the real API call beside them is still found."""
    from openai_access.scan import javascript

    own = "".join(f"function g{i}(a,b){{var x=a.create({{id:b}});return x.update(b)}}" for i in range(500))
    text = 'const c=new OpenAI();c.chat.completions.create({model:"gpt-4o"});' + own
    looked: list[str] = []
    call_at = javascript._Scanner._call_at

    def counting(self: javascript._Scanner, ident: object, seen: set[int]) -> None:
        looked.append(self.src.text(ident))  # type: ignore[arg-type]
        call_at(self, ident, seen)  # type: ignore[arg-type]

    monkeypatch.setattr(javascript._Scanner, "_call_at", counting)
    refs = scan_text(text, "javascript")
    assert [(r.model, r.surface.value) for r in refs] == [("gpt-4o", "chat.completions")]
    assert looked.count("create") == 1  # the API call's, none of the 500 ``a.create``
    assert "update" not in looked


def test_never_closed_block_comments_reach_the_parser_once() -> None:
    """tree-sitter's JS lexer reads each ``/*`` to the end of the text before giving it up: a file
    of never-closed ones parsed in quadratic time (80 KB: 12 s). Only the first of them reaches
    it; the rest lose their ``*`` (same length), so positions and the tokens around them hold."""
    text = b"a /* b */ c /* d /* e /* f"
    tamed = _parsing.without_unclosed_comments(text)
    assert tamed == b"a /* b */ c /* d /  e /  f"
    assert len(tamed) == len(text)
    for kept in (b"a /* b */ c /* d */", b"x /* only one", b"/* a */ /* b */", b"no comment"):
        assert _parsing.without_unclosed_comments(kept) is kept


@pytest.mark.parametrize("language", ["javascript", "typescript"])
def test_a_call_before_many_never_closed_comments_is_found_and_kept_while_typing(language: str) -> None:
    head = 'import OpenAI from "openai";\nconst c = new OpenAI();\nc.chat.completions.create({ model: "gpt-4o" });\n'
    text = head + "a /* " * 40_000  # 200 KB: minutes before, as the parse of every keystroke
    assert [r.model for r in scan_text(text, language)] == ["gpt-4o"]
    # Typing on: a tamed text's tree is never reused for the next text (it is of other bytes).
    typed = text.replace('"gpt-4o"', '"gpt-4o-mini"') + "*/"
    fresh = [(r.model, r.range) for r in scan_document(typed, language, reuse=False).references]
    assert [(r.model, r.range) for r in scan_document(typed, language, reuse=True).references] == fresh
    assert [m for m, _ in fresh] == ["gpt-4o-mini"]
