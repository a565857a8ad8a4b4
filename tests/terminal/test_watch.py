"""Watching a connected reader: each outage reported once, with its reason, then recovery."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
import stripe

from pos_app.simulator import SimulatorControl
from pos_app.terminal import (
    ConnectionStatus,
    DisconnectReason,
    ErrorCode,
    PollingPolicy,
    TerminalError,
)

from .conftest import FAST, Counter
from .helpers import eventually


async def connected(
    counters: Callable[..., Counter],
    reader_id: str,
    location: str,
    policy: PollingPolicy = FAST,
) -> Counter:
    counter = counters("Counter A", policy)
    readers = await counter.terminal.discover_readers(location=location)
    await counter.terminal.connect_reader(next(r for r in readers if r.id == reader_id))
    return counter


async def reconnect(counter: Counter, reader_id: str, location: str) -> None:
    readers = await counter.terminal.discover_readers(location=location)
    await counter.terminal.connect_reader(next(r for r in readers if r.id == reader_id))


async def test_reader_powered_off_then_on(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
) -> None:
    reader_id = register()
    a = await connected(counters, reader_id, location)
    await ctl.power(reader_id, on=False)
    await eventually(lambda: len(a.disconnects) == 1)
    assert a.disconnects[0][0] is DisconnectReason.READER_OFFLINE
    with pytest.raises(TerminalError) as raised:
        await a.terminal.collect_payment(100, "eur", "sale-off")
    assert raised.value.code is ErrorCode.READER_OFFLINE
    await asyncio.sleep(0.4)
    assert len(a.disconnects) == 1

    await ctl.power(reader_id, on=True)
    await reconnect(a, reader_id, location)
    assert a.terminal.connection_status is ConnectionStatus.CONNECTED


async def test_reader_network_cut_and_restored(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
) -> None:
    reader_id = register()
    a = await connected(counters, reader_id, location)
    await ctl.network(reader_id, connected=False)
    await eventually(lambda: len(a.disconnects) == 1)
    assert a.disconnects[0][0] is DisconnectReason.READER_OFFLINE
    await ctl.network(reader_id, connected=True)
    await reconnect(a, reader_id, location)
    await asyncio.sleep(0.4)
    assert len(a.disconnects) == 1
    assert a.terminal.connection_status is ConnectionStatus.CONNECTED


async def test_reader_deleted(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    api: stripe.StripeClient,
) -> None:
    reader_id = register()
    a = await connected(counters, reader_id, location)
    api.v1.terminal.readers.delete(reader_id)
    await eventually(lambda: len(a.disconnects) == 1)
    assert a.disconnects[0][0] is DisconnectReason.READER_DELETED
    await asyncio.sleep(0.4)
    assert len(a.disconnects) == 1


@pytest.mark.parametrize("kind", ["error", "hang", "reset"])
async def test_api_unreachable_is_network_lost_then_recovers(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
    kind: str,
) -> None:
    reader_id = register()
    a = await connected(counters, reader_id, location)
    fault: dict[str, object] = {"path": "/v1/", "kind": kind}
    if kind == "error":
        fault["status"] = 503
    await ctl.add_fault(**fault)  # type: ignore[arg-type]
    await eventually(lambda: len(a.disconnects) == 1, timeout=10)
    assert a.disconnects[0][0] is DisconnectReason.NETWORK_LOST
    with pytest.raises(TerminalError) as raised:
        await a.terminal.collect_payment(100, "eur", "sale-net")
    assert raised.value.code is ErrorCode.NETWORK_ERROR

    await ctl.clear_faults()
    await reconnect(a, reader_id, location)
    assert a.terminal.connection_status is ConnectionStatus.CONNECTED
    assert len(a.disconnects) == 1


async def test_a_single_failed_poll_is_not_an_outage(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
) -> None:
    reader_id = register()
    a = await connected(counters, reader_id, location)
    # "/v1/terminal/readers" covers the first poll (a list of the account's readers) too.
    await ctl.add_fault(path="/v1/terminal/readers", kind="error", status=500, count=1)
    await asyncio.sleep(1.0)
    assert a.disconnects == []
    assert a.terminal.connection_status is ConnectionStatus.CONNECTED


async def test_rate_limiting_backs_off_without_disconnecting(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
) -> None:
    reader_id = register()
    a = await connected(counters, reader_id, location)
    await ctl.add_fault(path="/v1/terminal/readers", kind="rate_limit")
    await asyncio.sleep(1.0)
    during = a.terminal.request_count
    await asyncio.sleep(1.5)
    # Backing off: far fewer polls than the 0.15 s idle interval would make (about 10).
    assert a.terminal.request_count - during <= 4
    assert a.disconnects == []
    await ctl.clear_faults()
    await asyncio.sleep(1.5)
    assert a.disconnects == []
    assert a.terminal.connection_status is ConnectionStatus.CONNECTED
    readers_before = a.terminal.request_count
    await asyncio.sleep(1.0)
    assert a.terminal.request_count > readers_before, "polling resumed after the 429s"


async def test_a_rate_limited_counter_still_notices_a_dropped_reader_soon(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
) -> None:
    reader_id = register()
    policy = PollingPolicy(idle_interval=1.0, retry_interval=0.1, max_interval=5.0)
    a = await connected(counters, reader_id, location, policy)
    # The first poll, whether the list of the account's readers or a read of this one.
    await ctl.add_fault(path="/v1/terminal/readers", kind="rate_limit", count=1)
    await ctl.power(reader_id, on=False)
    started = time.monotonic()
    await eventually(lambda: len(a.disconnects) == 1, timeout=5)
    # First poll within the idle period, one 429, then a retry after ~0.1 s (not a full,
    # doubled idle period): well under two idle periods.
    assert time.monotonic() - started < 1.8
    assert a.disconnects[0][0] is DisconnectReason.READER_OFFLINE


async def test_counters_connected_together_poll_at_different_moments(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
) -> None:
    policy = PollingPolicy(idle_interval=1.0, jitter=0.2)
    made = [counters(f"Counter {n}", policy) for n in range(8)]
    ids = [register(f"Reader {n}") for n in range(8)]
    readers = {r.id: r for r in await made[0].terminal.discover_readers(location=location)}
    await asyncio.gather(
        *(c.terminal.connect_reader(readers[i]) for c, i in zip(made, ids, strict=True))
    )
    after_connect = [c.terminal.request_count for c in made]
    first_poll: dict[int, float] = {}
    started = time.monotonic()
    while len(first_poll) < len(made) and time.monotonic() - started < 3:
        for n, counter in enumerate(made):
            if n not in first_poll and counter.terminal.request_count > after_connect[n]:
                first_poll[n] = time.monotonic() - started
        await asyncio.sleep(0.01)
    assert len(first_poll) == len(made)
    # In step, they would all poll 1.0–1.2 s after connecting; spread over the idle period,
    # they don't meet the account's rate limit together.
    assert max(first_poll.values()) - min(first_poll.values()) > 0.4
