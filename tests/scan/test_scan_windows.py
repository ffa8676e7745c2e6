"""Big files are scanned in windows (bounded memory); what they find must match a whole-file scan.

The window size is shrunk here so that a few kilobytes make many windows; in use windows are
``_windows.WINDOW_BYTES`` (256 KB), for files over ``WHOLE_FILE_BYTES`` (512 KB).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tree_sitter import Parser, Tree

from openai_access.scan import _windows, javascript, python, scan_document
from openai_access.scan._result import ScanResult
from openai_access.scan.options import DEFAULT_OPTIONS

WINDOW = 2_000


def _py_module() -> str:
    lines = [
        "import os",
        "from openai import AzureOpenAI, OpenAI",
        "client = OpenAI()",
        'azure = AzureOpenAI(azure_endpoint="https://x.openai.azure.com")',
        'MODEL = os.getenv("CHAT_MODEL", "gpt-4o")',
        'EMBED = "text-embedding-3-small"',
        "",
    ]
    for i in range(60):
        lines += [
            f"def helper_{i}(rows):",
            f'    """Row {i}: naïve café 😀 text.',
            "def not_a_statement(): inside a docstring",
            '    """',
            f"    total = sum(r.create(i) for r in rows) + {i}",
            "    return total",
            "",
        ]
        if i % 7 == 0:
            lines.append(f"r{i} = client.chat.completions.create(model=MODEL, messages=[])  # é {i}")
        if i % 11 == 0:
            lines.append(f'a{i} = azure.chat.completions.create(model="prod-{i}", messages=[])')
        if i % 13 == 0:
            lines.append(f"e{i} = client.embeddings.create(model=EMBED, input='ü')")
        if i % 17 == 0:
            lines += ["if os.environ.get('X'):", "    pass", "else:", f'    settings_model = "gpt-4.1-mini"  # {i}']
    return "\n".join(lines) + "\n"


def _js_bundle() -> str:
    parts = [
        'var OpenAI=require("openai");const c=new OpenAI();',
        'const az=new AzureOpenAI({endpoint:"https://x.openai.azure.com"});const M="gpt-4o";',
    ]
    for i in range(150):
        parts.append(f'function g{i}(a,b){{var x=a.create({{id:b,name:"n{i}é😀"}});return x.update(b)}}')
        if i % 9 == 0:
            parts.append(f"async function f{i}(q){{return await c.chat.completions.create({{model:M,messages:[]}})}}")
        if i % 14 == 0:
            parts.append(f'var r{i}=az.chat.completions.create({{model:"dep-{i}",messages:[]}});')
        if i % 23 == 0:
            parts.append(f'var cfg{i}={{defaultModel:"gpt-4.1-mini",n:{i}}};')
    return "".join(parts)


def _scan(text: str, language: str) -> ScanResult:
    return scan_document(text, language, DEFAULT_OPTIONS, exports=True, reuse=False)


class _Counting:
    """A parser that records the size of every text it parses."""

    def __init__(self, parser: Parser, parsed: list[int]) -> None:
        self.parser, self.parsed = parser, parsed

    def parse(self, source: bytes, old_tree: Tree | None = None) -> Tree:
        self.parsed.append(len(source))
        return self.parser.parse(source) if old_tree is None else self.parser.parse(source, old_tree)


@pytest.fixture
def shrink(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[int]]:
    """Call it to make windows ``WINDOW`` bytes; it returns the sizes of the texts windows parse."""

    def apply() -> list[int]:
        parsed: list[int] = []
        monkeypatch.setattr(_windows, "WINDOW_BYTES", WINDOW)
        monkeypatch.setattr(_windows, "WHOLE_FILE_BYTES", WINDOW)
        owners = [python.PARSER, *javascript.PARSERS.values()]
        for owner in owners:
            monkeypatch.setattr(owner, "parser", lambda real=owner.parser: _Counting(real(), parsed))
        return parsed

    return apply


@pytest.mark.parametrize(("language", "make"), [("python", _py_module), ("javascript", _js_bundle)])
def test_a_file_scanned_in_windows_finds_what_a_whole_scan_finds(
    language: str, make: Callable[[], str], shrink: Callable[[], list[int]]
) -> None:
    text = make()
    whole = _scan(text, language)
    small_windows = shrink()
    windowed = _scan(text, language)
    assert len(small_windows) > 5  # several windows ...
    assert max(small_windows) < 2 * WINDOW  # ... none of them the whole file
    assert windowed.references == whole.references
    assert windowed.exports == whole.exports
    assert windowed.imported_uses == whole.imported_uses
    models = {(r.model, r.target.value, r.found) for r in windowed.references}
    # A client, constant or setting defined near the top still decides references windows later.
    assert ("gpt-4o", "openai", "call") in models
    assert any(m == "prod-33" and t == "azure" for m, t, _ in models) or any(
        m.startswith("dep-") and t == "azure" for m, t, _ in models
    )
    assert any(f == "slot" for _, _, f in models)


