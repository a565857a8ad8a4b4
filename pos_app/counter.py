"""The counter application proper, loaded by `pos-app` once its window is on screen.

`run` starts the qasync loop (`pos_app.asyncqt.bootstrap`) and runs the counter: the journal's
recovery, the account (Stripe or training), the controllers bound to the window `pos-app`
already shows, the first-run setup wizard, and a restart when the store setup changes the
account. Also the `--self-test` and `--render-states` tools.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from pos_app import __version__
from pos_app.asyncqt import TaskSupervisor, bootstrap
from pos_app.controllers.connection import ConnectionController
from pos_app.controllers.journal import JournalController, SaleIntents
from pos_app.controllers.states import ConnectOutcome, SaleState
from pos_app.i18n import install_translator
from pos_app.logs import setup_logging
from pos_app.paths import data_dir
from pos_app.simulator import TRAINING_API_KEY
from pos_app.storage.journal import Journal
from pos_app.storage.settings import Settings
from pos_app.terminal import PaymentStatus, PollingPolicy, TerminalError
from pos_app.views._slots import async_slot
from pos_app.views.end_of_day import RecoveryNotice, open_journal
from pos_app.views.main_window import MainWindow
from pos_app.views.session import CounterSession

if TYPE_CHECKING:
    from pos_app.simulator import SimulatorServer
    from pos_app.storage.secrets import SecretStore

__all__ = ["Account", "CounterApp", "open_account", "run", "self_test"]

log = logging.getLogger("pos_app.app")

#: The embedded training simulator reports a switched-off reader offline after this long, so
#: a cashier practising sees the banner within seconds rather than Stripe's two minutes.
TRAINING_OFFLINE_AFTER = 3.0
#: Polling for the self-test: it must finish well within 20 s.
_SELF_TEST_POLLING = PollingPolicy(idle_interval=0.5, active_interval=0.1, max_interval=2.0)
_SELF_TEST_TIMEOUT = 15.0
_SHUTDOWN_TIMEOUT = 4.0


@dataclass
class Account:
    """Which API this counter talks to, with which key.

    Attributes:
        api_key: the Stripe key, or the training key. Never logged.
        api_base: the API's base address; None for Stripe itself.
        training: practice mode against a simulator.
        simulator: the embedded simulator this process started, if any (stop it on exit).
    """

    api_key: str
    api_base: str | None
    training: bool
    simulator: SimulatorServer | None = None

    def close(self) -> None:
        if self.simulator is not None:
            self.simulator.stop()
            self.simulator = None


class _LazySecrets:
    """One SecretStore for the whole run (a session-only key survives a restart of the
    counter), created when first needed: training mode never loads the keychain library."""

    def __init__(self) -> None:
        self._store: SecretStore | None = None

    def get(self) -> SecretStore:
        if self._store is None:
            from pos_app.storage.secrets import SecretStore  # noqa: PLC0415

            self._store = SecretStore()
        return self._store


def _secret_store(secrets: SecretStore | Callable[[], SecretStore] | None) -> SecretStore:
    from pos_app.storage.secrets import SecretStore  # noqa: PLC0415

    if secrets is None:
        return SecretStore()
    return secrets if isinstance(secrets, SecretStore) else secrets()


def _keychain_unavailable() -> type[Exception]:
    from pos_app.storage.secrets import KeychainUnavailable  # noqa: PLC0415

    return KeychainUnavailable


def open_account(
    args: argparse.Namespace,
    settings: Settings,
    secrets: SecretStore | Callable[[], SecretStore] | None = None,
) -> Account:
    """Decide between Stripe and training mode, and start the embedded simulator if needed."""
    api_base = args.api_base or settings.api_base or None
    training = bool(args.training) or settings.training_mode or settings.account_mode == "training"
    key: str | None = None
    if not training:
        try:
            key = _secret_store(secrets).get()
        except _keychain_unavailable() as error:
            log.warning("Training mode: %s", error)
        if key is None:
            log.info("No Stripe key is stored: starting in training mode")
            training = True
    if not training and key is not None:
        return Account(api_key=key, api_base=api_base, training=False)
    if args.api_base:
        return Account(api_key=TRAINING_API_KEY, api_base=args.api_base, training=True)
    from pos_app.simulator import SimulatorServer  # noqa: PLC0415 - training only

    simulator = SimulatorServer(
        seed=True,
        offline_after=TRAINING_OFFLINE_AFTER,
        state_file=data_dir() / "training-simulator.json",
    ).start()
    log.info("Training simulator listening on %s", simulator.url)
    return Account(
        api_key=TRAINING_API_KEY, api_base=simulator.url, training=True, simulator=simulator
    )


async def self_test(out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Connect to a simulated reader, take a test payment, report; 0 when it all worked."""
    out = out or sys.stdout
    err = err or sys.stderr
    started = time.monotonic()
    print(f"Comptoir {__version__} self-test", file=out)
    from pos_app.simulator import SimulatorServer  # noqa: PLC0415 - training only

    simulator = SimulatorServer(seed=True, offline_after=TRAINING_OFFLINE_AFTER).start()
    with tempfile.TemporaryDirectory(prefix="comptoir-self-test-") as tmp:
        settings = Settings.from_file(Path(tmp) / "self-test.ini")
        settings.counter_name = "Self-test"
        session = CounterSession.open(
            settings,
            TRAINING_API_KEY,
            simulator.url,
            training=True,
            polling=_SELF_TEST_POLLING,
            request_timeout=5.0,
        )
        window = session.window
        window.show()
        try:
            async with asyncio.timeout(_SELF_TEST_TIMEOUT):
                readers = await window.refresh()
                online = [reader for reader in readers if reader.online]
                if not online:
                    raise SelfTestFailure("the simulator offered no online reader")
                reader = online[0]
                print(f"reader: {reader.label} ({reader.serial_number})", file=out)
                if await window.connect_to(reader) is not ConnectOutcome.CONNECTED:
                    raise SelfTestFailure(f"could not connect to {reader.label}")
                print(f"connected in {time.monotonic() - started:.1f} s", file=out)
                window.sale_panel.set_amount_text("1.00")
                amount = window.sale_panel.amount()
                if amount != 100:
                    raise SelfTestFailure("the sale panel did not read the amount 1.00")
                charging = asyncio.create_task(window.charge(amount))
                while session.controller.terminal.payment_status is not (
                    PaymentStatus.WAITING_FOR_INPUT
                ):
                    if charging.done():
                        break
                    await asyncio.sleep(0.05)
                if not charging.done():
                    await session.controller.terminal.present_test_card()
                sale = await charging
                if sale.state is not SaleState.APPROVED or sale.result is None:
                    reason = sale.error.detail if sale.error else "not approved"
                    raise SelfTestFailure(f"the test payment failed: {reason}")
                print(
                    f"payment: approved {sale.amount / 100:.2f} {sale.currency.upper()} "
                    f"({sale.result.payment_intent_id})",
                    file=out,
                )
        except (SelfTestFailure, TerminalError, TimeoutError) as error:
            reason = str(error) or f"no answer within {_SELF_TEST_TIMEOUT:.0f} s"
            print(f"FAILED: {reason}", file=err)
            return 1
        finally:
            await session.close(_SHUTDOWN_TIMEOUT)
            simulator.stop()
    print(f"OK in {time.monotonic() - started:.1f} s", file=out)
    return 0


