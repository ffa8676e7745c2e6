"""Test doubles shared by the access tests (a clock to move, a sleep to record)."""

from __future__ import annotations


class Clock:
    """An injectable clock: tests move time instead of waiting for it."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Sleeps:
    """Records back-off waits instead of sleeping through them."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
