"""A module cut into statements by line, and which of them one statement reads names from.

The keystroke path (``scan/incremental.py``) rescans the edited statement in a copy of the
file where everything it does not need is blanked out. This module says what a statement is
(top-level ones; the members of a big class, function or test callback, so that an edit in one
method of a 3,000-line class is not an edit of the whole class), which names each statement
mentions and binds, and so which statements form an edit's context.

Names are read with regular expressions over each statement's text, remembered by that text:
an edit changes one statement, so a keystroke recomputes one. Over-including costs time only;
the caller confirms with a full scan.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tree_sitter import Node

__all__ = ["Unit", "context", "extract", "units"]

# A statement longer than this is cut into its members (when it has a body to cut).
SPLIT_LINES = 120
_MAX_NESTING = 4
_BODIES = frozenset({"block", "statement_block", "class_body"})

_WORD = re.compile(r"[A-Za-z_$][\w$]*")
_IMPORT = re.compile(r"^\s*(?:from\s|import\s|import\(|export\s[^=]*\bfrom\b)|\brequire\s*\(")
# What a top-level statement binds for the rest of the module: functions, classes, assignments
# written at column 0. Members (methods, ``self.x``) count only inside a cut body: every class
# has an ``__init__``, and following those module-wide would pull half the file in.
_PY_TOP = re.compile(
    r"^(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)"
    r"|^(\w+)[ \t]*(?::[^\n=]{0,120})?=(?!=)"
    r"|^(\w+(?:[ \t]*,[ \t]*\w+)+)[ \t]*=(?!=)",
    re.MULTILINE,
)
# ``if``/``try``/``with`` at the top, and members of a cut body: what their blocks assign.
_PY_NESTED = re.compile(
    r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)"
    r"|^[ \t]*(?:(?:self|cls)\.)?(\w+)[ \t]*(?::[^\n=]{0,120})?=(?!=)"
    r"|\bas[ \t]+(\w+)",
    re.MULTILINE,
)
_PY_BLOCK = re.compile(r"(?:if|try|with|for|while|async)\b")
_JS_TOP = re.compile(
    r"^(?:export[ \t]+(?:default[ \t]+)?)?(?:declare[ \t]+)?(?:async[ \t]+)?"
    r"(?:function\*?|class|const|let|var|interface|type|enum|namespace)[ \t]*([\w$]+)"
    r"|^(?:export[ \t]+)?(?:const|let|var)[ \t]*[{\[]([^}\]=]*)[}\]]"
    r"|^([\w$.]+)[ \t]*=(?![=>])",
    re.MULTILINE,
)
_JS_NESTED = re.compile(
    r"^[ \t]*(?:export[ \t]+)?(?:async[ \t]+)?(?:function\*?|class|const|let|var)[ \t]*([\w$]+)"
    r"|^[ \t]*(?:const|let|var)[ \t]*[{\[]([^}\]=]*)[}\]]"
    r"|^[ \t]*(?:this\.)?([\w$]+)[ \t]*=(?![=>])"
    r"|^[ \t]*(?:(?:async|static|get|set|public|private|protected|readonly|override)[ \t]+)*"
    r"([\w$]+)[ \t]*(?:<[^>\n]*>)?\([^)\n]*\)[ \t]*(?::[^{\n]*)?\{",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Unit:
    """Lines of one statement. A *frame* is the rest of a cut statement (its header and closing
    lines): it is kept whenever one of its members is, so the rescan still sees ``class X:``."""

    spans: tuple[tuple[int, int], ...]
    parent: int | None = None  # the enclosing frame's index
    nested: bool = False  # a member of a cut body: methods and ``self.x`` bind names
    frame: bool = False

    def lines(self) -> int:
        return sum(b - a + 1 for a, b in self.spans)

    def touches(self, first: int, last: int) -> bool:
        return any(a <= last and b >= first for a, b in self.spans)


def units(root: Node) -> list[Unit]:
    """The module's statements in file order; statements sharing a line merge into one."""
    out: list[Unit] = []
    _collect(root.children, None, False, out, 0)
    return out


def _rows(node: Node) -> tuple[int, int]:
    a, b = node.start_point.row, node.end_point.row
    if b > a and node.end_point.column == 0:
        b -= 1  # ends with its newline
    return a, b


def _collect(children: Sequence[Node], parent: int | None, nested: bool, out: list[Unit], depth: int) -> None:
    spans: list[tuple[int, int]] = []
    nodes: list[Node | None] = []
    for child in children:
        a, b = _rows(child)
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
            nodes[-1] = None  # several statements on one line: not cut further
        else:
            spans.append((a, b))
            nodes.append(child)
    for (a, b), node in zip(spans, nodes, strict=True):
        body = _body(node) if node is not None and b - a >= SPLIT_LINES and depth < _MAX_NESTING else None
        members = [c for c in body.named_children] if body is not None else []
        if body is None or not members:
            out.append(Unit(((a, b),), parent, nested))
            continue
        head_end = members[0].start_point.row - 1
        tail_start = _rows(members[-1])[1] + 1
        inner = [m for m in members if m.start_point.row > head_end and _rows(m)[1] < tail_start]
        frame_spans = [(a, head_end)] if head_end >= a else []
        if tail_start <= b:
            frame_spans.append((tail_start, b))
        if not frame_spans or len(inner) < 2:
            out.append(Unit(((a, b),), parent, nested))
            continue
        frame = len(out)
        out.append(Unit(tuple(frame_spans), parent, nested, frame=True))
        _collect(inner, frame, True, out, depth + 1)


