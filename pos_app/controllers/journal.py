"""The sales journal's controller: startup reconciliation, voids and the end-of-day report.

Reconciliation asks Stripe what became of every sale the journal left unfinished (the counter
crashed or lost power in the middle of a payment) and writes the answer down:

============================  ======================================  ========================
journal says                  Stripe says                             the sale becomes
============================  ======================================  ========================
pending, never sent           (not asked: nothing exists)             interrupted (retry/void)
PaymentIntent id unknown      replay the create with the same         as below, for that PI
                              Idempotency-Key and params
PaymentIntent id known        ``succeeded`` / ``requires_capture``     approved
                              ``processing``, or the reader still      followed to its end
                              working on it
                              ``requires_payment_method``             declined / interrupted
                              ``canceled``                            voided
                              anything else, or an idempotency error  needs attention
Stripe unreachable            —                                       unchanged, checked again
============================  ======================================  ========================

The replayed create uses exactly the parameters `pos_app.terminal.Terminal.collect_payment`
sends (`SaleIntents.create_params` mirrors ``Terminal._collect``; a test charges through both
and would fail with an idempotency error if they drifted apart). Stripe keeps idempotency keys
for 24 hours: after that a replay makes a new, unpaid PaymentIntent, never a second charge.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from pos_app.i18n_markers import QT_TRANSLATE_NOOP
from pos_app.storage.journal import (
    Journal,
    JournalState,
    SaleRecord,
    TotalsRow,
    major_units,
    write_totals_csv,
)
from pos_app.terminal import stripe_error_code
from pos_app.terminal._client import StripeConnection

if TYPE_CHECKING:
    import stripe
    from stripe.params import PaymentIntentCreateParams

__all__ = [
    "JournalController",
    "Recovery",
    "RecoveryKind",
    "SaleIntents",
    "VoidOutcome",
    "reconcile",
    "reconcile_sale",
    "void_sale",
]

log = logging.getLogger("pos_app.journal")

#: PaymentIntent statuses that mean the money was taken (or held, for manual capture).
_PAID = ("succeeded", "requires_capture")
#: Statuses Stripe lets us cancel (``processing`` must finish first).
_CANCELABLE = ("requires_payment_method", "requires_confirmation", "requires_action")


class SaleIntents:
    """The few Stripe calls the journal makes on its own, with the counter's API key."""

    def __init__(
        self, api_key: str, api_base: str | None = None, *, request_timeout: float = 15.0
    ) -> None:
        self._stripe = StripeConnection(api_key, api_base, request_timeout)

    @property
    def _client(self) -> stripe.StripeClient:
        return self._stripe.client

    @staticmethod
    def create_params(sale: SaleRecord) -> PaymentIntentCreateParams:
        """The parameters ``Terminal._collect`` creates the sale's PaymentIntent with."""
        return {
            "amount": sale.amount,
            "currency": sale.currency.lower(),
            "allowed_payment_method_types": ["card_present"],
            "capture_method": "automatic",
            "metadata": {
                "comptoir_sale": sale.idempotency_key,
                "comptoir_counter_id": sale.counter_id,
                "comptoir_counter_name": sale.counter_name,
            },
        }

    async def create(self, sale: SaleRecord) -> Any:
        """Create the sale's PaymentIntent, or get the one already created under its key."""
        await self._stripe.prepare()
        return await self._client.v1.payment_intents.create_async(
            params=self.create_params(sale),
            options={"idempotency_key": f"comptoir-sale-{sale.idempotency_key}"},
        )

    async def retrieve(self, payment_intent_id: str) -> Any:
        await self._stripe.prepare()
        return await self._client.v1.payment_intents.retrieve_async(payment_intent_id)

    async def cancel(self, payment_intent_id: str) -> Any:
        await self._stripe.prepare()
        return await self._client.v1.payment_intents.cancel_async(
            payment_intent_id, params={"cancellation_reason": "abandoned"}
        )

    async def running_on_reader(self, reader_id: str, payment_intent_id: str) -> bool:
        """Whether the reader is still taking this PaymentIntent (waiting for or reading a card)."""
        await self._stripe.prepare()
        reader = (await self._client.v1.terminal.readers.retrieve_async(reader_id)).to_dict()
        action = reader.get("action") or {}
        process = action.get("process_payment_intent") or {}
        intent = process.get("payment_intent")
        if not isinstance(intent, str) and intent is not None:
            intent = intent.get("id")
        return intent == payment_intent_id and action.get("status") == "in_progress"

    async def cancel_reader_action(self, reader_id: str) -> None:
        await self._stripe.prepare()
        await self._client.v1.terminal.readers.cancel_action_async(reader_id)

    async def close(self) -> None:
        await self._stripe.aclose()


