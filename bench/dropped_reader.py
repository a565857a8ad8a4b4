"""Noticing a dropped reader: from the simulator marking the reader offline to the banner.

Connection controllers (``pos_app.controllers.connection.ConnectionController``, the object
behind the window's banner, default polling) run on a qasync loop, each connected to its own
reader on a standalone simulator with ``offline_after=0`` (a powered-off reader is offline at
once). Each trial waits a random 0-6 s (so the power cut falls anywhere in the polling
cycle), powers the reader off and times ``bannerChanged`` showing a banner; the reader is then
powered on and the controller reconnects by itself. Full: 10 controllers x 5 trials = 50;
quick: 5 x 1.

    python -m bench.dropped_reader [--quick]
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import tempfile
import time
from pathlib import Path

from bench._common import Result, parse_mode, percentile, simulator_process

TARGET_P95 = 6.0


async def trials(url: str, controllers_n: int, rounds: int, tmp: Path) -> list[float | None]:
    from bench._counters import create_readers  # noqa: PLC0415
    from pos_app.controllers.connection import ConnectionController, ConnectionState  # noqa: PLC0415
    from pos_app.simulator import TRAINING_API_KEY, SimulatorControl  # noqa: PLC0415
    from pos_app.storage.settings import Settings  # noqa: PLC0415

    reader_ids = await create_readers(url, controllers_n)
    results: list[float | None] = []

    async def run(index: int, reader_id: str, control: SimulatorControl) -> None:
        rng = random.Random(index)
        settings = Settings.from_file(tmp / f"counter-{index}.ini")
        settings.counter_name = f"Bench counter {index + 1}"
        controller = ConnectionController(settings, TRAINING_API_KEY, url)
        banner = asyncio.Event()
        connected = asyncio.Event()
        shown_at = 0.0

        def on_banner(value: object) -> None:
            nonlocal shown_at
            if value is not None and not banner.is_set():
                shown_at = time.monotonic()
                banner.set()

        def on_state(state: object) -> None:
            if state is ConnectionState.CONNECTED:
                connected.set()

        controller.bannerChanged.connect(on_banner)
        controller.stateChanged.connect(on_state)
        try:
            readers = await controller.discover(None)
            reader = next(r for r in readers if r.id == reader_id)
            await controller.connect_reader(reader)
            for _ in range(rounds):
                await asyncio.sleep(rng.uniform(0.0, 6.0))
                banner.clear()
                connected.clear()
                started = time.monotonic()
                await control.power(reader_id, False)
                try:
                    await asyncio.wait_for(banner.wait(), 30)
                    results.append(shown_at - started)
                except TimeoutError:
                    results.append(None)
                await control.power(reader_id, True)
                await asyncio.wait_for(connected.wait(), 60)
        finally:
            await controller.shutdown()

    async with SimulatorControl(url) as control:
        await control.configure(offline_after=0)
        await asyncio.gather(*(run(i, r, control) for i, r in enumerate(reader_ids)))
    return results


def main(argv: list[str] | None = None) -> int:
    mode = parse_mode(__doc__ or "", argv)
    controllers_n, rounds = (5, 1) if mode.quick else (10, 5)
    os.environ.setdefault("QT_API", "pyside6")
    logging.basicConfig(level=logging.ERROR)
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415
    from qasync import QEventLoop  # noqa: PLC0415

    app = QCoreApplication.instance() or QCoreApplication([])
    with simulator_process() as url, tempfile.TemporaryDirectory() as tmp:
        loop = QEventLoop(app)
        try:
            found = loop.run_until_complete(trials(url, controllers_n, rounds, Path(tmp)))
        finally:
            loop.close()
    times = [t for t in found if t is not None]
    missed = len(found) - len(times)
    p95 = percentile(times, 95) if not missed else float("inf")
    Result(
        measure="noticing a dropped reader",
        value=(
            f"p95 {p95:.2f} s, median {percentile(times, 50):.2f} s, max {max(times):.2f} s "
            f"over {len(found)} trials ({missed} not noticed)"
        ),
        target=f"p95 ≤ {TARGET_P95:.0f} s",
        met=p95 <= TARGET_P95,
        details={"seconds": sorted(round(t, 3) for t in times), "not_noticed": missed},
    ).emit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
