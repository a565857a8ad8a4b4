"""The official stripe-python client (16.1, sync and async over httpx) against the simulator."""

from __future__ import annotations

from typing import Any, cast

import pytest
import stripe
from stripe.params.terminal import LocationCreateParamsAddress

from pos_app.simulator import SimulatorServer


def address() -> LocationCreateParamsAddress:
    return {"line1": "1 rue de la Paix", "city": "Paris", "postal_code": "75002", "country": "FR"}


def test_sync_payment_flow(stripe_client: stripe.StripeClient) -> None:
    v1 = stripe_client.v1
    location = v1.terminal.locations.create(
        params={"display_name": "Shop", "address": address(), "metadata": {"k": "v"}}
    )
    assert location.id.startswith("tml_") and location.metadata.to_dict() == {"k": "v"}
    reader = v1.terminal.readers.create(
        params={"registration_code": "simulated-wpe", "location": location.id, "label": "Till"}
    )
    assert reader.device_type == "simulated_wisepos_e" and reader.status == "online"
    reader = v1.terminal.readers.update(reader.id, params={"metadata": {"counter": "A"}})
    assert reader.metadata.to_dict() == {"counter": "A"}
    reader = v1.terminal.readers.update(reader.id, params={"metadata": ""})
    assert reader.metadata.to_dict() == {}
    expanded = v1.terminal.readers.retrieve(reader.id, params={"expand": ["location"]})
    assert isinstance(expanded.location, stripe.terminal.Location)
    intent = v1.payment_intents.create(
        params={"amount": 1999, "currency": "eur", "allowed_payment_method_types": ["card_present"]}
    )
    reader = v1.terminal.readers.process_payment_intent(
        reader.id, params={"payment_intent": intent.id}
    )
    assert reader.action is not None and reader.action.status == "in_progress"
    # stripe-python has no class for 409: a busy reader surfaces as a plain APIError
    # whose .code is None (read json_body), retried when max_network_retries is set.
    with pytest.raises(stripe.APIError) as busy:
        v1.terminal.readers.set_reader_display(
            reader.id,
            params={
                "type": "cart",
                "cart": {
                    "currency": "eur",
                    "total": 1999,
                    "line_items": [{"amount": 1999, "description": "Cake", "quantity": 1}],
                },
            },
        )
    assert busy.value.http_status == 409 and busy.value.code is None
    body = cast(dict[str, Any], busy.value.json_body)
    assert body["error"]["code"] == "terminal_reader_busy"
    reader = v1.test_helpers.terminal.readers.present_payment_method(
        reader.id, params={"type": "card_present", "card_present": {"number": "4242424242424242"}}
    )
    assert reader.action is not None and reader.action.status == "succeeded"
    intent = v1.payment_intents.retrieve(intent.id)
    assert intent.status == "succeeded" and intent.amount_received == 1999
    token = v1.terminal.connection_tokens.create(params={"location": location.id})
    assert token.secret.startswith("pst_test_")
    deleted = v1.terminal.readers.delete(reader.id)
    assert deleted.deleted is True
    with pytest.raises(stripe.InvalidRequestError) as gone:
        v1.terminal.readers.retrieve(reader.id)
    assert gone.value.http_status == 404 and gone.value.code == "resource_missing"


def test_sync_errors_map_to_stripe_exceptions(simulator: SimulatorServer) -> None:
    http_client = stripe.HTTPXClient(allow_sync_methods=True)
    try:
        bad = stripe.StripeClient(
            "sk_test_wr0ng", base_addresses={"api": simulator.url}, http_client=http_client
        )
        with pytest.raises(stripe.AuthenticationError):
            bad.v1.terminal.readers.list()
        live = stripe.StripeClient(
            "sk_" + "live_abcdefghijkl",
            base_addresses={"api": simulator.url},
            http_client=http_client,
        )
        with pytest.raises(stripe.AuthenticationError):
            live.v1.terminal.locations.list()
        simulator.register_key("rk_test_restricted99", "no_terminal")
        restricted = stripe.StripeClient(
            "rk_test_restricted99", base_addresses={"api": simulator.url}, http_client=http_client
        )
        with pytest.raises(stripe.PermissionError):
            restricted.v1.terminal.readers.list()
        good = stripe.StripeClient(
            "sk_test_good_key_123", base_addresses={"api": simulator.url}, http_client=http_client
        )
        intent = good.v1.payment_intents.create(params={"amount": 500, "currency": "eur"})
        with pytest.raises(stripe.CardError) as declined:
            good.v1.payment_intents.confirm(
                intent.id, params={"payment_method": "pm_card_chargeDeclined"}
            )
        assert declined.value.http_status == 402 and declined.value.code == "card_declined"
        simulator.configure({"rate_limit_per_second": 1})
        good.v1.terminal.readers.list()
        with pytest.raises(stripe.RateLimitError):
            good.v1.terminal.readers.list()
    finally:
        http_client.close()  # type: ignore[no-untyped-call]


