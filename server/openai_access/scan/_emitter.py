"""What the Python and JS/TS scanners share once a call's model argument is found.

Each language knows how to follow a value back to its literal (constants, defaults, env
fallbacks, imports); from there, recording a reference or an imported use is the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from openai_access.scan._common import CallContext, Collector, Literal, Source
from openai_access.scan._result import ImportedUse


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


class Emitter:
    src: Source
    out: Collector
    imported: list[ImportedUse]

    def _follow(self, node: Node, depth: int = 0, notes: tuple[str, ...] = ()) -> Iterator[Term]:
        raise NotImplementedError

    def _literal_of(self, node: object) -> Literal | None:
        raise NotImplementedError

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
