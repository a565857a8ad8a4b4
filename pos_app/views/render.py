"""Screenshots of the counter window's main states, for the README and for review.

`pos-app --render-states DIR` (or `scripts/render_states.py DIR`) drives the real window
against an embedded simulator, offscreen, and saves one PNG per state with `QWidget.grab()`.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QMessageBox, QWidget

from pos_app.controllers.states import BannerAction, ConnectionState, SaleState
from pos_app.simulator import TRAINING_API_KEY, SimulatorServer
from pos_app.storage.settings import Settings
from pos_app.terminal import Backoff, DisconnectReason, PaymentStatus, PollingPolicy
from pos_app.views.session import CounterSession
from pos_app.views.training_menu import DECLINED_CARD

__all__ = ["render_states"]

_POLLING = PollingPolicy(idle_interval=0.2, active_interval=0.05, max_interval=0.6)
_SIZE = (1100, 760)


async def _until(predicate: Callable[[], bool], what: str, within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"render-states: gave up waiting for {what}")
        await asyncio.sleep(0.03)


def _with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with a dialog drawn over its centre (offscreen, each is its own surface)."""
    shot = window.grab()
    box = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 90))
    painter.drawPixmap(
        QPoint((shot.width() - box.width()) // 2, (shot.height() - box.height()) // 3), box
    )
    painter.end()
    return shot


async def render_states(out_dir: Path) -> list[Path]:
    """Render every main state into `out_dir`; return the files written, in order."""
    _make_dir(out_dir)
    written: list[Path] = []
    simulator = SimulatorServer(seed=True, offline_after=0.5).start()
    try:
        with tempfile.TemporaryDirectory(prefix="comptoir-render-") as tmp:
            settings = Settings.from_file(Path(tmp) / "render.ini")
            settings.counter_name = "Till 1"
            session = CounterSession.open(
                settings,
                TRAINING_API_KEY,
                simulator.url,
                training=True,
                polling=_POLLING,
                reconnect_backoff=lambda: Backoff(base=6.0, cap=12.0, jitter=0.0),
                request_timeout=3.0,
            )
            try:
                await _render(session, simulator, out_dir, written)
            finally:
                await session.close(3.0)
    finally:
        simulator.stop()
    return written


async def _render(
    session: CounterSession, simulator: SimulatorServer, out_dir: Path, written: list[Path]
) -> None:
    window, controller, payments = session.window, session.controller, session.payments
    control = session.control
    assert control is not None
    window.resize(*_SIZE)
    window.show()

    def save(name: str, pixmap: QPixmap | None = None) -> None:
        path = out_dir / f"{name}.png"
        (pixmap if pixmap is not None else window.grab()).save(str(path))
        written.append(path)

    def banner_is(reason: DisconnectReason) -> bool:
        return controller.banner is not None and controller.banner.reason is reason

    def connected() -> bool:
        return controller.state is ConnectionState.CONNECTED

    # The picker: nothing saved yet.
    await window.start()
    await _until(lambda: len(window.picker.readers) > 0, "the readers")
    await asyncio.sleep(0.1)  # let Qt lay out and paint, without processEvents()
    save("01-picker")

    reader = window.picker.readers[0]
    await window.connect_to(reader)
    await asyncio.sleep(0.1)  # let Qt lay out and paint, without processEvents()
    save("02-connected")

    # A sale approved, then one declined.
    window.sale_panel.set_amount_text("12.50")
    window.sale_panel.request_charge()
    await _until(
        lambda: controller.terminal.payment_status is PaymentStatus.WAITING_FOR_INPUT, "a payment"
    )
    await asyncio.sleep(0.1)  # let Qt lay out and paint, without processEvents()
    save("03-charging")
    await controller.terminal.present_test_card()
    await _until(
        lambda: payments.sale is not None and payments.sale.state is SaleState.APPROVED, "approval"
    )
    await asyncio.sleep(0.1)  # let Qt lay out and paint, without processEvents()
    save("04-approved")

    window.sale_panel.set_amount_text("8.00")
    window.sale_panel.request_charge()
    await _until(
        lambda: controller.terminal.payment_status is PaymentStatus.WAITING_FOR_INPUT, "a payment"
    )
    await controller.terminal.present_test_card(DECLINED_CARD)
    await _until(
        lambda: payments.sale is not None and payments.sale.state is SaleState.OPEN, "decline"
    )
    await asyncio.sleep(0.1)  # let Qt lay out and paint, without processEvents()
    save("05-declined")
    window.on_escape()

    # The reader switched off: reconnecting on its own, with a countdown.
    await control.power(reader.id, on=False)
    await _until(lambda: banner_is(DisconnectReason.READER_OFFLINE), "the offline banner")
    await asyncio.sleep(1.2)
    await asyncio.sleep(0.1)  # let Qt lay out and paint, without processEvents()
    save("06-banner-offline")
    await control.power(reader.id, on=True)
    controller.reconnect_now()
    await _until(connected, "reconnection")

    # This counter's network lost.
    await control.add_fault(path="/v1/", kind="error", status=503)
    await _until(lambda: banner_is(DisconnectReason.NETWORK_LOST), "the network banner")
    await asyncio.sleep(0.3)
    await asyncio.sleep(0.1)  # let Qt lay out and paint, without processEvents()
    save("07-banner-network-lost")
    await control.clear_faults()
    controller.reconnect_now()
    await _until(connected, "reconnection")

    # Another counter took the reader over.
    await control.other_counter(
        reader.id,
        counter_id="00000000-0000-4000-8000-000000000002",
        counter_name="Till 2",
        action="claim",
    )
    await _until(lambda: banner_is(DisconnectReason.TAKEN_OVER), "the taken-over banner")
    await asyncio.sleep(0.1)  # let Qt lay out and paint, without processEvents()
    save("08-banner-taken-over")

    # Taking it back while Till 2 is mid-payment: the busy prompt.
    await control.other_counter(
        reader.id,
        counter_id="00000000-0000-4000-8000-000000000002",
        counter_name="Till 2",
        action="payment",
    )
    await window.refresh()
    taking_back = asyncio.create_task(window.banner_action(BannerAction.TAKE_IT_BACK))
    await _until(lambda: _prompt(window) is not None, "the busy prompt")
    prompt = _prompt(window)
    assert prompt is not None
    await asyncio.sleep(0.2)
    await asyncio.sleep(0.1)  # let Qt lay out and paint, without processEvents()
    save("09-busy-prompt", _with_dialog(window, prompt))
    yes = prompt.button(QMessageBox.StandardButton.Yes)
    assert yes is not None
    yes.click()
    await taking_back
    await _until(connected, "the forced connection")

    # The reader deleted from the account.
    simulator.state.delete_reader(reader.id)
    await _until(lambda: banner_is(DisconnectReason.READER_DELETED), "the deleted banner")
    await _until(lambda: len(window.picker.readers) == 1, "the picker refresh")
    await asyncio.sleep(0.1)  # let Qt lay out and paint, without processEvents()
    save("10-banner-deleted")


def _make_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)


def _prompt(window: QWidget) -> QMessageBox | None:
    return next((box for box in window.findChildren(QMessageBox) if box.isVisible()), None)
