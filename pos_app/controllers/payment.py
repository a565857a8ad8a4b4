"""The payment controller: one sale at a time on the connected reader.

A sale has an idempotency key for its whole life: a retry after a decline, a network error or
an interruption reuses it, so the sale never gets a second PaymentIntent and is never charged
twice. A new amount starts a new sale.
"""

from __future__ import annotations

import enum
import logging
import uuid
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, QObject, Signal

from pos_app.terminal import PaymentResult, Terminal, TerminalError

log = logging.getLogger("pos_app.payment")


class SaleState(enum.StrEnum):
    #: Being charged on the reader.
    CHARGING = "charging"
    APPROVED = "approved"
    #: Declined, canceled or interrupted: the cashier may retry it or drop it.
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


class PaymentController(QObject):
    """Charges sales on the terminal's connected reader.

    Signals:
        saleChanged(Sale | None): the current sale and its state.
        eventLogged(str): a translated line for the event log.
    """

    saleChanged = Signal(object)
    eventLogged = Signal(str)

    def __init__(self, terminal: Terminal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.terminal = terminal
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
            sale = Sale(uuid.uuid4().hex, amount, currency, SaleState.CHARGING)
        self._set_sale(sale)
        self.eventLogged.emit(
            self.tr("Charging {amount}").format(amount=format_amount(amount, currency))
        )
        try:
            result = await self.terminal.collect_payment(amount, currency, sale.idempotency_key)
        except TerminalError as error:
            log.info("Sale %s not paid: %s", sale.id, error.detail or error.code.value)
            sale = replace(sale, state=SaleState.OPEN, error=error)
            self.eventLogged.emit(
                self.tr("Payment not taken: {reason}").format(
                    reason=error.translated(QCoreApplication.translate)
                )
            )
        else:
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
        """Forget the current sale (after an approval, or when the cashier drops it)."""
        if self._sale is not None and self._sale.state is SaleState.CHARGING:
            return
        self._set_sale(None)


def format_amount(amount: int, currency: str) -> str:
    """``1250, "eur"`` → ``"12.50 EUR"`` (the views format with the locale)."""
    return f"{amount // 100}.{amount % 100:02d} {currency.upper()}"