def _body(node: Node) -> Node | None:
    """The block holding a big statement's members: a class or function body, a callback's."""
    cur = node
    for _ in range(8):
        if cur.type in _BODIES:
            return cur
        if cur.type == "decorated_definition":
            nxt = cur.child_by_field_name("definition")
        else:
            nxt = cur.child_by_field_name("body")
        if nxt is None:  # e.g. describe("…", () => { … }): the child that holds most of it
            span = cur.end_point.row - cur.start_point.row
            nxt = max(cur.named_children, key=lambda c: c.end_point.row - c.start_point.row, default=None)
            if nxt is None or (nxt.end_point.row - nxt.start_point.row) * 5 < span * 4:
                return None
        cur = nxt
    return None


_FACTS: OrderedDict[tuple[str, bool, str], tuple[frozenset[str], frozenset[str]]] = OrderedDict()
_FACTS_SIZE = 8192


def _facts(body: str, language: str, nested: bool) -> tuple[frozenset[str], frozenset[str]]:
    """(names a statement mentions, names it binds), remembered by text."""
    key = (language, nested, body)
    got = _FACTS.get(key)
    if got is not None:
        _FACTS.move_to_end(key)
        return got
    words = frozenset(_WORD.findall(body))
    if _IMPORT.search(body):
        binds = words  # an import binds what it names; short statements, so keep it simple
    else:
        if language == "python":
            pattern = _PY_NESTED if nested or _PY_BLOCK.match(body) else _PY_TOP
        else:
            pattern = _JS_NESTED if nested else _JS_TOP
        binds = frozenset(
            w for m in pattern.finditer(body) for group in m.groups() if group for w in _WORD.findall(group)
        )
    got = (words, binds)
    _FACTS[key] = got
    if len(_FACTS) > _FACTS_SIZE:
        _FACTS.popitem(last=False)
    return got


def context(
    all_units: Sequence[Unit], edited: Iterable[int], lines: list[str], language: str, depth: int, budget: int
) -> set[int]:
    """The edited statements, their frames, and the statements binding the names they mention,
    nearest first (breadth first, small before big) until ``budget`` lines are kept.

    Imports end a path: what they name is outside the file. Beyond the budget the rest is left
    out: the rescan is provisional and the full scan that follows sees everything.
    """
    facts = [
        _facts("\n".join(line for a, b in u.spans for line in lines[a : b + 1]), language, u.nested) for u in all_units
    ]
    binders: dict[str, list[int]] = {}
    for i, (_, binds) in enumerate(facts):
        if not all_units[i].frame:
            for name in binds:
                binders.setdefault(name, []).append(i)
    keep: set[int] = set()
    frontier = _with_frames(all_units, edited, keep)
    left = budget - sum(all_units[i].lines() for i in keep)
    for _ in range(depth):
        wanted = {
            j
            for i in frontier
            if facts[i][1] is not facts[i][0]  # not an import
            for name in facts[i][0]
            for j in binders.get(name, ())
            if j not in keep
        }
        found: list[int] = []
        for j in sorted(wanted, key=lambda j: (all_units[j].lines(), j)):
            cost = all_units[j].lines()
            if cost > left:
                break
            added = _with_frames(all_units, (j,), keep)
            left -= sum(all_units[k].lines() for k in added)
            found += added
        if not found:
            break
        frontier = found
    return keep


def _with_frames(all_units: Sequence[Unit], picked: Iterable[int], keep: set[int]) -> list[int]:
    """Add ``picked`` and their enclosing frames to ``keep``; return what was new."""
    new = []
    for i in picked:
        cur: int | None = i
        while cur is not None and cur not in keep:
            keep.add(cur)
            new.append(cur)
            cur = all_units[cur].parent
    return new


def extract(lines: list[str], all_units: Sequence[Unit], keep: set[int]) -> tuple[str, list[int]]:
    """The kept statements' lines, in file order, and for each the line it came from.

    Whole statements only, so the extract parses like the file; columns are unchanged, so a
    position found in it maps back by its line alone. Its size is the kept lines', whatever the
    file's: a keystroke in a 50,000-line file rescans a few hundred.
    """
    spans = sorted(span for i in keep for span in all_units[i].spans)
    origin = [n for a, b in spans for n in range(a, b + 1)]
    return "\n".join(lines[n] for n in origin), origin