class RecoveryKind(enum.StrEnum):
    """What reconciliation found for one unfinished sale."""

    PAID = "paid"
    NOT_SENT = "not_sent"
    NOT_PAID = "not_paid"
    DECLINED = "declined"
    CANCELED = "canceled"
    STILL_ON_READER = "still_on_reader"
    STILL_PROCESSING = "still_processing"
    UNCHECKED = "unchecked"
    NEEDS_ATTENTION = "needs_attention"


_RECOVERY_MESSAGES: dict[RecoveryKind, str] = {
    RecoveryKind.PAID: QT_TRANSLATE_NOOP(
        "journal", "{amount}: paid. The payment went through; nothing more to do."
    ),
    RecoveryKind.NOT_SENT: QT_TRANSLATE_NOOP(
        "journal", "{amount}: never reached Stripe, nothing was charged. Retry or void it."
    ),
    RecoveryKind.NOT_PAID: QT_TRANSLATE_NOOP(
        "journal", "{amount}: interrupted, nothing was charged. Retry or void it."
    ),
    RecoveryKind.DECLINED: QT_TRANSLATE_NOOP(
        "journal", "{amount}: the card was declined. Retry with another card or void it."
    ),
    RecoveryKind.CANCELED: QT_TRANSLATE_NOOP(
        "journal", "{amount}: the payment was canceled in Stripe; nothing was charged."
    ),
    RecoveryKind.STILL_ON_READER: QT_TRANSLATE_NOOP(
        "journal",
        "{amount}: the reader is still waiting for the card. Retry to follow it, or void it.",
    ),
    RecoveryKind.STILL_PROCESSING: QT_TRANSLATE_NOOP(
        "journal", "{amount}: the bank has not answered yet. Check again in a moment."
    ),
    RecoveryKind.UNCHECKED: QT_TRANSLATE_NOOP(
        "journal",
        "{amount}: Stripe could not be reached to check this sale. Check again when online; "
        "it will never be charged twice.",
    ),
    RecoveryKind.NEEDS_ATTENTION: QT_TRANSLATE_NOOP(
        "journal",
        "{amount}: Stripe's answer for this sale was unexpected. Look it up in the Stripe "
        "Dashboard before retrying.",
    ),
}


@dataclass(frozen=True)
class Recovery:
    """One unfinished sale and what reconciliation made of it."""

    sale: SaleRecord
    previous: JournalState
    kind: RecoveryKind

    @property
    def template(self) -> str:
        return _RECOVERY_MESSAGES[self.kind]

    def translated(self, translate: Any = None) -> str:
        """The cashier's line; ``translate(context, text)`` localizes it."""
        template = translate("journal", self.template) if translate else self.template
        return str(template.format(amount=_amount(self.sale)))

    def as_json(self) -> dict[str, Any]:
        return {
            "sale": self.sale.id,
            "previous": self.previous.value,
            "state": self.sale.state.value,
            "kind": self.kind.value,
            "payment_intent": self.sale.payment_intent_id,
            "charge": self.sale.charge_id,
            "detail": self.sale.detail,
        }


def _unreachable(error: stripe.StripeError) -> bool:
    import stripe  # noqa: PLC0415 - loaded with the client; see pos_app/terminal/_client.py

    return isinstance(
        error, stripe.APIConnectionError | stripe.RateLimitError | stripe.APIError
    ) or ((error.http_status or 0) >= 500)


def _charge_id(intent: Any) -> str | None:
    charge = intent.to_dict().get("latest_charge")
    if charge is None:
        return None
    return charge if isinstance(charge, str) else str(charge.get("id"))