class SelfTestFailure(Exception):
    """A self-test step did not give the expected result."""


async def run_counter(
    app: QApplication,
    args: argparse.Namespace,
    window: MainWindow | None = None,
    settings: Settings | None = None,
) -> int:
    """The application proper: the counter window until the cashier closes it.

    ``window`` is the counter window `pos-app` already shows (with ``settings`` loaded and the
    translator installed): the first run binds it to its controllers.
    """
    if settings is None:
        settings = Settings.from_app()
        install_translator(app, args.language or settings.language)
    if args.self_test:
        return await self_test()
    if args.render_states is not None:
        from pos_app.views.render import render_states  # noqa: PLC0415 - a tool, not the app

        paths = await render_states(args.render_states)
        for path in paths:
            print(path)
        return 0

    secrets = _LazySecrets()
    while True:
        journal = await open_journal(window)
        if journal is None:
            return 1
        account = open_account(args, settings, secrets.get)
        counter = CounterApp(args, settings, secrets, account, journal, window=window)
        window = None  # a restart on a new account builds a new window
        try:
            restart = await counter.run()
        finally:
            # Also reached when the application quits first (aboutToQuit cancels this task):
            # stop the simulator first, it needs no event loop.
            await counter.close()
        if not restart:
            return 0


class CounterApp(QObject):
    """One run of the counter window on one account, with its journal and the setup wizard.

    ``run()`` returns True when the store setup changed the account: the caller then starts
    again on the new one.
    """

    def __init__(
        self,
        args: argparse.Namespace,
        settings: Settings,
        secrets: _LazySecrets,
        account: Account,
        journal: Journal,
        *,
        window: MainWindow | None = None,
    ) -> None:
        super().__init__()
        self.args = args
        self.settings = settings
        self._secrets = secrets
        self.account = account
        self.journal = JournalController(journal, SaleIntents(account.api_key, account.api_base))
        self.session = CounterSession.open(
            settings,
            account.api_key,
            account.api_base,
            training=account.training,
            journal=self.journal,
            window=window,
        )
        self.window = self.session.window
        self.tasks = TaskSupervisor("counter")
        self._closed = asyncio.Event()
        self._restart = False
        #: A training simulator started for the wizard when this run is on Stripe.
        self._extra_simulator: SimulatorServer | None = None
        self.window.closed.connect(self._closed.set)
        self.window.setupRequested.connect(self.on_setup)
        self.window.readersRequested.connect(self.on_readers)

    async def run(self) -> bool:
        self.window.show()
        self.tasks.start("startup", self.window.start())
        self.tasks.start("recovery", self.recover())
        if self.settings.account_mode == "" and not self.args.training:
            self.tasks.start("setup", self.setup())
        await self._closed.wait()
        return self._restart

    async def recover(self) -> None:
        """Reconcile the sales a previous run left unfinished, and show what became of them."""
        recoveries = await self.journal.reconcile()
        if recoveries or self.journal.open_sales():
            notice = RecoveryNotice(recoveries, self.journal, self.window)
            notice.retryRequested.connect(self.on_retry_sale)
            notice.voidRequested.connect(self.on_void_sale)
            notice.open()

    @async_slot(str)
    async def on_retry_sale(self, sale_id: str) -> None:
        self.session.payments.resume(sale_id)
        await self.session.payments.retry()

    @async_slot(str)
    async def on_void_sale(self, sale_id: str) -> None:
        await self.session.payments.void(sale_id)

    def training_base(self) -> str:
        if self.account.training and self.account.api_base:
            return self.account.api_base
        if self._extra_simulator is None:
            from pos_app.simulator import SimulatorServer  # noqa: PLC0415 - training only

            self._extra_simulator = SimulatorServer(
                seed=True,
                offline_after=TRAINING_OFFLINE_AFTER,
                state_file=data_dir() / "training-simulator.json",
            ).start()
        return self._extra_simulator.url

    def controller_for(self, api_key: str, api_base: str | None) -> ConnectionController:
        if (api_key, api_base) == (self.account.api_key, self.account.api_base):
            return self.session.controller
        return ConnectionController(self.settings, api_key, api_base)

    @async_slot()
    async def on_setup(self) -> None:
        await self.setup()

    async def setup(self) -> None:
        """The store setup wizard; a new account restarts the counter on it."""
        from pos_app.views.wizard import SetupWizard  # noqa: PLC0415 - loaded when opened

        wizard = SetupWizard(
            self.settings,
            self._secrets.get(),
            self.controller_for,
            training_base=self.training_base,
            parent=self.window,
        )
        result = await wizard.run()
        if result is None or result.controller is self.session.controller:
            return
        # The wizard connected through a controller of the new account: hand the reader to
        # the new run (its startup reconnects to the reader the wizard saved).
        await result.controller.shutdown()
        self._restart = True
        self.window.close()

    @async_slot()
    async def on_readers(self) -> None:
        from pos_app.views.reader_manager import open_reader_manager  # noqa: PLC0415

        await open_reader_manager(
            self.settings,
            self._secrets.get(),
            self.session.controller,
            self.training_base,
            parent=self.window,
        )

    async def close(self) -> None:
        await self.tasks.shutdown(2.0)
        self.account.close()
        if self._extra_simulator is not None:
            self._extra_simulator.stop()
        await self.session.close(_SHUTDOWN_TIMEOUT)
        await self.journal.close()


def run(app: QApplication, args: argparse.Namespace, window: MainWindow | None = None) -> int:
    """Run the counter (or the tool ``args`` asks for) on the qasync loop; the exit code.

    ``window``: the counter window already on screen, its settings loaded and the translator
    installed (see `pos_app.app.main`).
    """
    settings = window.settings if window is not None else None

    async def start(app: QApplication) -> int:
        app.setQuitOnLastWindowClosed(False)
        # After bootstrap named the application: the log directory is named after it.
        setup_logging(logging.WARNING if args.self_test else logging.INFO)
        # stripe-python logs every request at INFO: a polling counter would fill the log file.
        logging.getLogger("stripe").setLevel(logging.WARNING)
        return await run_counter(app, args, window, settings)

    return bootstrap(start, [sys.argv[0]], shutdown_timeout=_SHUTDOWN_TIMEOUT)
