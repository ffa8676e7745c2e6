"""YAML read by libyaml's composer: the same exact columns as the pure reader, and hostile
nesting never reaches a composer that recurses in C."""

from __future__ import annotations

import pytest

from openai_access.references import ModelReference
from openai_access.scan.config_files import scan_config


def quoted(text: str, refs: list[ModelReference]) -> list[str]:
    """The text each reference's range covers (columns are code points)."""
    lines = text.split("\n")
    return [lines[r.range.start.line][r.range.start.character : r.range.end.character] for r in refs]


@pytest.mark.parametrize(
    "text",
    [
        'name: "😀 é"\nmodel: "gpt-4o"  # 😀\nlist: {a: "é😀", model: "gpt-4o-mini"}\n',
        '\ufeffname: "😀 é"\nmodel: "gpt-4o"  # 😀\nlist: {a: "é😀", model: "gpt-4o-mini"}\n',
        "# ünïcode 😀\r\nmodel: gpt-4o\r\nlist:\r\n  - x: '😀'\r\n    model: 'gpt-4o-mini'\r\n",
    ],
    ids=["astral-and-accents", "byte-order-mark", "crlf"],
)
def test_columns_stay_exact_after_non_ascii_text(text: str) -> None:
    refs = scan_config(text, "yaml")
    assert [r.model for r in refs] == ["gpt-4o", "gpt-4o-mini"]
    assert quoted(text, refs) == ["gpt-4o", "gpt-4o-mini"]


def test_a_tab_inside_a_flow_list_is_still_yaml() -> None:
    # YAML allows tabs as separation inside flow collections; libyaml reads this file.
    text = 'models: [\n\t"gpt-4o",\n\t"gpt-4o-mini"\n]\n'
    refs = scan_config(text, "yaml")
    assert quoted(text, refs) == ["gpt-4o", "gpt-4o-mini"]


@pytest.mark.parametrize(
    "deep",
    [
        "  " + "- " * 100_000 + "x\n",  # one line of compact sequences
        "  " + "? " * 100_000 + "x\n",  # compact explicit keys
        "".join(" " * (2 * i) + "- k:\n" for i in range(210)),  # indentation, seq in map in seq
        "  " + "[" * 100_000 + "]" * 100_000 + "\n",
        "  " + "{a: " * 30_000 + "1" + "}" * 30_000 + "\n",
    ],
    ids=["dash-chain", "key-chain", "indentation", "flow-lists", "flow-maps"],
)
def test_hostile_nesting_is_read_line_by_line_quickly(deep: str) -> None:
    # libyaml's composer recurses in C per level (a crash, not an exception), and its scanner
    # slows down sharply on deep one-line nesting: such text must be read by the line reader.
    text = "model: gpt-4o\nother:\n" + deep
    refs = scan_config(text, "yaml")
    assert [r.model for r in refs] == ["gpt-4o"]
    assert quoted(text, refs) == ["gpt-4o"]


def test_nesting_a_real_file_uses_is_composed() -> None:
    # Forty levels of block and flow nesting is deep for configuration, and still read as YAML.
    block = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(40))
    text = block + " " * 80 + "model: " + "[" * 40 + '"gpt-4o"' + "]" * 40 + "\n"
    refs = scan_config(text, "yaml")
    assert quoted(text, refs) == ["gpt-4o"]


def test_the_c_composer_is_used_only_where_libyaml_caps_nesting(monkeypatch: pytest.MonkeyPatch) -> None:
    # The release called 0.2.5 has no nesting cap (it came later, under the same version
    # number), and brackets inside quoted scalars ('["]", ["]", ...') get past _too_deep's
    # bracket count: a composer that recurses in C without a cap must never be chosen.
    import sys

    import yaml

    from openai_access.scan.config_files import _yaml

    class Uncapped(yaml.SafeLoader):  # composes any depth, as an uncapped libyaml would
        pass

    sys_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)
    try:
        monkeypatch.setattr(yaml, "CSafeLoader", Uncapped)
        assert _yaml._loader() is yaml.SafeLoader
    finally:
        sys.setrecursionlimit(sys_limit)


def test_this_machines_libyaml_is_used_when_it_caps_nesting() -> None:
    # The libyaml PyYAML's wheels bundle here refuses deep nesting: the check must see that,
    # or every YAML file silently takes the composer ten times slower.
    import yaml

    from openai_access.scan.config_files import _yaml

    if not yaml.__with_libyaml__:
        pytest.skip("no libyaml")
    assert _yaml._LOADER is yaml.CSafeLoader
