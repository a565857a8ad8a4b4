"""The reader manager: rename, remove (deregister) and choose this counter's reader.

Opened from the menu with `await open_reader_manager(...)`. Every action is a coroutine
(`load`, `rename`, `remove`, `choose`) wrapped by a one-line `@asyncSlot`; removing asks
first through the awaitable `ask` (never `exec()`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.asyncqt import TaskSupervisor, ask, run_dialog
from pos_app.controllers.connection import ConnectionController, ConnectOutcome
from pos_app.controllers.pairing import PairingError, StoreAccount
from pos_app.simulator import TRAINING_API_KEY
from pos_app.storage.secrets import KeychainUnavailable, SecretStore
from pos_app.storage.settings import Settings
from pos_app.terminal import Reader, TerminalError
from pos_app.views.wizard import async_slot, reader_line

__all__ = ["ReaderManager", "account_from_settings", "open_reader_manager"]

log = logging.getLogger("pos_app.reader_manager")

Confirm = Callable[[QWidget, str, str], Awaitable[bool]]


async def _ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    return await ask(parent, title, text) == QMessageBox.StandardButton.Yes


def account_from_settings(
    settings: Settings, secrets: SecretStore, training_base: Callable[[], str]
) -> StoreAccount | None:
    """The account this counter is set up with, or None when none is (or the key is gone).

    Raises KeychainUnavailable when the key is in a keychain that cannot be read.
    """
    if settings.account_mode == "training":
        return StoreAccount(TRAINING_API_KEY, training_base())
    if settings.account_mode != "stripe":
        return None
    key = secrets.get()
    return StoreAccount(key, settings.api_base or None) if key else None


class ReaderManager(QDialog):
    """The account's readers, with rename, remove and "use at this counter".

    Signals:
        changed(): the list was reloaded after a change.

    Attributes:
        confirm: asks a yes/no question (the awaitable `ask` by default; tests replace it).
    """

    changed = Signal()

    def __init__(
        self,
        account: StoreAccount,
        controller: ConnectionController | None,
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Readers"))
        self.setMinimumSize(600, 420)
        self.account = account
        self.controller = controller
        self.settings = settings
        self.confirm: Confirm = _ask_yes_no
        self.tasks = TaskSupervisor("reader-manager")
        self.by_id: dict[str, Reader] = {}

        self.location = QComboBox()
        self.readers = QListWidget()
        self.label = QLineEdit()
        self.label.setPlaceholderText(self.tr("New name for the selected reader"))
        self.rename_button = QPushButton(self.tr("Rename"))
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.choose_button = QPushButton(self.tr("Use at this counter"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        close_button = QPushButton(self.tr("Close"))
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        rename = QHBoxLayout()
        rename.addWidget(self.label, 1)
        rename.addWidget(self.rename_button)
        buttons = QHBoxLayout()
        for button in (self.choose_button, self.remove_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.location)
        layout.addWidget(self.readers, 1)
        layout.addLayout(rename)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.readers.currentItemChanged.connect(self._on_selection)
        self.location.activated.connect(self.on_refresh_clicked)
        self.rename_button.clicked.connect(self.on_rename_clicked)
        self.remove_button.clicked.connect(self.on_remove_clicked)
        self.choose_button.clicked.connect(self.on_choose_clicked)
        self.refresh_button.clicked.connect(self.on_refresh_clicked)
        close_button.clicked.connect(self.accept)
        self._on_selection()

    # ------------------------------------------------------------------ view

    def selected(self) -> Reader | None:
        item = self.readers.currentItem()
        return self.by_id.get(str(item.data(Qt.ItemDataRole.UserRole))) if item else None

    def select(self, reader_id: str) -> None:
        for row in range(self.readers.count()):
            item = self.readers.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == reader_id:
                self.readers.setCurrentItem(item)

    def _on_selection(self) -> None:
        reader = self.selected()
        for button in (self.rename_button, self.remove_button, self.choose_button):
            button.setEnabled(reader is not None)
        self.label.setText(reader.label if reader else "")

    def _show(self, text: str, error: bool = False) -> None:
        self.message.setProperty("error", error)
        self.message.setText(text)

    # ------------------------------------------------------------------ slots

    @async_slot()
    async def on_refresh_clicked(self) -> None:
        await self.load()

    @async_slot()
    async def on_rename_clicked(self) -> None:
        await self.rename()

    @async_slot()
    async def on_remove_clicked(self) -> None:
        await self.remove()

    @async_slot()
    async def on_choose_clicked(self) -> None:
        await self.choose()

    # ------------------------------------------------------------------ actions

    async def load(self) -> list[Reader]:
        """List the readers (at the chosen location, or all of them)."""
        try:
            if self.location.count() == 0:
                self.location.addItem(self.tr("All locations"), "")
                for location in await self.account.locations():
                    self.location.addItem(location.display_name, location.id)
                saved = self.settings.last_reader
                if saved is not None:
                    index = self.location.findData(saved.location_id)
                    self.location.setCurrentIndex(max(index, 0))
            readers = await self.account.readers(str(self.location.currentData() or "") or None)
        except PairingError as error:
            self._show(error.message(QCoreApplication.translate), error=True)
            return []
        previous = self.selected()
        self.by_id = {reader.id: reader for reader in readers}
        current = self.controller.reader if self.controller is not None else None
        self.readers.clear()
        for reader in readers:
            text = reader_line(reader)
            if current is not None and current.id == reader.id:
                text = self.tr("{reader} (this counter)").format(reader=text)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, reader.id)
            self.readers.addItem(item)
        if previous is not None:
            self.select(previous.id)
        self._on_selection()
        if not readers:
            self._show(self.tr("No reader is registered here. Use the store setup to add one."))
        self.changed.emit()
        return readers

    async def rename(self) -> Reader | None:
        reader = self.selected()
        label = self.label.text().strip()
        if reader is None or not label:
            return None
        try:
            renamed = await self.account.rename_reader(reader.id, label)
        except PairingError as error:
            self._show(error.message(QCoreApplication.translate), error=True)
            return None
        self._show(
            self.tr("Renamed {serial} to {label}.").format(
                serial=renamed.serial_number, label=renamed.label
            )
        )
        await self.load()
        self.select(renamed.id)
        return renamed

    async def remove(self) -> bool:
        """Deregister the selected reader from the Stripe account, after asking."""
        reader = self.selected()
        if reader is None:
            return False
        agreed = await self.confirm(
            self,
            self.tr("Remove reader"),
            self.tr(
                "Remove {label} ({serial}) from the Stripe account? No counter will be able to "
                "use it until it is registered again with a new registration code."
            ).format(label=reader.label, serial=reader.serial_number),
        )
        if not agreed:
            return False
        if (
            self.controller is not None
            and self.controller.reader is not None
            and self.controller.reader.id == reader.id
        ):
            await self.controller.disconnect_reader()
        try:
            await self.account.remove_reader(reader.id)
        except PairingError as error:
            self._show(error.message(QCoreApplication.translate), error=True)
            return False
        saved = self.settings.last_reader
        if saved is not None and saved.reader_id == reader.id:
            self.settings.last_reader = None
        self._show(self.tr("Removed {label}.").format(label=reader.label))
        await self.load()
        return True

    async def choose(self) -> bool:
        """Connect this counter to the selected reader (saved as the last reader)."""
        reader = self.selected()
        if reader is None or self.controller is None:
            return False
        errors: list[TerminalError] = []
        self.controller.errorOccurred.connect(errors.append)
        try:
            outcome = await self.controller.connect_reader(reader)
        finally:
            self.controller.errorOccurred.disconnect(errors.append)
        if outcome is ConnectOutcome.CONNECTED:
            self._show(self.tr("This counter now uses {label}.").format(label=reader.label))
            await self.load()
            return True
        if errors:
            self._show(errors[-1].translated(QCoreApplication.translate), error=True)
        else:
            self._show(self.tr("{label} is in use at another counter.").format(label=reader.label))
        return False

    async def run(self) -> None:
        """Show the manager until it is closed."""
        self.tasks.start("load", self.load())
        try:
            await run_dialog(self)
        finally:
            await self.tasks.shutdown()


async def open_reader_manager(
    settings: Settings,
    secrets: SecretStore,
    controller: ConnectionController | None,
    training_base: Callable[[], str],
    parent: QWidget | None = None,
) -> bool:
    """Open the reader manager for this counter's account; False when none is set up."""
    try:
        account = account_from_settings(settings, secrets, training_base)
    except KeychainUnavailable as error:
        log.warning("Reader manager: %s", error)
        return False
    if account is None:
        return False
    try:
        await ReaderManager(account, controller, settings, parent).run()
    finally:
        await account.aclose()
    return True
