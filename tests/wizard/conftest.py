"""Fixtures for the wizard's page tests: a simulator over loopback with registered keys."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from pos_app.controllers.connection import ConnectionController
from pos_app.simulator import SimulatorControl, SimulatorServer
from pos_app.storage.secrets import SecretStore
from pos_app.storage.settings import Settings
from pos_app.views.wizard import SetupWizard

GOOD_KEY = "sk_test_51WizardGoodKey00000000abcd"
RESTRICTED_KEY = "rk_test_51WizardNoTerminal000000wxyz"
MISTYPED_KEY = "sk_test_51WizardGoodKey00000000abce"
LIVE_KEY = "sk_" + "live_51WizardLiveKey00000000live"

SHOP = {
    "display_name": "Boutique Rivoli",
    "line1": "12 rue de Rivoli",
    "city": "Paris",
    "postal_code": "75004",
    "country": "FR",
}


@pytest.fixture
def simulator() -> Iterator[SimulatorServer]:
    with SimulatorServer(offline_after=0).start() as server:
        yield server


@pytest.fixture
async def control(simulator: SimulatorServer) -> AsyncIterator[SimulatorControl]:
    async with SimulatorControl(simulator.url) as ctl:
        await ctl.configure(accept_any_test_key=False)
        await ctl.register_key(GOOD_KEY, "all")
        await ctl.register_key(RESTRICTED_KEY, "no_terminal")
        yield ctl


@pytest.fixture
def settings(simulator: SimulatorServer) -> Settings:
    settings = Settings.from_app()
    settings.api_base = simulator.url
    return settings


@pytest.fixture
def secrets() -> SecretStore:
    return SecretStore()


@pytest.fixture
async def controllers() -> AsyncIterator[list[ConnectionController]]:
    made: list[ConnectionController] = []
    yield made
    for controller in made:
        await controller.shutdown()


@pytest.fixture
def factory(
    settings: Settings, controllers: list[ConnectionController]
) -> Callable[[str, str | None], ConnectionController]:
    def make(key: str, base: str | None) -> ConnectionController:
        controller = ConnectionController(settings, key, base)
        controllers.append(controller)
        return controller

    return make


@pytest.fixture
async def wizard(
    qtbot: QtBot,
    settings: Settings,
    secrets: SecretStore,
    simulator: SimulatorServer,
    control: SimulatorControl,
    factory: Callable[[str, str | None], ConnectionController],
) -> AsyncIterator[SetupWizard]:
    wizard = SetupWizard(settings, secrets, factory, training_base=lambda: simulator.url)
    qtbot.addWidget(wizard)
    wizard.show()
    await wizard.start()
    yield wizard
    await wizard.aclose()


def fill_location(page: Any, values: dict[str, str]) -> None:
    page.new_choice.setChecked(True)
    page.display_name.setText(values.get("display_name", ""))
    page.set_country(values.get("country", "FR"))
    for name in ("line1", "line2", "city", "postal_code", "state"):
        page.fields[name].setText(values.get(name, ""))
