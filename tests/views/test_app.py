"""`pos-app`: account choice, the self-test, the saved reader across processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from pos_app.app import parse_args
from pos_app.counter import open_account
from pos_app.simulator import TRAINING_API_KEY, SimulatorServer
from pos_app.storage.secrets import SecretStore
from pos_app.storage.settings import Settings
from tests.views.children import ROOT, child_env


def test_no_key_means_training_with_an_embedded_simulator(tmp_path: Path) -> None:
    settings = Settings.from_file(tmp_path / "c.ini")
    account = open_account(parse_args([]), settings)
    try:
        assert account.training and account.api_key == TRAINING_API_KEY
        assert account.simulator is not None
        assert account.api_base == account.simulator.url
    finally:
        account.close()


def test_a_stored_key_means_stripe(tmp_path: Path) -> None:
    SecretStore().set("sk_test_a_real_looking_key_1234")
    account = open_account(parse_args([]), Settings.from_file(tmp_path / "c.ini"))
    assert (account.training, account.api_key, account.api_base) == (
        False,
        "sk_test_a_real_looking_key_1234",
        None,
    )


def test_training_against_another_endpoint(tmp_path: Path) -> None:
    SecretStore().set("sk_test_a_real_looking_key_1234")
    args = parse_args(["--training", "--api-base", "http://127.0.0.1:12111"])
    account = open_account(args, Settings.from_file(tmp_path / "c.ini"))
    assert (account.training, account.api_key, account.api_base, account.simulator) == (
        True,
        TRAINING_API_KEY,
        "http://127.0.0.1:12111",
        None,
    )


def test_self_test_exits_zero_with_a_report(tmp_path: Path) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pos_app", "--self-test"],
        cwd=ROOT,
        env=child_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 20
    assert "self-test" in done.stdout
    assert "payment: approved 1.00 EUR" in done.stdout
    assert "OK in" in done.stdout


COUNTER_SCRIPT = textwrap.dedent(
    """
    import sys
    from pos_app.asyncqt import bootstrap
    from pos_app.simulator import TRAINING_API_KEY
    from pos_app.storage.settings import Settings
    from pos_app.views.session import CounterSession

    url, step = sys.argv[1], sys.argv[2]

    async def main(app):
        settings = Settings.from_app()
        session = CounterSession.open(settings, TRAINING_API_KEY, url, training=True)
        try:
            if step == "connect":
                readers = await session.window.refresh()
                reader = next(r for r in readers if r.label == "Counter reader 2")
                outcome = await session.window.connect_to(reader)
            else:
                outcome = await session.window.start()
            reader = session.controller.reader
            print(outcome.value if outcome else "none", reader.serial_number if reader else "-")
        finally:
            await session.close(2.0)
        return 0

    sys.exit(bootstrap(main, [sys.argv[0]]))
    """
)


def test_saved_reader_survives_a_restart(tmp_path: Path) -> None:
    script = tmp_path / "counter.py"
    script.write_text(COUNTER_SCRIPT)
    env = child_env(tmp_path)
    with SimulatorServer(seed=True) as sim:

        def run(step: str) -> list[str]:
            done = subprocess.run(
                [sys.executable, str(script), sim.url, step],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            return done.stdout.split()

        outcome, serial = run("connect")
        assert outcome == "connected"
        ini = Path(env["COMPTOIR_SETTINGS_DIR"]) / "Comptoir.ini"
        assert serial in ini.read_text()

        assert run("start") == ["connected", serial]
