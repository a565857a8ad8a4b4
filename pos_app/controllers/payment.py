"""The payment controller: one sale at a time on the connected reader.

A sale has an idempotency key for its whole life: a retry after a decline, a network error or
an interruption reuses it, so the sale never gets a second PaymentIntent and is never charged
twice. A new amount starts a new sale (the open one is voided).

With a journal (`pos_app.controllers.journal.JournalController`) every sale is written before
any call to Stripe, its PaymentIntent is created and its id written before the reader is asked
to take it, and every outcome is written as it arrives; see docs/journal.md.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QObject, Signal

from pos_app.controllers.journal import JournalController, VoidOutcome
from pos_app.controllers.states import Sale, SaleState
from pos_app.storage.journal import JournalError, JournalState, SaleRecord, major_units
from pos_app.terminal import Terminal, TerminalError

log = logging.getLogger("pos_app.payment")


class PaymentController(QObject):
    """Charges sales on the terminal's connected reader.

    Signals:
        saleChanged(Sale | None): the current sale and its state.
        eventLogged(str): a translated line for the event log.
    """

    saleChanged = Signal(object)
    eventLogged = Signal(str)

    def __init__(
        self,
        terminal: Terminal,
        parent: QObject | None = None,
        *,
        journal: JournalController | None = None,
        on_step: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.terminal = terminal
        # Where sales are written; None only in tests of the payment flow alone.
        self.journal = journal
        # Called with the name of each step of a sale (``sale_recorded``, ``intent_created``,
        # ``intent_recorded``, ``payment_finished``): a test hook for the crash tests.
        self.on_step = on_step
        self._sale: Sale | None = None

    @property
    def sale(self) -> Sale | None:
        return self._sale

    def _set_sale(self, sale: Sale | None) -> None:
        self._sale = sale
        self.saleChanged.emit(sale)

    async def charge(self, amount: int, currency: str = "eur") -> Sale:
        """Charge ``amount`` (minor units). Retries the open sale if it has the same amount."""
        current = self._sale
        if current is not None and current.state is SaleState.CHARGING:
            return current
        if (
            current is not None
            and current.state is SaleState.OPEN
            and (current.amount, current.currency) == (amount, currency)
        ):
            sale = replace(current, state=SaleState.CHARGING, result=None, error=None)
        else:
            if current is not None and current.state is SaleState.OPEN:
                dropped = await self.void()
                if dropped is VoidOutcome.ALREADY_PAID:
                    assert self._sale is not None
                    return self._sale
            sale = Sale(uuid.uuid4().hex, amount, currency, SaleState.CHARGING)
        self._set_sale(sale)
        self.eventLogged.emit(
            self.tr("Charging {amount}").format(amount=format_amount(amount, currency))
        )
        try:
            await self._before_collect(sale)
        except JournalError as error:
            log.error("Sale %s not started, the journal failed: %s", sale.id, error.detail)
            self.eventLogged.emit(error.translated(QCoreApplication.translate))
            sale = replace(sale, state=SaleState.OPEN)
            self._set_sale(sale)
            return sale
        try:
            result = await self.terminal.collect_payment(amount, currency, sale.idempotency_key)
        except TerminalError as error:
            log.info("Sale %s not paid: %s", sale.id, error.detail or error.code.value)
            self._write(
                sale.id,
                JournalState.INTERRUPTED,
                detail=error.code.value,
            )
            sale = replace(sale, state=SaleState.OPEN, error=error)
            self.eventLogged.emit(
                self.tr("Payment not taken: {reason}").format(
                    reason=error.translated(QCoreApplication.translate)
                )
            )
        else:
            self._step("payment_finished")
            self._write(
                sale.id,
                JournalState.APPROVED if result.approved else JournalState.DECLINED,
                payment_intent_id=result.payment_intent_id,
                charge_id=result.charge_id,
                detail=None if result.approved else (result.decline_code or result.failure_code),
            )
            state = SaleState.APPROVED if result.approved else SaleState.OPEN
            sale = replace(sale, state=state, result=result)
            if result.approved:
                self.eventLogged.emit(
                    self.tr("Payment approved: {amount}").format(
                        amount=format_amount(amount, currency)
                    )
                )
            else:
                self.eventLogged.emit(
                    self.tr("Payment declined: {reason}").format(
                        reason=result.failure_message or result.decline_code or ""
                    )
                )
        self._set_sale(sale)
        return sale

    def _step(self, name: str) -> None:
        if self.on_step is not None:
            self.on_step(name)

    def _write(
        self,
        sale_id: str,
        state: JournalState,
        *,
        payment_intent_id: str | None = None,
        charge_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Write an outcome; a journal failure now must not hide the outcome from the cashier."""
        if self.journal is None or self.journal.journal.find(sale_id) is None:
            return
        try:
            self.journal.journal.record(
                sale_id,
                state,
                payment_intent_id=payment_intent_id,
                charge_id=charge_id,
                detail=detail,
            )
        except JournalError as error:
            # Reconciliation at the next startup asks Stripe and writes what was missed.
            log.error("Sale %s: could not write %s: %s", sale_id, state, error.detail)
            self.eventLogged.emit(error.translated(QCoreApplication.translate))
        self.journal.salesChanged.emit()

    async def _before_collect(self, sale: Sale) -> None:
        """Write the sale, then create its PaymentIntent and write its id, before the reader.

        The create uses the Terminal's exact parameters and Idempotency-Key, so the Terminal's
        own create returns this same PaymentIntent.
        """
        import stripe  # noqa: PLC0415 - deferred; see pos_app/terminal/_client.py

        if self.journal is None:
            return
        journal = self.journal.journal
        record = journal.find(sale.id)
        if record is None:
            reader = self.terminal.connected_reader
            if reader is None:
                return  # the terminal refuses before any call to Stripe
            record = journal.create_sale(
                sale.id,
                idempotency_key=sale.idempotency_key,
                amount=sale.amount,
                currency=sale.currency,
                counter_id=self.terminal.counter_id,
                counter_name=self.terminal.counter_name,
                reader_id=reader.id,
                reader_label=reader.label,
            )
            self.journal.salesChanged.emit()
            self._step("sale_recorded")
        if record.payment_intent_id is not None:
            journal.record(sale.id, JournalState.IN_PROGRESS, detail="retry")
            return
        journal.record(
            sale.id, JournalState.IN_PROGRESS, intent_requested=True, detail="creating_intent"
        )
        try:
            intent = await self.journal.intents.create(record)
        except stripe.StripeError as error:
            # The terminal sends the same request next and reports its failure.
            log.warning("Sale %s: creating its PaymentIntent failed: %s", sale.id, error)
            return
        self._step("intent_created")
        journal.record(sale.id, JournalState.IN_PROGRESS, payment_intent_id=intent.id)
        self._step("intent_recorded")

    def resume(self, sale_id: str) -> Sale | None:
        """Make an open sale from the journal the current sale, to `retry` or `void` it."""
        current = self._sale
        if self.journal is None or (current is not None and current.state is SaleState.CHARGING):
            return None
        record: SaleRecord = self.journal.journal.get(sale_id)
        if record.state.closed:
            return None
        sale = Sale(record.id, record.amount, record.currency, SaleState.OPEN)
        self._set_sale(sale)
        return sale

    async def void(self, sale_id: str | None = None) -> VoidOutcome | None:
        """Drop the open sale (or the journal's sale ``sale_id``), canceling its PaymentIntent.

        None when there is nothing to void (no sale, or it is being charged: cancel it first).
        A sale found paid meanwhile becomes approved instead (`VoidOutcome.ALREADY_PAID`).
        """
        current = self._sale
        target = sale_id or (current.id if current is not None else None)
        if target is None:
            return None
        is_current = current is not None and current.id == target
        if is_current and current is not None and current.state is not SaleState.OPEN:
            return None
        if self.journal is None or self.journal.journal.find(target) is None:
            if is_current:
                self._set_sale(None)
            return VoidOutcome.VOIDED
        outcome = await self.journal.void(target)
        if is_current and current is not None:
            if outcome is VoidOutcome.VOIDED:
                self._set_sale(None)
            elif outcome is VoidOutcome.ALREADY_PAID:
                self._set_sale(replace(current, state=SaleState.APPROVED))
        return outcome

    async def retry(self) -> Sale | None:
        sale = self._sale
        if sale is None or sale.state is not SaleState.OPEN:
            return sale
        return await self.charge(sale.amount, sale.currency)

    async def cancel(self) -> None:
        """Cancel the payment in flight on the reader; the sale stays open."""
        if self._sale is not None and self._sale.state is SaleState.CHARGING:
            await self.terminal.cancel_payment()

    def clear(self) -> None:
        """Forget the current sale on screen. An open sale stays open in the journal: to drop
        it, `void` it."""
        if self._sale is not None and self._sale.state is SaleState.CHARGING:
            return
        self._set_sale(None)


def format_amount(amount: int, currency: str) -> str:
    """``1250, "eur"`` → ``"12.50 EUR"`` (the views format with the locale)."""
    return f"{major_units(amount, currency)} {currency.upper()}"
