"""Payments on the connected reader: one PaymentIntent per sale, whatever happens."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
import stripe

from pos_app.simulator import SimulatorControl, SimulatorServer
from pos_app.terminal import ErrorCode, PaymentOutcome, PaymentResult, PaymentStatus, TerminalError

from .conftest import Counter
from .helpers import eventually


async def connected(
    counters: Callable[..., Counter], register: Callable[..., str], location: str
) -> tuple[Counter, str]:
    reader_id = register()
    counter = counters("Counter A")
    readers = await counter.terminal.discover_readers(location=location)
    await counter.terminal.connect_reader(readers[0])
    return counter, reader_id


async def pay(counter: Counter, key: str, card: str | None, amount: int = 1250) -> PaymentResult:
    task = asyncio.ensure_future(counter.terminal.collect_payment(amount, "eur", key))
    await eventually(lambda: counter.terminal.payment_status is PaymentStatus.WAITING_FOR_INPUT)
    if card is not None:
        await counter.terminal.present_test_card(card)
    return await asyncio.wait_for(task, 5)


@pytest.fixture
def intents(sim: SimulatorServer) -> Callable[[], list[dict[str, Any]]]:
    """Every PaymentIntent on the simulated account (white-box: Stripe lists them too)."""
    return lambda: list(sim.state.payment_intents.values())


async def test_approved_payment_moves_through_the_statuses(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    intents: Callable[[], list[dict[str, Any]]],
) -> None:
    a, _ = await connected(counters, register, location)
    result = await pay(a, "sale-1", "4242424242424242")
    assert result.outcome is PaymentOutcome.APPROVED
    assert result.amount == 1250 and result.currency == "eur"
    assert result.charge_id and result.charge_id.startswith("ch_")
    assert a.payment_statuses == [
        PaymentStatus.READY,
        PaymentStatus.WAITING_FOR_INPUT,
        PaymentStatus.PROCESSING,
        PaymentStatus.READY,
    ]
    [intent] = intents()
    assert intent["status"] == "succeeded" and intent["id"] == result.payment_intent_id
    assert intent["metadata"]["comptoir_sale"] == "sale-1"


@pytest.mark.parametrize(
    ("card", "code", "decline"),
    [
        ("4000000000000002", "card_declined", "generic_decline"),
        ("4000000000009995", "card_declined", "insufficient_funds"),
    ],
)
async def test_declined_then_retried_on_the_same_payment_intent(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    intents: Callable[[], list[dict[str, Any]]],
    card: str,
    code: str,
    decline: str,
) -> None:
    a, _ = await connected(counters, register, location)
    declined = await pay(a, "sale-2", card)
    assert declined.outcome is PaymentOutcome.DECLINED
    assert declined.failure_code == code
    assert declined.decline_code == decline
    assert declined.failure_message
    assert declined.payment_intent_status == "requires_payment_method"

    approved = await pay(a, "sale-2", "4242424242424242")
    assert approved.outcome is PaymentOutcome.APPROVED
    assert approved.payment_intent_id == declined.payment_intent_id
    assert [i["status"] for i in intents()] == ["succeeded"], "one PaymentIntent for the sale"


async def test_retrying_a_paid_sale_does_not_charge_again(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    intents: Callable[[], list[dict[str, Any]]],
) -> None:
    a, _ = await connected(counters, register, location)
    first = await pay(a, "sale-3", "4242424242424242")
    again = await asyncio.wait_for(a.terminal.collect_payment(1250, "eur", "sale-3"), 5)
    assert again.outcome is PaymentOutcome.APPROVED
    assert again.payment_intent_id == first.payment_intent_id
    assert len(intents()) == 1


async def test_cancel_then_retry(
    api: stripe.StripeClient,
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    intents: Callable[[], list[dict[str, Any]]],
) -> None:
    a, reader_id = await connected(counters, register, location)
    task = asyncio.ensure_future(a.terminal.collect_payment(990, "eur", "sale-4"))
    await eventually(lambda: a.terminal.payment_status is PaymentStatus.WAITING_FOR_INPUT)
    await a.terminal.cancel_payment()
    with pytest.raises(TerminalError) as raised:
        await asyncio.wait_for(task, 5)
    assert raised.value.code is ErrorCode.CANCELED
    assert a.terminal.payment_status is PaymentStatus.READY
    reader = api.v1.terminal.readers.retrieve(reader_id)
    assert reader.action is None or reader.action.status != "in_progress"

    result = await pay(a, "sale-4", "4242424242424242", amount=990)
    assert result.outcome is PaymentOutcome.APPROVED
    assert len(intents()) == 1


async def test_reader_timeout_is_rechecked_and_never_doubles_the_intent(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    intents: Callable[[], list[dict[str, Any]]],
    ctl: SimulatorControl,
) -> None:
    a, reader_id = await connected(counters, register, location)
    # Stripe's false negative: the action reached the reader but the API says it timed out.
    await ctl.add_fault(
        path=f"/v1/terminal/readers/{reader_id}/process_payment_intent",
        kind="reader_timeout",
        count=1,
    )
    result = await pay(a, "sale-5", "4242424242424242")
    assert result.outcome is PaymentOutcome.APPROVED
    assert len(intents()) == 1


async def test_network_drop_during_create_then_retry_reuses_the_intent(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    intents: Callable[[], list[dict[str, Any]]],
    ctl: SimulatorControl,
) -> None:
    a, _ = await connected(counters, register, location)
    await ctl.add_fault(path="/v1/terminal/readers/", kind="reset", count=1, method="POST")
    with pytest.raises(TerminalError) as raised:
        await a.terminal.collect_payment(700, "eur", "sale-6")
    assert raised.value.code is ErrorCode.NETWORK_ERROR
    result = await pay(a, "sale-6", "4242424242424242", amount=700)
    assert result.outcome is PaymentOutcome.APPROVED
    assert len(intents()) == 1


async def test_a_physical_reader_refuses_test_cards(
    api: stripe.StripeClient,
    counters: Callable[..., Counter],
    intents: Callable[[], list[dict[str, Any]]],
    location: str,
    ctl: SimulatorControl,
) -> None:
    device = await ctl.add_device("stripe_s700")
    api.v1.terminal.readers.create(
        params={"registration_code": device["registration_code"], "location": location}
    )
    a = counters("Counter A")
    [reader] = await a.terminal.discover_readers(location=location)
    assert not reader.simulated
    await a.terminal.connect_reader(reader)
    with pytest.raises(TerminalError) as raised:
        await a.terminal.present_test_card()
    assert raised.value.code is ErrorCode.NOT_SIMULATED
    await ctl.next_card(reader.id, "4242424242424242", delay_ms=100)
    result = await asyncio.wait_for(a.terminal.collect_payment(300, "eur", "sale-7"), 5)
    assert result.outcome is PaymentOutcome.APPROVED


async def test_cancel_during_authorization_is_refused_and_the_payment_completes(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
) -> None:
    a, _ = await connected(counters, register, location)
    # The card is being authorized for a while: Stripe answers cancel_action with 409 busy.
    await ctl.configure(authorization_delay_ms=1500)
    task = asyncio.ensure_future(a.terminal.collect_payment(450, "eur", "sale-8"))
    await eventually(lambda: a.terminal.payment_status is PaymentStatus.WAITING_FOR_INPUT)
    await a.terminal.present_test_card("4242424242424242")
    with pytest.raises(TerminalError) as raised:
        await a.terminal.cancel_payment()
    assert raised.value.code is ErrorCode.PAYMENT_PROCESSING
    result = await asyncio.wait_for(task, 5)
    assert result.outcome is PaymentOutcome.APPROVED
