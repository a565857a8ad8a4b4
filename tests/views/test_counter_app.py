"""The whole counter as `pos-app` runs it: window, journal recovery, end of day, first-run setup."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtWidgets import QDialog

from pos_app.app import parse_args
from pos_app.counter import CounterApp, _LazySecrets, open_account
from pos_app.simulator import SimulatorServer
from pos_app.storage.journal import Journal
from pos_app.storage.settings import Settings
from pos_app.views.end_of_day import EndOfDayDialog, RecoveryNotice
from pos_app.views.wizard import SetupWizard

from .conftest import eventually


def visible(app: CounterApp, kind: type[QDialog]) -> QDialog | None:
    return next((d for d in app.window.findChildren(kind) if d.isVisible()), None)


async def test_counter_recovers_open_sales_and_shows_the_end_of_day(
    sim: SimulatorServer, tmp_path: Path
) -> None:
    settings = Settings.from_file(tmp_path / "counter.ini")
    settings.account_mode = "training"
    journal = Journal(tmp_path / "journal.sqlite3")
    # A sale written by a previous run that stopped before reaching Stripe.
    journal.create_sale(
        "sale-left-open",
        idempotency_key="sale-sale-left-open",
        amount=1250,
        currency="eur",
        counter_id=settings.counter_id,
        counter_name=settings.counter_name,
        reader_id="tmr_gone",
    )
    args = parse_args(["--training", "--api-base", sim.url])
    secrets = _LazySecrets()
    counter = CounterApp(args, settings, secrets, open_account(args, settings), journal)
    running = asyncio.ensure_future(counter.run())
    try:
        await eventually(lambda: visible(counter, RecoveryNotice) is not None)
        assert [sale.id for sale in counter.journal.open_sales()] == ["sale-left-open"]
        counter.window.end_of_day_action.trigger()
        await eventually(lambda: visible(counter, EndOfDayDialog) is not None)
        assert visible(counter, SetupWizard) is None, "an account is set up: no wizard"
        counter.window.close()
        assert await asyncio.wait_for(running, 5) is False
    finally:
        await counter.close()


async def test_first_run_opens_the_store_setup_over_the_training_window(
    sim: SimulatorServer, tmp_path: Path
) -> None:
    settings = Settings.from_file(tmp_path / "counter.ini")
    assert settings.account_mode == ""
    args = parse_args(["--api-base", sim.url])
    secrets = _LazySecrets()
    account = open_account(args, settings, secrets.get)
    assert account.training, "no key stored: training mode"
    counter = CounterApp(args, settings, secrets, account, Journal(tmp_path / "j.sqlite3"))
    running = asyncio.ensure_future(counter.run())
    try:
        await eventually(lambda: visible(counter, SetupWizard) is not None)
        assert counter.window.isVisible()
        counter.window.close()
        assert await asyncio.wait_for(running, 5) is False
    finally:
        await counter.close()
