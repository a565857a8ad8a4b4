"""Comptoir's Terminal SDK for smart readers, on Stripe's server-driven API. No Qt here."""

from ._backoff import Backoff
from ._errors import ErrorCode, TerminalError, is_transient, stripe_error_code
from ._terminal import PollingPolicy, Terminal
from ._types import (
    ConnectionStatus,
    DisconnectReason,
    PaymentOutcome,
    PaymentResult,
    PaymentStatus,
    Reader,
)

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
