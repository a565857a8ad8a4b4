"""The store setup wizard: connect the Stripe account, choose a location, register readers,
choose this counter's reader and name the counter.

The flow (which page follows which) is data in `pos_app.controllers.pairing`; this module
only renders the current step and writes the user's choices into the flow's state. Every
page's work is a coroutine (`SetupWizard.advance`, `finish`, `RegisterPage.register`, …)
that the `@asyncSlot` handlers wrap in one line, so nothing blocks the window and the
tests await the same coroutines the buttons run.

Open it with `await SetupWizard(...).run()` (never `exec()`); it returns a `SetupResult`
when the counter is connected to its reader, or None when the user cancels.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, ParamSpec, cast

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from pos_app.asyncqt import TaskSupervisor, run_dialog
from pos_app.controllers.connection import ConnectionController, ConnectOutcome
from pos_app.controllers.pairing import (
    ADDRESS_FIELDS,
    CONTEXT,
    COUNTRIES,
    DASHBOARD_HARDWARE_ORDERS_URL,
    DASHBOARD_ONLY,
    DASHBOARD_READERS_URL,
    DEVICE_HINTS,
    KeyCheck,
    Location,
    LocationError,
    PairingError,
    RegistrationRequest,
    RegistrationResult,
    SetupFlow,
    SetupState,
    Step,
    StoreAccount,
    labels_for,
    mask_key,
    merge_results,
    parse_codes,
    retry_requests,
)
from pos_app.simulator import TRAINING_API_KEY
from pos_app.storage.secrets import KeychainUnavailable, SecretStore
from pos_app.storage.settings import Settings
from pos_app.terminal import Reader, TerminalError

__all__ = ["ControllerFactory", "SetupResult", "SetupWizard", "async_slot", "reader_line"]

log = logging.getLogger("pos_app.wizard")

P = ParamSpec("P")


def async_slot() -> Callable[[Callable[P, Coroutine[Any, Any, None]]], Callable[P, Any]]:
    """`qasync.asyncSlot()` with types (qasync ships none); on methods only (qasync #147)."""
    return cast(Callable[[Callable[P, Coroutine[Any, Any, None]]], Callable[P, Any]], asyncSlot())


ControllerFactory = Callable[[str, str | None], ConnectionController]
"""Builds (or reuses) the counter's ConnectionController for an API key and base address."""


def _tr_pairing(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def reader_line(reader: Reader) -> str:
    """One line for a reader in a list: label, serial number, model, online or not."""
    status = (
        QCoreApplication.translate("ReaderLine", "online")
        if reader.online
        else QCoreApplication.translate("ReaderLine", "offline")
    )
    return QCoreApplication.translate(
        "ReaderLine", "{label} · {serial} · {model} · {status}"
    ).format(
        label=reader.label, serial=reader.serial_number, model=reader.device_type, status=status
    )


@dataclass(frozen=True)
class SetupResult:
    """What the wizard set up: the controller it connected through, and to which reader."""

    controller: ConnectionController
    reader: Reader
    training: bool
    counter_name: str


class _Page(QWidget):
    """A wizard page: `enter()` loads what it shows, `commit()` does its work before Next."""

    changed = Signal()
    step: Step

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wizard = wizard
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    @property
    def state(self) -> SetupState:
        return self.wizard.flow.state

    def title(self) -> str:
        raise NotImplementedError

    def ready(self) -> bool:
        """Whether Next (or Finish) can be pressed."""
        return True

    async def enter(self) -> None:
        """Called each time the page is shown."""

    async def commit(self) -> bool:
        """The page's work before moving on; False to stay (with a message shown)."""
        return True

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setProperty("error", error)
        self.message.setText(text)


# ------------------------------------------------------------------------------ account


class AccountPage(_Page):
    step = Step.ACCOUNT

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.stripe_choice = QRadioButton(self.tr("Connect the store's Stripe account"))
        self.training_choice = QRadioButton(
            self.tr("Training mode: simulated readers, no real payments")
        )
        self.keep_choice = QRadioButton()
        self.keep_choice.setVisible(False)
        self.choices = QButtonGroup(self)
        for button in (self.stripe_choice, self.training_choice, self.keep_choice):
            self.choices.addButton(button)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("sk_live_… or rk_live_…"))
        self.test_mode = QCheckBox(self.tr("Test mode (test keys, no real payments)"))
        self.test_mode.setChecked(True)
        help_text = QLabel(
            self.tr(
                "Find the key in the Stripe Dashboard under Developers → API keys: the secret "
                "key, or a restricted key with Write access to Terminal and PaymentIntents. "
                "Comptoir keeps it in this computer's keychain and never shows it again."
            )
        )
        help_text.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("API key"), self.key)
        form.addRow("", self.test_mode)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stripe_choice)
        layout.addLayout(form)
        layout.addWidget(help_text)
        layout.addWidget(self.training_choice)
        layout.addWidget(self.keep_choice)
        layout.addWidget(self.message)
        layout.addStretch()

        self.choices.buttonToggled.connect(self._on_choice)
        self.key.textChanged.connect(self._on_key_edited)
        self.test_mode.toggled.connect(self._on_key_edited)
        self.stripe_choice.setChecked(True)

    def title(self) -> str:
        return self.tr("Stripe account")

    def offer_keep(self, masked: str) -> None:
        self.keep_choice.setText(self.tr("Keep the current account ({key})").format(key=masked))
        self.keep_choice.setVisible(True)
        self.keep_choice.setChecked(True)

    def _on_choice(self) -> None:
        using_key = self.stripe_choice.isChecked()
        self.key.setEnabled(using_key)
        self.test_mode.setEnabled(using_key)
        self.show_message("", error=False)
        self.changed.emit()

    def _on_key_edited(self) -> None:
        self.state.key_checked = False
        self.key.setPlaceholderText(
            self.tr("sk_test_… or rk_test_…")
            if self.test_mode.isChecked()
            else self.tr("sk_live_… or rk_live_…")
        )
        self.show_message("", error=False)
        self.changed.emit()

    def ready(self) -> bool:
        if self.stripe_choice.isChecked():
            return bool(self.key.text().strip())
        return self.training_choice.isChecked() or self.keep_choice.isChecked()

    async def commit(self) -> bool:
        state = self.state
        if self.training_choice.isChecked():
            state.choose_training()
            await self.wizard.use_account(TRAINING_API_KEY, self.wizard.training_base())
            return True
        if self.keep_choice.isChecked():
            key = self.wizard.current_key
            if key is None:
                return False
            state.account = "keep"
            state.api_key = None
            state.key_checked = True
            await self.wizard.use_account(key, self.wizard.api_base)
            return True
        key = self.key.text().strip()
        test_mode = self.test_mode.isChecked()
        self.show_message(self.tr("Checking the key with Stripe…"), error=False)
        verdict: KeyCheck = await StoreAccount.check_key(key, test_mode, self.wizard.api_base)
        if not verdict.ok:
            self.show_message(verdict.message(QCoreApplication.translate))
            return False
        state.account = "stripe"
        state.api_key = key
        state.test_mode = test_mode
        state.key_checked = True
        state.session_only = False
        state.keychain_available = self.wizard.secrets.is_available()
        self.show_message(
            self.tr("Stripe accepted the key {key}.").format(key=verdict.masked), False
        )
        await self.wizard.use_account(key, self.wizard.api_base)
        return True