def test_retries_reuse_the_idempotency_key(simulator: SimulatorServer) -> None:
    """A 500 before the request runs is retried by stripe-python with the same key."""
    http_client = stripe.HTTPXClient(allow_sync_methods=True)
    try:
        client = stripe.StripeClient(
            "sk_test_retrying_key1",
            base_addresses={"api": simulator.url},
            http_client=http_client,
            max_network_retries=2,
        )
        simulator.add_fault({"path": "/v1/terminal/readers", "kind": "error", "count": 1})
        reader = client.v1.terminal.readers.create(params={"registration_code": "simulated-s700"})
        assert reader.device_type == "simulated_stripe_s700"
        assert len(simulator.state.list_readers({})["data"]) == 1
        assert simulator.stats()["by_endpoint"]["POST /v1/terminal/readers"] == 2
    finally:
        http_client.close()  # type: ignore[no-untyped-call]


def test_auto_paging_over_more_than_100_readers(stripe_client: stripe.StripeClient) -> None:
    for _ in range(105):
        stripe_client.v1.terminal.readers.create(params={"registration_code": "simulated-wpe"})
    page = stripe_client.v1.terminal.readers.list(params={"limit": 100})
    assert len(page.data) == 100 and page.has_more is True
    ids = [reader.id for reader in page.auto_paging_iter()]
    assert len(ids) == 105 and len(set(ids)) == 105


async def test_async_client(simulator: SimulatorServer) -> None:
    http_client = stripe.HTTPXClient()
    client = stripe.StripeClient(
        "sk_test_async_key_12", base_addresses={"api": simulator.url}, http_client=http_client
    )
    try:
        v1 = client.v1
        location = await v1.terminal.locations.create_async(
            params={"display_name": "Async shop", "address": address()}
        )
        reader = await v1.terminal.readers.create_async(
            params={"registration_code": "simulated-s710", "location": location.id}
        )
        intent = await v1.payment_intents.create_async(
            params={
                "amount": 700,
                "currency": "eur",
                "allowed_payment_method_types": ["card_present"],
                "capture_method": "manual",
            }
        )
        await v1.terminal.readers.process_payment_intent_async(
            reader.id, params={"payment_intent": intent.id}
        )
        reader = await v1.test_helpers.terminal.readers.present_payment_method_async(
            reader.id, params={"card_present": {"number": "4000000000000002"}}
        )
        assert reader.action is not None and reader.action.failure_code == "card_declined"
        reader = await v1.terminal.readers.cancel_action_async(reader.id)
        await v1.terminal.readers.process_payment_intent_async(
            reader.id, params={"payment_intent": intent.id}
        )
        await v1.test_helpers.terminal.readers.present_payment_method_async(reader.id)
        intent = await v1.payment_intents.capture_async(intent.id)
        assert intent.status == "succeeded"
        listed = await v1.terminal.readers.list_async(params={"location": location.id})
        assert [r.id for r in listed.data] == [reader.id]
        ids = [r.id async for r in listed.auto_paging_iter()]
        assert ids == [reader.id]
        canceled = await v1.payment_intents.create_async(params={"amount": 5, "currency": "eur"})
        canceled = await v1.payment_intents.cancel_async(canceled.id)
        assert canceled.status == "canceled"
        with pytest.raises(stripe.InvalidRequestError) as invalid_state:
            await v1.payment_intents.capture_async(canceled.id)
        assert invalid_state.value.code == "intent_invalid_state"
    finally:
        await http_client.close_async()  # type: ignore[no-untyped-call]


def test_payment_method_types_removed_in_endive(stripe_client: stripe.StripeClient) -> None:
    """stripe-python 16.1 pins 2026-10-28.endive, where payment_method_types is not writable."""
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.raw_request(
            "post",
            "/v1/payment_intents",
            amount=100,
            currency="eur",
            payment_method_types=["card_present"],
        )
    assert caught.value.code == "payment_method_types_no_longer_supported"
    intent = stripe_client.v1.payment_intents.create(
        params={"amount": 100, "currency": "eur", "allowed_payment_method_types": ["card_present"]}
    )
    assert intent.payment_method_types == ["card_present"]
