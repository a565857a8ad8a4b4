"""``pos-app-simulator`` in its own process, driven with real curl; state survives a restart."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

KEY = "sk_test_curl_demo_1234"


@contextmanager
def running(*args: str) -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "pos_app.simulator.cli", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("listening on http://127.0.0.1:"), line
        url = line.removeprefix("listening on ")
        assert int(url.rsplit(":", 1)[1]) > 0
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
    assert code == 0


def curl(*args: str) -> dict[str, object]:
    out = subprocess.run(["curl", "-sS", *args], check=True, capture_output=True, text=True)
    body: dict[str, object] = json.loads(out.stdout)
    return body


def test_cli_with_curl_and_persistence(tmp_path: Path) -> None:
    state = tmp_path / "sim-state.json"
    with running("--seed", "--state", str(state), "--offline-after", "0") as url:
        listed = curl(f"{url}/v1/terminal/locations", "-u", f"{KEY}:")
        data = listed["data"]
        assert isinstance(data, list) and data[0]["display_name"] == "Training shop"
        location = data[0]["id"]
        created = curl(
            f"{url}/v1/terminal/readers",
            "-u",
            f"{KEY}:",
            "-d",
            "registration_code=simulated-wpe",
            "--data-urlencode",
            "label=Alice's reader",
            "-d",
            f"location={location}",
        )
        assert created["label"] == "Alice's reader"
        assert created["device_type"] == "simulated_wisepos_e"
        assert created["location"] == location and created["object"] == "terminal.reader"
        readers = curl(f"{url}/v1/terminal/readers", "-u", f"{KEY}:")
        assert readers["object"] == "list"
        labels = {reader["label"] for reader in readers["data"]}  # type: ignore[attr-defined]
        assert labels == {"Alice's reader", "Counter reader 1", "Counter reader 2"}
        devices = curl(f"{url}/_sim/devices")["data"]
        assert isinstance(devices, list) and len(devices) == 3
        refused = curl(f"{url}/v1/terminal/readers", "-u", "sk_" + "live_abcdefgh1234:")
        assert "test-mode" in refused["error"]["message"]  # type: ignore[index]
    assert state.exists()

    with running("--state", str(state)) as url:
        readers = curl(f"{url}/v1/terminal/readers", "-u", f"{KEY}:")
        after = {reader["id"]: reader for reader in readers["data"]}  # type: ignore[attr-defined]
        assert created["id"] in after and after[created["id"]]["label"] == "Alice's reader"
        assert len(after) == 3
        devices_after = curl(f"{url}/_sim/devices")["data"]
        assert devices_after == devices


def test_cli_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pos_app.simulator.cli", "--help"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "--offline-after" in out.stdout and "--state" in out.stdout
