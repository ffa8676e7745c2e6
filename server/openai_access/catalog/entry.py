"""One model's facts as the bundled catalog states them, and its lifecycle on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from openai_access.references import Surface


class Lifecycle(str, Enum):
    ACTIVE = "active"
    DEPRECATED = "deprecated"  # shutdown announced, still ahead
    RETIRED = "retired"  # shutdown date passed


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    id: str
    family: str | None
    endpoints: tuple[Surface, ...]  # which APIs serve it (from SDK type membership; a hint)
    shutdown: date | None = None
    deprecation_announced: date | None = None
    replacement: str | None = None
    replacement_alternatives: tuple[str, ...] = ()
    requires_verification: bool | None = None  # None = unknown, not "no"
    verification_scope: str | None = None  # "streaming", "reasoning_summaries", "access on usage tiers 1-3", ...
    verification_note: str | None = None
    invalid: bool = False  # listed in an SDK but "not a supported model ID"
    notes: str | None = None
    source: str | None = None
    alias_of: str | None = None  # set when looked up through an alias / fine-tune base

    def lifecycle(self, today: date) -> Lifecycle:
        if self.shutdown is None:
            return Lifecycle.ACTIVE
        return Lifecycle.RETIRED if self.shutdown <= today else Lifecycle.DEPRECATED
