"""The prefilter's reading of where a literal sits (``scan/slot_positions.py``): a file is parsed
for the slot pass only if one of its id-like literals stands where a slot's value can start.
Every shape the slot pass reports must still be parsed; lists, unions and prose are not."""

from __future__ import annotations

import pytest

from openai_access.scan import prefilter, scan_document, slot_positions
from openai_access.scan.options import DEFAULT_OPTIONS

SLOTS = [
    ("python", 'MODEL = ("gpt-4o")\n'),
    ("python", 'import os\nmodel = os.getenv("OPENAI_MODEL", "gpt-4o")\n'),
    ("python", 'import os\nmodel = os.getenv("OPENAI_MODEL") or "gpt-4o"\n'),
    ("python", 'model = "gpt-4o" if fast else "o3"\n'),
    ("python", 'def ask(q, model: str = "gpt-4o"):\n    return q\n'),
    ("python", 'from pydantic import Field\nclass S:\n    model: str = Field("gpt-4o")\n'),
    ("python", 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--model", default="gpt-4o")\n'),
    ("python", 'import typer\ndef main(name: str = typer.Option("gpt-4o", "--model")):\n    pass\n'),
    ("python", 'import os\nmodel = os.getenv(  # which one\n    "OPENAI_MODEL",\n    "gpt-4o",\n)\n'),
    ("python", 'MODEL = \\\n    "gpt-4o"\n'),
    ("python", 'cfg = {}\ncfg["model"] = f"gpt-4o"\n'),
    ("python", 'MODEL = """gpt-4o"""\n'),
    ("python", 'MODEL = t"gpt-4o"\n'),
    ("typescript", 'const model = process.env.OPENAI_MODEL ?? "gpt-4o";\n'),
    ("typescript", "const model = process.env.OPENAI_MODEL || 'gpt-4o';\n"),
    ("typescript", "const settings = { model: fast ? 'gpt-4o-mini' : 'o3' };\n"),
    ("tsx", 'export const A = () => <Chat model="gpt-4o" />;\n'),
    ("tsx", 'export const A = () => <Chat model={"gpt-4o"} />;\n'),
    ("javascript", 'program.option("-m, --model <name>", "which one", "gpt-4o");\n'),
    ("javascript", 'const model = getArg("--model", "gpt-4o");\n'),
    ("typescript", 'const model = /* the default */ "gpt-4o";\n'),
    ("typescript", "const settings = {\n  // the default\n  model:\n    'gpt-4o',\n};\n"),
    ("typescript", "const MODEL = 'gpt-4o' as const;\n"),
    ("typescript", "export function ask(q: string, model: string = `gpt-4o`) {\n  return q;\n}\n"),
    # Whitespace tree-sitter takes that the bytes before the literal do not spell as ASCII: a
    # no-break space pasted from a web page, and old Mac line ends (a lone CR ends a // comment).
    ("typescript", "const MODEL =\u00a0'gpt-4o';\n"),
    ("python", 'MODEL =\u00a0"gpt-4o"\n'),
    ("javascript", "const settings = {\r  model: // the default\r    'gpt-4o',\r};\r"),
    # A prefixed id the catalog reads as a near miss (a typo it reports), beside another id-like
    # literal that stands in no slot:
    ("python", 'CHOICES = ["gpt-4o", "o3"]\nMODEL = "openai:4o-mini"\n'),
]


@pytest.mark.parametrize(("language", "text"), SLOTS)
def test_a_literal_where_a_slot_value_starts_is_parsed(language: str, text: str) -> None:
    assert scan_document(text, language, DEFAULT_OPTIONS).references, "the case must hold a slot reference"
    assert prefilter.may_hold_reference(text.encode(), language, DEFAULT_OPTIONS)


NOT_SLOTS = [
    ("python", 'from typing import Literal\nChatModel = Literal["gpt-4o", "gpt-4o-mini", "o3"]\nmodel: ChatModel\n'),
    ("python", 'model: Union[str, Literal[\n    "gpt-4o",\n    "o3",\n]]\n'),
    ("python", 'def pick(model):\n    if model == "gpt-4o":\n        return 1\n    return "o3-mini"\n'),
    ("python", 'class P:\n    model: str\n    """The model to use (e.g. "o3-mini" and \'gpt-4o\')."""\n'),
    ("python", 'def test_model():\n    print("gpt-4o")\n    assert seen == ["gpt-4o", "o3"]\n'),
    ("typescript", "export interface Options {\n  model?: string | 'gpt-image-1' | 'gpt-image-1-mini';\n}\n"),
    ("typescript", "const ids = new Set(['gpt-4o', 'o3']);\nexport const has = (model: string) => ids.has(model);\n"),
    # In a JSDoc block or a line's comment:
    (
        "typescript",
        "/**\n * Create a response.\n *\n * @example\n * client.create({\n *   model: 'gpt-4o',\n * });\n */\n"
        "export function create(model: string) {\n  return model;\n}\n",
    ),
    ("typescript", "  // e.g. model: 'gpt-4o'\nexport const pick = (model: string) => model;\n"),
]


@pytest.mark.parametrize(("language", "text"), NOT_SLOTS)
def test_an_id_in_a_list_union_comparison_or_prose_is_not_parsed(language: str, text: str) -> None:
    assert not scan_document(text, language, DEFAULT_OPTIONS).references
    assert not prefilter.may_hold_reference(text.encode(), language, DEFAULT_OPTIONS)


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("/**\n * model: 'gpt-4o'", True),
        ("  // model: 'gpt-4o'", True),
        ("/**\n * ```ts\n * model: 'gpt-4o'", False),  # an odd backtick: a template may have closed
        ("/**\n * ${x}\n * model: 'gpt-4o'", False),  # a template's ${ opens code
        ("/** done */\n * model: 'gpt-4o'", False),  # the comment ended
        ("x = 1 // model: 'gpt-4o'", False),  # code before the //
        ("s = 'a\\\n// model: ' + 'gpt-4o'", False),  # a string continued onto the line
        ("// the default\r model: 'gpt-4o'", False),  # a lone CR ends the comment
        ("/*\n model: 'gpt-4o'", False),  # a block comment's line without its *: not read
    ],
)
def test_a_literal_is_taken_for_commented_only_without_doubt(text: str, inside: bool) -> None:
    assert slot_positions.JsComments(text.encode()).holds(text.rindex("'gpt")) is inside


def test_commented_ids_are_read_once_each_up_to_a_budget_then_the_file_is_parsed() -> None:
    """Each literal walked its block's lines back to the ``/*``: blocks of 400 lines in half a
    megabyte took seconds. The lines are read once per file, and past ``_MAX_PLACES_READ`` literals
    the file is taken as may-hold (its parse costs less than reading thousands of places)."""
    block = "/**\n" + " * model: 'gpt-4o',\n" * 399 + " */\n"
    assert prefilter._MAX_PLACES_READ > 2 * 399
    assert not prefilter.may_hold_reference((block * 2).encode(), "typescript", DEFAULT_OPTIONS)
    assert prefilter.may_hold_reference(
        (block * 2 + "const s = { model: 'gpt-4o' };\n").encode(), "typescript", DEFAULT_OPTIONS
    )
    assert prefilter.may_hold_reference((block * 60).encode(), "typescript", DEFAULT_OPTIONS)
