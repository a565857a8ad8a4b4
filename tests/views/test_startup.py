"""Startup paths of the counter window: reconnect, busy, not found, nothing saved."""

from __future__ import annotations

import asyncio

from pos_app.controllers.connection import ConnectionState, ConnectOutcome
from pos_app.simulator import SimulatorControl
from pos_app.storage.settings import SavedReader
from pos_app.terminal import Reader
from pos_app.views.session import CounterSession

from .conftest import Counter, answer_prompt, eventually, reader_named

OTHER_ID = "5f7d2c1e-8c43-4a8e-9c0e-2b1a3f4d5e6f"


async def saved_counter(
    counter: Counter, label: str = "Counter reader 1"
) -> tuple[CounterSession, Reader]:
    """A counter whose settings remember `label`, and that reader."""
    scout = counter("Scout")
    reader = await reader_named(scout, label)
    session = counter("Till 1")
    session.controller.settings.last_reader = SavedReader(
        reader.serial_number, reader.id, reader.location or "", reader.label
    )
    return session, reader


async def test_saved_reader_found_and_connected(counter: Counter) -> None:
    session, reader = await saved_counter(counter)
    window = session.window

    assert await window.start() is ConnectOutcome.CONNECTED

    connected = window.controller.reader
    assert connected is not None
    assert connected.serial_number == reader.serial_number
    assert window.badge.text() == "Connected"
    assert window.badge.property("status") == "ok"
    assert reader.label in window.reader_title.text()
    assert window.sale_panel.charge_button.isEnabled() is False  # no amount typed yet
    assert not window.banner.isVisible()


async def test_saved_reader_busy_asks_then_forces(
    counter: Counter, control: SimulatorControl
) -> None:
    session, reader = await saved_counter(counter)
    window = session.window
    await control.other_counter(
        reader.id, counter_id=OTHER_ID, counter_name="Till 2", action="payment"
    )
    starting = asyncio.create_task(window.start())
    text = await answer_prompt(window, yes=True)

    assert text == "Counter reader 1 is taking a payment at Till 2. Interrupt it?"
    assert await asyncio.wait_for(starting, 5) is ConnectOutcome.CONNECTED
    assert window.controller.state is ConnectionState.CONNECTED
    state = await control.reader(reader.id)
    assert state["reader"]["metadata"]["comptoir_counter_name"] == "Till 1"
    assert state["reader"]["action"] is None or state["reader"]["action"]["status"] != "in_progress"


async def test_saved_reader_busy_declined_leaves_it_alone(
    counter: Counter, control: SimulatorControl
) -> None:
    session, reader = await saved_counter(counter)
    window = session.window
    await control.other_counter(
        reader.id, counter_id=OTHER_ID, counter_name="Till 2", action="payment"
    )
    starting = asyncio.create_task(window.start())
    await answer_prompt(window, yes=False)

    assert await asyncio.wait_for(starting, 5) is ConnectOutcome.DECLINED
    assert window.controller.reader is None
    await eventually(lambda: "Till 2" in window.picker.message.text())
    state = await control.reader(reader.id)
    assert state["reader"]["action"]["status"] == "in_progress"


async def test_saved_reader_not_found_shows_picker_with_message(counter: Counter) -> None:
    scout = counter("Scout")
    reader = await reader_named(scout, "Counter reader 1")
    session = counter("Till 1")
    session.controller.settings.last_reader = SavedReader(
        "no-such-serial", "tmr_gone", reader.location or "", "Old reader"
    )
    window = session.window

    assert await window.start() is ConnectOutcome.FAILED

    await eventually(lambda: len(window.picker.readers) == 2)
    assert window.picker.message.isVisibleTo(window)
    assert "Old reader (no-such-serial) was not found" in window.picker.message.text()
    assert window.badge.text() == "No reader connected"


async def test_nothing_saved_shows_picker(counter: Counter) -> None:
    window = counter("Till 1").window

    assert await window.start() is None

    await eventually(lambda: len(window.picker.readers) == 2)
    assert sorted(r.label for r in window.picker.readers) == [
        "Counter reader 1",
        "Counter reader 2",
    ]
    assert not window.picker.message.isVisibleTo(window)
    assert window.picker.connect_button.isEnabled()