class KeychainPage(_Page):
    step = Step.KEYCHAIN

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        explanation = QLabel(str(KeychainUnavailable()))
        explanation.setWordWrap(True)
        self.session_choice = QRadioButton(
            self.tr(
                "Keep the key for this session only: it stays in memory and is asked again "
                "after Comptoir restarts"
            )
        )
        self.training_choice = QRadioButton(self.tr("Use training mode instead"))
        never = QLabel(self.tr("Comptoir never writes the key to a file."))
        never.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (explanation, self.session_choice, self.training_choice, never):
            layout.addWidget(widget)
        layout.addWidget(self.message)
        layout.addStretch()
        self.session_choice.toggled.connect(self.changed)
        self.training_choice.toggled.connect(self.changed)

    def title(self) -> str:
        return self.tr("No keychain on this computer")

    def ready(self) -> bool:
        return self.session_choice.isChecked() or self.training_choice.isChecked()

    async def commit(self) -> bool:
        if self.training_choice.isChecked():
            self.state.choose_training()
            await self.wizard.use_account(TRAINING_API_KEY, self.wizard.training_base())
        else:
            self.state.session_only = True
        return True


# ------------------------------------------------------------------------------ location


class LocationPage(_Page):
    step = Step.LOCATION

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.existing_choice = QRadioButton(self.tr("Use an existing location"))
        self.new_choice = QRadioButton(self.tr("Create a new location"))
        self.locations = QListWidget()
        self.display_name = QLineEdit()
        self.country = QComboBox()
        for country in sorted(COUNTRIES, key=lambda c: _tr_pairing(c.name)):
            self.country.addItem(_tr_pairing(country.name), country.code)
        self.fields: dict[str, QLineEdit] = {
            name: QLineEdit() for name in ADDRESS_FIELDS if name != "country"
        }
        self.errors: dict[str, QLabel] = {}
        self.form = QWidget()
        form = QFormLayout(self.form)
        labels = {
            "display_name": self.tr("Name (shown in Stripe)"),
            "line1": self.tr("Address"),
            "line2": self.tr("Address (line 2)"),
            "city": self.tr("City"),
            "postal_code": self.tr("Postal code"),
            "state": self.tr("State or province"),
            "country": self.tr("Country"),
        }
        editors: dict[str, QWidget] = {"display_name": self.display_name, **self.fields}
        editors["country"] = self.country
        for name in ("display_name", "country", "line1", "line2", "postal_code", "city", "state"):
            error = QLabel()
            error.setObjectName(f"error_{name}")
            error.setProperty("error", True)
            error.setVisible(False)
            self.errors[name] = error
            column = QVBoxLayout()
            column.addWidget(editors[name])
            column.addWidget(error)
            form.addRow(labels[name], column)

        layout = QVBoxLayout(self)
        layout.addWidget(self.existing_choice)
        layout.addWidget(self.locations)
        layout.addWidget(self.new_choice)
        layout.addWidget(self.form)
        layout.addWidget(self.message)

        group = QButtonGroup(self)
        group.addButton(self.existing_choice)
        group.addButton(self.new_choice)
        group.buttonToggled.connect(self._on_choice)
        self.locations.currentItemChanged.connect(self.changed)
        self.display_name.textChanged.connect(self.changed)
        self.country.currentIndexChanged.connect(self._clear_errors)
        self._loaded: list[Location] = []

    def title(self) -> str:
        return self.tr("Store location")

    def _on_choice(self) -> None:
        self.locations.setEnabled(self.existing_choice.isChecked())
        self.form.setEnabled(self.new_choice.isChecked())
        self.changed.emit()

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)

    def set_country(self, code: str) -> None:
        index = self.country.findData(code)
        if index >= 0:
            self.country.setCurrentIndex(index)

    def address(self) -> dict[str, str]:
        values = {name: edit.text() for name, edit in self.fields.items()}
        values["country"] = str(self.country.currentData() or "")
        return values

    def show_field_error(self, name: str, text: str) -> None:
        label = self.errors.get(name)
        if label is None:
            self.show_message(text)
            return
        label.setText(text)
        label.setVisible(True)

    async def enter(self) -> None:
        account = self.wizard.account
        if account is None:
            return
        self.show_message(self.tr("Loading the locations…"), error=False)
        try:
            self._loaded = await account.locations()
        except PairingError as error:
            self.show_message(error.message(QCoreApplication.translate))
            return
        self.show_message("", error=False)
        self.locations.clear()
        for location in self._loaded:
            item = QListWidgetItem(f"{location.display_name} — {location.summary}")
            item.setData(Qt.ItemDataRole.UserRole, location.id)
            self.locations.addItem(item)
            if location.id == self.state.location_id:
                self.locations.setCurrentItem(item)
        if self._loaded:
            self.existing_choice.setChecked(True)
            if self.locations.currentItem() is None:
                self.locations.setCurrentRow(0)
        else:
            self.new_choice.setChecked(True)
        self.existing_choice.setEnabled(bool(self._loaded))
        self._on_choice()

    def ready(self) -> bool:
        if self.existing_choice.isChecked():
            return self.locations.currentItem() is not None
        return self.new_choice.isChecked() and bool(self.display_name.text().strip())

    async def commit(self) -> bool:
        account = self.wizard.account
        if account is None:
            return False
        self._clear_errors()
        self.show_message("", error=False)
        if self.existing_choice.isChecked():
            item = self.locations.currentItem()
            if item is None:
                return False
            location_id = str(item.data(Qt.ItemDataRole.UserRole))
            try:
                readers = await account.readers(location_id)
            except PairingError as error:
                self.show_message(error.message(QCoreApplication.translate))
                return False
            self.state.location_id = location_id
            self.state.location_created = False
            self.state.readers_at_location = len(readers)
            return True
        try:
            location = await account.create_location(self.display_name.text(), self.address())
        except LocationError as error:
            for name, problem in error.problems.items():
                self.show_field_error(name, problem.message(QCoreApplication.translate))
            self.show_message(self.tr("Correct the highlighted fields."))
            return False
        except PairingError as error:
            text = error.message(QCoreApplication.translate)
            if error.field in self.errors:
                self.show_field_error(error.field, error.stripe_message or text)
            self.show_message(text)
            return False
        self.state.location_id = location.id
        self.state.location_created = True
        self.state.readers_at_location = 0
        self.show_message(
            self.tr("Created the location {name}.").format(name=location.display_name), False
        )
        return True


