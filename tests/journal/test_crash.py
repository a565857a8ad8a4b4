"""SIGKILL a real counter process at each step of a payment, restart it, check the money.

The counter is ``python -m pos_app.headless`` (the window's PaymentController and journal,
without the window), killed by its own test hook ``COMPTOIR_CRASH_AT``. In the matrix the
simulator runs in this process so that the test sees every PaymentIntent and charge it holds
(its Stripe API has no PaymentIntent list); each scenario has its own reader and its own
counter data directory, and the scenarios run side by side to keep the suite fast.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pos_app.simulator import SimulatorControl, SimulatorServer
from pos_app.storage.journal import JournalState

from .conftest import ROOT, Headless, register_reader, stripe_client

APPROVED_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def intents_of(sim: SimulatorServer, sale_id: str) -> list[dict[str, Any]]:
    """The sale's PaymentIntents, as Stripe would show them now (the simulator is lazy)."""
    with sim.state._lock:
        ids = [
            pi["id"]
            for pi in sim.state.payment_intents.values()
            if pi["metadata"].get("comptoir_sale") == f"sale-{sale_id}"
        ]
    return [sim.state.retrieve_payment_intent(pi_id) for pi_id in ids]


def check_money(sim: SimulatorServer, headless: Headless) -> None:
    """No sale charged twice, no charge without a journal record saying approved."""
    journal = headless.journal()
    try:
        sales = journal.sales()
    finally:
        journal.close()
    by_key = {sale.idempotency_key: sale for sale in sales}
    with sim.state._lock:
        intents = [
            dict(pi)
            for pi in sim.state.payment_intents.values()
            if pi["metadata"].get("comptoir_counter_id") == headless.data_dir.name
        ]
        charges = [dict(ch) for ch in sim.state.charges.values()]
    per_sale = Counter(str(pi["metadata"]["comptoir_sale"]) for pi in intents)
    assert all(n == 1 for n in per_sale.values()), f"a sale with two PaymentIntents: {per_sale}"
    assert set(per_sale) <= set(by_key), "a PaymentIntent without a journal record"
    sale_of_pi = {pi["id"]: str(pi["metadata"]["comptoir_sale"]) for pi in intents}
    paid = Counter(
        sale_of_pi[ch["payment_intent"]]
        for ch in charges
        if ch["paid"] and ch["payment_intent"] in sale_of_pi
    )
    assert all(n == 1 for n in paid.values()), f"a sale charged twice: {paid}"
    for key, sale in by_key.items():
        assert (sale.state is JournalState.APPROVED) == (paid[key] == 1), sale


@dataclass
class Scenario:
    """One crash: where the counter dies, what happens meanwhile, what the restart finds."""

    name: str
    crash_at: str | None
    #: The card the simulated reader reads ``delay_ms`` after the payment starts, if any.
    card: tuple[str, float] | None
    #: (kind, state) that reconciliation reports.
    recovered: tuple[str, str] | None
    follow: float = 5.0
    #: A card tapped while the counter is down (``delay_ms`` after the restart begins).
    card_after_crash: tuple[str, float] | None = None
    #: "retry" (with an approved card) or "void" after the restart.
    then: str | None = None
    final: str | None = None


SCENARIOS = [
    Scenario("no crash: the hook is inert", None, (APPROVED_CARD, 0), None, final="approved"),
    Scenario(
        "before the PaymentIntent exists",
        "sale_recorded",
        None,
        ("not_sent", "interrupted"),
        then="retry",
        final="approved",
    ),
    Scenario(
        "PaymentIntent created, its id not yet written",
        "intent_created",
        None,
        ("not_paid", "interrupted"),
        then="retry",
        final="approved",
    ),
    Scenario(
        "PaymentIntent id written, reader not yet asked",
        "intent_recorded",
        None,
        ("not_paid", "interrupted"),
        then="void",
        final="voided",
    ),
    Scenario(
        "reader waiting, card tapped while the counter is down",
        "action_in_progress",
        (APPROVED_CARD, 1200),
        ("paid", "approved"),
        final="approved",
    ),
    Scenario(
        "reader waiting, card tapped during the restart: followed to its end",
        "action_in_progress",
        None,
        ("paid", "approved"),
        follow=20,
        card_after_crash=(APPROVED_CARD, 2500),
        final="approved",
    ),
    Scenario(
        "reader waiting, nobody taps: the cashier voids",
        "action_in_progress",
        None,
        ("still_on_reader", "interrupted"),
        follow=0.5,
        then="void",
        final="voided",
    ),
    Scenario(
        "approved, outcome not yet written",
        "payment_finished",
        (APPROVED_CARD, 0),
        ("paid", "approved"),
        final="approved",
    ),
    Scenario(
        "declined, outcome not yet written",
        "payment_finished",
        (DECLINED_CARD, 0),
        ("declined", "declined"),
        then="retry",
        final="approved",
    ),
]


