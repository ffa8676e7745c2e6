"""``.env`` files, read line by line the way python-dotenv and Node's dotenv read them."""

from __future__ import annotations

import re

from openai_access.references import Position, Range
from openai_access.scan.config_files._tree import Scalar, Table

_ASSIGN = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*=[ \t]*")


def read_dotenv(text: str) -> Table:
    table = Table()
    for n, line in enumerate(text.split("\n")):
        m = _ASSIGN.match(line)
        if m is None:
            continue
        scalar = _value(line, m.end(), n)
        if scalar is not None:
            table.add(m.group(1), scalar)
    return table


def _value(line: str, start: int, n: int) -> Scalar | None:
    rest = line[start:].rstrip("\r")
    if not rest:
        return None
    quote = rest[0]
    if quote in "\"'":
        close = _closing_quote(rest, quote)
        if close is None:  # a multi-line or broken value: nothing a model id would be
            return None
        raw = rest[1:close]
        begin = start + 1
    else:
        hash_at = re.search(r"[ \t]#", rest)
        raw = (rest[: hash_at.start()] if hash_at else rest).rstrip()
        begin = start
    value = raw.replace('\\"', '"') if quote == '"' else raw
    rng = Range(Position(n, begin), Position(n, begin + len(raw))) if value == raw else None
    return Scalar(value, rng)


def _closing_quote(rest: str, quote: str) -> int | None:
    i = 1
    while i < len(rest):
        c = rest[i]
        if c == "\\" and quote == '"':
            i += 2
            continue
        if c == quote:
            return i
        i += 1
    return None
