"""Notebooks: constants resolved across cells, references mapped back to their cell."""

from __future__ import annotations

import json
from typing import Any

from openai_access.references import Position, Range, Surface
from openai_access.scan.notebook import python_source, scan_cells, scan_notebook


def notebook(*cells: tuple[str, str], language: str = "python") -> str:
    doc: dict[str, Any] = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "language": language}},
        "cells": [
            {
                "cell_type": kind,
                "metadata": {},
                "source": src.splitlines(keepends=True),
                **({"outputs": [], "execution_count": None} if kind == "code" else {}),
            }
            for kind, src in cells
        ],
    }
    return json.dumps(doc, indent=1)


CELLS = (
    ("markdown", "# Quickstart\nWe call `gpt-4o` below."),
    ("code", '!pip install openai\n%load_ext autoreload\nfrom openai import OpenAI\nMODEL = "gpt-4o"'),
    ("code", "client = OpenAI()"),
    (
        "code",
        "%%time\nreply = client.chat.completions.create(\n"
        '    model=MODEL, messages=[{"role": "user", "content": "hi"}]\n)',
    ),
    ("code", 'client.embeddings.create(model="text-embedding-ada-002", input="x")'),
)


def test_constant_defined_in_one_cell_and_used_in_another() -> None:
    refs = scan_notebook(notebook(*CELLS))
    first = refs[0]
    assert (first.model, first.cell) == ("gpt-4o", 1)
    assert first.range == Range(Position(3, 9), Position(3, 15))  # line 4 of cell 1
    assert first.surface is Surface.CHAT
    assert first.via == ()  # the use is in another cell: no range in this cell's coordinates
    assert first.via_note == "used as the model in cell 4, line 3"


def test_direct_literal_is_mapped_to_its_own_cell() -> None:
    refs = scan_notebook(notebook(*CELLS))
    emb = [r for r in refs if r.model == "text-embedding-ada-002"]
    assert len(emb) == 1
    assert emb[0].cell == 4
    assert emb[0].range == Range(Position(0, 32), Position(0, 54))
    assert emb[0].surface is Surface.EMBEDDINGS


def test_markdown_mentions_are_not_references() -> None:
    refs = scan_notebook(notebook(*CELLS))
    assert {r.cell for r in refs} == {1, 4}


def test_same_cell_use_keeps_its_via_range_relative_to_the_cell() -> None:
    text = notebook(
        ("code", "import openai"),
        ("code", 'M = "gpt-4.5-preview"\n\nopenai.OpenAI().responses.create(model=M, input="x")'),
    )
    (ref,) = scan_notebook(text)
    assert ref.cell == 1 and ref.range.start == Position(0, 5)
    assert [v.start.line for v in ref.via] == [2]
    assert ref.via_note == "used as the model at line 3"


def test_scan_cells_for_editor_documents() -> None:
    cells = [src if kind == "code" else None for kind, src in CELLS]
    per_cell = scan_cells(cells)
    assert len(per_cell) == len(CELLS)
    assert [r.model for r in per_cell[1]] == ["gpt-4o"]
    assert per_cell[1][0].cell == 1
    assert [r.model for r in per_cell[4]] == ["text-embedding-ada-002"]
    assert per_cell[0] == per_cell[2] == per_cell[3] == []


def test_a_half_typed_cell_does_not_hide_later_cells() -> None:
    cells = [
        'prompt = """Summarise this:',  # still being typed: the string swallows what follows
        'client.responses.create(model="o1-mini", input="x")',
    ]
    per_cell = scan_cells(cells)
    assert [(r.model, r.cell, r.range.start) for r in per_cell[1]] == [("o1-mini", 1, Position(0, 31))]


def test_magics_and_shell_lines_are_blanked_in_place() -> None:
    src = '!pip install openai\nx = 1\n%time y = 2\nfiles = !ls\nobj?\nprint("!not magic")'
    cleaned = python_source(src)
    assert cleaned.split("\n") == ["", "x = 1", "", "", "", 'print("!not magic")']
    assert python_source("%%bash\necho gpt-4o\n") == "\n\n"
    assert python_source("%%time\nx = 1") == "\nx = 1"


def test_non_python_kernels_and_broken_json_give_nothing() -> None:
    r_nb = notebook(("code", 'model <- "gpt-4o"'), language="R")
    assert scan_notebook(r_nb) == []
    for broken in ["", "{", "[]", '{"cells": 3}', '{"cells": [1, "x", {"cell_type": "code"}]}', "\x00"]:
        assert scan_notebook(broken) == []


def test_cells_as_plain_strings_and_nbformat3() -> None:
    nb = {
        "cells": [
            {"cell_type": "code", "source": 'openai.OpenAI().chat.completions.create(model="gpt-4o", messages=[])'}
        ]
    }
    assert [r.model for r in scan_notebook(json.dumps(nb))] == ["gpt-4o"]
    v3 = {
        "worksheets": [
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "input": ['openai.OpenAI().embeddings.create(model="text-embedding-3-small", input="x")'],
                    }
                ]
            }
        ]
    }
    assert [(r.model, r.cell) for r in scan_notebook(json.dumps(v3))] == [("text-embedding-3-small", 0)]


def test_context_from_earlier_cells_still_applies_after_a_broken_cell() -> None:
    cells = [
        "from groq import Groq\nclient = Groq()",  # not OpenAI: its calls are not ours
        'prompt = """still typing',
        'client.chat.completions.create(model="gpt-4o", messages=[])',
        'import openai\nopenai.OpenAI().embeddings.create(model="text-embedding-3-small", input="x")',
    ]
    per_cell = scan_cells(cells)
    assert per_cell[2] == []
    assert [r.model for r in per_cell[3]] == ["text-embedding-3-small"]


def test_ipython_syntax_alone_does_not_count_as_broken() -> None:
    cells = ["from groq import Groq\nclient = Groq()\n!ls", 'client.chat.completions.create(model="gpt-4o")']
    assert scan_cells(cells) == [[], []]
