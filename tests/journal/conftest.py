"""Fixtures for the journal tests: a simulator over loopback HTTP and a registered reader."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import stripe

from pos_app.simulator import SimulatorServer
from pos_app.storage.journal import Journal

KEY = "sk_test_comptoir_journal_tests"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    server = SimulatorServer(port=0, offline_after=0).start()
    yield server
    server.stop()


def stripe_client(url: str) -> tuple[stripe.StripeClient, stripe.HTTPXClient]:
    http = stripe.HTTPXClient(allow_sync_methods=True)
    return stripe.StripeClient(KEY, base_addresses={"api": url}, http_client=http), http


def register_reader(api: stripe.StripeClient, label: str = "Front reader") -> str:
    location = api.v1.terminal.locations.create(
        params={
            "display_name": "Boulangerie Martin",
            "address": {
                "line1": "12 rue de la Paix",
                "city": "Paris",
                "postal_code": "75002",
                "country": "FR",
            },
        }
    )
    reader = api.v1.terminal.readers.create(
        params={"registration_code": "simulated-wpe", "label": label, "location": location.id}
    )
    return str(reader.id)


@pytest.fixture
def api(sim: SimulatorServer) -> Iterator[stripe.StripeClient]:
    client, http = stripe_client(sim.url)
    yield client
    http.close()  # type: ignore[no-untyped-call]


@pytest.fixture
def reader(api: stripe.StripeClient) -> str:
    return register_reader(api)


@dataclass
class Run:
    returncode: int
    output: Any
    stderr: str


@dataclass
class Headless:
    """Runs ``python -m pos_app.headless`` as a real counter process."""

    url: str
    data_dir: Path

    def run(self, *args: str, crash_at: str | None = None, timeout: float = 30) -> Run:
        env = {
            **os.environ,
            "COMPTOIR_DATA_DIR": str(self.data_dir),
            "QT_QPA_PLATFORM": "offscreen",
        }
        env.pop("COMPTOIR_CRASH_AT", None)
        if crash_at is not None:
            env["COMPTOIR_CRASH_AT"] = crash_at
        process = subprocess.run(
            [
                sys.executable,
                "-m",
                "pos_app.headless",
                "--api-base",
                self.url,
                "--api-key",
                KEY,
                "--counter-id",
                self.data_dir.name,
                "--counter-name",
                f"Caisse {self.data_dir.name}",
                *args,
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        lines = [line for line in process.stdout.splitlines() if line.strip()]
        output = json.loads(lines[-1]) if lines else None
        return Run(process.returncode, output, process.stderr)

    def journal(self) -> Journal:
        return Journal(self.data_dir / "journal.sqlite3")


@pytest.fixture
def headless(sim: SimulatorServer, tmp_path: Path) -> Headless:
    directory = tmp_path / "counter"
    directory.mkdir()
    return Headless(sim.url, directory)
