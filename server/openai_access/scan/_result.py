"""What a source scan hands to the cross-file pass, beside the references themselves.

A constant defined in ``settings.py`` and used as a model in ``app.py`` is only visible
when both files are known, so each file's scan records its side of the link: the string
constants it could export, and the imported names it used as a model without resolving.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openai_access.plain_pickle import pickled_by_fields
from openai_access.references import ModelReference, Range, Surface, Target


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ExportedLiteral:
    """One string a module-level name may hold (``MODEL = os.getenv("M", "gpt-4o")``)."""

    raw: str  # the text inside the quotes, prefix and all
    range: Range  # of the text inside the quotes
    note: str | None = None  # e.g. "default of $OPENAI_MODEL"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedUse:
    """An imported name used as a model, waiting for the file that defines it.

    ``module`` is the import as written: ``.settings`` / ``..conf`` (relative),
    ``pkg.settings`` (absolute) or, for JS/TS, ``./config``.
    """

    module: str
    name: str
    use: Range
    surface: Surface
    target: Target
    client: str
    streams: bool = False
    reasoning_summary: bool = False
    routed: bool = False  # the call reads provider prefixes (litellm, pydantic-ai, ...)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ScanResult:
    references: list[ModelReference] = field(default_factory=list)
    exports: dict[str, tuple[ExportedLiteral, ...]] = field(default_factory=dict)
    imported_uses: list[ImportedUse] = field(default_factory=list)
    # Set when the scanner itself failed on this text (a bug, or input deeper than the
    # interpreter's recursion limit): the references may be incomplete, and a batch run
    # must say so instead of passing with silence.
    error: str | None = None