async def reconcile_sale(
    journal: Journal,
    intents: SaleIntents,
    sale: SaleRecord,
    *,
    follow_timeout: float = 30.0,
    poll_interval: float = 0.5,
) -> Recovery:
    """Find out from Stripe how ``sale`` ended and write it down."""
    from pos_app.terminal._client import load_stripe  # noqa: PLC0415

    load_stripe()
    import stripe  # noqa: PLC0415 - deferred; see pos_app/terminal/_client.py

    previous = sale.state

    def done(state: JournalState, kind: RecoveryKind, **fields: Any) -> Recovery:
        record = journal.record(sale.id, state, **fields)
        log.info("Reconciled sale %s: %s → %s (%s)", sale.id, previous, state, kind)
        return Recovery(record, previous, kind)

    if sale.state is JournalState.PENDING and sale.intent_requested_at is None:
        return done(JournalState.INTERRUPTED, RecoveryKind.NOT_SENT, detail="never_sent")
    deadline = time.monotonic() + follow_timeout
    try:
        if sale.payment_intent_id is None:
            intent = await intents.create(sale)
            journal.record(
                sale.id,
                JournalState.IN_PROGRESS,
                payment_intent_id=intent.id,
                detail="payment_intent_recovered",
            )
        else:
            intent = await intents.retrieve(sale.payment_intent_id)
        while True:
            status = intent.status
            if status in _PAID:
                return done(
                    JournalState.APPROVED,
                    RecoveryKind.PAID,
                    payment_intent_id=intent.id,
                    charge_id=_charge_id(intent),
                )
            if status == "canceled":
                return done(
                    JournalState.VOIDED,
                    RecoveryKind.CANCELED,
                    payment_intent_id=intent.id,
                    detail="payment_intent_canceled",
                )
            if status == "processing":
                if time.monotonic() >= deadline:
                    return Recovery(journal.get(sale.id), previous, RecoveryKind.STILL_PROCESSING)
            elif status == "requires_payment_method":
                running = await intents.running_on_reader(sale.reader_id, intent.id)
                if not running:
                    error = intent.to_dict().get("last_payment_error")
                    if error:
                        code = error.get("decline_code") or error.get("code") or "declined"
                        return done(
                            JournalState.DECLINED,
                            RecoveryKind.DECLINED,
                            payment_intent_id=intent.id,
                            detail=code,
                        )
                    return done(
                        JournalState.INTERRUPTED,
                        RecoveryKind.NOT_PAID,
                        payment_intent_id=intent.id,
                        detail="not_paid",
                    )
                if time.monotonic() >= deadline:
                    return done(
                        JournalState.INTERRUPTED,
                        RecoveryKind.STILL_ON_READER,
                        payment_intent_id=intent.id,
                        detail="reader_still_waiting",
                    )
            else:
                return done(
                    JournalState.NEEDS_ATTENTION,
                    RecoveryKind.NEEDS_ATTENTION,
                    payment_intent_id=intent.id,
                    detail=f"payment_intent_{status}",
                )
            await asyncio.sleep(poll_interval)
            intent = await intents.retrieve(intent.id)
    except stripe.StripeError as error:
        if _unreachable(error):
            log.warning("Sale %s not reconciled, Stripe unreachable: %s", sale.id, error)
            return Recovery(journal.get(sale.id), previous, RecoveryKind.UNCHECKED)
        log.error("Sale %s: Stripe refused the reconciliation: %s", sale.id, error)
        return done(
            JournalState.NEEDS_ATTENTION,
            RecoveryKind.NEEDS_ATTENTION,
            detail=f"{type(error).__name__}: {error.code or error.http_status}",
        )


async def reconcile(
    journal: Journal,
    intents: SaleIntents,
    *,
    follow_timeout: float = 30.0,
    poll_interval: float = 0.5,
) -> list[Recovery]:
    """Reconcile every unfinished sale, the oldest first, each followed concurrently."""
    sales = journal.unfinished()
    return list(
        await asyncio.gather(
            *(
                reconcile_sale(
                    journal,
                    intents,
                    sale,
                    follow_timeout=follow_timeout,
                    poll_interval=poll_interval,
                )
                for sale in sales
            )
        )
    )


class VoidOutcome(enum.StrEnum):
    #: Voided; its PaymentIntent (if any) is canceled.
    VOIDED = "voided"
    #: The payment went through after all: the sale is approved, not voided.
    ALREADY_PAID = "already_paid"
    #: A card is being authorized right now: try again in a moment.
    BUSY = "busy"
    #: Stripe cannot be reached: nothing changed.
    UNREACHABLE = "unreachable"
    #: Stripe refused; see the log.
    FAILED = "failed"


_VOID_MESSAGES: dict[VoidOutcome, str] = {
    VoidOutcome.VOIDED: QT_TRANSLATE_NOOP("journal", "Sale voided: {amount}."),
    VoidOutcome.ALREADY_PAID: QT_TRANSLATE_NOOP(
        "journal", "This sale was paid ({amount}) and cannot be voided."
    ),
    VoidOutcome.BUSY: QT_TRANSLATE_NOOP(
        "journal", "The card is being read; the sale cannot be voided now. Try again in a moment."
    ),
    VoidOutcome.UNREACHABLE: QT_TRANSLATE_NOOP(
        "journal", "Stripe cannot be reached, so the sale was not voided. Try again when online."
    ),
    VoidOutcome.FAILED: QT_TRANSLATE_NOOP(
        "journal", "Stripe refused to void this sale. Look it up in the Stripe Dashboard."
    ),
}


