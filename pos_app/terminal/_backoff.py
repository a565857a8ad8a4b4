"""Truncated exponential backoff with jitter, so counters don't retry in step."""

from __future__ import annotations

import random


class Backoff:
    """Delays for successive retries: ``base * factor**n``, capped, with full jitter on top.

    The jitter keeps many counters that lost the network together from hammering the API in
    the same second when it comes back.
    """

    def __init__(
        self,
        base: float = 1.0,
        cap: float = 30.0,
        factor: float = 2.0,
        jitter: float = 0.3,
        rng: random.Random | None = None,
    ) -> None:
        self.base = base
        self.cap = cap
        self.factor = factor
        self.jitter = jitter
        self.attempt = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        """The delay before the next attempt; each call counts one attempt."""
        raw = min(self.cap, self.base * self.factor**self.attempt)
        self.attempt += 1
        return raw * (1.0 + self.jitter * self._rng.random())

    def reset(self) -> None:
        self.attempt = 0
