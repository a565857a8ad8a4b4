"""The counter window: the reader, the sale, and what happened, for a cashier all day."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pos_app import __version__
from pos_app.controllers.states import (
    Banner,
    BannerAction,
    ConnectionState,
    ConnectOutcome,
    Sale,
    SaleState,
)
from pos_app.storage.settings import Settings
from pos_app.terminal import PaymentStatus, Reader, TerminalError
from pos_app.views._slots import async_slot
from pos_app.views.event_log import EventLog
from pos_app.views.reader_picker import ReaderPicker
from pos_app.views.reconnect_banner import ReconnectBanner
from pos_app.views.sale_panel import SalePanel
from pos_app.views.state_badge import StateBadge
from pos_app.views.theme import STYLESHEET

__all__ = ["MainWindow"]

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMessageBox

    from pos_app.controllers.connection import ConnectionController
    from pos_app.controllers.payment import PaymentController
    from pos_app.simulator import SimulatorControl
    from pos_app.views.training_menu import TrainingMenu

log = logging.getLogger("pos_app.window")


class MainWindow(QMainWindow):
    """The counter window, bound to a connection controller and a payment controller.

    Widgets render what the controllers say and send the cashier's intent back; every slot
    that talks to the network is a one-line `@asyncSlot` around a coroutine of this class.

    The window is built first and bound to its controllers afterwards (`bind`): `pos-app`
    shows it before loading asyncio, the controllers and the Stripe client, so the counter
    appears at once. Until bound, the reader and sale commands are disabled.

    Signals:
        closed(): the cashier closed the window.

    Attributes:
        controller: keeps the reader connected (set by `bind`).
        payments: takes the sales (set by `bind`).
        training: the simulator's control client in training mode, else None.
        last_outcome: how the last connect from this window ended (for tests and the log).
    """

    closed = Signal()
    setupRequested = Signal()
    readersRequested = Signal()

    controller: ConnectionController
    payments: PaymentController
    help_menu: QMenu
    training_menu: TrainingMenu | None
    _bound_actions: tuple[QAction, ...]

    def __init__(
        self,
        settings: Settings,
        *,
        training: bool = False,
        currency: str = "eur",
        version: str = __version__,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.training: SimulatorControl | None = None
        self.version = version
        self.last_outcome: ConnectOutcome | None = None
        self.prompt: QMessageBox | None = None
        self._bound = False
        self.setStyleSheet(STYLESHEET)

        self.training_strip = QLabel(
            self.tr("TRAINING MODE — practice only: no real card is charged")
        )
        self.training_strip.setObjectName("trainingStrip")
        self.training_strip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._render_mode(training)

        self.badge = StateBadge()
        self.reader_title = QLabel()
        self.reader_title.setObjectName("readerTitle")
        self.reader_title.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(self.badge)
        header.addWidget(self.reader_title, 1)

        self.banner = ReconnectBanner()
        self.sale_panel = SalePanel(currency)
        self.picker = ReaderPicker(settings.counter_id)
        self.event_log = EventLog()
        log_box = QGroupBox(self.tr("Events"))
        log_layout = QVBoxLayout(log_box)
        log_layout.addWidget(self.event_log)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.picker)
        right.addWidget(log_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.sale_panel)
        body.addWidget(right)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 3)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.training_strip)
        inner = QVBoxLayout()
        inner.setContentsMargins(10, 10, 10, 10)
        inner.addLayout(header)
        inner.addWidget(self.banner)
        inner.addWidget(body, 1)
        layout.addLayout(inner, 1)
        self.setCentralWidget(central)

        self.status_state = StateBadge()
        self.status_state.setObjectName("statusBadge")
        self.status_reader = QLabel()
        self.status_payment = QLabel()
        status = self.statusBar()
        status.addWidget(self.status_state)
        status.addWidget(self.status_reader, 1)
        status.addPermanentWidget(self.status_payment)

        self._closing = False
        self._build_menus()
        self._build_shortcuts()
        self._render_reader(None)
        self._render_payment_status(PaymentStatus.NOT_READY)
        self._render_state(ConnectionState.NOT_CONNECTED)
        for action in self._bound_actions:
            action.setEnabled(False)
        self.resize(1100, 760)
        self.sale_panel.amount_edit.setFocus()

    def bind(
        self,
        controller: ConnectionController,
        payments: PaymentController,
        *,
        training: SimulatorControl | None = None,
    ) -> None:
        """Wire the window to its controllers (once); `training` is the simulator's control
        client in training mode."""
        if self._bound:
            raise RuntimeError("the window is already bound to its controllers")
        self.controller = controller
        self.payments = payments
        self.training = training
        self._bound = True
        self._render_mode(training is not None)
        if training is not None:
            from pos_app.views.training_menu import TrainingMenu  # noqa: PLC0415 - training only

            menu = TrainingMenu(training, controller.terminal, self._reader_id, self)
            menu.eventLogged.connect(self.event_log.add)
            self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
            self.training_menu = menu
        self._wire()
        for action in self._bound_actions:
            action.setEnabled(True)
        self._render_state(controller.state)
        self._render_reader(controller.reader)
        self._render_payment_status(controller.terminal.payment_status)
        self._render_banner(controller.banner)

    @property
    def bound(self) -> bool:
        return self._bound

    @property
    def counter_name(self) -> str:
        return self.settings.counter_name

    def _render_mode(self, training: bool) -> None:
        self.training_strip.setVisible(training)
        self.setWindowTitle(
            self.tr("Comptoir — {counter} (training)").format(counter=self.counter_name)
            if training
            else self.tr("Comptoir — {counter}").format(counter=self.counter_name)
        )

    # ------------------------------------------------------------------ construction

    def _build_menus(self) -> None:
        reader_menu = self.menuBar().addMenu(self.tr("&Reader"))
        self.choose_action = reader_menu.addAction(self.tr("Choose a reader…"))
        self.choose_action.setShortcut(QKeySequence("Ctrl+L"))
        self.choose_action.triggered.connect(self.on_show_picker)
        self.reconnect_action = reader_menu.addAction(self.tr("Reconnect now"))
        self.reconnect_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reconnect_action.triggered.connect(self.on_reconnect)
        self.disconnect_action = reader_menu.addAction(self.tr("Disconnect"))
        self.disconnect_action.triggered.connect(self.on_disconnect)
        reader_menu.addSeparator()
        self.end_of_day_action = reader_menu.addAction(self.tr("End of day…"))
        self.end_of_day_action.triggered.connect(self.on_end_of_day)
        self.setup_action = reader_menu.addAction(self.tr("Store setup…"))
        self.setup_action.triggered.connect(self.setupRequested.emit)
        self.readers_action = reader_menu.addAction(self.tr("Manage readers…"))
        self.readers_action.triggered.connect(self.readersRequested.emit)
        reader_menu.addSeparator()
        quit_action = reader_menu.addAction(self.tr("Quit"))
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)

        self.training_menu = None
        self.help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.diagnostics_action = self.help_menu.addAction(self.tr("Copy diagnostics"))
        self.diagnostics_action.triggered.connect(self.copy_diagnostics)
        about_action = self.help_menu.addAction(self.tr("About Comptoir"))
        about_action.triggered.connect(self.on_about)
        #: Commands that need the controllers: disabled until `bind`.
        self._bound_actions = (
            self.choose_action,
            self.reconnect_action,
            self.disconnect_action,
            self.end_of_day_action,
            self.setup_action,
            self.readers_action,
            self.diagnostics_action,
        )

    def _build_shortcuts(self) -> None:
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self, self.sale_panel.request_charge)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.on_escape)

    def _wire(self) -> None:
        c = self.controller
        c.stateChanged.connect(self._render_state)
        c.readerChanged.connect(self._render_reader)
        c.readersChanged.connect(self.picker.set_readers)
        c.paymentStatusChanged.connect(self._render_payment_status)
        c.bannerChanged.connect(self._render_banner)
        c.pickerRequested.connect(self.on_picker_requested)
        c.errorOccurred.connect(self._render_error)
        c.eventLogged.connect(self.event_log.add)
        c.force_prompt = self.ask_interrupt

        self.payments.saleChanged.connect(self._render_sale)
        self.payments.eventLogged.connect(self.event_log.add)

        self.picker.refreshRequested.connect(self.on_refresh)
        self.picker.connectRequested.connect(self.on_connect)
        self.picker.disconnectRequested.connect(self.on_disconnect)
        self.banner.actionTriggered.connect(self.on_banner_action)
        self.sale_panel.chargeRequested.connect(self.on_charge)
        self.sale_panel.cancelRequested.connect(self.on_cancel_payment)
        self.sale_panel.retryRequested.connect(self.on_retry)

    def _reader_id(self) -> str | None:
        reader = self.controller.reader or self.controller.terminal.last_reader
        if reader is not None:
            return reader.id
        saved = self.controller.settings.last_reader
        return saved.reader_id if saved is not None else None

    # ------------------------------------------------------------------ rendering

    def _render_state(self, state: ConnectionState) -> None:
        self.badge.set_state(state)
        self.status_state.set_state(state)
        working = state in (ConnectionState.DISCOVERING, ConnectionState.CONNECTING)
        self.picker.set_working(working)
        self.sale_panel.set_ready(state is ConnectionState.CONNECTED)
        self.disconnect_action.setEnabled(state is ConnectionState.CONNECTED)

    def _render_reader(self, reader: Reader | None) -> None:
        self.picker.set_connected(reader)
        if reader is None:
            banner = self.controller.banner if self._bound else None
            if banner is not None:
                text = banner.reader_label
            else:
                text = self.tr("Choose a card reader to take payments (Ctrl+L).")
            self.reader_title.setText(text)
            self.status_reader.setText(
                self.tr("Counter {counter} · no reader").format(counter=self.counter_name)
            )
            return
        self.reader_title.setText(
            self.tr("{label} · serial {serial}").format(
                label=reader.label, serial=reader.serial_number
            )
        )
        self.status_reader.setText(
            self.tr("Counter {counter} · reader {label} ({serial})").format(
                counter=self.counter_name, label=reader.label, serial=reader.serial_number
            )
        )

    def _render_payment_status(self, status: PaymentStatus) -> None:
        self.badge.set_payment_status(status)
        self.status_state.set_payment_status(status)
        self.status_payment.setText(
            self.tr("Payment: {status}").format(status=self.badge.payment_text(status))
        )

    def _render_banner(self, banner: Banner | None) -> None:
        self.banner.set_banner(banner)
        if not self._bound or self.controller.reader is None:
            self._render_reader(None)

    def _render_error(self, error: TerminalError) -> None:
        if self._closing:
            # A network call that was in flight when the cashier closed the window ends
            # with an error once the session is shut: there is nothing left to show it on.
            return
        text = error.translated(QCoreApplication.translate)
        self.picker.set_message(text)
        self.statusBar().showMessage(text, 10_000)

    def _render_sale(self, sale: Sale | None) -> None:
        if sale is not None and sale.state is SaleState.APPROVED:
            # Paid: a second Enter must not charge the same amount again.
            self.sale_panel.set_amount_text("")
        self.sale_panel.set_sale(sale)

    # ------------------------------------------------------------------ slots (one line each)

    @async_slot()
    async def on_refresh(self) -> None:
        await self.refresh()

    @async_slot(object)
    async def on_connect(self, reader: Reader) -> None:
        await self.connect_to(reader)

    @async_slot()
    async def on_disconnect(self) -> None:
        await self.disconnect_reader()

    @async_slot(object)
    async def on_banner_action(self, action: BannerAction) -> None:
        await self.banner_action(action)

    @async_slot()
    async def on_reconnect(self) -> None:
        await self.reconnect()

    @async_slot()
    async def on_show_picker(self) -> None:
        await self.show_picker()

    def on_picker_requested(self, message: str) -> None:
        self.picker.set_message(message)
        self.picker.list.setFocus()
        self.on_refresh()

    @async_slot(int)
    async def on_charge(self, amount: int) -> None:
        await self.charge(amount)

    @async_slot()
    async def on_cancel_payment(self) -> None:
        await self.cancel_payment()

    @async_slot()
    async def on_retry(self) -> None:
        await self.retry()

    def on_escape(self) -> None:
        if not self._bound:
            return
        sale = self.payments.sale
        if sale is not None and sale.state is SaleState.CHARGING:
            self.sale_panel.cancelRequested.emit()
            return
        self.payments.clear()
        self.sale_panel.set_amount_text("")
        self.sale_panel.amount_edit.setFocus()

    def on_end_of_day(self) -> None:
        """Totals of the day per counter and reader, with a CSV export."""
        journal = self.payments.journal
        if journal is not None:
            from pos_app.views.end_of_day import EndOfDayDialog  # noqa: PLC0415 - when opened

            EndOfDayDialog(journal, parent=self).open()

    def on_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - not needed to start

        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About Comptoir"),
            self.tr("Comptoir {version}: card payments on Stripe Terminal readers.").format(
                version=self.version
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # ------------------------------------------------------------------ coroutines

    async def start(self) -> ConnectOutcome | None:
        """Startup: reconnect to the saved reader, or show the picker."""
        return await self.controller.start()

    async def refresh(self) -> list[Reader]:
        try:
            return await self.controller.discover(None)
        except TerminalError as error:
            self._render_error(error)
            return []

    async def show_picker(self, message: str = "") -> None:
        self.picker.set_message(message)
        self.picker.list.setFocus()
        await self.refresh()

    async def connect_to(self, reader: Reader) -> ConnectOutcome:
        self.picker.set_message("")
        self.last_outcome = await self.controller.connect_reader(reader)
        if self.last_outcome is ConnectOutcome.CONNECTED:
            self.sale_panel.amount_edit.setFocus()
        return self.last_outcome

    async def disconnect_reader(self) -> None:
        await self.controller.disconnect_reader()

    async def reconnect(self) -> None:
        """Ctrl+R: whatever "reconnect" means in the current situation."""
        banner = self.controller.banner
        if banner is not None and BannerAction.RECONNECT_NOW in banner.actions:
            self.controller.reconnect_now()
        elif banner is not None and BannerAction.TAKE_IT_BACK in banner.actions:
            await self.banner_action(BannerAction.TAKE_IT_BACK)
        elif self.controller.state is ConnectionState.NOT_CONNECTED:
            await self.start()

    async def banner_action(self, action: BannerAction) -> None:
        if action is BannerAction.RECONNECT_NOW:
            self.controller.reconnect_now()
        elif action is BannerAction.CANCEL_RECONNECT:
            self.controller.cancel_reconnect()
        elif action is BannerAction.CHOOSE_ANOTHER:
            self.controller.choose_another()
        else:
            self.last_outcome = await self.controller.take_back()

    async def charge(self, amount: int) -> Sale:
        return await self.payments.charge(amount, self.sale_panel.currency)

    async def retry(self) -> Sale | None:
        return await self.payments.retry()

    async def cancel_payment(self) -> None:
        try:
            await self.payments.cancel()
        except TerminalError as error:
            self.event_log.add(error.translated(QCoreApplication.translate))

    async def ask_interrupt(self, reader: Reader, counter: str) -> bool:
        """The busy prompt, wired as the controller's `force_prompt`."""
        text = self.tr("{reader} is taking a payment at {counter}. Interrupt it?").format(
            reader=reader.label, counter=counter or self.tr("another counter")
        )
        from pos_app.asyncqt import ask  # noqa: PLC0415 - loaded with the controllers

        answer = await ask(self, self.tr("Reader in use"), text)
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - not needed to start

        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ help

    def diagnostics(self) -> str:
        from pos_app.views.diagnostics import diagnostics_text  # noqa: PLC0415 - when asked

        return diagnostics_text(
            self.controller, version=self.version, training=self.training is not None
        )

    def copy_diagnostics(self) -> None:
        from PySide6.QtGui import QGuiApplication  # noqa: PLC0415 - not needed to start

        QGuiApplication.clipboard().setText(self.diagnostics())
        self.statusBar().showMessage(self.tr("Diagnostics copied to the clipboard."), 5000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self.closed.emit()
        super().closeEvent(event)
