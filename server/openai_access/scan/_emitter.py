"""What the Python and JS/TS scanners share once a call's model argument is found.

Each language knows how to follow a value back to its literal (constants, defaults, env
fallbacks, imports); from there, recording a reference or an imported use is the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal as Lit

from tree_sitter import Node

from openai_access.references import CallParam, Range
from openai_access.scan._common import CallContext, Collector, Literal, Source, interpret_model
from openai_access.scan._result import ExportedLiteral, ImportedUse


@dataclass(frozen=True, slots=True)
class Imported:
    """A value that comes from another module: resolved later by the cross-file pass."""

    module: str
    name: str


@dataclass(frozen=True, slots=True)
class Binding:
    """What an imported local name stands for (``name`` None: the module itself)."""

    module: str
    name: str | None


Term = tuple[Node | Imported, tuple[str, ...]]
# (parameter name, name node, value node, the whole item) of one argument or object entry.
Item = tuple[str, Node, Node, Node]
# Parameters whose nested keys decide something (``reasoning={"effort": "none"}``).
_NESTED = frozenset({"reasoning", "text"})
_SCALARS = frozenset({"integer", "float", "number", "true", "false", "True", "False"})


class Emitter:
    """The language-neutral half of a scanner; subclasses supply the hooks below."""

    src: Source
    out: Collector
    imported: list[ImportedUse]
    _imports: dict[str, Binding]
    _active_params: set[tuple[int, str]]  # parameters whose callers are being followed (recursion guard)
    FUNCTION_KINDS: frozenset[str] = frozenset()  # node types whose parameters and locals shadow names

    def _follow(self, node: Node, depth: int = 0, notes: tuple[str, ...] = ()) -> Iterator[Term]:
        raise NotImplementedError

    def _literal_of(self, node: object) -> Literal | None:
        raise NotImplementedError

    def _index(self) -> None:
        raise NotImplementedError

    def _assigned(self, key: str) -> list[tuple[Node, Node]]:
        raise NotImplementedError

    def _scope(self, node: Node) -> Node | None:
        raise NotImplementedError

    def _owner(self, left: Node) -> Node | None:
        """The function an assignment belongs to (None: module level)."""
        raise NotImplementedError

    def _parameter_of(self, func: Node, name: str) -> Node | Lit[False] | None:
        """``name``'s default value in ``func``'s parameters; False: a parameter without one."""
        raise NotImplementedError

    def _arguments_for(self, func: Node, name: str) -> list[Node]:
        """Values passed to parameter ``name`` of ``func`` elsewhere in the file (call sites, CLI decorators)."""
        return []

    def _module_declarations(self) -> Iterator[tuple[Node, Node]]:
        """(name, value) of each module-level assignment a file could export."""
        raise NotImplementedError

    def _pairs(self, node: Node) -> Iterator[Item]:
        """The entries of a dict / object literal ``node`` (nothing for other nodes)."""
        raise NotImplementedError

    def call_params(self, items: Iterable[Item]) -> tuple[CallParam, ...]:
        """What a call sends, as written: names and ranges for findings and their quick fixes."""
        out: list[CallParam] = []
        for name, key, value, item in items:
            out.append(self._param(name, key, value, item))
            if name in _NESTED:
                for term, _ in self._follow(value):
                    if isinstance(term, Node):
                        out += (self._param(f"{name}.{sub}", k, v, it) for sub, k, v, it in self._pairs(term))
        return tuple(out)

    def _param(self, name: str, key: Node, value: Node, item: Node) -> CallParam:
        lit = self._literal_of(value)
        text = lit.raw if lit is not None else self.src.text(value) if value.type in _SCALARS else None
        return CallParam(name, self.src.node_range(key), self._removal(item), text)

    def _removal(self, item: Node) -> Range:
        """``item`` and one separating comma: up to the next argument, else from the previous one."""
        after = item.next_named_sibling
        while after is not None and after.type == "comment":
            after = after.next_named_sibling
        if after is not None:
            return self.src.byte_range(item.start_byte, after.start_byte, item)
        before = item.prev_named_sibling
        while before is not None and before.type == "comment":
            before = before.prev_named_sibling
        if before is not None and before.type not in ("(", "{"):
            return self.src.byte_range(before.end_byte, item.end_byte, before)
        return self.src.node_range(item)

    def exports(self) -> dict[str, tuple[ExportedLiteral, ...]]:
        """Module-level names that may hold a model id, for the cross-file pass."""
        out: dict[str, tuple[ExportedLiteral, ...]] = {}
        for left, right in self._module_declarations():
            name = self.src.text(left)
            found: list[ExportedLiteral] = []
            for term, notes in self._follow(right):
                lit = self._literal_of(term)
                if lit is None or interpret_model(lit.raw, False) is None:
                    continue
                rng = self.src.byte_range(lit.start, lit.end, lit.node)
                found.append(ExportedLiteral(lit.raw, rng, "; ".join(notes) or None))
            if found:
                out[name] = (*out.get(name, ()), *found)
        return out

    def _follow_name(self, name: str, at: Node, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """What a bare name may hold at ``at``: the innermost parameter or local wins, then the module, then imports."""
        self._index()
        assigns = self._assigned(name)
        scope = self._scope(at)
        while scope is not None:
            if scope.type in self.FUNCTION_KINDS:
                param = self._parameter_of(scope, name)
                if param is not None:
                    if param is not False:
                        yield from self._follow(param, depth + 1, notes)
                    yield from self._follow_arguments(scope, name, depth, notes)
                    return
                local = [v for left, v in assigns if self._owner(left) == scope]
                if local:
                    for value in local:
                        yield from self._follow(value, depth + 1, notes)
                    return
            scope = self._scope(scope)
        module = [v for left, v in assigns if self._owner(left) is None]
        if module:
            for value in module:
                yield from self._follow(value, depth + 1, notes)
            return
        binding = self._imports.get(name)
        if binding is not None and binding.name is not None:
            yield Imported(binding.module, binding.name), notes

    def _passed_through(self, call: Node) -> list[Node] | None:
        """The arguments a call hands back as its value (``get_arg("--model", default)``); None: opaque."""
        return None

    def _follow_call(self, call: Node, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """A call is a terminal (a client, a dict) unless it passes one of its arguments through."""
        inner = self._passed_through(call)
        if inner is None:
            yield call, notes
            return
        for value in inner:
            yield from self._follow(value, depth + 1, notes)

    def _follow_arguments(self, func: Node, name: str, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """What callers pass for a parameter; a recursive function's own calls are not followed twice."""
        key = (func.id, name)
        if key in self._active_params:
            return
        self._active_params.add(key)
        try:
            for arg in self._arguments_for(func, name):
                yield from self._follow(arg, depth + 1, notes)
        finally:
            self._active_params.discard(key)

    def _emit(self, value: Node, ctx: CallContext, use: Node | None = None) -> None:
        """Record every literal ``value`` may hold; ``use`` is the call-site node when it differs."""
        use = use or value
        for term, notes in self._follow(value):
            if isinstance(term, Imported):
                self.imported.append(
                    ImportedUse(
                        term.module,
                        term.name,
                        self.src.node_range(use),
                        ctx.surface,
                        ctx.target,
                        ctx.client,
                        ctx.streams,
                        ctx.reasoning_summary,
                        ctx.routed,
                    )
                )
                continue
            lit = self._literal_of(term)
            if lit is None:
                continue
            inside = use.start_byte <= lit.start and lit.end <= use.end_byte
            self.out.add(lit, ctx, None if inside else self.src.node_range(use), notes)
