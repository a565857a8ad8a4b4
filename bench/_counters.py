"""Headless counters for the polling benchmarks: readers on the simulator, Terminals on them."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from pos_app.simulator import TRAINING_API_KEY, SimulatorControl
from pos_app.terminal import (
    DisconnectReason,
    ErrorCode,
    PollingPolicy,
    Terminal,
    TerminalError,
)


async def create_readers(url: str, count: int, prefix: str = "Bench") -> list[str]:
    """Register ``count`` simulated readers at a new location; returns their ids."""
    auth = (TRAINING_API_KEY, "")
    async with httpx.AsyncClient(base_url=url, auth=auth, timeout=30) as client:
        response = await client.post(
            "/v1/terminal/locations",
            data={
                "display_name": f"{prefix} shop",
                "address[line1]": "1 rue du Banc",
                "address[city]": "Paris",
                "address[postal_code]": "75001",
                "address[country]": "FR",
            },
        )
        response.raise_for_status()
        location = response.json()["id"]
        ids = []
        for n in range(count):
            response = await client.post(
                "/v1/terminal/readers",
                data={
                    "registration_code": "simulated-wpe",
                    "label": f"{prefix} reader {n + 1}",
                    "location": location,
                },
            )
            response.raise_for_status()
            ids.append(response.json()["id"])
    return ids


@dataclass
class Counter:
    """One headless counter: a Terminal holding one reader, recording its disconnects."""

    index: int
    reader_id: str
    terminal: Terminal
    lost: asyncio.Event = field(default_factory=asyncio.Event)
    lost_at: float = 0.0
    reasons: list[DisconnectReason] = field(default_factory=list)
    connect_retries: int = 0

    def on_disconnect(self, reason: DisconnectReason, details: Mapping[str, str]) -> None:
        self.lost_at = time.monotonic()
        self.reasons.append(reason)
        self.lost.set()

    async def connect(self, rng: random.Random, attempts: int = 12) -> None:
        """Connect as a counter starting up would; backs off and retries when rate-limited."""
        delay = 1.0
        for attempt in range(attempts):
            try:
                reader = await self.terminal._retrieve(self.reader_id)
                await self.terminal.connect_reader(reader, fail_if_in_use=True)
                return
            except TerminalError as error:
                retryable = error.code in (
                    ErrorCode.RATE_LIMITED,
                    ErrorCode.READER_OFFLINE,
                    ErrorCode.NETWORK_ERROR,
                    ErrorCode.NETWORK_TIMEOUT,
                )
                if not retryable or attempt == attempts - 1:
                    raise
            self.connect_retries += 1
            await asyncio.sleep(delay * (1 + rng.random()))
            delay = min(delay * 2, 30.0)


def make_counters(
    url: str, reader_ids: list[str], polling: PollingPolicy | None = None
) -> list[Counter]:
    counters = []
    for index, reader_id in enumerate(reader_ids):
        counter = Counter(index, reader_id, terminal=None)  # type: ignore[arg-type]
        counter.terminal = Terminal(
            TRAINING_API_KEY,
            url,
            counter_id=f"bench-counter-{index}",
            counter_name=f"Bench counter {index + 1}",
            on_unexpected_reader_disconnect=counter.on_disconnect,
            polling=polling,
        )
        counters.append(counter)
    return counters


async def connect_all(counters: list[Counter], over_seconds: float, seed: int = 1) -> None:
    """Connect every counter, their starts spread evenly over ``over_seconds``."""
    rng = random.Random(seed)

    async def start(counter: Counter) -> None:
        await asyncio.sleep(over_seconds * counter.index / max(1, len(counters)))
        await counter.connect(rng)

    await asyncio.gather(*(start(counter) for counter in counters))


async def wait_for_slots(counters: list[Counter], within: float) -> bool:
    """Wait until every counter polls on its slot: its first idle poll (a list of the
    account's readers, within one idle period of its connect) tells it the slot, and the
    following polls move onto it, up to half a second closer each."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if all(c.terminal.polls_on_slot for c in counters):
            return True
        await asyncio.sleep(0.1)
    return False


async def close_all(counters: list[Counter]) -> None:
    await asyncio.gather(*(counter.terminal.close() for counter in counters))


async def drop_and_notice(
    control: SimulatorControl,
    counter: Counter,
    *,
    give_up_after: float = 30.0,
    reconnect: Callable[[], Any] | None = None,
) -> float | None:
    """Power the counter's reader off; seconds until the counter is told (None: never).

    Then power it back on and reconnect the counter.
    """
    counter.lost.clear()
    started = time.monotonic()
    await control.power(counter.reader_id, False)
    try:
        await asyncio.wait_for(counter.lost.wait(), give_up_after)
        noticed: float | None = counter.lost_at - started
    except TimeoutError:
        noticed = None
    await control.power(counter.reader_id, True)
    if reconnect is not None:
        await reconnect()
    return noticed
