"""The connection controller: the reader this counter holds, kept alive and explained.

It wraps :class:`pos_app.terminal.Terminal` and is the only place that turns terminal events
into Qt signals. It owns one state machine (``ConnectionState``), remembers the last reader in
the settings, reconnects at startup, and reacts to unexpected disconnects: automatic,
cancelable reconnection for ``reader_offline`` and ``network_lost``; "Take it back" for
``taken_over`` (never automatic: two counters would fight over the reader); the picker for
``reader_deleted``.

Asking the cashier is the view's job: the controller calls an injected ``ForcePrompt``
coroutine ("<reader> is taking a payment at <counter>. Interrupt it?") and never opens a
dialog itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping

from PySide6.QtCore import QCoreApplication, QObject, Signal

from pos_app.controllers.states import Banner, BannerAction, ConnectionState, ConnectOutcome
from pos_app.storage.settings import SavedReader, Settings
from pos_app.terminal import (
    Backoff,
    ConnectionStatus,
    DisconnectReason,
    ErrorCode,
    PaymentStatus,
    PollingPolicy,
    Reader,
    Terminal,
    TerminalError,
    is_transient,
)

log = logging.getLogger("pos_app.connection")

# Asks the cashier whether to interrupt ``reader`` busy at ``counter``; True to force.
ForcePrompt = Callable[[Reader, str], Awaitable[bool]]


class ConnectionController(QObject):
    """Keeps this counter connected to its reader.

    Signals:
        stateChanged(ConnectionState)
        readerChanged(Reader | None): the connected reader.
        readersChanged(list[Reader]): the latest discovery.
        paymentStatusChanged(PaymentStatus)
        bannerChanged(Banner | None)
        pickerRequested(str): show the reader picker, with a translated message ("" for none).
        errorOccurred(TerminalError): a failure the cashier should read.
        eventLogged(str): a line for the event log, translated.
    """

    stateChanged = Signal(object)
    readerChanged = Signal(object)
    readersChanged = Signal(object)
    paymentStatusChanged = Signal(object)
    bannerChanged = Signal(object)
    pickerRequested = Signal(str)
    errorOccurred = Signal(object)
    eventLogged = Signal(str)

    def __init__(
        self,
        settings: Settings,
        api_key: str,
        api_base: str | None = None,
        *,
        polling: PollingPolicy | None = None,
        reconnect_backoff: Callable[[], Backoff] | None = None,
        request_timeout: float = 15.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.terminal = Terminal(
            api_key=api_key,
            api_base=api_base,
            counter_id=settings.counter_id,
            counter_name=settings.counter_name,
            on_unexpected_reader_disconnect=self._on_unexpected_disconnect,
            on_connection_status_change=self._on_terminal_status,
            on_payment_status_change=self.paymentStatusChanged.emit,
            polling=polling,
            request_timeout=request_timeout,
        )
        self._backoff_factory = reconnect_backoff or (lambda: Backoff(base=1.0, cap=30.0))
        self._state = ConnectionState.NOT_CONNECTED
        self._banner: Banner | None = None
        self._readers: list[Reader] = []
        # The reader lost without asking, that the banner offers to reconnect to.
        self._lost_reader: Reader | None = None
        self._reconnect_task: asyncio.Task[None] | None = None
        self._reconnect_now = asyncio.Event()
        self.force_prompt: ForcePrompt | None = None

    # ------------------------------------------------------------------ state

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def banner(self) -> Banner | None:
        return self._banner

    @property
    def readers(self) -> list[Reader]:
        return list(self._readers)

    @property
    def reader(self) -> Reader | None:
        return self.terminal.connected_reader

    @property
    def location(self) -> str | None:
        saved = self.settings.last_reader
        return saved.location_id if saved is not None and saved.location_id else None

    def _set_state(self, state: ConnectionState) -> None:
        if state is not self._state:
            self._state = state
            self.stateChanged.emit(state)

    def _set_banner(self, banner: Banner | None) -> None:
        self._banner = banner
        self.bannerChanged.emit(banner)

    def _lost_text(self, reason: DisconnectReason, label: str, counter: str) -> str:
        if reason is DisconnectReason.TAKEN_OVER:
            text = self.tr("{counter} took over {label}")
        elif reason is DisconnectReason.READER_OFFLINE:
            text = self.tr("{label} went offline")
        elif reason is DisconnectReason.READER_DELETED:
            text = self.tr("{label} was removed from the Stripe account")
        else:
            text = self.tr("Stripe cannot be reached: lost the connection to {label}")
        return text.format(label=label, counter=counter or self.tr("another counter"))

    @staticmethod
    def _error_text(error: TerminalError) -> str:
        return error.translated(QCoreApplication.translate)

    def _log(self, text: str) -> None:
        log.info("%s", text)
        self.eventLogged.emit(text)

    # ------------------------------------------------------------------ terminal events

    def _on_terminal_status(self, status: ConnectionStatus) -> None:
        if status is ConnectionStatus.CONNECTED:
            self._set_state(ConnectionState.CONNECTED)
            self.readerChanged.emit(self.terminal.connected_reader)
        elif status is ConnectionStatus.CONNECTING:
            self._set_state(ConnectionState.CONNECTING)
        elif self._state is not ConnectionState.RECONNECTING:
            self._set_state(ConnectionState.NOT_CONNECTED)
            self.readerChanged.emit(None)

    def _on_unexpected_disconnect(
        self, reason: DisconnectReason, details: Mapping[str, str]
    ) -> None:
        reader = self.terminal.last_reader
        label = details.get("label") or (reader.label if reader else "")
        self._lost_reader = reader
        self._log(self._lost_text(reason, label, details.get("counter", "")))
        self.readerChanged.emit(None)
        if reason in (DisconnectReason.READER_OFFLINE, DisconnectReason.NETWORK_LOST):
            self._start_reconnecting(reason, label)
        elif reason is DisconnectReason.TAKEN_OVER:
            self._set_state(ConnectionState.NOT_CONNECTED)
            self._set_banner(
                Banner(
                    reason,
                    label,
                    counter_name=details.get("counter", ""),
                    actions=(BannerAction.TAKE_IT_BACK, BannerAction.CHOOSE_ANOTHER),
                )
            )
        else:
            self._set_state(ConnectionState.NOT_CONNECTED)
            self._set_banner(Banner(reason, label, actions=(BannerAction.CHOOSE_ANOTHER,)))
            self.pickerRequested.emit("")

    # ------------------------------------------------------------------ startup

    async def start(self) -> ConnectOutcome | None:
        """Reconnect to the saved reader, or ask for the picker. Never raises."""
        saved = self.settings.last_reader
        if saved is None:
            self.pickerRequested.emit("")
            return None
        self._log(
            self.tr("Reconnecting to {label}").format(label=saved.label or saved.serial_number)
        )
        try:
            readers = await self.discover(saved.location_id or None)
        except TerminalError as error:
            self.errorOccurred.emit(error)
            if is_transient(error):
                self._lost_reader = None
                self._start_reconnecting(
                    DisconnectReason.NETWORK_LOST, saved.label, saved_reader=saved
                )
            else:
                self.pickerRequested.emit(self._error_text(error))
            return ConnectOutcome.FAILED
        match = next((r for r in readers if r.serial_number == saved.serial_number), None)
        if match is None:
            self.pickerRequested.emit(
                self.tr(
                    "The saved reader {label} ({serial}) was not found at this location. "
                    "Choose a reader."
                ).format(label=saved.label, serial=saved.serial_number)
            )
            return ConnectOutcome.FAILED
        if not match.online:
            self.pickerRequested.emit(
                self.tr(
                    "The saved reader {label} ({serial}) is offline. "
                    "Switch it on, or choose another reader."
                ).format(label=match.label, serial=match.serial_number)
            )
            return ConnectOutcome.FAILED
        return await self.connect_reader(match)

    # ------------------------------------------------------------------ discover / connect

    async def discover(self, location: str | None = None) -> list[Reader]:
        previous = self._state
        if previous is ConnectionState.NOT_CONNECTED:
            self._set_state(ConnectionState.DISCOVERING)
        try:
            readers = await self.terminal.discover_readers(location=location)
        finally:
            if self._state is ConnectionState.DISCOVERING:
                self._set_state(previous)
        self._readers = readers
        self.readersChanged.emit(readers)
        return readers

    async def connect_reader(self, reader: Reader, *, ask: bool = True) -> ConnectOutcome:
        """Connect politely; if the reader is busy elsewhere, ask before interrupting it."""
        self._stop_reconnecting()
        if self.terminal.connected_reader is not None:
            if self.terminal.connected_reader.id == reader.id:
                return ConnectOutcome.CONNECTED
            await self.terminal.disconnect_reader()
        try:
            await self.terminal.connect_reader(reader, fail_if_in_use=True)
        except TerminalError as error:
            if error.code is not ErrorCode.READER_BUSY:
                return self._connect_failed(error)
            counter = error.params.get("counter", "")
            self._log(
                self.tr("{label} is busy at {counter}").format(label=reader.label, counter=counter)
            )
            prompt = self.force_prompt
            if not ask or prompt is None or not await prompt(reader, counter):
                self.pickerRequested.emit(self._error_text(error))
                return ConnectOutcome.DECLINED
            try:
                await self.terminal.connect_reader(reader, fail_if_in_use=False)
            except TerminalError as forced_error:
                return self._connect_failed(forced_error)
        self._connected()
        return ConnectOutcome.CONNECTED

    def _connect_failed(self, error: TerminalError) -> ConnectOutcome:
        self._log(self.tr("Connect failed: {error}").format(error=self._error_text(error)))
        self.errorOccurred.emit(error)
        self._set_state(ConnectionState.NOT_CONNECTED)
        return ConnectOutcome.FAILED

    def _connected(self) -> None:
        reader = self.terminal.connected_reader
        assert reader is not None
        self.settings.last_reader = SavedReader(
            serial_number=reader.serial_number,
            reader_id=reader.id,
            location_id=reader.location or "",
            label=reader.label,
        )
        self._lost_reader = None
        self._set_banner(None)
        self._set_state(ConnectionState.CONNECTED)
        self.readerChanged.emit(reader)
        self._log(
            self.tr("Connected to {label} ({serial})").format(
                label=reader.label, serial=reader.serial_number
            )
        )

    async def disconnect_reader(self) -> None:
        self._stop_reconnecting()
        self._set_banner(None)
        await self.terminal.disconnect_reader()
        self._set_state(ConnectionState.NOT_CONNECTED)
        self.readerChanged.emit(None)
        self._log(self.tr("Disconnected"))

    async def take_back(self) -> ConnectOutcome:
        """After a takeover: connect to the same reader again, asking before interrupting."""
        reader = self._lost_reader
        if reader is None:
            self.pickerRequested.emit("")
            return ConnectOutcome.FAILED
        return await self.connect_reader(reader)

    def choose_another(self) -> None:
        self._stop_reconnecting()
        self._set_banner(None)
        self._set_state(ConnectionState.NOT_CONNECTED)
        self.pickerRequested.emit("")

    # ------------------------------------------------------------------ reconnection

    def _start_reconnecting(
        self, reason: DisconnectReason, label: str, saved_reader: SavedReader | None = None
    ) -> None:
        self._stop_reconnecting()
        self._set_state(ConnectionState.RECONNECTING)
        self._reconnect_now = asyncio.Event()
        self._reconnect_task = asyncio.get_running_loop().create_task(
            self._reconnect(reason, label, saved_reader), name="reconnect-reader"
        )
        self._reconnect_task.add_done_callback(_log_task_failure)

    def _stop_reconnecting(self) -> None:
        task, self._reconnect_task = self._reconnect_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    def cancel_reconnect(self) -> None:
        """The cashier stopped the automatic reconnection."""
        if self._reconnect_task is None:
            return
        self._stop_reconnecting()
        banner = self._banner
        self._set_state(ConnectionState.NOT_CONNECTED)
        if banner is not None:
            self._set_banner(
                Banner(
                    banner.reason,
                    banner.reader_label,
                    actions=(BannerAction.RECONNECT_NOW, BannerAction.CHOOSE_ANOTHER),
                    last_error=banner.last_error,
                )
            )
        self._log(self.tr("Reconnection canceled"))

    def reconnect_now(self) -> None:
        """Skip the countdown, or restart reconnecting after it was canceled."""
        if self._reconnect_task is not None:
            self._reconnect_now.set()
        elif self._banner is not None and self._lost_reader is not None:
            self._start_reconnecting(self._banner.reason, self._banner.reader_label)

    async def _reconnect(
        self, reason: DisconnectReason, label: str, saved: SavedReader | None
    ) -> None:
        backoff = self._backoff_factory()
        last_error: TerminalError | None = None
        attempt = 0
        while True:
            attempt += 1
            delay = backoff.next_delay()
            self._set_banner(
                Banner(
                    reason,
                    label,
                    attempt=attempt,
                    next_attempt_at=time.monotonic() + delay,
                    actions=(
                        BannerAction.RECONNECT_NOW,
                        BannerAction.CANCEL_RECONNECT,
                        BannerAction.CHOOSE_ANOTHER,
                    ),
                    last_error=last_error,
                )
            )
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._reconnect_now.wait()
            self._reconnect_now.clear()
            try:
                reader = self._lost_reader
                if reader is None and saved is not None:
                    readers = await self.terminal.discover_readers(saved.location_id or None)
                    self._readers = readers
                    reader = next(
                        (r for r in readers if r.serial_number == saved.serial_number), None
                    )
                    if reader is None:
                        self._give_up(
                            self.tr(
                                "The saved reader {label} ({serial}) was not found at this "
                                "location. Choose a reader."
                            ).format(label=saved.label, serial=saved.serial_number)
                        )
                        return
                    self._lost_reader = reader
                if reader is None:
                    self._give_up("")
                    return
                self._log(
                    self.tr("Reconnection attempt {n} to {label}").format(
                        n=attempt, label=reader.label
                    )
                )
                await self.terminal.connect_reader(reader, fail_if_in_use=True)
            except TerminalError as error:
                last_error = error
                if error.code is ErrorCode.READER_BUSY:
                    # Someone else holds it now: not ours to fight for.
                    self._reconnect_task = None
                    self._set_state(ConnectionState.NOT_CONNECTED)
                    self._set_banner(
                        Banner(
                            DisconnectReason.TAKEN_OVER,
                            label,
                            counter_name=error.params.get("counter", ""),
                            actions=(BannerAction.TAKE_IT_BACK, BannerAction.CHOOSE_ANOTHER),
                        )
                    )
                    return
                if error.code in (ErrorCode.READER_NOT_FOUND, ErrorCode.AUTHENTICATION_FAILED):
                    self._give_up(self._error_text(error))
                    return
                self._log(
                    self.tr("Reconnection attempt {n} failed: {error}").format(
                        n=attempt, error=self._error_text(error)
                    )
                )
                continue
            self._reconnect_task = None
            self._connected()
            return

    def _give_up(self, message: str) -> None:
        self._reconnect_task = None
        self._set_state(ConnectionState.NOT_CONNECTED)
        self._set_banner(None)
        self.pickerRequested.emit(message)

    async def shutdown(self) -> None:
        self._stop_reconnecting()
        await self.terminal.close()


def _log_task_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("Reconnection failed", exc_info=task.exception())


__all__ = [
    "Banner",
    "BannerAction",
    "ConnectOutcome",
    "ConnectionController",
    "ConnectionState",
    "ForcePrompt",
    "PaymentStatus",
]
