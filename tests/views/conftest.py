"""Counter windows against a seeded simulator over loopback, with fast polling."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from pos_app.simulator import TRAINING_API_KEY, SimulatorControl, SimulatorServer
from pos_app.storage.settings import Settings
from pos_app.terminal import Backoff, PollingPolicy, Reader
from pos_app.views.main_window import MainWindow
from pos_app.views.session import CounterSession

FAST = PollingPolicy(idle_interval=0.15, active_interval=0.05, max_interval=0.6)


def fast_backoff() -> Backoff:
    return Backoff(base=0.1, cap=0.5)


async def eventually(predicate: Callable[[], bool], within: float = 5.0) -> None:
    """Wait until `predicate()` holds, letting the loop run; fail the test otherwise."""
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within} s")
        await asyncio.sleep(0.02)


def visible_prompt(window: MainWindow) -> QMessageBox | None:
    return next((box for box in window.findChildren(QMessageBox) if box.isVisible()), None)


async def answer_prompt(window: MainWindow, yes: bool) -> str:
    """Wait for the busy prompt, answer it, and return its text."""
    await eventually(lambda: visible_prompt(window) is not None)
    box = visible_prompt(window)
    assert box is not None
    button = box.button(QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No)
    assert button is not None
    text = box.text()
    button.click()
    return text


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    server = SimulatorServer(seed=True, offline_after=0.3).start()
    yield server
    server.stop()


@pytest.fixture
async def control(sim: SimulatorServer) -> AsyncIterator[SimulatorControl]:
    client = SimulatorControl(sim.url)
    yield client
    await client.aclose()


Counter = Callable[..., CounterSession]


@pytest.fixture
async def counter(sim: SimulatorServer, tmp_path: Path) -> AsyncIterator[Counter]:
    """Makes counters (a session and its window) named after their till; closes them all."""
    made: list[CounterSession] = []

    def make(name: str = "Till 1", settings: Settings | None = None) -> CounterSession:
        if settings is None:
            settings = Settings.from_file(tmp_path / f"{name}.ini")
            settings.counter_name = name
        session = CounterSession.open(
            settings,
            TRAINING_API_KEY,
            sim.url,
            training=True,
            polling=FAST,
            reconnect_backoff=fast_backoff,
            request_timeout=2.0,
        )
        session.window.show()
        made.append(session)
        return session

    yield make
    for session in made:
        await session.close(2.0)


async def reader_named(session: CounterSession, label: str) -> Reader:
    readers = await session.window.refresh()
    return next(reader for reader in readers if reader.label == label)
