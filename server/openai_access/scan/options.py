"""What a project can teach the scanner: its own wrappers that take a model."""

from __future__ import annotations

from dataclasses import dataclass

from openai_access.references import Surface


@dataclass(frozen=True, slots=True)
class CallPattern:
    """A call that takes a model, e.g. ``mylib.ask(model=…)`` or the 2nd positional arg.

    ``callee`` matches the end of the dotted callee name (``"ask"`` matches ``mylib.ask``
    and ``self.ask``; ``"mylib.ask"`` only the former).
    """

    callee: str
    keyword: str | None = "model"
    position: int | None = None  # 0-based positional index
    surface: Surface = Surface.UNKNOWN


@dataclass(frozen=True, slots=True)
class ScanOptions:
    extra_calls: tuple[CallPattern, ...] = ()
    # Also report model-shaped literals in model-named slots whose call was not traced.
    slots: bool = True


DEFAULT_OPTIONS = ScanOptions()
