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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tree_sitter import Node

__all__ = ["Layout", "Unit", "context", "extract", "layout", "relayout"]

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
class Names:
    """What a statement mentions and what it binds for others (read once per statement text)."""

    mentions: frozenset[str]
    binds: frozenset[str]
    imports: bool = False  # an import: what it names comes from outside, the search ends there


@dataclass(frozen=True, slots=True)
class Unit:
    """Lines of one statement. A *frame* is the rest of a cut statement (its header and closing
    lines): it is kept whenever one of its members is, so the rescan still sees ``class X:``."""

    spans: tuple[tuple[int, int], ...]
    names: Names
    back: int = 0  # how many units back the enclosing frame is (0: none); survives moving blocks
    nested: bool = False  # a member of a cut body: methods and ``self.x`` bind names
    frame: bool = False

    def lines(self) -> int:
        return sum(b - a + 1 for a, b in self.spans)

    def touches(self, first: int, last: int) -> bool:
        return any(a <= last and b >= first for a, b in self.spans)

    def moved(self, delta: int) -> Unit:
        return replace(self, spans=tuple((a + delta, b + delta) for a, b in self.spans))


@dataclass(frozen=True, slots=True)
class Block:
    """One top-level statement (or several sharing a line) and its units, in file order."""

    first: int
    last: int
    children: int  # top-level syntax nodes it covers
    units: tuple[Unit, ...]

    def moved(self, delta: int) -> Block:
        if not delta:
            return self
        return Block(self.first + delta, self.last + delta, self.children, tuple(u.moved(delta) for u in self.units))


@dataclass(frozen=True, slots=True)
class Layout:
    """A module's statements. After an edit only the blocks it touched are read again."""

    blocks: tuple[Block, ...]

    def units(self) -> list[Unit]:
        return [u for block in self.blocks for u in block.units]


def layout(root: Node, lines: list[str], language: str) -> Layout:
    """Every top-level statement of the module, cut where big."""
    return Layout(tuple(_blocks(root.children, lines, language)))


def relayout(
    old: Layout, root: Node, lines: list[str], language: str, first: int, old_last: int, delta: int
) -> Layout | None:
    """``old`` after an edit of old lines ``first..old_last`` (``delta`` lines added): the blocks
    before and after it are kept (moved), the ones it touched are read from the new tree.

    None when the tree's top-level statements outside the edit are not what they were (an
    edit that opened a string or a bracket): the caller lays the module out again.
    """
    blocks = old.blocks
    lo = 0
    while lo < len(blocks) and blocks[lo].last < first:
        lo += 1
    hi = len(blocks)
    while hi > lo and blocks[hi - 1].first > old_last:
        hi -= 1
    before, after = blocks[:lo], blocks[hi:]
    n_before = sum(b.children for b in before)
    n_after = sum(b.children for b in after)
    n_middle = root.child_count - n_before - n_after
    if n_middle < 0:
        return None
    middle_nodes = [root.child(n_before + i) for i in range(n_middle)]
    if any(node is None for node in middle_nodes):
        return None
    nodes = [node for node in middle_nodes if node is not None]
    # The neighbours must be where the old layout says: same rows, before and (moved) after.
    if before:
        last_before = root.child(n_before - 1)
        if last_before is None or _rows(last_before)[1] != before[-1].last:
            return None
        if nodes and nodes[0].start_point.row <= before[-1].last:
            return None
    if after:
        first_after = root.child(n_before + n_middle)
        if first_after is None or first_after.start_point.row != after[0].first + delta:
            return None
        if nodes and _rows(nodes[-1])[1] >= after[0].first + delta:
            return None
    middle = _blocks(nodes, lines, language)
    return Layout((*before, *middle, *(b.moved(delta) for b in after)))


def _rows(node: Node) -> tuple[int, int]:
    a, b = node.start_point.row, node.end_point.row
    if b > a and node.end_point.column == 0:
        b -= 1  # ends with its newline
    return a, b


def _groups(children: Sequence[Node]) -> list[tuple[int, int, list[Node]]]:
    """Children grouped by line: statements sharing a line are one."""
    groups: list[tuple[int, int, list[Node]]] = []
    for child in children:
        a, b = _rows(child)
        if groups and a <= groups[-1][1]:
            groups[-1] = (groups[-1][0], max(groups[-1][1], b), [*groups[-1][2], child])
        else:
            groups.append((a, b, [child]))
    return groups


def _blocks(children: Sequence[Node], lines: list[str], language: str) -> list[Block]:
    out = []
    for a, b, nodes in _groups(children):
        units: list[Unit] = []
        _cut(a, b, nodes[0] if len(nodes) == 1 else None, lines, language, units, 0, False, 0)
        out.append(Block(a, b, len(nodes), tuple(units)))
    return out


def _cut(
    a: int,
    b: int,
    node: Node | None,
    lines: list[str],
    language: str,
    out: list[Unit],
    frame: int | None,
    nested: bool,
    depth: int,
) -> None:
    """Append the unit(s) for lines ``a..b``: one, or a frame and its members when it is big."""
    back = len(out) - frame if frame is not None else 0
    body = _body(node) if node is not None and b - a >= SPLIT_LINES and depth < _MAX_NESTING else None
    members = list(body.named_children) if body is not None else []
    if members:
        head_end = members[0].start_point.row - 1
        tail_start = _rows(members[-1])[1] + 1
        inner = [m for m in members if m.start_point.row > head_end and _rows(m)[1] < tail_start]
        spans = ([(a, head_end)] if head_end >= a else []) + ([(tail_start, b)] if tail_start <= b else [])
        if spans and len(inner) >= 2:
            here = len(out)
            out.append(Unit(tuple(spans), _names(lines, spans, language, nested), back, nested, frame=True))
            for ma, mb, group in _groups(inner):
                _cut(ma, mb, group[0] if len(group) == 1 else None, lines, language, out, here, True, depth + 1)
            return
    out.append(Unit(((a, b),), _names(lines, [(a, b)], language, nested), back, nested))


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


def _names(lines: list[str], spans: Sequence[tuple[int, int]], language: str, nested: bool) -> Names:
    body = "\n".join(line for a, b in spans for line in lines[a : b + 1])
    mentions = frozenset(_WORD.findall(body))
    if _IMPORT.search(body):
        return Names(mentions, mentions, imports=True)  # binds what it names; short, keep it simple
    if language == "python":
        pattern = _PY_NESTED if nested or _PY_BLOCK.match(body) else _PY_TOP
    else:
        pattern = _JS_NESTED if nested else _JS_TOP
    groups = (group for m in pattern.finditer(body) for group in m.groups() if group)
    return Names(mentions, frozenset(w for group in groups for w in _WORD.findall(group)))


def context(all_units: Sequence[Unit], edited: Iterable[int], depth: int, budget: int) -> set[int]:
    """The edited statements, their frames, and the statements binding the names they mention,
    nearest first (breadth first, small before big) until ``budget`` lines are kept.

    Imports end a path: what they name is outside the file. Beyond the budget the rest is left
    out: the rescan is provisional and the full scan that follows sees everything.
    """
    keep: set[int] = set()
    frontier = _with_frames(all_units, edited, keep)
    left = budget - sum(all_units[i].lines() for i in keep)
    for _ in range(depth):
        names: set[str] = set()
        for i in frontier:
            if not all_units[i].names.imports:
                names |= all_units[i].names.mentions
        wanted = [
            j
            for j, unit in enumerate(all_units)
            if not unit.frame and j not in keep and not unit.names.binds.isdisjoint(names)
        ]
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
            back = all_units[cur].back
            cur = cur - back if back else None
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
