"""Each disconnect reason through the banner to its outcome, and two counters contesting."""

from __future__ import annotations

import asyncio

from pos_app.controllers.connection import BannerAction, ConnectionState, ConnectOutcome
from pos_app.simulator import SimulatorControl, SimulatorServer
from pos_app.terminal import DisconnectReason
from pos_app.views.session import CounterSession

from .conftest import Counter, eventually, reader_named


def banner_reason(session: CounterSession) -> DisconnectReason | None:
    banner = session.controller.banner
    return banner.reason if banner is not None else None


def connected(session: CounterSession) -> bool:
    return session.controller.state is ConnectionState.CONNECTED


def visible_buttons(session: CounterSession) -> set[BannerAction]:
    banner = session.window.banner
    return {action for action, button in banner.buttons.items() if button.isVisibleTo(banner)}


async def connected_counter(counter: Counter, name: str = "Till 1") -> CounterSession:
    session = counter(name)
    reader = await reader_named(session, "Counter reader 1")
    assert await session.window.connect_to(reader) is ConnectOutcome.CONNECTED
    return session


async def test_offline_reconnects_by_itself_when_powered_back(
    counter: Counter, control: SimulatorControl
) -> None:
    session = await connected_counter(counter)
    reader = session.controller.reader
    assert reader is not None

    await control.power(reader.id, on=False)
    await eventually(lambda: banner_reason(session) is DisconnectReason.READER_OFFLINE)

    window = session.window
    assert window.banner.isVisible()
    assert window.badge.text() == "Reconnecting…"
    assert "Counter reader 1 is offline" in window.banner.title.text()
    assert "Reconnecting on its own: attempt" in window.banner.detail.text()
    assert window.banner.seconds_left() is not None
    assert visible_buttons(session) == {
        BannerAction.RECONNECT_NOW,
        BannerAction.CANCEL_RECONNECT,
        BannerAction.CHOOSE_ANOTHER,
    }
    await eventually(lambda: window.banner.banner is not None and window.banner.banner.attempt >= 2)

    await control.power(reader.id, on=True)
    await eventually(lambda: connected(session), within=5)
    assert not window.banner.isVisible()
    assert window.badge.text() == "Connected"


async def test_stop_trying_then_reconnect_now(counter: Counter, control: SimulatorControl) -> None:
    session = await connected_counter(counter)
    reader = session.controller.reader
    assert reader is not None
    await control.power(reader.id, on=False)
    await eventually(lambda: banner_reason(session) is DisconnectReason.READER_OFFLINE)

    session.window.banner.buttons[BannerAction.CANCEL_RECONNECT].click()
    await eventually(lambda: session.controller.state is ConnectionState.NOT_CONNECTED)
    assert "Automatic reconnection stopped" in session.window.banner.detail.text()
    assert visible_buttons(session) == {BannerAction.RECONNECT_NOW, BannerAction.CHOOSE_ANOTHER}

    await control.power(reader.id, on=True)
    await session.window.reconnect()  # Ctrl+R
    await eventually(lambda: connected(session))


async def test_network_lost_recovers_when_cleared(
    counter: Counter, control: SimulatorControl
) -> None:
    session = await connected_counter(counter)

    await control.add_fault(path="/v1/", kind="error", status=503)
    await eventually(lambda: banner_reason(session) is DisconnectReason.NETWORK_LOST)
    assert "cannot reach Stripe" in session.window.banner.title.text()
    await asyncio.sleep(0.3)
    assert not connected(session)

    await control.clear_faults()
    await eventually(lambda: connected(session), within=5)
    assert not session.window.banner.isVisible()


async def test_two_counters_contest_one_reader(counter: Counter) -> None:
    till1 = await connected_counter(counter, "Till 1")
    till2 = counter("Till 2")

    # Till 2 sees who holds the reader, then takes it (idle: no prompt needed).
    await till2.window.refresh()
    row = next(r for r in till2.window.picker.readers if r.label == "Counter reader 1")
    assert till2.window.picker.status_text(row) == "Online · in use at Till 1"
    assert await till2.window.connect_to(row) is ConnectOutcome.CONNECTED

    # Till 1 is told, names Till 2, and does not fight back on its own.
    await eventually(lambda: banner_reason(till1) is DisconnectReason.TAKEN_OVER)
    assert till1.window.banner.title.text() == "Till 2 took over Counter reader 1."
    assert visible_buttons(till1) == {BannerAction.TAKE_IT_BACK, BannerAction.CHOOSE_ANOTHER}
    assert till1.window.badge.text() == "No reader connected"
    await asyncio.sleep(0.5)
    assert not connected(till1) and connected(till2)

    # Take it back: now Till 2 is the one told, naming Till 1.
    till1.window.banner.buttons[BannerAction.TAKE_IT_BACK].click()
    await eventually(lambda: connected(till1))
    await eventually(lambda: banner_reason(till2) is DisconnectReason.TAKEN_OVER)
    assert till2.window.banner.title.text() == "Till 1 took over Counter reader 1."
    assert till1.window.status_reader.text().startswith("Counter Till 1 · reader Counter reader 1")


async def test_deleted_reader_goes_to_picker(counter: Counter, sim: SimulatorServer) -> None:
    session = await connected_counter(counter)
    reader = session.controller.reader
    assert reader is not None

    sim.state.delete_reader(reader.id)
    await eventually(lambda: banner_reason(session) is DisconnectReason.READER_DELETED)
    assert "was removed from the Stripe account" in session.window.banner.title.text()
    assert visible_buttons(session) == {BannerAction.CHOOSE_ANOTHER}
    await eventually(
        lambda: [r.label for r in session.window.picker.readers] == ["Counter reader 2"]
    )

    session.window.banner.buttons[BannerAction.CHOOSE_ANOTHER].click()
    await eventually(lambda: not session.window.banner.isVisible())
    await eventually(session.window.picker.connect_button.isEnabled)
    session.window.picker.connect_button.click()
    await eventually(lambda: connected(session))
    assert session.controller.reader is not None
    assert session.controller.reader.label == "Counter reader 2"
