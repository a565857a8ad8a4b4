"""The one place where the connection state becomes words and colour."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from pos_app.controllers.states import ConnectionState
from pos_app.terminal import PaymentStatus
from pos_app.views.theme import StatusLevel, set_status

__all__ = ["StateBadge"]

_LEVELS: dict[ConnectionState, StatusLevel] = {
    ConnectionState.NOT_CONNECTED: StatusLevel.ERROR,
    ConnectionState.DISCOVERING: StatusLevel.WORKING,
    ConnectionState.CONNECTING: StatusLevel.WORKING,
    ConnectionState.CONNECTED: StatusLevel.OK,
    ConnectionState.RECONNECTING: StatusLevel.WORKING,
}


class StateBadge(QLabel):
    """Shows a `ConnectionState` (and the payment status while connected) in large type.

    Attributes:
        state: the state shown.
        level: its colour, as a `StatusLevel` (also the `status` QSS property).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateBadge")
        self.state = ConnectionState.NOT_CONNECTED
        self.payment_status = PaymentStatus.NOT_READY
        self.level = StatusLevel.IDLE
        self.set_state(ConnectionState.NOT_CONNECTED)

    def state_text(self, state: ConnectionState) -> str:
        if state is ConnectionState.NOT_CONNECTED:
            return self.tr("No reader connected")
        if state is ConnectionState.DISCOVERING:
            return self.tr("Looking for readers…")
        if state is ConnectionState.CONNECTING:
            return self.tr("Connecting…")
        if state is ConnectionState.RECONNECTING:
            return self.tr("Reconnecting…")
        return self.tr("Connected")

    def payment_text(self, status: PaymentStatus) -> str:
        if status is PaymentStatus.WAITING_FOR_INPUT:
            return self.tr("Waiting for the card")
        if status is PaymentStatus.PROCESSING:
            return self.tr("Authorizing the card")
        if status is PaymentStatus.READY:
            return self.tr("Ready")
        return self.tr("Not ready")

    def set_state(self, state: ConnectionState) -> None:
        self.state = state
        self._render()

    def set_payment_status(self, status: PaymentStatus) -> None:
        self.payment_status = status
        self._render()

    def _render(self) -> None:
        text = self.state_text(self.state)
        if self.state is ConnectionState.CONNECTED and self.payment_status in (
            PaymentStatus.WAITING_FOR_INPUT,
            PaymentStatus.PROCESSING,
        ):
            text = self.tr("{state} · {payment}").format(
                state=text, payment=self.payment_text(self.payment_status)
            )
        self.setText(text)
        self.level = _LEVELS[self.state]
        set_status(self, self.level)
