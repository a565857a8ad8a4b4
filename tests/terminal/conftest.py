"""Two or more counters, each a Terminal, against the simulator over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import stripe

from pos_app.simulator import SimulatorControl, SimulatorServer
from pos_app.terminal import (
    ConnectionStatus,
    DisconnectReason,
    PaymentStatus,
    PollingPolicy,
    Terminal,
)

KEY = "sk_test_comptoir_terminal_tests"

#: Fast polling so a test sees a takeover or an outage within a fraction of a second.
FAST = PollingPolicy(idle_interval=0.15, active_interval=0.05, jitter=0.2, max_interval=0.6)


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    server = SimulatorServer(port=0, offline_after=0).start()
    yield server
    server.stop()


@pytest.fixture
async def ctl(sim: SimulatorServer) -> AsyncIterator[SimulatorControl]:
    control = SimulatorControl(sim.url)
    yield control
    await control.aclose()


@pytest.fixture
def api(sim: SimulatorServer) -> Iterator[stripe.StripeClient]:
    """A synchronous Stripe client, for arranging and checking what the counters did."""
    http = stripe.HTTPXClient(allow_sync_methods=True)
    yield stripe.StripeClient(KEY, base_addresses={"api": sim.url}, http_client=http)
    http.close()  # type: ignore[no-untyped-call]


@pytest.fixture
def location(api: stripe.StripeClient) -> str:
    loc = api.v1.terminal.locations.create(
        params={
            "display_name": "Boulangerie Martin",
            "address": {
                "line1": "12 rue de la Paix",
                "city": "Paris",
                "postal_code": "75002",
                "country": "FR",
            },
        }
    )
    return str(loc.id)


@pytest.fixture
def register(api: stripe.StripeClient, location: str) -> Callable[..., str]:
    def _register(label: str = "Front reader", code: str = "simulated-wpe") -> str:
        reader = api.v1.terminal.readers.create(
            params={"registration_code": code, "label": label, "location": location}
        )
        return str(reader.id)

    return _register


@dataclass
class Counter:
    """A Terminal plus a record of everything it reported."""

    terminal: Terminal
    disconnects: list[tuple[DisconnectReason, dict[str, str]]] = field(default_factory=list)
    statuses: list[ConnectionStatus] = field(default_factory=list)
    payment_statuses: list[PaymentStatus] = field(default_factory=list)


@pytest.fixture
async def counters(sim: SimulatorServer) -> AsyncIterator[Callable[..., Counter]]:
    made: list[Counter] = []

    def make(name: str, polling: PollingPolicy = FAST, **kwargs: Any) -> Counter:
        holder: dict[str, Counter] = {}
        terminal = Terminal(
            api_key=KEY,
            api_base=sim.url,
            counter_id=f"id-{name}",
            counter_name=name,
            on_unexpected_reader_disconnect=lambda r, d: holder["c"].disconnects.append(
                (r, dict(d))
            ),
            on_connection_status_change=lambda s: holder["c"].statuses.append(s),
            on_payment_status_change=lambda s: holder["c"].payment_statuses.append(s),
            polling=polling,
            request_timeout=kwargs.pop("request_timeout", 1.0),
            **kwargs,
        )
        counter = Counter(terminal)
        holder["c"] = counter
        made.append(counter)
        return counter

    yield make
    for counter in made:
        await counter.terminal.close()
