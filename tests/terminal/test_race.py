"""Two counters racing for one reader, with random timing."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable

from pos_app.simulator import SimulatorServer
from pos_app.terminal import ConnectionStatus, PaymentStatus, PollingPolicy, TerminalError

from .conftest import Counter

ROUNDS = 100
POLL = PollingPolicy(idle_interval=0.1, active_interval=0.05, jitter=0.2, max_interval=0.3)
#: One watch interval, with its jitter, plus slack for a request in flight.
WATCH_WINDOW = 0.1 * 1.2 + 0.15


async def test_two_counters_racing(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    sim: SimulatorServer,
) -> None:
    register()
    rng = random.Random(20261130)
    a, b = counters("Counter A", POLL), counters("Counter B", POLL)
    both_since: float | None = None
    longest_overlap = 0.0
    stop = asyncio.Event()

    async def monitor() -> None:
        nonlocal both_since, longest_overlap
        while not stop.is_set():
            both = all(c.terminal.connection_status is ConnectionStatus.CONNECTED for c in (a, b))
            now = time.monotonic()
            if both:
                both_since = both_since or now
                longest_overlap = max(longest_overlap, now - both_since)
            else:
                both_since = None
            await asyncio.sleep(0.005)

    async def attempt(counter: Counter) -> None:
        await asyncio.sleep(rng.random() * 0.05)
        try:
            if counter.terminal.connection_status is ConnectionStatus.CONNECTED:
                await counter.terminal.disconnect_reader()
            readers = await counter.terminal.discover_readers(location=location)
            await counter.terminal.connect_reader(readers[0], fail_if_in_use=True)
        except TerminalError:
            pass

    watcher = asyncio.ensure_future(monitor())
    interrupted = 0
    for round_ in range(ROUNDS):
        await asyncio.gather(attempt(a), attempt(b))
        await asyncio.sleep(rng.random() * 0.1)
        if round_ % 10 == 9:
            # A payment in progress must survive the other counter's polite connect.
            await asyncio.sleep(WATCH_WINDOW + 0.1)
            holder = next(
                (c for c in (a, b) if c.terminal.connection_status is ConnectionStatus.CONNECTED),
                None,
            )
            other = b if holder is a else a
            if holder is None:
                continue
            task = asyncio.ensure_future(
                holder.terminal.collect_payment(100, "eur", f"race-{round_}")
            )
            while holder.terminal.payment_status is not PaymentStatus.WAITING_FOR_INPUT:
                if task.done():
                    break
                await asyncio.sleep(0.01)
            await attempt(other)
            if not task.done():
                await holder.terminal.present_test_card("4242424242424242")
            try:
                result = await asyncio.wait_for(task, 5)
                assert result.approved
            except TerminalError:
                interrupted += 1
    stop.set()
    await watcher

    assert longest_overlap <= WATCH_WINDOW, f"both held the reader for {longest_overlap:.3f} s"
    assert interrupted == 0, "a polite connect interrupted a payment"
    intents = list(sim.state.payment_intents.values())
    assert intents and all(i["status"] == "succeeded" for i in intents)
