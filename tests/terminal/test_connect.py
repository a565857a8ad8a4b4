"""The seed's connect table, with two Terminals as two counters on one reader."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
import stripe

from pos_app.simulator import SimulatorControl, SimulatorServer
from pos_app.terminal import (
    ConnectionStatus,
    DisconnectReason,
    ErrorCode,
    PaymentOutcome,
    PaymentResult,
    PaymentStatus,
    TerminalError,
)

from .conftest import Counter
from .helpers import eventually


async def connect(counter: Counter, reader_id: str, location: str, *, force: bool = False) -> None:
    readers = await counter.terminal.discover_readers(location=location)
    reader = next(r for r in readers if r.id == reader_id)
    await counter.terminal.connect_reader(reader, fail_if_in_use=not force)


async def start_payment(
    counter: Counter, key: str, amount: int = 1250
) -> asyncio.Task[PaymentResult]:
    task = asyncio.ensure_future(counter.terminal.collect_payment(amount, "eur", key))
    await eventually(lambda: counter.terminal.payment_status is PaymentStatus.WAITING_FOR_INPUT)
    return task


@pytest.mark.parametrize("force", [False, True], ids=["fail_if_in_use", "forced"])
async def test_idle_reader_goes_to_the_new_counter(
    counters: Callable[..., Counter], register: Callable[..., str], location: str, force: bool
) -> None:
    reader_id = register()
    a, b = counters("Counter A"), counters("Counter B")
    await connect(a, reader_id, location)
    await connect(b, reader_id, location, force=force)

    assert b.terminal.connection_status is ConnectionStatus.CONNECTED
    await eventually(lambda: len(a.disconnects) == 1)
    reason, details = a.disconnects[0]
    assert reason is DisconnectReason.TAKEN_OVER
    assert details["counter"] == "Counter B"
    assert a.terminal.connection_status is ConnectionStatus.NOT_CONNECTED
    with pytest.raises(TerminalError) as raised:
        await a.terminal.collect_payment(500, "eur", "sale-a-after")
    assert raised.value.code is ErrorCode.READER_TAKEN_OVER
    assert "Counter B" in str(raised.value)
    await asyncio.sleep(0.4)
    assert len(a.disconnects) == 1, "the takeover is reported exactly once"
    assert b.disconnects == []


async def test_busy_reader_refuses_a_polite_connect_and_the_payment_goes_on(
    counters: Callable[..., Counter], register: Callable[..., str], location: str
) -> None:
    reader_id = register()
    a, b = counters("Counter A"), counters("Counter B")
    await connect(a, reader_id, location)
    payment = await start_payment(a, "sale-a-1")

    with pytest.raises(TerminalError) as raised:
        await connect(b, reader_id, location)
    assert raised.value.code is ErrorCode.READER_BUSY
    assert "Counter A" in str(raised.value)
    assert b.terminal.connection_status is ConnectionStatus.NOT_CONNECTED

    await a.terminal.present_test_card("4242424242424242")
    result = await asyncio.wait_for(payment, 5)
    assert result.outcome is PaymentOutcome.APPROVED
    await asyncio.sleep(0.3)
    assert a.disconnects == []
    assert a.terminal.connection_status is ConnectionStatus.CONNECTED


async def test_forced_connect_interrupts_the_payment_which_stays_retryable(
    sim: SimulatorServer,
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    api: stripe.StripeClient,
) -> None:
    reader_id = register()
    a, b = counters("Counter A"), counters("Counter B")
    await connect(a, reader_id, location)
    payment = await start_payment(a, "sale-a-2")

    await connect(b, reader_id, location, force=True)

    with pytest.raises(TerminalError) as raised:
        await asyncio.wait_for(payment, 5)
    assert raised.value.code is ErrorCode.READER_TAKEN_OVER
    await eventually(lambda: len(a.disconnects) == 1)
    assert a.disconnects[0][0] is DisconnectReason.TAKEN_OVER
    reader = api.v1.terminal.readers.retrieve(reader_id)
    assert reader.metadata["comptoir_counter_name"] == "Counter B"
    intents = list(sim.state.payment_intents.values())
    assert [pi["status"] for pi in intents] == ["requires_payment_method"], "interrupted, not paid"
    assert b.terminal.connection_status is ConnectionStatus.CONNECTED


async def test_connect_errors(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    api: stripe.StripeClient,
    ctl: SimulatorControl,
) -> None:
    first, second, gone = register("First"), register("Second"), register("Gone")
    a = counters("Counter A")
    readers = {r.id: r for r in await a.terminal.discover_readers(location=location)}
    await a.terminal.connect_reader(readers[first])
    with pytest.raises(TerminalError) as raised:
        await a.terminal.connect_reader(readers[second])
    assert raised.value.code is ErrorCode.ALREADY_CONNECTED
    await a.terminal.disconnect_reader()
    assert (
        api.v1.terminal.readers.retrieve(first).metadata.to_dict().get("comptoir_counter_id")
        is None
    )

    await ctl.power(second, on=False)
    offline = {r.id: r for r in await a.terminal.discover_readers(location=location)}[second]
    assert not offline.online, "offline readers are listed and marked"
    with pytest.raises(TerminalError) as raised:
        await a.terminal.connect_reader(offline)
    assert raised.value.code is ErrorCode.READER_OFFLINE

    api.v1.terminal.readers.delete(gone)
    await asyncio.sleep(3.1)  # past the freshness window: connect re-reads the reader
    with pytest.raises(TerminalError) as raised:
        await a.terminal.connect_reader(readers[gone])
    assert raised.value.code is ErrorCode.READER_NOT_FOUND
    assert a.terminal.connection_status is ConnectionStatus.NOT_CONNECTED


async def test_a_reader_showing_a_cart_counts_as_in_use(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
) -> None:
    reader_id = register()
    await ctl.other_counter(reader_id, counter_id="id-X", counter_name="Counter X", action="cart")
    b = counters("Counter B")
    with pytest.raises(TerminalError) as raised:
        await connect(b, reader_id, location)
    assert raised.value.code is ErrorCode.READER_BUSY
    assert "Counter X" in str(raised.value)
    await connect(b, reader_id, location, force=True)
    assert b.terminal.connected_reader is not None
    assert not b.terminal.connected_reader.busy


async def test_discovery_filters_by_location_and_simulated(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    api: stripe.StripeClient,
    ctl: SimulatorControl,
) -> None:
    for index in range(105):
        register(f"Reader {index}")
    other = api.v1.terminal.locations.create(
        params={
            "display_name": "Entrepot",
            "address": {"line1": "1 quai", "city": "Lyon", "postal_code": "69001", "country": "FR"},
        }
    )
    device = await ctl.add_device("bbpos_wisepos_e")
    api.v1.terminal.readers.create(
        params={
            "registration_code": device["registration_code"],
            "label": "Physical",
            "location": other.id,
        }
    )
    a = counters("Counter A")
    here = await a.terminal.discover_readers(location=location)
    assert len(here) == 105, "pagination past 100 readers"
    everywhere = await a.terminal.discover_readers()
    assert len(everywhere) == 106
    simulated = await a.terminal.discover_readers(simulated=True)
    assert len(simulated) == 105
    assert all(r.simulated for r in simulated)
