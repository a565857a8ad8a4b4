"""Control endpoints through SimulatorControl: power, network, faults, rate limits, stats."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import httpx
import pytest

from pos_app.simulator import SimulatorControl, SimulatorControlError, SimulatorServer

API_KEY = "sk_test_simulator_suite_4242"


def api(simulator: SimulatorServer, timeout: float = 10) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=simulator.url, auth=(API_KEY, ""), timeout=timeout)


async def register(client: httpx.AsyncClient, code: str = "simulated-wpe") -> dict[str, Any]:
    response = await client.post("/v1/terminal/readers", data={"registration_code": code})
    body: dict[str, Any] = response.json()
    return body


async def new_pi(client: httpx.AsyncClient) -> str:
    response = await client.post(
        "/v1/payment_intents",
        data={"amount": "900", "currency": "eur", "payment_method_types[]": "card_present"},
    )
    pi_id: str = response.json()["id"]
    return pi_id


async def test_power_off_and_on(simulator: SimulatorServer, control: SimulatorControl) -> None:
    async with api(simulator) as client:
        reader = await register(client)
        pi_id = await new_pi(client)
        await client.post(
            f"/v1/terminal/readers/{reader['id']}/process_payment_intent",
            data={"payment_intent": pi_id},
        )
        off = await control.power(reader["id"], on=False)
        assert off["status"] == "offline"  # offline_after=0
        assert off["action"]["status"] == "failed"
        seen = off["last_seen_at"]
        response = await client.post(
            f"/v1/terminal/readers/{reader['id']}/process_payment_intent",
            data={"payment_intent": pi_id},
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "terminal_reader_offline"
        cancel = await client.post(f"/v1/terminal/readers/{reader['id']}/cancel_action")
        assert cancel.json()["error"]["code"] == "terminal_reader_offline"
        later = (await client.get(f"/v1/terminal/readers/{reader['id']}")).json()
        assert later["last_seen_at"] == seen
        on = await control.power(reader["id"], on=True)
        assert on["status"] == "online" and on["action"] is None
        assert (await control.reader(reader["id"]))["powered"] is True
        pi = (await client.get(f"/v1/payment_intents/{pi_id}")).json()
        assert pi["status"] == "requires_payment_method"


async def test_unreachable_but_not_yet_offline_times_out(
    simulator: SimulatorServer, control: SimulatorControl
) -> None:
    await control.configure(offline_after=120)
    async with api(simulator) as client:
        reader = await register(client)
        cut = await control.network(reader["id"], connected=False)
        assert cut["status"] == "online"
        pi_id = await new_pi(client)
        response = await client.post(
            f"/v1/terminal/readers/{reader['id']}/process_payment_intent",
            data={"payment_intent": pi_id},
        )
        assert response.json()["error"]["code"] == "terminal_reader_timeout"
        await control.configure(offline_after=0)
        listed = (await client.get("/v1/terminal/readers", params={"status": "offline"})).json()
        assert [r["id"] for r in listed["data"]] == [reader["id"]]


async def test_network_cut_keeps_reader_state(
    simulator: SimulatorServer, control: SimulatorControl
) -> None:
    async with api(simulator) as client:
        reader = await register(client)
        pi_id = await new_pi(client)
        await client.post(
            f"/v1/terminal/readers/{reader['id']}/process_payment_intent",
            data={"payment_intent": pi_id},
        )
        await control.network(reader["id"], connected=False)
        await control.next_card(reader["id"], "4242424242424242")
        state = await control.reader(reader["id"])
        assert state["reader"]["action"]["status"] == "in_progress"  # frozen while cut
        assert state["network"] is False and state["next_card"] == "4242424242424242"
        back = await control.network(reader["id"], connected=True)
        assert back["status"] == "online"
        assert back["action"]["status"] == "succeeded"  # the tap went through on reconnect
        pi = (await client.get(f"/v1/payment_intents/{pi_id}")).json()
        assert pi["status"] == "succeeded"


async def test_next_card_on_physical_reader(
    simulator: SimulatorServer, control: SimulatorControl
) -> None:
    device = await control.add_device("stripe_s700")
    async with api(simulator) as client:
        reader = await register(client, device["registration_code"])
        assert reader["device_type"] == "stripe_s700"
        await control.next_card(reader["id"], "4000000000009995", delay_ms=0)
        pi_id = await new_pi(client)
        body = (
            await client.post(
                f"/v1/terminal/readers/{reader['id']}/process_payment_intent",
                data={"payment_intent": pi_id},
            )
        ).json()
        assert body["action"]["failure_code"] == "card_declined"
    devices = await control.devices()
    assert any(d["reader"] == reader["id"] for d in devices)


async def test_other_counter(simulator: SimulatorServer, control: SimulatorControl) -> None:
    async with api(simulator) as client:
        reader = await register(client)
        result = await control.other_counter_payment(
            reader["id"], counter_name="Counter B", counter_id="uuid-b", amount=4200
        )
        metadata = result["reader"]["metadata"]
        assert metadata["comptoir_counter_id"] == "uuid-b"
        assert metadata["comptoir_counter_name"] == "Counter B"
        assert abs(int(metadata["comptoir_claimed_at"]) - time.time()) < 5
        assert result["reader"]["action"]["status"] == "in_progress"
        pi = (await client.get(f"/v1/payment_intents/{result['payment_intent']}")).json()
        assert pi["amount"] == 4200
        with pytest.raises(SimulatorControlError) as caught:
            await control.other_counter_cart(reader["id"], counter_name="C", counter_id="c")
        assert caught.value.status == 409
        await client.post(f"/v1/terminal/readers/{reader['id']}/cancel_action")
        cart = await control.other_counter_cart(reader["id"], counter_name="C", counter_id="c")
        assert cart["reader"]["action"]["type"] == "set_reader_display"
        assert (await control.reader(reader["id"]))["displaying_cart"] is True
        claim = await control.other_counter_claim(reader["id"], counter_name="D", counter_id="d")
        assert claim["reader"]["metadata"]["comptoir_counter_id"] == "d"
        assert claim["payment_intent"] is None


async def test_fault_error_and_count(simulator: SimulatorServer, control: SimulatorControl) -> None:
    fault_id = await control.add_fault(
        path="/v1/terminal/readers", kind="error", status=503, count=2
    )
    assert fault_id
    async with api(simulator) as client:
        statuses = [(await client.get("/v1/terminal/readers")).status_code for _ in range(3)]
        assert statuses == [503, 503, 200]
        await control.add_fault(path="/v1/terminal/", kind="error", method="POST")
        assert (await client.get("/v1/terminal/readers")).status_code == 200
        failed = await client.post("/v1/terminal/readers", data={"registration_code": "x"})
        assert failed.status_code == 500 and failed.json()["error"]["type"] == "api_error"
        await control.clear_faults()
        assert await control.faults() == []
        assert (await client.post("/v1/terminal/locations")).status_code == 400


async def test_fault_latency(simulator: SimulatorServer, control: SimulatorControl) -> None:
    await control.add_fault(path="", kind="latency", latency_ms=300, count=1)
    async with api(simulator) as client:
        start = time.monotonic()
        response = await client.get("/v1/terminal/readers")
        assert response.status_code == 200 and time.monotonic() - start >= 0.28
        start = time.monotonic()
        await client.get("/v1/terminal/readers")
        assert time.monotonic() - start < 0.25


async def test_fault_rate_limit_and_reset(
    simulator: SimulatorServer, control: SimulatorControl
) -> None:
    await control.add_fault(path="/v1/payment_intents", kind="rate_limit", count=1)
    await control.add_fault(path="/v1/terminal/locations", kind="reset", count=1)
    async with api(simulator) as client:
        limited = await client.get("/v1/payment_intents/pi_x")
        assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limit"
        with pytest.raises(httpx.TransportError):
            await client.get("/v1/terminal/locations")
        assert (await client.get("/v1/terminal/locations")).status_code == 200
    assert (await control.stats())["rate_limited"] == 1


async def test_fault_hang_does_not_block_others(
    simulator: SimulatorServer, control: SimulatorControl
) -> None:
    await control.add_fault(path="/v1/terminal/locations", kind="hang")
    async with api(simulator, timeout=0.5) as hanging, api(simulator) as other:
        task = asyncio.ensure_future(hanging.get("/v1/terminal/locations"))
        await asyncio.sleep(0.1)
        assert (await other.get("/v1/terminal/readers")).status_code == 200
        with pytest.raises(httpx.ReadTimeout):
            await task


def test_hang_does_not_block_stop() -> None:
    server = SimulatorServer().start()
    httpx.post(f"{server.url}/_sim/faults", json={"kind": "hang"})

    outcome: list[BaseException] = []

    def call() -> None:
        try:
            httpx.get(f"{server.url}/v1/terminal/readers", auth=(API_KEY, ""), timeout=10)
        except httpx.HTTPError as error:
            outcome.append(error)

    thread = threading.Thread(target=call)
    thread.start()
    time.sleep(0.2)
    start = time.monotonic()
    server.stop()
    thread.join(5)
    assert time.monotonic() - start < 2 and not thread.is_alive()
    assert outcome and isinstance(outcome[0], httpx.HTTPError)
    server.stop()  # idempotent


async def test_fault_reader_timeout_is_a_false_negative(
    simulator: SimulatorServer, control: SimulatorControl
) -> None:
    async with api(simulator) as client:
        reader = await register(client)
        pi_id = await new_pi(client)
        await control.add_fault(
            path=f"/v1/terminal/readers/{reader['id']}/process_payment_intent",
            kind="reader_timeout",
            count=1,
        )
        response = await client.post(
            f"/v1/terminal/readers/{reader['id']}/process_payment_intent",
            data={"payment_intent": pi_id},
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "terminal_reader_timeout"
        fresh = (await client.get(f"/v1/terminal/readers/{reader['id']}")).json()
        assert fresh["action"]["status"] == "in_progress"
        assert fresh["action"]["process_payment_intent"]["payment_intent"] == pi_id


async def test_rate_limit_per_second(simulator: SimulatorServer, control: SimulatorControl) -> None:
    config = await control.configure(rate_limit_per_second=5)
    assert config["rate_limit_per_second"] == 5
    async with api(simulator) as client:
        statuses = [(await client.get("/v1/terminal/readers")).status_code for _ in range(8)]
        assert statuses.count(200) == 5 and statuses.count(429) == 3
        body = (await client.get("/v1/terminal/readers")).json()
        assert body["error"]["message"].startswith("Too many requests hit the API too quickly")
        await asyncio.sleep(1.05)
        assert (await client.get("/v1/terminal/readers")).status_code == 200
        await control.configure(rate_limit_per_second=None)
        statuses = [(await client.get("/v1/terminal/readers")).status_code for _ in range(8)]
        assert set(statuses) == {200}
    assert (await control.stats())["rate_limited"] == 4


async def test_stats(simulator: SimulatorServer, control: SimulatorControl) -> None:
    async with api(simulator) as client:
        reader = await register(client)
        await client.get(f"/v1/terminal/readers/{reader['id']}")
        await client.get(f"/v1/terminal/readers/{reader['id']}")
        await client.get("/v1/terminal/readers", auth=("sk_test_otherkey1234", ""))
    await control.devices()  # control calls are not counted
    stats = await control.stats()
    assert stats["total"] == 4
    assert stats["by_key"] == {"sk_test_…4242": 3, "sk_test_…1234": 1}
    assert stats["by_endpoint"]["GET /v1/terminal/readers/{id}"] == 2
    assert stats["by_endpoint"]["POST /v1/terminal/readers"] == 1
    await control.reset_stats()
    assert (await control.stats())["total"] == 0


async def test_reset() -> None:
    with SimulatorServer(seed=True, offline_after=0) as seeded:
        async with SimulatorControl(seeded.url) as ctl:
            before = seeded.state.list_readers({})["data"]
            await ctl.add_device("stripe_s700")
            await ctl.add_fault(kind="error")
            await ctl.reset()
            after = seeded.state.list_readers({})["data"]
            assert [r["label"] for r in after] == [r["label"] for r in before]
            assert len(await ctl.devices()) == 3 and await ctl.faults() == []


async def test_control_errors(control: SimulatorControl) -> None:
    with pytest.raises(SimulatorControlError) as caught:
        await control.power("tmr_nope", on=False)
    assert caught.value.status == 404
    with pytest.raises(SimulatorControlError):
        await control.add_fault(kind="meteor")
    with pytest.raises(SimulatorControlError):
        await control.register_key("sk_" + "live_abcdefgh1234")


async def test_control_with_borrowed_client(simulator: SimulatorServer) -> None:
    async with httpx.AsyncClient() as borrowed:
        ctl = SimulatorControl(simulator.url, client=borrowed)
        assert await ctl.devices() == []
        await ctl.aclose()
        assert not borrowed.is_closed
