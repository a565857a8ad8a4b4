"""Comptoir's Terminal SDK for smart readers, on Stripe's server-driven API. No Qt here.

The value types and errors load with the package; ``Terminal`` and ``PollingPolicy`` (with
asyncio and the Stripe client behind them) load on first use, so a window that only shows
readers and statuses can be built before them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._backoff import Backoff
from ._errors import ErrorCode, TerminalError, is_transient, stripe_error_code
from ._types import (
    ConnectionStatus,
    DisconnectReason,
    PaymentOutcome,
    PaymentResult,
    PaymentStatus,
    Reader,
)

if TYPE_CHECKING:
    from ._terminal import PollingPolicy, Terminal

__all__ = [
    "Backoff",
    "ConnectionStatus",
    "DisconnectReason",
    "ErrorCode",
    "PaymentOutcome",
    "PaymentResult",
    "PaymentStatus",
    "PollingPolicy",
    "Reader",
    "Terminal",
    "TerminalError",
    "is_transient",
    "stripe_error_code",
]

_LAZY = frozenset({"PollingPolicy", "Terminal"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import _terminal  # noqa: PLC0415 - loads asyncio and the Stripe client

        return getattr(_terminal, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
