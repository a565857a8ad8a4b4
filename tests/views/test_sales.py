"""Sales end to end through the window, the keyboard, diagnostics and responsiveness."""

from __future__ import annotations

import asyncio
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from pos_app.controllers.connection import ConnectOutcome
from pos_app.controllers.states import SaleState
from pos_app.simulator import TRAINING_API_KEY, SimulatorControl
from pos_app.terminal import ErrorCode, PaymentStatus
from pos_app.views.sale_panel import parse_amount
from pos_app.views.session import CounterSession

from .conftest import Counter, eventually, reader_named


async def ready_counter(counter: Counter) -> CounterSession:
    session = counter("Till 1")
    reader = await reader_named(session, "Counter reader 1")
    assert await session.window.connect_to(reader) is ConnectOutcome.CONNECTED
    return session


def waiting_for_card(session: CounterSession) -> bool:
    return session.controller.terminal.payment_status is PaymentStatus.WAITING_FOR_INPUT


def sale_state(session: CounterSession) -> SaleState | None:
    sale = session.payments.sale
    return sale.state if sale is not None else None


def test_parse_amount() -> None:
    assert parse_amount("12.50") == 1250
    assert parse_amount("12,5") == 1250
    assert parse_amount("7") == 700
    assert parse_amount("0") is None
    assert parse_amount("") is None
    assert parse_amount("1.234") is None


async def test_sale_approved_typed_and_entered(counter: Counter) -> None:
    session = await ready_counter(counter)
    window, panel = session.window, session.window.sale_panel
    assert window.training_menu is not None

    QTest.keyClicks(panel.amount_edit, "12")
    panel.keypad_buttons["."].click()
    QTest.keyClicks(panel.amount_edit, "50")
    assert panel.amount() == 1250
    QTest.keyClick(panel.amount_edit, Qt.Key.Key_Return)

    await eventually(lambda: waiting_for_card(session))
    assert "Charging" in panel.result.text()
    assert window.badge.text() == "Connected · Waiting for the card"
    window.training_menu.tap_action.trigger()

    await eventually(lambda: sale_state(session) is SaleState.APPROVED)
    assert panel.result.text().startswith("Approved: ")
    assert "12.50" in panel.result.text()
    assert panel.result.property("status") == "ok"
    assert panel.amount_edit.text() == "" and not panel.charge_button.isEnabled()
    assert any("Payment approved" in line for line in window.event_log.lines)


async def test_sale_declined_then_retried(counter: Counter) -> None:
    session = await ready_counter(counter)
    window, panel = session.window, session.window.sale_panel
    assert window.training_menu is not None

    QTest.keyClicks(panel.amount_edit, "8")
    QTest.keyClick(panel.amount_edit, Qt.Key.Key_Enter)
    await eventually(lambda: waiting_for_card(session))
    window.training_menu.tap_declined_action.trigger()

    await eventually(lambda: sale_state(session) is SaleState.OPEN)
    declined = session.payments.sale
    assert declined is not None and declined.result is not None
    assert panel.result.text().startswith("Declined: ")
    assert panel.result.property("status") == "error"
    assert panel.retry_button.isVisibleTo(panel) and panel.retry_button.isEnabled()

    panel.retry_button.click()
    await eventually(lambda: waiting_for_card(session))
    window.training_menu.tap_action.trigger()
    await eventually(lambda: sale_state(session) is SaleState.APPROVED)

    approved = session.payments.sale
    assert approved is not None and approved.result is not None
    assert approved.id == declined.id
    assert approved.result.payment_intent_id == declined.result.payment_intent_id
    assert not panel.retry_button.isVisibleTo(panel)


async def test_escape_cancels_the_payment_and_keeps_the_sale(counter: Counter) -> None:
    session = await ready_counter(counter)
    panel = session.window.sale_panel
    panel.set_amount_text("3.00")
    QTest.keyClick(panel.amount_edit, Qt.Key.Key_Return)
    await eventually(lambda: waiting_for_card(session))

    QTest.keyClick(panel.amount_edit, Qt.Key.Key_Escape)

    await eventually(lambda: sale_state(session) is SaleState.OPEN)
    sale = session.payments.sale
    assert sale is not None and sale.error is not None
    assert sale.error.code is ErrorCode.CANCELED
    assert panel.result.text() == "Not paid: The payment was canceled."

    QTest.keyClick(panel.amount_edit, Qt.Key.Key_Escape)  # a second Escape drops the sale
    assert session.payments.sale is None and panel.amount_edit.text() == ""


async def test_training_menu_other_counter_payment_then_busy_prompt(
    counter: Counter, control: SimulatorControl
) -> None:
    session = await ready_counter(counter)
    window = session.window
    assert window.training_menu is not None

    await window.training_menu.other_counter("payment")
    await eventually(lambda: session.controller.banner is not None)
    assert window.banner.title.text() == "Training counter took over Counter reader 1."


async def test_copy_diagnostics_without_the_key(counter: Counter) -> None:
    session = await ready_counter(counter)
    session.window.diagnostics_action.trigger()

    text = QGuiApplication.clipboard().text()
    assert "Comptoir 0.1.0" in text
    assert "Counter: Till 1" in text
    assert "Reader: Counter reader 1" in text
    assert "State: connected" in text
    assert TRAINING_API_KEY not in text
    assert "sk_test_comptoir" not in text or "sk_test_…" in text


async def test_window_never_blocks_while_connecting(
    counter: Counter, control: SimulatorControl
) -> None:
    session = counter("Till 1")
    reader = await reader_named(session, "Counter reader 1")
    await control.add_fault(path="/v1/terminal/readers", kind="latency", latency_ms=400)

    stalls: list[float] = []
    last = time.monotonic()

    def tick() -> None:
        nonlocal last
        now = time.monotonic()
        stalls.append(now - last)
        last = now

    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(tick)
    probe.start()
    started = time.monotonic()
    try:
        outcome = await asyncio.wait_for(session.window.connect_to(reader), 10)
    finally:
        probe.stop()

    assert outcome is ConnectOutcome.CONNECTED
    assert time.monotonic() - started >= 0.8  # the latency was real: 3 requests at 400 ms
    assert len(stalls) > 20
    assert max(stalls) < 0.2
