"""The keystroke path: a big file rescanned only where it changed gives what a full scan gives.

Each case applies one edit to a big module, asks for the quick rescan from the previous scan,
and compares it with a full scan of the new text. What the quick path cannot see (an edit that
changes what *other* statements mean) is covered where it is confirmed: the language server's
full scan once typing pauses (``tests/lsp/test_keystrokes.py``).
"""

from __future__ import annotations

import pytest
from tests.scan.big_modules import HEADER, MODULE, TS_TEST, edit, function

from openai_access.scan import DEFAULT_OPTIONS, incremental, python, statements

EDITS = {
    "a keystroke in a comment": lambda t: edit(t, "keep the prompt short", "keep the prompt shortx", 120),
    "a model retyped in a call": lambda t: edit(t, 'model="o3"', 'model="gpt-4-32k"', 30),
    "a model deleted to nothing": lambda t: edit(t, 'model="gpt-5.5"', 'model=""', 40),
    "a line added (everything below moves)": lambda t: edit(t, "    # step 7:", "    x = 1\n    # step 7:"),
    "a function deleted": lambda t: edit(t, "def task_12(", "def task_12_gone(").replace(
        'def task_12_gone(text: str) -> str:\n    """Task 12', 'def task_12_gone(text: str) -> str:\n    """Gone'
    ),
    "a method of a 150-method class": lambda t: edit(t, '"o4-mini"', '"gpt-4o-mini"', 70),
    "a half-typed call": lambda t: edit(
        t, "    answer = client.responses.create(\n", "    answer = client.responses.create(\n    model=", 50
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_a_quick_rescan_gives_what_a_full_scan_gives(name: str) -> None:
    before = incremental.full(MODULE, "python", DEFAULT_OPTIONS)
    after = EDITS[name](MODULE)
    assert after != MODULE
    quick = incremental.quick(before, after, "python", DEFAULT_OPTIONS)
    assert quick is not None and not quick.exact  # it did rescan only part of the file
    assert quick.references == incremental.full(after, "python", DEFAULT_OPTIONS).references


def test_keystrokes_in_a_row_stay_in_step_with_full_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each keystroke starts from the last quick rescan (its statements carried over, moved when
    lines come and go), never from a full scan."""
    steps = [
        lambda t, n: edit(t, 'model="gtp-4o"', f'model="gpt-4o-{n}"', n),  # a literal retyped
        lambda t, n: edit(t, "    # step 1", "\n\n    # step 1", n),  # Enter, twice: lines below move
        lambda t, n: edit(t, '"o4-mini"', '"o4-mini" if text else "o3"', n),  # inside the big class
        lambda t, n: edit(t, "\n\n    # step 1", "    # step 1", 0),  # the lines taken away again
        lambda t, n: edit(t, "def task_3", f"async def task_3{n}", 0),  # a definition renamed
    ]
    from_scratch: list[int] = []
    real_layout = statements.layout
    monkeypatch.setattr(statements, "layout", lambda *a: from_scratch.append(1) or real_layout(*a))
    snap = incremental.full(MODULE, "python", DEFAULT_OPTIONS)
    text = MODULE
    for n in range(15):
        text = steps[n % len(steps)](text, n)
        got = incremental.quick(snap, text, "python", DEFAULT_OPTIONS)
        assert got is not None
        assert got.references == incremental.full(text, "python", DEFAULT_OPTIONS).references, n
        snap = got
    assert len(from_scratch) == 1  # the first keystroke reads the statements; the others carry them over


def test_a_test_in_a_big_describe_block_is_rescanned_alone() -> None:
    before = incremental.full(TS_TEST, "typescript", DEFAULT_OPTIONS)
    after = edit(TS_TEST, "'gpt-4o'", "'o3'", 100)
    quick = incremental.quick(before, after, "typescript", DEFAULT_OPTIONS)
    assert quick is not None
    assert quick.references == incremental.full(after, "typescript", DEFAULT_OPTIONS).references
    assert "o3" in {r.model for r in quick.references}


def test_a_small_file_is_always_scanned_in_full() -> None:
    small = HEADER + function(1)
    before = incremental.full(small, "python", DEFAULT_OPTIONS)
    assert incremental.quick(before, small.replace('"o3"', '"o4-mini"'), "python", DEFAULT_OPTIONS) is None


def test_no_previous_scan_or_another_language_means_a_full_scan() -> None:
    before = incremental.full(MODULE, "python", DEFAULT_OPTIONS)
    assert incremental.quick(None, MODULE, "python", DEFAULT_OPTIONS) is None
    assert incremental.quick(before, MODULE + "\n", "typescript", DEFAULT_OPTIONS) is None


def test_the_rows_an_edit_changes_far_from_itself_are_rescanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleting a docstring's closing quotes turns the code below into string and the strings
    into code: lines far from the edit change meaning. tree-sitter's changed ranges say so, and
    the quick path treats those rows as edited."""
    text = HEADER + "".join(
        f'def helper_{i}(text: str) -> str:\n    """Answer.\n\n    More about {i}.\n    """\n'
        f'    return client.responses.create(model="gpt-4o", input=text).output_text\n\n\n'
        for i in range(400)
    )
    python.PARSER.parse(text.encode(), reuse=True)
    at = text.index('    """\n    return', text.index("def helper_390"))
    after = text[:at] + text[at + len('    """') :]  # the docstring of helper_390 never closes
    tree = python.PARSER.parse(after.encode(), reuse=True)
    first, last = python.PARSER.changed_rows(tree) or (0, 0)
    edit_row = after.count("\n", 0, at)
    assert first <= edit_row and last >= edit_row + 20  # the helpers below it read differently now
    before = incremental.full(text, "python", DEFAULT_OPTIONS)
    python.PARSER.parse(text.encode(), reuse=True)  # the keystroke's own reparse starts from the old tree
    edited: list[tuple[int, int]] = []
    real = incremental._edited
    monkeypatch.setattr(incremental, "_edited", lambda layout, a, b: edited.append((a, b)) or real(layout, a, b))
    quick = incremental.quick(before, after, "python", DEFAULT_OPTIONS)
    assert edited and edited[0][0] <= edit_row and edited[0][1] >= edit_row + 20  # far rows count as edited
    assert quick is None or quick.references == incremental.full(after, "python", DEFAULT_OPTIONS).references
