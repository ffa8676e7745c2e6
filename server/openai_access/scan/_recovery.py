"""Half-typed calls inside tree-sitter ERROR nodes, found in one pass per ERROR node.

``create(model="x", messages=[`` parses as an ERROR whose children are the loose pieces:
the callee, ``(``, the keyword arguments, more brackets. Which unclosed ``(`` a keyword sits
in used to be found by walking ``prev_sibling`` back from it; tree-sitter computes each
sibling step from the parent's first child, so on a 58 KB line of unclosed ``{a:`` that walk
was quadratic (26 s). Here each ERROR node's children are read once, as a list, and a
bracket stack gives every child its innermost open ``(``: linear in the ERROR's size.
"""

from __future__ import annotations

from tree_sitter import Node

from openai_access.scan._common import NodeLookup, node_at

# Children read by the index (a test checks the work stays linear in the input).
visits = 0


class OpenCalls:
    """For one ERROR node: the innermost unclosed ``(`` before each child, and each ``(``'s arguments."""

    def __init__(self, error: Node, opens: frozenset[str], closes: frozenset[str]) -> None:
        global visits
        self.children = children = error.children
        visits += len(children)
        self._index = {child.id: i for i, child in enumerate(children)}
        self._paren: list[int] = []
        stack: list[tuple[int, str]] = []
        parens: list[int] = []  # indices of "(" on the stack, innermost last
        for i, child in enumerate(children):
            self._paren.append(parens[-1] if parens else -1)
            kind = child.type
            if kind in opens:
                stack.append((i, kind))
                if kind == "(":
                    parens.append(i)
            elif kind in closes and stack:
                _, popped = stack.pop()
                if popped == "(":
                    parens.pop()
        self._args: dict[int, list[Node]] | None = None
        self.start, self.end = error.start_byte, error.end_byte
        self.by_start = {child.start_byte: child for child in children if child.is_named}

    def paren_before(self, child: Node) -> int | None:
        """Index of the innermost unclosed ``(`` that ``child`` follows, if any."""
        i = self._index.get(child.id)
        if i is None:
            return None
        paren = self._paren[i]
        return paren if paren >= 0 else None

    def args(self, paren: int) -> list[Node]:
        """Named children whose innermost open ``(`` is ``paren`` (a nested call's pieces are its own)."""
        if self._args is None:
            grouped: dict[int, list[Node]] = {}
            for i, child in enumerate(self.children):
                if child.is_named and self._paren[i] >= 0:
                    grouped.setdefault(self._paren[i], []).append(child)
            self._args = grouped
        return self._args.get(paren, [])

    def previous(self, paren: int) -> Node | None:
        return self.children[paren - 1] if paren > 0 else None


class ErrorCalls:
    """One ``OpenCalls`` per ERROR node of a scan, built on first need."""

    def __init__(self, opens: frozenset[str], closes: frozenset[str]) -> None:
        self._opens, self._closes = opens, closes
        self._by_error: dict[int, OpenCalls] = {}

    def of(self, error: Node) -> OpenCalls:
        found = self._by_error.get(error.id)
        if found is None:
            found = self._by_error[error.id] = OpenCalls(error, self._opens, self._closes)
            self._last = found
        return found

    _last: OpenCalls | None = None

    def child_at(self, pos: int) -> tuple[OpenCalls, Node] | None:
        """A direct child starting at ``pos`` of an ERROR node indexed already.

        Finding a node's parent costs tree-sitter a walk over the parent's children, so
        thousands of keywords inside one wide ERROR node are looked up here instead.
        """
        candidates = [self._last] if self._last is not None else []
        for calls in (*candidates, *self._by_error.values()):
            if calls is not None and calls.start <= pos < calls.end:
                child = calls.by_start.get(pos)
                if child is not None:
                    self._last = calls
                    return calls, child
        return None

    def holder_at(
        self, root: Node | NodeLookup, pos: int, size: int, names: frozenset[str], kind: str
    ) -> tuple[OpenCalls, Node] | None:
        """The ``kind`` node (keyword argument, object pair) whose name is the word at ``pos``,
        when it sits loose in an ERROR node; with that ERROR node's index."""
        known = self.child_at(pos)
        if known is not None:
            return known if known[1].type == kind else None
        ident = node_at(root, pos, pos + size, names)
        holder = ident.parent if ident is not None else None
        if holder is None or holder.type != kind or holder.start_byte != pos:
            return None
        error = holder.parent
        if error is None or error.type != "ERROR":
            return None
        return self.of(error), holder