# ------------------------------------------------------------------------------ register


class RegisterPage(_Page):
    step = Step.REGISTER

    registered = Signal()
    """Emitted when a round of registration ends (the result lines are shown)."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.device = QComboBox()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.codes = QPlainTextEdit()
        self.codes.setPlaceholderText(self.tr("One registration code per line"))
        self.label = QLineEdit()
        self.label.setPlaceholderText(
            self.tr("Optional: several readers get “Label 1”, “Label 2”…")
        )
        self.register_button = QPushButton(self.tr("Register"))
        self.retry_button = QPushButton(self.tr("Retry the failed codes"))
        self.retry_button.setEnabled(False)
        self.results = QListWidget()
        dashboard = QLabel(
            _tr_pairing(DASHBOARD_ONLY).format(
                readers_url=DASHBOARD_READERS_URL, orders_url=DASHBOARD_HARDWARE_ORDERS_URL
            )
        )
        dashboard.setWordWrap(True)
        dashboard.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("Reader model"), self.device)
        form.addRow("", self.hint)
        form.addRow(self.tr("Registration codes"), self.codes)
        form.addRow(self.tr("Label"), self.label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.retry_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.results)
        layout.addWidget(self.message)
        layout.addWidget(dashboard)

        self.device.currentIndexChanged.connect(self._show_hint)
        self.codes.textChanged.connect(self._on_codes)
        self.register_button.clicked.connect(self.on_register_clicked)
        self.retry_button.clicked.connect(self.on_retry_clicked)
        self._results: list[RegistrationResult] = []
        self._on_codes()

    def title(self) -> str:
        return self.tr("Register readers")

    def _show_hint(self) -> None:
        key = self.device.currentData()
        hint = next((h for h in DEVICE_HINTS if h.key == key), None)
        self.hint.setText(_tr_pairing(hint.hint) if hint else "")

    def _on_codes(self) -> None:
        self.register_button.setEnabled(bool(parse_codes(self.codes.toPlainText())))

    async def enter(self) -> None:
        test_mode = self.state.training or self.state.test_mode
        current = self.device.currentData()
        self.device.blockSignals(True)
        self.device.clear()
        for hint in DEVICE_HINTS:
            if test_mode or not hint.test_only:
                self.device.addItem(_tr_pairing(hint.name), hint.key)
        self.device.blockSignals(False)
        index = self.device.findData(current)
        self.device.setCurrentIndex(max(index, 0))
        self._show_hint()

    @async_slot()
    async def on_register_clicked(self) -> None:
        await self.register()

    @async_slot()
    async def on_retry_clicked(self) -> None:
        await self.retry()

    @property
    def results_so_far(self) -> list[RegistrationResult]:
        return list(self._results)

    async def register(self) -> list[RegistrationResult]:
        """Register every code typed, one result line per code."""
        requests = labels_for(parse_codes(self.codes.toPlainText()), self.label.text())
        if not requests:
            return []
        with self.wizard.busy():
            results = await self._register(requests)
        self._results = results
        self._show_results()
        return results

    async def retry(self) -> list[RegistrationResult]:
        """Register again only the codes that failed, keeping their labels."""
        requests = retry_requests(self._results)
        if not requests:
            return self._results
        with self.wizard.busy():
            retried = await self._register(requests)
        self._results = merge_results(self._results, retried)
        self._show_results()
        return self._results

    async def _register(self, requests: list[RegistrationRequest]) -> list[RegistrationResult]:
        account = self.wizard.account
        location = self.state.location_id
        if account is None or location is None:
            return []
        self.show_message(self.tr("Registering…"), error=False)
        test_mode = self.state.training or self.state.test_mode
        results = await account.register(requests, location, test_mode=test_mode)
        self.state.readers_at_location += sum(1 for r in results if r.ok)
        return results

    def _show_results(self) -> None:
        self.results.clear()
        for result in self._results:
            code = result.request.code
            if result.reader is not None:
                text = self.tr("✓ {code}: registered as {label} ({serial})").format(
                    code=code, label=result.reader.label, serial=result.reader.serial_number
                )
            else:
                reason = result.error.message(QCoreApplication.translate) if result.error else ""
                text = self.tr("✗ {code}: {reason}").format(code=code, reason=reason)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, result.ok)
            self.results.addItem(item)
        failed = sum(1 for r in self._results if not r.ok)
        done = len(self._results) - failed
        self.retry_button.setEnabled(failed > 0)
        if failed:
            self.show_message(
                self.tr("%n code(s) failed. Correct them in the list above, or retry.", "", failed)
            )
            kept = [r.request.code for r in self._results if not r.ok]
            self.codes.setPlainText("\n".join(kept))
        else:
            self.show_message(self.tr("%n reader(s) registered.", "", done), error=False)
            self.codes.clear()
        self.registered.emit()
        self.changed.emit()


# ------------------------------------------------------------------------------ verify


class VerifyPage(_Page):
    step = Step.VERIFY

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        intro = QLabel(
            self.tr("These readers are registered at the location. Choose this counter's reader.")
        )
        intro.setWordWrap(True)
        self.readers = QListWidget()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.more_button = QPushButton(self.tr("Register more readers…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.more_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.readers)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.readers.currentItemChanged.connect(self._on_current)
        self.refresh_button.clicked.connect(self.on_refresh_clicked)
        self.more_button.clicked.connect(self.on_more_clicked)
        self.by_id: dict[str, Reader] = {}

    def title(self) -> str:
        return self.tr("Choose this counter's reader")

    def _on_current(self) -> None:
        item = self.readers.currentItem()
        self.state.reader_id = str(item.data(Qt.ItemDataRole.UserRole)) if item else None
        self.changed.emit()

    def ready(self) -> bool:
        return self.readers.currentItem() is not None

    @async_slot()
    async def on_refresh_clicked(self) -> None:
        await self.enter()

    @async_slot()
    async def on_more_clicked(self) -> None:
        await self.wizard.jump(Step.REGISTER)

    async def enter(self) -> None:
        account = self.wizard.account
        location = self.state.location_id
        if account is None or location is None:
            return
        self.show_message(self.tr("Loading the readers…"), error=False)
        try:
            readers = await account.readers(location)
        except PairingError as error:
            self.show_message(error.message(QCoreApplication.translate))
            return
        self.by_id = {reader.id: reader for reader in readers}
        wanted = self.state.reader_id
        saved = self.wizard.settings.last_reader
        if wanted not in self.by_id:
            wanted = saved.reader_id if saved is not None else None
        self.readers.blockSignals(True)
        self.readers.clear()
        for reader in readers:
            item = QListWidgetItem(reader_line(reader))
            item.setData(Qt.ItemDataRole.UserRole, reader.id)
            self.readers.addItem(item)
            if reader.id == wanted:
                self.readers.setCurrentItem(item)
        if self.readers.currentItem() is None and len(readers) == 1:
            self.readers.setCurrentRow(0)
        self.readers.blockSignals(False)
        self._on_current()
        if readers:
            self.show_message(self.tr("%n reader(s) at this location.", "", len(readers)), False)
        else:
            self.show_message(
                self.tr("No reader is registered at this location yet. Register one first.")
            )


# ------------------------------------------------------------------------------ counter


class CounterPage(_Page):
    step = Step.COUNTER

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        intro = QLabel(
            self.tr(
                "Give this counter a name that other counters will show, such as “Till 2”. "
                "Finishing connects this counter to its reader."
            )
        )
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Counter name"), self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addStretch()
        self.name.textChanged.connect(self._on_name)

    def title(self) -> str:
        return self.tr("Name this counter")

    def _on_name(self, text: str) -> None:
        self.state.counter_name = text
        self.changed.emit()

    def ready(self) -> bool:
        return bool(self.name.text().strip())

    async def enter(self) -> None:
        if not self.name.text():
            self.name.setText(self.state.counter_name or self.wizard.settings.counter_name)
        reader = self.wizard.chosen_reader()
        if reader is not None:
            self.summary.setText(self.tr("Reader: {reader}").format(reader=reader_line(reader)))

    async def commit(self) -> bool:
        return await self.wizard.finish()


# ------------------------------------------------------------------------------ wizard


class SetupWizard(QDialog):
    """The store setup wizard (first run, and again from the menu).

    Signals:
        stepChanged(Step): a page was shown (its content may still be loading).
        pageEntered(Step): the page shown has loaded its content.
        busyChanged(bool): a Stripe request started or ended (buttons are disabled meanwhile).

    Attributes:
        flow: the steps and the user's choices (`pos_app.controllers.pairing.SetupFlow`).
        account: the Stripe account chosen on the first page (None before).
        setup_result: set when finishing connected the counter to its reader.
    """

    stepChanged = Signal(object)
    pageEntered = Signal(object)
    busyChanged = Signal(bool)

    def __init__(
        self,
        settings: Settings,
        secrets: SecretStore,
        controller_factory: ControllerFactory,
        *,
        training_base: Callable[[], str],
        api_base: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Store setup"))
        self.setMinimumSize(640, 520)
        self.settings = settings
        self.secrets = secrets
        self.controller_factory = controller_factory
        self.training_base = training_base
        self.api_base = (api_base if api_base is not None else settings.api_base) or None
        self.flow = SetupFlow()
        self.account: StoreAccount | None = None
        self._account_key: str | None = None
        self.setup_result: SetupResult | None = None
        self.tasks = TaskSupervisor("wizard")
        self._busy = 0

        self.current_key: str | None = None
        if settings.account_mode == "stripe":
            with contextlib.suppress(KeychainUnavailable):
                self.current_key = secrets.get()

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.stack = QStackedWidget()
        self.pages: dict[Step, _Page] = {}
        for page_class in (
            AccountPage,
            KeychainPage,
            LocationPage,
            RegisterPage,
            VerifyPage,
            CounterPage,
        ):
            page = page_class(self)
            self.pages[page.step] = page
            self.stack.addWidget(page)
            page.changed.connect(self._update_buttons)

        self.back_button = QPushButton(self.tr("Back"))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self.on_back_clicked)
        self.next_button.clicked.connect(self.on_next_clicked)
        self.cancel_button.clicked.connect(self.reject)
        if self.current_key:
            self.account_page.offer_keep(mask_key(self.current_key))
        self._show(self.flow.current)

    # ------------------------------------------------------------------ pages

    @property
    def page(self) -> _Page:
        return self.pages[self.flow.current]

    @property
    def account_page(self) -> AccountPage:
        page = self.pages[Step.ACCOUNT]
        assert isinstance(page, AccountPage)
        return page

    @property
    def keychain_page(self) -> KeychainPage:
        page = self.pages[Step.KEYCHAIN]
        assert isinstance(page, KeychainPage)
        return page

    @property
    def location_page(self) -> LocationPage:
        page = self.pages[Step.LOCATION]
        assert isinstance(page, LocationPage)
        return page

    @property
    def register_page(self) -> RegisterPage:
        page = self.pages[Step.REGISTER]
        assert isinstance(page, RegisterPage)
        return page

    @property
    def verify_page(self) -> VerifyPage:
        page = self.pages[Step.VERIFY]
        assert isinstance(page, VerifyPage)
        return page

    @property
    def counter_page(self) -> CounterPage:
        page = self.pages[Step.COUNTER]
        assert isinstance(page, CounterPage)
        return page

    def _show(self, step: Step) -> None:
        page = self.pages[step]
        self.stack.setCurrentWidget(page)
        self.heading.setText(page.title())
        self.next_button.setText(self.tr("Finish") if self.flow.is_last(step) else self.tr("Next"))
        self._update_buttons()
        self.stepChanged.emit(step)

    def _update_buttons(self) -> None:
        idle = self._busy == 0
        self.back_button.setEnabled(idle and self.flow.can_go_back())
        self.next_button.setEnabled(idle and self.page.ready())

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """Disable navigation while a Stripe request runs."""
        self._busy += 1
        if self._busy == 1:
            self.busyChanged.emit(True)
        self._update_buttons()
        try:
            yield
        finally:
            self._busy -= 1
            if self._busy == 0:
                self.busyChanged.emit(False)
            self._update_buttons()

    @property
    def is_busy(self) -> bool:
        return self._busy > 0

    # ------------------------------------------------------------------ navigation

    @async_slot()
    async def on_next_clicked(self) -> None:
        await self.advance()

    @async_slot()
    async def on_back_clicked(self) -> None:
        await self.go_back()

    async def start(self) -> None:
        """Show the first page (its content is loaded)."""
        with self.busy():
            await self._enter(self.flow.current)
        self._update_buttons()

    async def advance(self) -> bool:
        """Do the current page's work and move to the next step (or finish on the last)."""
        if self.is_busy or not self.page.ready():
            return False
        with self.busy():
            if not await self.page.commit():
                return False
            if self.flow.is_last():
                self.accept()
                return True
            step = self.flow.next()
            self._show(step)
            await self._enter(step)
        return True

    async def _enter(self, step: Step) -> None:
        await self.pages[step].enter()
        self.pageEntered.emit(step)

    async def go_back(self) -> None:
        if self.is_busy or not self.flow.can_go_back():
            return
        step = self.flow.back()
        self._show(step)
        with self.busy():
            await self._enter(step)

    async def jump(self, step: Step) -> None:
        """Go to `step` out of the usual order (e.g. "Register more readers")."""
        if self.is_busy:
            return
        self.flow.go_to(step)
        self._show(step)
        with self.busy():
            await self._enter(step)

    # ------------------------------------------------------------------ account

    async def use_account(self, api_key: str, api_base: str | None) -> None:
        """Use this Stripe account (or the training simulator) for the following pages."""
        if self.account is not None:
            await self.account.aclose()
        self.account = StoreAccount(api_key, api_base)
        self._account_key = api_key
        log.info("Setting up with %r", self.account)

    def chosen_reader(self) -> Reader | None:
        reader_id = self.flow.state.reader_id
        return self.verify_page.by_id.get(reader_id) if reader_id else None

    async def finish(self) -> bool:
        """Save the key and the counter's name, then connect to the chosen reader."""
        state = self.flow.state
        page = self.counter_page
        reader = self.chosen_reader()
        name = state.counter_name.strip()
        if reader is None or not name or self.account is None or self._account_key is None:
            return False
        if state.account == "stripe" and state.api_key:
            try:
                if state.session_only:
                    self.secrets.keep_for_session(state.api_key)
                else:
                    self.secrets.set(state.api_key)
            except KeychainUnavailable as error:
                page.show_message(str(error))
                return False
        self.settings.counter_name = name
        if state.account in ("training", "stripe"):
            self.settings.account_mode = "training" if state.training else "stripe"
            self.settings.training_mode = state.training
        page.show_message(self.tr("Connecting to {label}…").format(label=reader.label), False)
        controller = self.controller_factory(self._account_key, self.account.api_base)
        controller.terminal.counter_name = name
        errors: list[TerminalError] = []
        controller.errorOccurred.connect(errors.append)
        try:
            outcome = await controller.connect_reader(reader)
        finally:
            controller.errorOccurred.disconnect(errors.append)
        if outcome is not ConnectOutcome.CONNECTED:
            if errors:
                page.show_message(errors[-1].translated(QCoreApplication.translate))
            else:
                page.show_message(
                    self.tr("{label} is in use at another counter. Choose another reader.").format(
                        label=reader.label
                    )
                )
            return False
        connected = controller.reader or reader
        self.setup_result = SetupResult(controller, connected, state.training, name)
        log.info("Counter %r set up with reader %s", name, connected.serial_number)
        return True

    # ------------------------------------------------------------------ lifecycle

    async def run(self) -> SetupResult | None:
        """Show the wizard and wait until it is finished (SetupResult) or canceled (None)."""
        self.tasks.start("start", self.start())
        try:
            code = await run_dialog(self)
        finally:
            await self.tasks.shutdown()
            await self.aclose()
        return self.setup_result if code == QDialog.DialogCode.Accepted else None

    async def aclose(self) -> None:
        """Close the HTTP client of the account being set up."""
        if self.account is not None:
            await self.account.aclose()
            self.account = None
