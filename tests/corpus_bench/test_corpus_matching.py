"""The corpus scorer's matching rules (bench/corpus_score.py), on hand-made labels: no mirror, no network.

The score itself is a benchmark, never a test; only how a report is paired with a label is pinned here,
because a wrong pairing would silently make every figure in bench/corpus/RESULTS.md wrong.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from corpus_lib import Label, Place, candidates, parse_label_file
from corpus_score import Report, from_one_based, match


def _label(line: int, char: int, model: str, label: str = "call", kind: str = "kwarg") -> Label:
    return Label(Place("r/a.py", None, line, char), model, label, kind)


def _report(line: int, char: int, model: str) -> Report:
    return Report(Place("r/a.py", None, line, char), model)


def test_a_report_on_the_labelled_line_and_model_is_a_hit_and_the_column_decides_only_exactness() -> None:
    score = match(
        "t", [_label(3, 10, "gpt-4o"), _label(5, 8, "gpt-4o")], [_report(3, 10, "gpt-4o"), _report(5, 9, "gpt-4o")]
    )
    assert (len(score.hits), len(score.misses), len(score.false_positives)) == (2, 0, 0)
    assert score.exact == 0.5


def test_reports_on_traps_and_unlabelled_lines_are_false_positives_charged_to_the_trap() -> None:
    labels = [_label(1, 5, "gpt-4o"), _label(2, 5, "gpt-4", "trap", "compare")]
    score = match("t", labels, [_report(2, 5, "gpt-4"), _report(7, 0, "gpt-4o"), _report(1, 5, "gpt-4o-mini")])
    assert len(score.hits) == 0 and [lab.label for lab in score.misses] == ["call"]
    charged = sorted((fp.place.line, trap.kind if trap else None) for fp, trap in score.false_positives)
    assert charged == [(1, None), (2, "compare"), (7, None)]
    assert score.precision == 0.0 and score.recall == 0.0


def test_on_a_line_with_a_positive_and_a_trap_of_the_same_model_the_column_picks_the_label() -> None:
    labels = [_label(4, 30, "gpt-4", "trap", "compare"), _label(4, 8, "gpt-4")]
    on_trap = match("t", labels, [_report(4, 30, "gpt-4")])
    assert not on_trap.hits and on_trap.false_positives[0][1] is labels[0]
    off_both = match("t", labels, [_report(4, 12, "gpt-4")])
    assert off_both.hits == [(labels[1], _report(4, 12, "gpt-4"))] and not off_both.false_positives


def test_duplicate_reports_of_one_place_count_once_but_a_second_site_on_the_line_needs_a_second_label() -> None:
    score = match("t", [_label(0, 3, "o3")], [_report(0, 3, "o3"), _report(0, 3, "o3"), _report(0, 20, "o3")])
    assert len(score.hits) == 1 and len(score.false_positives) == 1


def test_label_files_are_read_with_cells_notes_and_loud_errors(tmp_path: Path) -> None:
    good = tmp_path / "o+r.txt"
    good.write_text(
        "repo o/r\ncommit abc\n\nfile nb.ipynb -- why chosen\n  c2:13:9 gpt-3.5-turbo call notebook -- a note\n"
        "file a.py\n  4:11 gpt-4o trap prose  #| aid never stored\n",
        encoding="utf-8",
    )
    parsed = parse_label_file(good)
    assert parsed.files == {"nb.ipynb": "why chosen", "a.py": ""}
    assert [(lab.place.cell, lab.place.line, lab.place.character, lab.note) for lab in parsed.labels] == [
        (2, 13, 9, "a note"),
        (None, 4, 11, ""),
    ]
    bad = tmp_path / "bad.txt"
    bad.write_text("repo o/r\ncommit abc\nfile a.py\n  4:11 gpt-4o maybe kwarg\n", encoding="utf-8")
    with pytest.raises(ValueError, match="call, slot or trap"):
        parse_label_file(bad)


def test_candidates_name_the_model_after_a_provider_prefix_and_keep_fine_tune_prefixes() -> None:
    src = 'a = "openai:gpt-4o"; b = \'ft:gpt-4o-mini:org::x\'; c = "azure/gpt-4"; d = "gpt-4 is great"\n'
    found = [(place.character, model) for place, model, _ in candidates(src, "x.py")]
    where = [src.index("openai:"), src.index("ft:gpt"), src.index("azure/")]
    assert found == list(zip(where, ["gpt-4o", "ft:gpt-4o-mini:org::x", "gpt-4"], strict=True))


def test_notebook_candidates_are_placed_inside_their_cell() -> None:
    cells = [{"cell_type": "markdown", "source": ["# x"]}, {"cell_type": "code", "source": ["x = 1\n", 'm = "o3"\n']}]
    nb = json.dumps({"cells": cells})
    assert [(p.cell, p.line, p.character, m) for p, m, _ in candidates(nb, "n.ipynb")] == [(1, 1, 5, "o3")]


def test_a_peer_report_on_the_raw_notebook_json_lands_on_the_cell_coordinates() -> None:
    cells = [{"cell_type": "markdown", "source": ["# x"]}, {"cell_type": "code", "source": ["x = 1\n", 'm = "o3"\n']}]
    raw = json.dumps({"cells": cells}, indent=1)
    line = next(i for i, text in enumerate(raw.split("\n")) if "m = " in text)
    column = raw.split("\n")[line].index("o3")  # where a regex over the raw file finds it (escaped quotes before)
    report = from_one_based({"n.ipynb": raw}, "n.ipynb", line + 1, column + 1, "o3")
    assert report == Report(Place("n.ipynb", 1, 1, 5), "o3")


def test_a_provider_prefix_kept_in_a_reported_model_name_still_matches_the_label() -> None:
    score = match("t", [_label(2, 9, "gpt-4o")], [_report(2, 9, "openai:gpt-4o")])
    assert len(score.hits) == 1 and not score.false_positives
    fine_tune = match("t", [_label(1, 4, "ft:gpt-4o-mini:org::x")], [_report(1, 4, "ft:gpt-4o-mini:org::x")])
    assert len(fine_tune.hits) == 1
