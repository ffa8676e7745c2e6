"""A project's rate limits for one model, read from the answers probes already get (no extra request).

Responses to model requests, including the free validation-rejected ones, carry
``x-ratelimit-limit-requests`` / ``-tokens`` and the ``-remaining-`` / ``-reset-`` headers for
that project and model (reference §rate-limit headers; key checkers read them from the 400).
Keeping them costs nothing and answers the "rate limits / tiers" step of the checklist at the call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

_PREFIX = "x-ratelimit-"


@dataclass(frozen=True, slots=True)
class RateLimits:
    requests: int | None  # requests per minute (RPM) the project may send this model
    tokens: int | None  # tokens per minute (TPM)
    remaining_requests: int | None
    remaining_tokens: int | None
    reset_requests: str | None  # as sent ("12ms", "6m0s")
    reset_tokens: str | None
    seen_at: float  # unix seconds

    def short(self) -> str:
        """``5,000 RPM · 800,000 TPM``."""
        parts = []
        if self.requests is not None:
            parts.append(f"{self.requests:,} RPM")
        if self.tokens is not None:
            parts.append(f"{self.tokens:,} TPM")
        return " · ".join(parts) or "no limits sent"

    @property
    def seen_on(self) -> str:
        return datetime.fromtimestamp(self.seen_at, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    def to_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "tokens": self.tokens,
            "remaining_requests": self.remaining_requests,
            "remaining_tokens": self.remaining_tokens,
            "reset_requests": self.reset_requests,
            "reset_tokens": self.reset_tokens,
            "seen_at": self.seen_at,
        }

    @classmethod
    def from_dict(cls, d: Any) -> RateLimits | None:
        if not isinstance(d, dict):
            return None
        at = d.get("seen_at")
        if isinstance(at, bool) or not isinstance(at, (int, float)):
            return None
        return cls(
            _int(d.get("requests")),
            _int(d.get("tokens")),
            _int(d.get("remaining_requests")),
            _int(d.get("remaining_tokens")),
            _str(d.get("reset_requests")),
            _str(d.get("reset_tokens")),
            float(at),
        )


def _int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str):
        try:
            return int(v.strip())
        except ValueError:
            return None
    return None


def _str(v: Any) -> str | None:
    return v.strip()[:32] if isinstance(v, str) and v.strip() else None


def read_rate_limits(headers: Mapping[str, str] | None, now: float) -> RateLimits | None:
    """The ``x-ratelimit-*`` headers of one answer, or None when it carried no limit."""
    if not headers:
        return None
    found = {k.lower()[len(_PREFIX) :]: v for k, v in headers.items() if k.lower().startswith(_PREFIX)}
    limits = RateLimits(
        _int(found.get("limit-requests")),
        _int(found.get("limit-tokens")),
        _int(found.get("remaining-requests")),
        _int(found.get("remaining-tokens")),
        _str(found.get("reset-requests")),
        _str(found.get("reset-tokens")),
        now,
    )
    return limits if limits.requests is not None or limits.tokens is not None else None
