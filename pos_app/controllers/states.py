"""What the controllers tell the window: states, banners and sales, as plain values.

Kept apart from the controllers so the window can be built and shown before the controllers
(and asyncio, the Stripe client…) are loaded: the counter appears as fast as a bare window.
No Qt and no asyncio here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pos_app.terminal import DisconnectReason, PaymentResult, TerminalError

__all__ = ["Banner", "BannerAction", "ConnectOutcome", "ConnectionState", "Sale", "SaleState"]


class ConnectionState(enum.StrEnum):
    NOT_CONNECTED = "not_connected"
    # Listing the readers of the location.
    DISCOVERING = "discovering"
    # Claiming a reader.
    CONNECTING = "connecting"
    CONNECTED = "connected"
    # The reader or the network dropped; retrying on a backoff schedule.
    RECONNECTING = "reconnecting"


class BannerAction(enum.StrEnum):
    RECONNECT_NOW = "reconnect_now"
    CANCEL_RECONNECT = "cancel_reconnect"
    CHOOSE_ANOTHER = "choose_another"
    TAKE_IT_BACK = "take_it_back"


@dataclass(frozen=True)
class Banner:
    """What the reconnect banner shows: why the reader was lost and what can be done."""

    reason: DisconnectReason
    reader_label: str
    # The counter that took the reader over (``taken_over`` only).
    counter_name: str = ""
    # Reconnection attempt about to run (0 when not retrying automatically).
    attempt: int = 0
    # ``time.monotonic()`` of the next attempt, for the countdown; None when not waiting.
    next_attempt_at: float | None = None
    actions: tuple[BannerAction, ...] = field(default_factory=tuple)
    # The last error while retrying, already in the cashier's words (English template).
    last_error: TerminalError | None = None


class ConnectOutcome(enum.StrEnum):
    CONNECTED = "connected"
    # The reader was busy and the cashier chose not to interrupt it.
    DECLINED = "declined"
    FAILED = "failed"


class SaleState(enum.StrEnum):
    # Being charged on the reader.
    CHARGING = "charging"
    APPROVED = "approved"
    # Declined, canceled or interrupted: the cashier may retry it or drop it.
    OPEN = "open"


@dataclass(frozen=True)
class Sale:
    id: str
    amount: int
    currency: str
    state: SaleState
    result: PaymentResult | None = None
    error: TerminalError | None = None

    @property
    def idempotency_key(self) -> str:
        return f"sale-{self.id}"