def play(sim: SimulatorServer, tmp: Path, scenario: Scenario, index: int) -> None:
    client, http = stripe_client(sim.url)
    try:
        reader = register_reader(client, f"Reader {index}")
    finally:
        http.close()  # type: ignore[no-untyped-call]
    directory = tmp / f"counter-{index}"
    directory.mkdir()
    headless = Headless(sim.url, directory)
    if scenario.card is not None:
        sim.state.set_next_card(reader, *scenario.card)
    run = headless.run(
        "--reader", reader, "--amount", str(1000 + index), crash_at=scenario.crash_at
    )
    journal = headless.journal()
    [sale] = journal.sales()
    journal.close()
    if scenario.crash_at is None:
        assert run.returncode == 0 and run.output["state"] == scenario.final, run
        check_money(sim, headless)
        return
    assert run.returncode == -9, run.stderr
    assert sale.state in (JournalState.PENDING, JournalState.IN_PROGRESS), sale
    if scenario.crash_at == "sale_recorded":
        assert intents_of(sim, sale.id) == [], "a PaymentIntent before the sale was sent"
    if scenario.crash_at == "intent_created":
        assert sale.payment_intent_id is None and len(intents_of(sim, sale.id)) == 1
    if scenario.crash_at == "action_in_progress" and scenario.card is not None:
        wait_for(lambda: [pi["status"] for pi in intents_of(sim, sale.id)] == ["succeeded"])
    if scenario.card_after_crash is not None:
        sim.state.set_next_card(reader, *scenario.card_after_crash)
    restart = headless.run("--reconcile", "--follow-timeout", str(scenario.follow))
    assert restart.returncode == 0, restart.stderr
    [recovery] = restart.output
    assert (recovery["kind"], recovery["state"]) == scenario.recovered, recovery
    found = intents_of(sim, sale.id)
    assert len(found) <= 1
    intent = found[0] if found else None
    if intent is not None:
        assert recovery["payment_intent"] == intent["id"]
    if scenario.then == "retry":
        sim.state.set_next_card(reader, APPROVED_CARD, 100)
        retried = headless.run("--reader", reader, "--retry", sale.id)
        assert retried.output["state"] == "approved", retried
        if intent is not None:
            assert retried.output["payment_intent"] == intent["id"]
    elif scenario.then == "void":
        voided = headless.run("--void", sale.id)
        assert voided.output == {"sale": sale.id, "void": "voided", "state": "voided"}, voided
        [intent] = intents_of(sim, sale.id)
        assert intent["status"] == "canceled"
        action = sim.state.retrieve_reader(reader)["action"]
        assert action is None or action["status"] != "in_progress", action
    journal = headless.journal()
    assert journal.get(sale.id).state.value == scenario.final
    journal.close()
    check_money(sim, headless)
    journal = headless.journal()
    assert journal.unfinished() == [], "the next restart would reconcile again"
    journal.close()


def test_crash_matrix(sim: SimulatorServer, tmp_path: Path) -> None:
    failures: list[str] = []

    def attempt(item: tuple[int, Scenario]) -> None:
        index, scenario = item
        try:
            play(sim, tmp_path, scenario, index)
        except Exception as error:  # collected, reported together below
            failures.append(f"{scenario.name}: {type(error).__name__}: {error}")

    with ThreadPoolExecutor(max_workers=len(SCENARIOS)) as pool:
        list(pool.map(attempt, enumerate(SCENARIOS)))
    assert not failures, "\n".join(failures)


@pytest.fixture
def standalone(tmp_path: Path) -> Iterator[str]:
    """``pos-app-simulator`` in its own process, as in a multi-counter demo."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pos_app.simulator.cli", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("listening on "), line
    yield line.split()[-1]
    process.terminate()
    process.wait(10)
    process.stdout.close()


async def test_crash_against_a_standalone_simulator(standalone: str, tmp_path: Path) -> None:
    client, http = stripe_client(standalone)
    try:
        reader = register_reader(client)
        headless = Headless(standalone, tmp_path / "counter")
        headless.data_dir.mkdir()
        run = headless.run("--reader", reader, "--amount", "4200", crash_at="intent_created")
        assert run.returncode == -9
        restart = headless.run("--reconcile")
        [recovery] = restart.output
        assert recovery["kind"] == "not_paid"
        async with SimulatorControl(standalone) as control:
            await control.next_card(reader, APPROVED_CARD, 100)
        retried = headless.run("--reader", reader, "--retry", recovery["sale"])
        assert retried.output["state"] == "approved"
        assert retried.output["payment_intent"] == recovery["payment_intent"]
        intent = client.v1.payment_intents.retrieve(recovery["payment_intent"])
        assert intent.status == "succeeded"
        assert intent.metadata["comptoir_sale"] == f"sale-{recovery['sale']}"
    finally:
        http.close()  # type: ignore[no-untyped-call]
    await asyncio.sleep(0)
