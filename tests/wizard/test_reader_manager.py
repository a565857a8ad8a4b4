"""The reader manager: rename, remove (after an awaitable confirmation) and choose."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from pos_app.controllers.connection import ConnectionController
from pos_app.controllers.pairing import StoreAccount, labels_for
from pos_app.simulator import SimulatorControl, SimulatorServer
from pos_app.storage.secrets import SecretStore
from pos_app.storage.settings import SavedReader, Settings
from pos_app.views.reader_manager import ReaderManager, account_from_settings
from tests.wizard.conftest import GOOD_KEY, SHOP

Factory = Callable[[str, str | None], ConnectionController]


@pytest.fixture
async def account(
    simulator: SimulatorServer, control: SimulatorControl
) -> AsyncIterator[StoreAccount]:
    async with StoreAccount(GOOD_KEY, simulator.url) as account:
        yield account


@pytest.fixture
async def manager(
    qtbot: QtBot, account: StoreAccount, settings: Settings, factory: Factory
) -> ReaderManager:
    address = {key: value for key, value in SHOP.items() if key != "display_name"}
    location = await account.create_location(SHOP["display_name"], address)
    results = await account.register(
        labels_for(["simulated-wpe", "simulated-s700"], "Till"), location.id
    )
    assert all(result.ok for result in results)
    manager = ReaderManager(account, factory(GOOD_KEY, account.api_base), settings)
    qtbot.addWidget(manager)
    manager.show()
    await manager.load()
    return manager


def row_of(manager: ReaderManager, label: str) -> int:
    for row in range(manager.readers.count()):
        if manager.readers.item(row).text().startswith(label + " "):
            return row
    raise AssertionError(f"{label} not listed")


async def test_lists_and_renames(manager: ReaderManager, account: StoreAccount) -> None:
    assert manager.readers.count() == 2
    manager.readers.setCurrentRow(row_of(manager, "Till 2"))
    assert manager.label.text() == "Till 2"
    manager.label.setText("Comptoir fromage")
    renamed = await manager.rename()
    assert renamed is not None
    assert renamed.label == "Comptoir fromage"
    assert {reader.label for reader in await account.readers()} == {"Till 1", "Comptoir fromage"}
    assert manager.selected() is not None
    assert "Renamed" in manager.message.text()


async def clicked_when_shown(button: QMessageBox.StandardButton) -> None:
    """Answer the confirmation box as the user would, once it is open."""
    for _ in range(200):
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        visible = [box for box in boxes if box.isVisible()]
        if visible:
            visible[0].button(button).click()
            return
        await asyncio.sleep(0.01)
    raise AssertionError("no confirmation box")


async def test_remove_asks_first(
    manager: ReaderManager, account: StoreAccount, settings: Settings
) -> None:
    manager.readers.setCurrentRow(row_of(manager, "Till 1"))
    target = manager.selected()
    assert target is not None
    settings.last_reader = SavedReader(
        target.serial_number, target.id, target.location or "", target.label
    )

    answer = asyncio.ensure_future(clicked_when_shown(QMessageBox.StandardButton.No))
    assert not await manager.remove()
    await answer
    assert len(await account.readers()) == 2

    answer = asyncio.ensure_future(clicked_when_shown(QMessageBox.StandardButton.Yes))
    assert await manager.remove()
    await answer
    assert [reader.label for reader in await account.readers()] == ["Till 2"]
    assert manager.readers.count() == 1
    assert settings.last_reader is None


async def test_choose_connects_this_counter(manager: ReaderManager, settings: Settings) -> None:
    manager.readers.setCurrentRow(row_of(manager, "Till 2"))
    chosen = manager.selected()
    assert chosen is not None
    assert await manager.choose()
    assert manager.controller is not None
    assert manager.controller.reader is not None
    assert manager.controller.reader.id == chosen.id
    saved = settings.last_reader
    assert saved is not None
    assert saved.reader_id == chosen.id
    assert "(this counter)" in manager.readers.item(row_of(manager, "Till 2")).text()


async def test_account_from_settings(
    settings: Settings, secrets: SecretStore, simulator: SimulatorServer
) -> None:
    assert account_from_settings(settings, secrets, lambda: simulator.url) is None
    settings.account_mode = "stripe"
    assert account_from_settings(settings, secrets, lambda: simulator.url) is None
    secrets.set(GOOD_KEY)
    account = account_from_settings(settings, secrets, lambda: simulator.url)
    assert account is not None
    assert account.api_base == simulator.url
    assert GOOD_KEY not in repr(account)
    await account.aclose()
    settings.account_mode = "training"
    training = account_from_settings(settings, secrets, lambda: "http://127.0.0.1:9")
    assert training is not None
    assert training.api_base == "http://127.0.0.1:9"
    await training.aclose()
