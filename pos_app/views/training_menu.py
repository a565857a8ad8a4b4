"""The Training menu: make the simulated reader misbehave, to practise every situation."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from pos_app.simulator import SimulatorControl, SimulatorControlError
from pos_app.terminal import Terminal, TerminalError
from pos_app.views._slots import async_slot

__all__ = ["APPROVED_CARD", "DECLINED_CARD", "TrainingMenu"]

log = logging.getLogger("pos_app.training")

APPROVED_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
#: The imaginary other counter of training mode.
OTHER_COUNTER_ID = "9b0c7f7e-2d55-4c1e-9a57-7f1d3a6e0c21"
#: How long after the payment starts the "next card" is tapped, so the cashier sees the wait.
_TAP_DELAY_MS = 1500


class TrainingMenu(QMenu):
    """Commands sent to the embedded simulator about the reader this counter uses.

    Signals:
        eventLogged(str): a translated line for the event log.

    Attributes:
        control: the simulator's control client.
        terminal: the counter's terminal, to tap a test card the way Stripe's helper does.
        reader_id: gives the reader to act on (the connected one, or the one just lost).
    """

    eventLogged = Signal(str)

    def __init__(
        self,
        control: SimulatorControl,
        terminal: Terminal,
        reader_id: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.control = control
        self.terminal = terminal
        self.reader_id = reader_id
        self.setTitle(self.tr("&Training"))
        self.power_off_action = self.addAction(self.tr("Switch the reader off"))
        self.power_on_action = self.addAction(self.tr("Switch the reader on"))
        self.addSeparator()
        self.network_off_action = self.addAction(self.tr("Cut the reader's network"))
        self.network_on_action = self.addAction(self.tr("Restore the reader's network"))
        self.addSeparator()
        self.decline_next_action = self.addAction(self.tr("Next card will be declined"))
        self.approve_next_action = self.addAction(self.tr("Next card will be approved"))
        self.tap_action = self.addAction(self.tr("Tap an approved card now"))
        self.tap_action.setShortcut(QKeySequence("Ctrl+T"))
        self.tap_declined_action = self.addAction(self.tr("Tap a declined card now"))
        self.addSeparator()
        self.take_over_action = self.addAction(self.tr("Another counter takes the reader"))
        self.other_payment_action = self.addAction(
            self.tr("Another counter starts a payment on the reader")
        )

        self.power_off_action.triggered.connect(self.on_power_off)
        self.power_on_action.triggered.connect(self.on_power_on)
        self.network_off_action.triggered.connect(self.on_network_off)
        self.network_on_action.triggered.connect(self.on_network_on)
        self.decline_next_action.triggered.connect(self.on_decline_next)
        self.approve_next_action.triggered.connect(self.on_approve_next)
        self.tap_action.triggered.connect(self.on_tap)
        self.tap_declined_action.triggered.connect(self.on_tap_declined)
        self.take_over_action.triggered.connect(self.on_take_over)
        self.other_payment_action.triggered.connect(self.on_other_payment)

    # ------------------------------------------------------------------ slots (one line each)

    @async_slot()
    async def on_power_off(self) -> None:
        await self.power(False)

    @async_slot()
    async def on_power_on(self) -> None:
        await self.power(True)

    @async_slot()
    async def on_network_off(self) -> None:
        await self.network(False)

    @async_slot()
    async def on_network_on(self) -> None:
        await self.network(True)

    @async_slot()
    async def on_decline_next(self) -> None:
        await self.next_card(DECLINED_CARD)

    @async_slot()
    async def on_approve_next(self) -> None:
        await self.next_card(APPROVED_CARD)

    @async_slot()
    async def on_tap(self) -> None:
        await self.tap_card(APPROVED_CARD)

    @async_slot()
    async def on_tap_declined(self) -> None:
        await self.tap_card(DECLINED_CARD)

    @async_slot()
    async def on_take_over(self) -> None:
        await self.other_counter("claim")

    @async_slot()
    async def on_other_payment(self) -> None:
        await self.other_counter("payment")

    # ------------------------------------------------------------------ commands

    def _reader(self) -> str | None:
        reader_id = self.reader_id()
        if reader_id is None:
            self.eventLogged.emit(self.tr("Training: choose a reader first."))
        return reader_id

    def _failed(self, error: Exception) -> None:
        log.warning("Training command failed: %s", error)
        if isinstance(error, TerminalError):
            text = error.translated(QCoreApplication.translate)
        else:
            text = self.tr("the simulator refused the command.")
        self.eventLogged.emit(self.tr("Training: {error}").format(error=text))

    async def power(self, on: bool) -> None:
        reader_id = self._reader()
        if reader_id is None:
            return
        try:
            await self.control.power(reader_id, on=on)
        except SimulatorControlError as error:
            self._failed(error)
            return
        self.eventLogged.emit(
            self.tr("Training: the reader is switched on.")
            if on
            else self.tr("Training: the reader is switched off.")
        )

    async def network(self, connected: bool) -> None:
        reader_id = self._reader()
        if reader_id is None:
            return
        try:
            await self.control.network(reader_id, connected=connected)
        except SimulatorControlError as error:
            self._failed(error)
            return
        self.eventLogged.emit(
            self.tr("Training: the reader's network is back.")
            if connected
            else self.tr("Training: the reader's network is cut.")
        )

    async def next_card(self, number: str) -> None:
        reader_id = self._reader()
        if reader_id is None:
            return
        try:
            await self.control.next_card(reader_id, number, delay_ms=_TAP_DELAY_MS)
        except SimulatorControlError as error:
            self._failed(error)
            return
        self.eventLogged.emit(
            self.tr("Training: the next card will be declined.")
            if number == DECLINED_CARD
            else self.tr("Training: the next card will be approved.")
        )

    async def tap_card(self, number: str) -> None:
        try:
            await self.terminal.present_test_card(number)
        except TerminalError as error:
            self._failed(error)
            return
        self.eventLogged.emit(self.tr("Training: a card was tapped on the reader."))

    async def other_counter(self, action: str) -> None:
        reader_id = self._reader()
        if reader_id is None:
            return
        try:
            await self.control.other_counter(
                reader_id,
                counter_id=OTHER_COUNTER_ID,
                counter_name=self.tr("Training counter"),
                action=action,
            )
        except SimulatorControlError as error:
            self._failed(error)
            return
        self.eventLogged.emit(
            self.tr("Training: another counter took the reader.")
            if action == "claim"
            else self.tr("Training: another counter started a payment on the reader.")
        )
