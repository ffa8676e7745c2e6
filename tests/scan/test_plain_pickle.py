"""Scan results survive the trip from a pool process unchanged (they pickle as constructor calls)."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

import pytest

from openai_access.plain_pickle import pickled_by_fields
from openai_access.references import Position
from openai_access.scan import scan_document

CODE = """from openai import OpenAI
from settings import FALLBACK

MODEL = "gpt-4o-mini"


def ask(prompt, model=MODEL):
    return OpenAI().chat.completions.create(model=model, messages=[], max_tokens=5, stream=True)


ask("hi")
OpenAI().responses.create(model=FALLBACK, input="x")
"""


def test_a_scan_result_comes_back_from_pickle_equal_in_every_part() -> None:
    result = scan_document(CODE, "python")
    ref = result.references[0]
    assert ref.params and ref.via and ref.callee is not None  # the nested parts are there to compare
    assert result.exports and result.imported_uses
    back = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == result
    assert back.references[0].range.start == ref.range.start
    assert [p.range for p in back.references[0].params] == [p.range for p in ref.params]
    assert type(back.references[0].range.start) is Position


def test_a_position_keeps_its_line_and_column_apart() -> None:
    assert pickle.loads(pickle.dumps(Position(3, 7))) == Position(3, 7)


def test_a_dataclass_with_a_field_outside_init_is_refused() -> None:
    with pytest.raises(TypeError, match="outside __init__"):

        @pickled_by_fields
        @dataclass
        class Counted:
            name: str
            count: int = field(init=False, default=0)


def test_a_dataclass_with_keyword_only_fields_is_refused() -> None:
    # Pickled as a call with the values in order, a keyword-only field would fail only when
    # the result is unpickled, in the parent process, after the pool did the work.
    with pytest.raises(TypeError, match="keyword-only"):

        @pickled_by_fields
        @dataclass(kw_only=True)
        class Named:
            name: str


def test_every_part_of_a_reference_pickles_as_a_call_of_its_own_class() -> None:
    # The round trips above hold with or without ``pickled_by_fields``; this says it is in effect.
    ref = scan_document(CODE, "python").references[0]
    for part in (ref.range.start, ref.range, ref.params[0], ref):
        cls, args = part.__reduce__()
        assert cls is type(part) and cls(*args) == part