def void_message(outcome: VoidOutcome, sale: SaleRecord, translate: Any = None) -> str:
    template = _VOID_MESSAGES[outcome]
    if translate is not None:
        template = translate("journal", template)
    return str(template.format(amount=_amount(sale)))


def _amount(sale: SaleRecord) -> str:
    return f"{major_units(sale.amount, sale.currency)} {sale.currency.upper()}"


async def void_sale(
    journal: Journal, intents: SaleIntents, sale_id: str
) -> tuple[VoidOutcome, SaleRecord]:
    """Drop an open sale; cancel its PaymentIntent (and the reader's action) if it can be.

    Never voids money taken: if the PaymentIntent succeeded meanwhile, the sale is approved.
    """
    from pos_app.terminal._client import load_stripe  # noqa: PLC0415

    load_stripe()
    import stripe  # noqa: PLC0415 - deferred; see pos_app/terminal/_client.py

    sale = journal.get(sale_id)
    if sale.state is JournalState.APPROVED:
        return VoidOutcome.ALREADY_PAID, sale
    if sale.state is JournalState.VOIDED:
        return VoidOutcome.VOIDED, sale
    if sale.payment_intent_id is None and sale.intent_requested_at is None:
        return VoidOutcome.VOIDED, journal.record(sale.id, JournalState.VOIDED, detail="voided")
    try:
        intent = (
            await intents.retrieve(sale.payment_intent_id)
            if sale.payment_intent_id
            else await intents.create(sale)
        )
        if intent.status == "requires_payment_method" and await intents.running_on_reader(
            sale.reader_id, intent.id
        ):
            await intents.cancel_reader_action(sale.reader_id)
            intent = await intents.retrieve(intent.id)
        if intent.status in _PAID:
            record = journal.record(
                sale.id,
                JournalState.APPROVED,
                payment_intent_id=intent.id,
                charge_id=_charge_id(intent),
                detail="paid_before_void",
            )
            return VoidOutcome.ALREADY_PAID, record
        if intent.status == "processing":
            return VoidOutcome.BUSY, sale
        if intent.status in _CANCELABLE:
            intent = await intents.cancel(intent.id)
    except stripe.StripeError as error:
        if stripe_error_code(error) == "terminal_reader_busy":
            return VoidOutcome.BUSY, sale
        if _unreachable(error):
            return VoidOutcome.UNREACHABLE, sale
        log.error("Voiding sale %s failed: %s", sale.id, error)
        return VoidOutcome.FAILED, sale
    record = journal.record(
        sale.id, JournalState.VOIDED, payment_intent_id=intent.id, detail="voided"
    )
    return VoidOutcome.VOIDED, record


class JournalController(QObject):
    """The journal as the window sees it.

    Signals:
        recovered(list[Recovery]): what the startup reconciliation found (may be empty).
        salesChanged(): a sale was written; reports and lists may refresh.
        eventLogged(str): a translated line for the event log.
    """

    recovered = Signal(list)
    salesChanged = Signal()
    eventLogged = Signal(str)

    def __init__(
        self,
        journal: Journal,
        intents: SaleIntents,
        parent: QObject | None = None,
        *,
        follow_timeout: float = 30.0,
        poll_interval: float = 0.5,
    ) -> None:
        super().__init__(parent)
        #: The open journal (see `pos_app.views.end_of_day.open_journal` for the prompts).
        self.journal = journal
        self.intents = intents
        self.follow_timeout = follow_timeout
        self.poll_interval = poll_interval

    async def reconcile(self) -> list[Recovery]:
        """Run at startup, before the first sale; emits `recovered`."""
        recoveries = await reconcile(
            self.journal,
            self.intents,
            follow_timeout=self.follow_timeout,
            poll_interval=self.poll_interval,
        )
        if recoveries:
            self.salesChanged.emit()
        self.recovered.emit(recoveries)
        return recoveries

    def open_sales(self) -> list[SaleRecord]:
        return self.journal.open_sales()

    async def void(self, sale_id: str) -> VoidOutcome:
        outcome, sale = await void_sale(self.journal, self.intents, sale_id)
        self.eventLogged.emit(void_message(outcome, sale, QCoreApplication.translate))
        self.salesChanged.emit()
        return outcome

    def totals(self, day: dt.date | None = None) -> list[TotalsRow]:
        return self.journal.totals(day or dt.date.today())

    def export_csv(self, path: Path, day: dt.date | None = None) -> None:
        day = day or dt.date.today()
        write_totals_csv(path, day, self.journal.totals(day))

    async def close(self) -> None:
        await self.intents.close()
        self.journal.close()
