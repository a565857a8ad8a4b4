"""The wizard's pages against the simulator over loopback, including every error path."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtWidgets import QApplication, QLabel

from pos_app.controllers.connection import ConnectionController
from pos_app.controllers.pairing import PairingError, Step
from pos_app.i18n import install_translator
from pos_app.simulator import SimulatorControl, SimulatorServer
from pos_app.storage.secrets import ACCOUNT, SERVICE, SecretStore
from pos_app.storage.settings import Settings
from pos_app.views.wizard import SetupWizard
from tests.conftest import MemoryKeyring
from tests.wizard.conftest import (
    GOOD_KEY,
    LIVE_KEY,
    MISTYPED_KEY,
    RESTRICTED_KEY,
    SHOP,
    fill_location,
)


def at(wizard: SetupWizard, step: Step) -> bool:
    return wizard.flow.current is step


def visible_text(wizard: SetupWizard) -> str:
    return "\n".join(label.text() for label in wizard.findChildren(QLabel))


async def enter_key(wizard: SetupWizard, key: str, test_mode: bool = True) -> bool:
    page = wizard.account_page
    page.stripe_choice.setChecked(True)
    page.test_mode.setChecked(test_mode)
    page.key.setText(key)
    return await wizard.advance()


async def to_location(wizard: SetupWizard) -> None:
    assert await enter_key(wizard, GOOD_KEY)
    assert at(wizard, Step.LOCATION)


async def to_register(wizard: SetupWizard) -> None:
    await to_location(wizard)
    fill_location(wizard.location_page, SHOP)
    assert await wizard.advance()
    assert at(wizard, Step.REGISTER)


# ------------------------------------------------------------------------ account


async def test_good_test_key(wizard: SetupWizard) -> None:
    await to_location(wizard)
    assert wizard.flow.state.key_checked
    assert GOOD_KEY not in visible_text(wizard)
    assert "sk_test_…abcd" in wizard.account_page.message.text()


async def test_next_button_runs_without_blocking(wizard: SetupWizard) -> None:
    reached = asyncio.Event()

    def on_entered(step: Step) -> None:
        if step is Step.LOCATION:
            reached.set()

    wizard.pageEntered.connect(on_entered)
    wizard.account_page.key.setText(GOOD_KEY)
    wizard.next_button.click()
    await asyncio.wait_for(reached.wait(), 5)
    assert wizard.location_page.locations.count() == 0
    assert wizard.location_page.new_choice.isChecked()


async def test_mistyped_key(wizard: SetupWizard) -> None:
    assert not await enter_key(wizard, MISTYPED_KEY)
    assert at(wizard, Step.ACCOUNT)
    message = wizard.account_page.message.text()
    assert "Stripe refused the key sk_test_…abce" in message
    assert MISTYPED_KEY not in visible_text(wizard)


async def test_malformed_key(wizard: SetupWizard) -> None:
    assert not await enter_key(wizard, "pasted the wrong thing")
    assert "This is not a Stripe API key" in wizard.account_page.message.text()


async def test_live_key_in_test_mode(wizard: SetupWizard) -> None:
    assert not await enter_key(wizard, LIVE_KEY, test_mode=True)
    message = wizard.account_page.message.text()
    assert "sk_live_…live is a live-mode key, but test mode is selected" in message


async def test_test_key_in_live_mode(wizard: SetupWizard) -> None:
    assert not await enter_key(wizard, GOOD_KEY, test_mode=False)
    message = wizard.account_page.message.text()
    assert "sk_test_…abcd is a test-mode key, but live mode is selected" in message


async def test_restricted_key_without_terminal(wizard: SetupWizard) -> None:
    assert not await enter_key(wizard, RESTRICTED_KEY)
    message = wizard.account_page.message.text()
    assert "rk_test_…wxyz is not allowed to use Stripe Terminal" in message
    assert at(wizard, Step.ACCOUNT)


@pytest.fixture
def no_keychain() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]


@pytest.mark.usefixtures("no_keychain")
async def test_no_keychain_session_only(
    wizard: SetupWizard, secrets: SecretStore, settings: Settings
) -> None:
    assert await enter_key(wizard, GOOD_KEY)
    assert at(wizard, Step.KEYCHAIN)
    assert "no keychain service" in visible_text(wizard)
    assert not wizard.next_button.isEnabled()
    wizard.keychain_page.session_choice.setChecked(True)
    assert await wizard.advance()
    assert at(wizard, Step.LOCATION)
    await finish_with_simulated_reader(wizard)
    assert secrets.session_only
    assert secrets.get() == GOOD_KEY
    assert GOOD_KEY not in settings.file_name.read_text()


@pytest.mark.usefixtures("no_keychain")
async def test_no_keychain_training(wizard: SetupWizard, settings: Settings) -> None:
    assert await enter_key(wizard, GOOD_KEY)
    wizard.keychain_page.training_choice.setChecked(True)
    assert await wizard.advance()
    assert at(wizard, Step.LOCATION)
    assert wizard.flow.state.training
    assert wizard.flow.state.api_key is None
    await finish_with_simulated_reader(wizard)
    assert settings.account_mode == "training"
    assert settings.training_mode


async def test_training_mode(wizard: SetupWizard, memory_keyring: MemoryKeyring) -> None:
    wizard.account_page.training_choice.setChecked(True)
    assert await wizard.advance()
    assert at(wizard, Step.LOCATION)
    await finish_with_simulated_reader(wizard)
    assert memory_keyring.passwords == {}


# ------------------------------------------------------------------------ location


async def test_location_validation_then_success(wizard: SetupWizard) -> None:
    await to_location(wizard)
    page = wizard.location_page
    fill_location(page, {**SHOP, "city": "", "postal_code": "7504"})
    assert not await wizard.advance()
    assert page.errors["city"].text() == "Required."
    assert page.errors["postal_code"].text() == "Not a postal code for France (like 75004)."
    assert page.errors["city"].isVisibleTo(page)
    fill_location(page, {**SHOP, "country": "US", "postal_code": "94103", "state": ""})
    assert not await wizard.advance()
    assert page.errors["state"].text() == "Required."
    assert page.errors["postal_code"].text() == ""
    fill_location(page, SHOP)
    assert await wizard.advance()
    assert at(wizard, Step.REGISTER)
    assert wizard.flow.state.location_created


async def test_stripe_refusal_lands_on_its_field(
    wizard: SetupWizard, monkeypatch: pytest.MonkeyPatch
) -> None:
    await to_location(wizard)

    async def refuse(*args: object) -> None:
        raise PairingError(
            "Stripe refused: {stripe_message}",
            values={"stripe_message": "Invalid postal code"},
            param="address[postal_code]",
            stripe_message="Invalid postal code",
            http_status=400,
        )

    assert wizard.account is not None
    monkeypatch.setattr(wizard.account, "create_location", refuse)
    fill_location(wizard.location_page, SHOP)
    assert not await wizard.advance()
    assert wizard.location_page.errors["postal_code"].text() == "Invalid postal code"


async def test_existing_location_with_readers_goes_to_verify(
    wizard: SetupWizard, secrets: SecretStore
) -> None:
    await to_register(wizard)
    wizard.register_page.codes.setPlainText("simulated-wpe")
    await wizard.register_page.register()
    await wizard.go_back()
    assert at(wizard, Step.LOCATION)
    assert wizard.location_page.locations.count() == 1
    wizard.location_page.existing_choice.setChecked(True)
    assert await wizard.advance()
    assert at(wizard, Step.VERIFY)
    assert wizard.verify_page.readers.count() == 1


# ------------------------------------------------------------------------ register


async def test_register_several_codes(
    wizard: SetupWizard, control: SimulatorControl, simulator: SimulatorServer
) -> None:
    await to_register(wizard)
    wisepos = await control.add_device("bbpos_wisepos_e")
    p400 = await control.add_device("verifone_P400")
    s700 = await control.add_device("stripe_s700")
    assert wisepos["registration_code"].count("-") == 2
    page = wizard.register_page
    codes = [p400["registration_code"], wisepos["registration_code"], "amber-azure-beige"]
    page.codes.setPlainText("\n".join([*codes, "simulated-s700", s700["registration_code"]]))
    page.label.setText("Caisse")
    # The first registration meets a Stripe hiccup; the others must not depend on it.
    await control.add_fault(path="/v1/terminal/readers", method="POST", kind="error", count=1)
    results = await page.register()
    assert [r.ok for r in results] == [False, True, False, True, True]
    lines = [page.results.item(i).text() for i in range(page.results.count())]
    assert lines[0].startswith(f"✗ {p400['registration_code']}: Stripe is having trouble")
    assert lines[1] == (
        f"✓ {wisepos['registration_code']}: registered as Caisse 2 ({wisepos['serial_number']})"
    )
    assert lines[2].startswith("✗ amber-azure-beige: Stripe did not accept this code")
    assert lines[3].startswith("✓ simulated-s700: registered as Caisse 4")
    assert lines[4].endswith(f"registered as Caisse 5 ({s700['serial_number']})")
    assert page.retry_button.isEnabled()
    assert page.codes.toPlainText().splitlines() == [p400["registration_code"], "amber-azure-beige"]

    results = await page.retry()
    assert [r.ok for r in results] == [True, True, False, True, True]
    assert results[0].reader is not None
    assert results[0].reader.label == "Caisse 1"
    assert results[0].reader.serial_number == p400["serial_number"]

    assert await wizard.advance()
    assert at(wizard, Step.VERIFY)
    labels = sorted(wizard.verify_page.by_id[rid].label for rid in wizard.verify_page.by_id)
    assert labels == ["Caisse 1", "Caisse 2", "Caisse 4", "Caisse 5"]


async def test_single_code_keeps_its_label_and_hints(wizard: SetupWizard) -> None:
    await to_register(wizard)
    page = wizard.register_page
    models = [page.device.itemData(i) for i in range(page.device.count())]
    assert models == ["bbpos_wisepos_e", "stripe_s700", "verifone_P400", "simulated"]
    page.device.setCurrentIndex(models.index("verifone_P400"))
    assert "0-7-1-3-9" in page.hint.text()
    page.device.setCurrentIndex(models.index("stripe_s700"))
    assert "Generate pairing code" in page.hint.text()
    assert "dashboard.stripe.com/terminal/readers" in visible_text(wizard)
    page.codes.setPlainText("simulated-wpe")
    page.label.setText("Front desk")
    [result] = await page.register()
    assert result.reader is not None
    assert result.reader.label == "Front desk"


# ------------------------------------------------------------------------ verify + finish


async def finish_with_simulated_reader(wizard: SetupWizard) -> None:
    if wizard.flow.current is Step.LOCATION:
        fill_location(wizard.location_page, SHOP)
        assert await wizard.advance()
    page = wizard.register_page
    page.codes.setPlainText("simulated-wpe\nsimulated-s710")
    page.label.setText("Till")
    await page.register()
    assert await wizard.advance()
    verify = wizard.verify_page
    assert verify.readers.count() == 2
    assert not wizard.next_button.isEnabled()
    verify.readers.setCurrentRow(1)
    assert await wizard.advance()
    assert at(wizard, Step.COUNTER)
    wizard.counter_page.name.setText("Caisse 2")
    assert wizard.next_button.text() == "Finish"
    assert await wizard.advance()
    assert wizard.setup_result is not None


async def test_finish_connects_and_saves(
    wizard: SetupWizard, settings: Settings, memory_keyring: MemoryKeyring
) -> None:
    await to_location(wizard)
    await finish_with_simulated_reader(wizard)
    result = wizard.setup_result
    assert result is not None
    assert result.controller.reader is not None
    assert result.controller.reader.id == wizard.flow.state.reader_id
    saved = settings.last_reader
    assert saved is not None
    assert saved.reader_id == result.reader.id
    assert saved.location_id == wizard.flow.state.location_id
    assert settings.counter_name == "Caisse 2"
    assert settings.account_mode == "stripe"
    assert memory_keyring.passwords[(SERVICE, ACCOUNT)] == GOOD_KEY
    assert result.reader.claimed_by_name in (None, "Caisse 2")
    assert not wizard.isVisible()


async def test_rerun_keeps_the_current_account(
    qtbot: object,
    settings: Settings,
    secrets: SecretStore,
    simulator: SimulatorServer,
    control: SimulatorControl,
    factory: object,
) -> None:
    secrets.set(GOOD_KEY)
    settings.account_mode = "stripe"
    wizard = SetupWizard(settings, secrets, factory, training_base=lambda: simulator.url)  # type: ignore[arg-type]
    try:
        page = wizard.account_page
        assert page.keep_choice.isChecked()
        assert page.keep_choice.text() == "Keep the current account (sk_test_…abcd)"
        assert await wizard.advance()
        assert at(wizard, Step.LOCATION)
    finally:
        await wizard.aclose()
        wizard.deleteLater()


async def test_pages_speak_french(
    qapp: QApplication,
    settings: Settings,
    secrets: SecretStore,
    simulator: SimulatorServer,
    control: SimulatorControl,
    factory: Callable[[str, str | None], ConnectionController],
) -> None:
    assert install_translator(qapp, "fr") == "fr"
    wizard = SetupWizard(settings, secrets, factory, training_base=lambda: simulator.url)
    try:
        assert wizard.windowTitle() == "Configuration du magasin"
        assert wizard.next_button.text() == "Suivant"
        assert not await enter_key(wizard, LIVE_KEY, test_mode=True)
        assert wizard.account_page.message.text().startswith(
            "sk_live_…live est une clé du mode production"
        )
    finally:
        install_translator(qapp, "en")
        await wizard.aclose()
        wizard.deleteLater()


async def test_run_returns_none_when_canceled(wizard: SetupWizard) -> None:
    entered = asyncio.Event()
    wizard.pageEntered.connect(lambda _step: entered.set())
    running = asyncio.ensure_future(wizard.run())
    await asyncio.wait_for(entered.wait(), 5)
    assert wizard.isVisible()
    wizard.cancel_button.click()
    assert await asyncio.wait_for(running, 5) is None
    assert wizard.account is None
