"""Fixtures for the simulator tests; other test packages can copy the ``simulator`` pattern.

Everything goes over real loopback HTTP to a simulator started for the test.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
import stripe

from pos_app.simulator import SimulatorControl, SimulatorServer

API_KEY = "sk_test_simulator_suite_4242"


def pytest_asyncio_loop_factories(config: Any, item: Any) -> dict[str, Callable[[], Any]]:
    """The simulator is Qt-free, so its async tests run on a plain asyncio loop.

    With PySide6 6.12 + qasync 0.28 here, httpx.AsyncClient traffic on the qasync loop
    corrupts reference counts (``Fatal Python error: bool_dealloc`` / segfault), even against
    a server in another process; see docs/simulator.md. This overrides tests/conftest.py's
    hook for this directory only.
    """
    return {"asyncio": asyncio.new_event_loop}


@pytest.fixture
def simulator() -> Iterator[SimulatorServer]:
    """A fresh simulator (readers go offline as soon as they are unreachable)."""
    with SimulatorServer(offline_after=0).start() as server:
        yield server


@pytest.fixture
def seeded_simulator() -> Iterator[SimulatorServer]:
    with SimulatorServer(offline_after=0, seed=True).start() as server:
        yield server


@pytest.fixture
def http(simulator: SimulatorServer) -> Iterator[httpx.Client]:
    """Plain httpx, authenticated like ``curl -u KEY:``."""
    with httpx.Client(base_url=simulator.url, auth=(API_KEY, ""), timeout=10) as client:
        yield client


@pytest.fixture
def stripe_client(simulator: SimulatorServer) -> Iterator[stripe.StripeClient]:
    """The official client, sync and async, pointed at the simulator."""
    http_client = stripe.HTTPXClient(allow_sync_methods=True, timeout=10)
    client = stripe.StripeClient(
        API_KEY, base_addresses={"api": simulator.url}, http_client=http_client
    )
    yield client
    http_client.close()  # type: ignore[no-untyped-call]


@pytest.fixture
async def control(simulator: SimulatorServer) -> AsyncIterator[SimulatorControl]:
    async with SimulatorControl(simulator.url) as ctl:
        yield ctl


@pytest.fixture
def location(http: httpx.Client) -> dict[str, Any]:
    response = http.post(
        "/v1/terminal/locations",
        data={
            "display_name": "Shop",
            "address[line1]": "1 rue de la Paix",
            "address[city]": "Paris",
            "address[postal_code]": "75002",
            "address[country]": "FR",
        },
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def reader(http: httpx.Client, location: dict[str, Any]) -> dict[str, Any]:
    response = http.post(
        "/v1/terminal/readers",
        data={"registration_code": "simulated-wpe", "location": location["id"], "label": "Till"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def make_pi(http: httpx.Client) -> Callable[..., str]:
    """Create a card_present PaymentIntent; returns its id."""

    def make(amount: int = 1500, capture_method: str = "automatic") -> str:
        response = http.post(
            "/v1/payment_intents",
            data={
                "amount": str(amount),
                "currency": "eur",
                "payment_method_types[]": "card_present",
                "capture_method": capture_method,
            },
        )
        assert response.status_code == 200, response.text
        pi_id: str = response.json()["id"]
        return pi_id

    return make


@pytest.fixture
def sim_post(simulator: SimulatorServer) -> Callable[[str, dict[str, Any]], httpx.Response]:
    """A control-endpoint call from sync code: ``sim_post("readers/ID/power", {"on": False})``."""

    def post(path: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(f"{simulator.url}/_sim/{path}", json=body, timeout=10)

    return post
