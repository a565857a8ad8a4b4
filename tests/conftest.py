"""Test configuration shared by every test.

Qt runs offscreen, async tests run on a qasync loop, keyring is an in-memory backend and
QSettings write into a temporary directory, so no test touches the user's machine.
"""

from __future__ import annotations

import asyncio
import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that forgets everything when the test ends, to avoid keychain prompts."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


class _SessionLoop(qasync.QEventLoop):  # type: ignore[misc]
    """One qasync loop for the whole session.

    WORKAROUND: a new QEventLoop per test over the one QApplication leaves the previous
    loops' Qt timers and socket notifiers behind, and the process segfaults a few tests later.
    pytest-asyncio closes the loop after every test; that close is skipped here and done once
    at the end of the session.
    """

    def close(self) -> None:
        pass

    def really_close(self) -> None:
        super().close()


_session_loop: _SessionLoop | None = None


def _qasync_loop() -> Any:
    global _session_loop
    if _session_loop is None:
        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)
        _session_loop = _SessionLoop(app)
    return _session_loop


def pytest_asyncio_loop_factories(config: Any, item: Any) -> dict[str, Callable[[], Any]]:
    return {"qasync": _qasync_loop}


@pytest.fixture(autouse=True)
async def _cancel_leftover_tasks() -> Any:
    """End the tasks a test left running, on its own loop.

    WORKAROUND: with qasync, pytest-qt's processEvents() between a test and its teardown
    steps leftover tasks outside a running asyncio loop, where they fail confusingly.
    """
    yield
    current = asyncio.current_task()
    leftovers = [task for task in asyncio.all_tasks() if task is not current]
    for task in leftovers:
        task.cancel()
    await asyncio.gather(*leftovers, return_exceptions=True)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """QSettings and the application's data directory live in a temp dir for each test."""
    settings_dir = tmp_path / "settings"
    data_dir = tmp_path / "data"
    settings_dir.mkdir()
    data_dir.mkdir()
    monkeypatch.setenv("COMPTOIR_DATA_DIR", str(data_dir))
    monkeypatch.setenv("COMPTOIR_SETTINGS_DIR", str(settings_dir))
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("Comptoir-Tests")
    QCoreApplication.setApplicationName("Comptoir-Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    yield settings_dir


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # WORKAROUND: collecting the per-test qasync loops at interpreter shutdown, after Qt's
    # modules are gone, aborts in shiboken ("bool_dealloc"); collect them while Qt lives.
    if _session_loop is not None:
        _session_loop.really_close()
    gc.collect()
