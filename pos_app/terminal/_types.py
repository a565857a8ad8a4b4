"""The terminal's value types: states, readers and payment results."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

#: Reader metadata keys through which counters record who holds a reader. The Stripe account
#: is the only state counters share, so the claim lives on the reader itself.
CLAIM_COUNTER_ID = "comptoir_counter_id"
CLAIM_COUNTER_NAME = "comptoir_counter_name"
CLAIM_CLAIMED_AT = "comptoir_claimed_at"
CLAIM_NONCE = "comptoir_claim_nonce"
CLAIM_KEYS = (CLAIM_COUNTER_ID, CLAIM_COUNTER_NAME, CLAIM_CLAIMED_AT, CLAIM_NONCE)


class ConnectionStatus(enum.StrEnum):
    """Whether this counter holds a reader."""

    NOT_CONNECTED = "not_connected"
    #: A connect is running (reading the reader, writing the claim, reading it back).
    CONNECTING = "connecting"
    #: This counter holds the reader and watches it.
    CONNECTED = "connected"


class PaymentStatus(enum.StrEnum):
    """Where the connected reader stands in taking a payment."""

    #: No reader connected.
    NOT_READY = "not_ready"
    #: Connected, no payment in flight.
    READY = "ready"
    #: The reader shows the amount and waits for a card.
    WAITING_FOR_INPUT = "waiting_for_input"
    #: A card was presented; the outcome is being read.
    PROCESSING = "processing"


class DisconnectReason(enum.StrEnum):
    """Why a connected reader was lost without this counter asking."""

    #: Another counter claimed the reader (``details["counter_name"]`` says which).
    TAKEN_OVER = "taken_over"
    #: Stripe reports the reader offline (powered off, or it lost its network).
    READER_OFFLINE = "reader_offline"
    #: The reader was deregistered from the account.
    READER_DELETED = "reader_deleted"
    #: This counter cannot reach the Stripe API.
    NETWORK_LOST = "network_lost"


class PaymentOutcome(enum.StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"


@dataclass(frozen=True)
class Reader:
    """A snapshot of a Stripe Terminal reader as a counter sees it."""

    id: str
    label: str
    serial_number: str
    device_type: str
    #: ``"online"`` or ``"offline"`` as Stripe reports it.
    status: str
    location: str | None
    #: The counter that last claimed the reader, if any (id, name).
    claimed_by_id: str | None
    claimed_by_name: str | None
    #: The reader's current action, if any: its type and status.
    action_type: str | None
    action_status: str | None
    #: The PaymentIntent the current ``process_payment_intent`` action works on.
    action_payment_intent: str | None
    action_failure_code: str | None
    action_failure_message: str | None
    last_seen_at: int | None
    claim_nonce: str | None
    claimed_at: str | None = None
    #: Stripe answered with a deleted-reader stub.
    deleted: bool = False
    #: ``time.monotonic()`` when this snapshot was read (0: unknown).
    fetched_at: float = field(default=0.0, compare=False)

    @property
    def online(self) -> bool:
        return self.status == "online"

    @property
    def simulated(self) -> bool:
        return self.device_type.startswith("simulated_")

    @property
    def showing_cart(self) -> bool:
        return self.action_type == "set_reader_display" and self.action_status in (
            "in_progress",
            "succeeded",
        )

    @property
    def busy(self) -> bool:
        """Taking a payment or showing a cart: what ``fail_if_in_use`` protects."""
        return self.action_status == "in_progress" or self.showing_cart

    def held_by_other(self, counter_id: str) -> bool:
        return self.claimed_by_id is not None and self.claimed_by_id != counter_id

    @classmethod
    def from_stripe(cls, obj: Any) -> Reader:
        """Build from a stripe-python ``terminal.Reader`` or a plain dict."""
        data: dict[str, Any] = obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
        metadata: dict[str, str] = dict(data.get("metadata") or {})
        action: dict[str, Any] = dict(data.get("action") or {})
        process = action.get("process_payment_intent") or {}
        pi = process.get("payment_intent") if isinstance(process, dict) else None
        if isinstance(pi, dict):
            pi = pi.get("id")
        location = data.get("location")
        if isinstance(location, dict):
            location = location.get("id")
        return cls(
            id=str(data["id"]),
            label=str(data.get("label") or data.get("serial_number") or data["id"]),
            serial_number=str(data.get("serial_number") or ""),
            device_type=str(data.get("device_type") or ""),
            status=str(data.get("status") or "offline"),
            location=location,
            claimed_by_id=metadata.get(CLAIM_COUNTER_ID) or None,
            claimed_by_name=metadata.get(CLAIM_COUNTER_NAME) or None,
            action_type=action.get("type"),
            action_status=action.get("status"),
            action_payment_intent=pi,
            action_failure_code=action.get("failure_code"),
            action_failure_message=action.get("failure_message"),
            last_seen_at=data.get("last_seen_at"),
            claim_nonce=metadata.get(CLAIM_NONCE) or None,
            claimed_at=metadata.get(CLAIM_CLAIMED_AT) or None,
            deleted=bool(data.get("deleted")),
        )


@dataclass(frozen=True)
class PaymentResult:
    """How a sale's payment ended on the reader.

    A decline is a result, not an error: the PaymentIntent stays open and the same sale can be
    retried with the same idempotency key.
    """

    outcome: PaymentOutcome
    payment_intent_id: str
    amount: int
    currency: str
    #: ``succeeded`` or ``requires_capture`` when approved; ``requires_payment_method`` after a
    #: decline.
    payment_intent_status: str
    charge_id: str | None = None
    #: Stripe's code for a decline (``card_declined``, ``expired_card``…).
    failure_code: str | None = None
    #: The bank's reason for a decline (``generic_decline``, ``insufficient_funds``…).
    decline_code: str | None = None
    failure_message: str | None = None

    @property
    def approved(self) -> bool:
        return self.outcome is PaymentOutcome.APPROVED