def test_a_constant_used_in_many_windows_is_one_reference_with_every_use(shrink: Callable[[], list[int]]) -> None:
    text = _py_module()
    shrink()
    refs = [r for r in _scan(text, "python").references if r.model == "gpt-4o"]
    assert len(refs) == 1
    uses = [i + 1 for i, line in enumerate(text.splitlines()) if "model=MODEL" in line]
    assert len(uses) > 3
    lines = ", ".join(map(str, uses))
    assert refs[0].via_note == f"used as the model at lines {lines}; default of $CHAT_MODEL"


def test_a_bundle_that_is_one_statement_is_cut_between_its_inner_statements(
    shrink: Callable[[], list[int]],
) -> None:
    small_windows = shrink()
    body = "".join(
        f'function g{i}(a){{return a.create({{id:"é{i}"}})}}'
        + (f'c.chat.completions.create({{model:"gpt-4o-mini",n:{i}}});' if i % 10 == 0 else "")
        for i in range(300)
    )
    text = "(function(){var c=new OpenAI();" + body + "})();"
    refs = _scan(text, "javascript").references
    assert max(small_windows) < 2 * WINDOW
    starts = [text.index(f'"gpt-4o-mini",n:{i}}}') + 1 for i in range(0, 300, 10)]
    assert [(r.model, r.range.start.line, r.range.start.character) for r in refs] == [
        ("gpt-4o-mini", 0, start) for start in starts
    ]


def test_only_files_over_the_threshold_are_scanned_in_windows(
    shrink: Callable[[], list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    shrink()
    windowed: list[int] = []

    def spying(src: Any, lang: Any) -> ScanResult:
        windowed.append(len(src.data))
        return _windows.scan_windows(src, lang)

    monkeypatch.setattr("openai_access.scan.python.scan_windows", spying)
    text = 'm = "gpt-4o"\n'.ljust(WINDOW - 1, "#") + "\n"
    assert len(text.encode()) == WINDOW
    assert _scan(text, "python").error is None
    assert windowed == []
    assert _scan(text + "\n", "python").error is None
    assert windowed == [WINDOW + 1]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "javascript",
            "var cfg={"
            + "".join(f"k{i}:{i}," for i in range(700))
            + 'defaultModel:"gpt-4.1-mini",'
            + "".join(f"j{i}:[{i},{i}]," for i in range(700))
            + '};c.chat.completions.create({model:"gpt-4o"});',
        ),
        (
            "python",
            "ROWS = ["
            + "".join(f"{i}, " for i in range(1500))
            + ']\nSETTINGS = {"model_name": "gpt-4.1-mini", '
            + "".join(f'"k{i}": {i}, ' for i in range(700))
            + '}\nclient.chat.completions.create(model="gpt-4o", messages=[])\n',
        ),
    ],
)
def test_a_data_literal_bigger_than_a_window_is_cut_inside_and_reopened(
    language: str, text: str, shrink: Callable[[], list[int]]
) -> None:
    whole = _scan(text, language).references
    sizes = shrink()
    windowed = _scan(text, language).references
    assert max(sizes) < 2 * WINDOW and len(sizes) > 4
    assert [(r.model, r.found, r.range) for r in windowed] == [(r.model, r.found, r.range) for r in whole]
    assert {r.model for r in windowed} == {"gpt-4.1-mini", "gpt-4o"}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "python",
            'DOC = """' + 'See client.chat.completions.create(model="gpt-4o") here.\n' * 300 + '"""\n'
            'client.chat.completions.create(model="o3", messages=[])\n',
        ),
        (
            "javascript",
            "/*"
            + 'c.chat.completions.create({model:"gpt-4o"});\n' * 300
            + '*/c.chat.completions.create({model:"o3"});',
        ),
    ],
)
def test_a_string_or_comment_longer_than_a_window_is_never_read_as_code(
    language: str, text: str, shrink: Callable[[], list[int]]
) -> None:
    shrink()
    assert [r.model for r in _scan(text, language).references] == ["o3"]


def test_a_last_window_that_looks_unclosed_still_ends(shrink: Callable[[], list[int]]) -> None:
    """One backtick in a Python file's last window (a Markdown fence in a string) reads like an
    open template literal; the window cannot grow past the file's end, so the scan ends there."""
    text = _py_module() + 'FENCE = "```"\nlast = client.chat.completions.create(model="gpt-4o-mini", messages=[])\n'
    whole = _scan(text, "python")
    shrink()
    windowed = _scan(text, "python")
    assert "gpt-4o-mini" in [r.model for r in windowed.references]
    assert [(r.model, r.range) for r in windowed.references] == [(r.model, r.range) for r in whole.references]
