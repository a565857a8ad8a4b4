"""The payment controller writing the journal, voids, reconciliation offline, and the widgets."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import stripe
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QWidget

from pos_app.controllers.journal import (
    JournalController,
    RecoveryKind,
    SaleIntents,
    VoidOutcome,
    reconcile,
)
from pos_app.controllers.payment import PaymentController
from pos_app.controllers.states import SaleState
from pos_app.simulator import SimulatorServer
from pos_app.storage.journal import (
    FailureKind,
    Journal,
    JournalError,
    JournalState,
    journal_path,
)
from pos_app.terminal import PollingPolicy, Terminal
from pos_app.views.end_of_day import (
    EndOfDayDialog,
    JournalChoice,
    JournalProblemDialog,
    RecoveryNotice,
    open_journal,
)

from .conftest import KEY

FAST = PollingPolicy(idle_interval=0.15, active_interval=0.05, jitter=0.2, max_interval=0.6)


@pytest.fixture
def journal_file(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal(tmp_path / "journal.sqlite3")
    yield journal
    journal.close()


@pytest.fixture
async def controller(
    sim: SimulatorServer, journal_file: Journal
) -> AsyncIterator[JournalController]:
    intents = SaleIntents(KEY, sim.url, request_timeout=2)
    yield JournalController(journal_file, intents, follow_timeout=1, poll_interval=0.05)
    await intents.close()


@pytest.fixture
async def payment(
    sim: SimulatorServer, reader: str, controller: JournalController
) -> AsyncIterator[PaymentController]:
    terminal = Terminal(
        KEY, sim.url, counter_id="c1", counter_name="Caisse 1", polling=FAST, request_timeout=2
    )
    [found] = [r for r in await terminal.discover_readers() if r.id == reader]
    await terminal.connect_reader(found)
    steps: list[str] = []
    yield PaymentController(terminal, journal=controller, on_step=steps.append)
    await terminal.close()


async def test_a_sale_is_written_before_stripe_and_at_every_step(
    sim: SimulatorServer, reader: str, payment: PaymentController, controller: JournalController
) -> None:
    sim.state.set_next_card(reader, "4242424242424242", 50)
    sale = await payment.charge(1250, "eur")
    assert sale.state is SaleState.APPROVED
    record = controller.journal.get(sale.id)
    assert record.state is JournalState.APPROVED
    assert record.payment_intent_id == sale.result.payment_intent_id if sale.result else False
    assert record.charge_id and record.reader_id == reader and record.counter_name == "Caisse 1"
    events = controller.journal.events(sale.id)
    assert [e.state.value for e in events] == [
        "pending",
        "in_progress",
        "in_progress",
        "approved",
    ]
    assert events[1].payment_intent_id is None and events[2].payment_intent_id
    assert payment.on_step is not None
    pis = [pi for pi in sim.state.payment_intents.values()]
    assert len(pis) == 1, "the Terminal's create did not reuse the journal's PaymentIntent"


async def test_declined_then_voided_cancels_the_payment_intent(
    sim: SimulatorServer, reader: str, payment: PaymentController, controller: JournalController
) -> None:
    sim.state.set_next_card(reader, "4000000000000002", 50)
    sale = await payment.charge(800, "eur")
    assert sale.state is SaleState.OPEN
    assert controller.journal.get(sale.id).state is JournalState.DECLINED
    assert await payment.void() is VoidOutcome.VOIDED
    assert payment.sale is None
    record = controller.journal.get(sale.id)
    assert record.state is JournalState.VOIDED
    assert record.payment_intent_id is not None
    assert sim.state.payment_intents[record.payment_intent_id]["status"] == "canceled"


async def test_a_new_amount_voids_the_open_sale(
    sim: SimulatorServer, reader: str, payment: PaymentController, controller: JournalController
) -> None:
    sim.state.set_next_card(reader, "4000000000000002", 50)
    first = await payment.charge(800, "eur")
    sim.state.set_next_card(reader, "4242424242424242", 50)
    second = await payment.charge(900, "eur")
    assert second.id != first.id and second.state is SaleState.APPROVED
    assert controller.journal.get(first.id).state is JournalState.VOIDED


async def test_voiding_a_sale_paid_meanwhile_approves_it(
    sim: SimulatorServer, reader: str, payment: PaymentController, controller: JournalController
) -> None:
    sim.state.set_next_card(reader, "4242424242424242", 50)
    sale = await payment.charge(1500, "eur")
    # As if the network had dropped while the card was read: the journal says interrupted.
    controller.journal.record(sale.id, JournalState.INTERRUPTED, detail="network_error")
    assert await controller.void(sale.id) is VoidOutcome.ALREADY_PAID
    assert controller.journal.get(sale.id).state is JournalState.APPROVED


async def test_reconciliation_without_stripe_changes_nothing(journal_file: Journal) -> None:
    journal_file.create_sale(
        "s1",
        idempotency_key="sale-s1",
        amount=100,
        currency="eur",
        counter_id="c",
        counter_name="C",
        reader_id="tmr_1",
    )
    journal_file.record("s1", JournalState.IN_PROGRESS, payment_intent_id="pi_unknown")
    intents = SaleIntents(KEY, "http://127.0.0.1:9", request_timeout=1)
    try:
        [recovery] = await reconcile(journal_file, intents)
    finally:
        await intents.close()
    assert recovery.kind is RecoveryKind.UNCHECKED
    assert journal_file.get("s1").state is JournalState.IN_PROGRESS
    assert "could not be reached" in recovery.translated()


async def test_an_unknown_payment_intent_needs_attention(
    controller: JournalController, journal_file: Journal
) -> None:
    journal_file.create_sale(
        "s1",
        idempotency_key="sale-s1",
        amount=100,
        currency="eur",
        counter_id="c",
        counter_name="C",
        reader_id="tmr_1",
    )
    journal_file.record("s1", JournalState.IN_PROGRESS, payment_intent_id="pi_missing")
    [recovery] = await controller.reconcile()
    assert recovery.kind is RecoveryKind.NEEDS_ATTENTION
    assert journal_file.get("s1").state is JournalState.NEEDS_ATTENTION


async def test_end_of_day_dialog_shows_and_exports_the_totals(
    sim: SimulatorServer,
    reader: str,
    payment: PaymentController,
    controller: JournalController,
    tmp_path: Path,
) -> None:
    sim.state.set_next_card(reader, "4242424242424242", 50)
    await payment.charge(1250, "eur")
    dialog = EndOfDayDialog(controller)
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, c).text() for c in range(dialog.COLUMNS)]  # type: ignore[union-attr]
    assert cells == ["Caisse 1", "Front reader", "Approved", "1", "12.50", "EUR"]
    exported: list[str] = []
    dialog.exported.connect(exported.append)
    dialog.export_to(str(tmp_path / "out.csv"))
    assert exported == [str(tmp_path / "out.csv")]
    with (tmp_path / "out.csv").open(newline="", encoding="utf-8") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["outcome"], row["amount"], row["currency"]) == ("approved", "12.50", "EUR")
    assert row["date"] == dt.date.today().isoformat()
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-1))
    assert dialog.table.rowCount() == 0 and not dialog.export_button.isEnabled()


async def test_recovery_notice_lists_sales_and_asks_to_retry_or_void(
    controller: JournalController, journal_file: Journal
) -> None:
    journal_file.create_sale(
        "s1",
        idempotency_key="sale-s1",
        amount=990,
        currency="eur",
        counter_id="c",
        counter_name="C",
        reader_id="tmr_1",
    )
    recoveries = await controller.reconcile()
    notice = RecoveryNotice(recoveries, controller)
    assert notice.list.count() == 1
    assert "9.90 EUR: never reached Stripe" in notice.list.item(0).text()
    wanted: list[tuple[str, str]] = []
    notice.retryRequested.connect(lambda s: wanted.append(("retry", s)))
    notice.voidRequested.connect(lambda s: wanted.append(("void", s)))
    notice.list.setCurrentRow(0)
    notice.retry_button.click()
    notice.void_button.click()
    assert wanted == [("retry", "s1"), ("void", "s1")]
    await controller.void("s1")
    assert "(Voided)" in notice.list.item(0).text()
    assert not notice.void_button.isEnabled()


class _Choose(JournalProblemDialog):
    choices: ClassVar[list[JournalChoice]] = []
    shown: ClassVar[list[str]] = []

    def __init__(self, error: JournalError, parent: QWidget | None = None) -> None:
        super().__init__(error, parent)
        _Choose.shown.append(error.kind.value)
        choice = _Choose.choices.pop(0)
        QTimer.singleShot(0, lambda: self.done(choice))


async def test_open_journal_asks_before_starting_a_fresh_one() -> None:
    path = journal_path()
    path.write_bytes(b"not a database" * 100)
    _Choose.choices = [JournalChoice.QUIT]
    _Choose.shown = []
    assert await open_journal(path=path, make_dialog=_Choose) is None
    assert path.read_bytes() == b"not a database" * 100
    _Choose.choices = [JournalChoice.START_FRESH]
    journal = await open_journal(path=path, make_dialog=_Choose)
    assert journal is not None and journal.sales() == []
    journal.close()
    assert _Choose.shown == ["corrupt", "corrupt"]
    [kept] = list(path.parent.glob("journal.sqlite3.unusable-*"))
    assert kept.read_bytes() == b"not a database" * 100


def test_problem_dialog_offers_retry_only_when_it_may_help(tmp_path: Path) -> None:
    corrupt = JournalProblemDialog(JournalError(FailureKind.CORRUPT, tmp_path / "j"))
    locked = JournalProblemDialog(JournalError(FailureKind.LOCKED, tmp_path / "j"))
    assert corrupt.retry_button.isHidden() and not locked.retry_button.isHidden()
    assert isinstance(corrupt, QDialog)


async def test_stripe_errors_are_not_swallowed_by_the_helpers() -> None:
    intents = SaleIntents(KEY, "http://127.0.0.1:9", request_timeout=1)
    try:
        with pytest.raises(stripe.APIConnectionError):
            await intents.retrieve("pi_x")
    finally:
        await intents.close()
    await asyncio.sleep(0)
