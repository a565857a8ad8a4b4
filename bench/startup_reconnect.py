"""Startup reconnect: API requests and time from process start to "connected".

A counter whose settings (``COMPTOIR_SETTINGS_DIR``, a temporary directory) remember a reader
starts the real application (``bench.app_harness``, scenario ``reconnect``) against a
standalone ``pos-app-simulator``. The simulator's request counter is reset before each start
and read once the connection controller reports "connected". 5 runs (full) or 2 (quick).

    python -m bench.startup_reconnect [--quick]
"""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench._common import PYTHON, REPO, Result, child_env, median, parse_mode, simulator_process

TARGET_REQUESTS = 3


def save_reader(settings_dir: Path, url: str) -> dict[str, Any]:
    """Remember the simulator's first online reader as this counter's last reader."""
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

    from pos_app.simulator import TRAINING_API_KEY  # noqa: PLC0415
    from pos_app.storage.settings import SavedReader, Settings  # noqa: PLC0415

    _app = QCoreApplication.instance() or QCoreApplication([])
    response = httpx.get(
        f"{url}/v1/terminal/readers", auth=(TRAINING_API_KEY, ""), params={"limit": 100}
    )
    response.raise_for_status()
    reader = next(r for r in response.json()["data"] if r["status"] == "online")
    settings = Settings.from_file(settings_dir / "Comptoir.ini")
    settings.counter_name = "Bench counter"
    settings.last_reader = SavedReader(
        serial_number=reader["serial_number"],
        reader_id=reader["id"],
        location_id=reader["location"],
        label=reader["label"],
    )
    settings.sync()
    return dict(reader)


async def _stats(url: str, reset: bool) -> dict[str, Any]:
    from pos_app.simulator import SimulatorControl  # noqa: PLC0415

    async with SimulatorControl(url) as control:
        if reset:
            await control.reset_stats()
        return await control.stats()


def one_run(url: str, env: dict[str, str]) -> tuple[float, int, dict[str, int]]:
    asyncio.run(_stats(url, reset=True))
    args = [PYTHON, "-m", "bench.app_harness", "--training", "--api-base", url]
    started = time.monotonic()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO
    )
    connected = None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("BENCH connected "):
                connected = float(line.split()[2]) - started
                break
    finally:
        proc.wait(30)
    if connected is None:
        raise RuntimeError("the application never reported 'connected'")
    stats = asyncio.run(_stats(url, reset=False))
    return connected, int(stats["total"]), dict(stats["by_endpoint"])


def main(argv: list[str] | None = None) -> int:
    mode = parse_mode(__doc__ or "", argv)
    runs = 2 if mode.quick else 5
    times: list[float] = []
    requests: list[int] = []
    endpoints: dict[str, int] = {}
    with (
        simulator_process() as url,
        tempfile.TemporaryDirectory(prefix="comptoir-bench-") as tmp,
    ):
        settings_dir = Path(tmp) / "settings"
        settings_dir.mkdir()
        save_reader(settings_dir, url)
        env = child_env(
            COMPTOIR_BENCH="reconnect",
            COMPTOIR_DATA_DIR=str(Path(tmp) / "data"),
            COMPTOIR_SETTINGS_DIR=str(settings_dir),
        )
        for _ in range(runs):
            seconds, count, endpoints = one_run(url, env)
            times.append(seconds)
            requests.append(count)
    worst = max(requests)
    Result(
        measure="startup reconnect",
        value=(
            f"{worst} requests, {median(times) * 1000:.0f} ms from process start to connected "
            f"(median of {runs})"
        ),
        target=f"≤ {TARGET_REQUESTS} requests",
        met=worst <= TARGET_REQUESTS,
        details={
            "requests": requests,
            "seconds": [round(t, 4) for t in times],
            "endpoints_last_run": endpoints,
        },
    ).emit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
