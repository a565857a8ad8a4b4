"""The qasync helpers: awaitable dialogs, the task supervisor and the bootstrap."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from pos_app.asyncqt import TaskSupervisor, ask, run_dialog


async def test_run_dialog_resolves_when_accepted(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QTimer.singleShot(20, dialog.accept)
    result = await asyncio.wait_for(run_dialog(dialog), 2)
    assert result == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()


async def test_run_dialog_lets_other_tasks_run(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        for _ in range(3):
            await asyncio.sleep(0.01)
            ticks += 1
        dialog.reject()

    ticker = asyncio.create_task(tick())
    result = await asyncio.wait_for(run_dialog(dialog), 2)
    await ticker
    assert (result, ticks) == (QDialog.DialogCode.Rejected, 3)


async def test_cancelled_run_dialog_closes_the_dialog(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    waiting = asyncio.create_task(run_dialog(dialog))
    await asyncio.sleep(0.01)
    assert dialog.isVisible()
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert not dialog.isVisible()


async def test_ask_returns_the_button_clicked(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def click_yes() -> None:
        box = parent.findChild(QMessageBox)
        assert box is not None
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(20, click_yes)
    answer = await asyncio.wait_for(ask(parent, "Reader busy", "Take it over?"), 2)
    assert answer == QMessageBox.StandardButton.Yes


async def test_supervisor_cancels_the_previous_task_of_the_same_name() -> None:
    supervisor = TaskSupervisor()
    first = supervisor.start("watch", asyncio.sleep(10))
    other = supervisor.start("journal", asyncio.sleep(10))
    second = supervisor.start("watch", asyncio.sleep(10))
    await asyncio.sleep(0)
    assert first.cancelled()
    assert not second.done() and not other.done()
    assert second.get_name() == "watch"
    assert supervisor.get("watch") is second
    await supervisor.shutdown(1)
    assert second.cancelled() and other.cancelled()
    assert supervisor.get("watch") is None


async def test_supervisor_logs_a_failing_task(caplog: pytest.LogCaptureFixture) -> None:
    supervisor = TaskSupervisor()

    async def fail() -> None:
        raise RuntimeError("reader exploded")

    task = supervisor.start("payment", fail())
    with caplog.at_level(logging.ERROR, logger="pos_app.tasks"):
        await asyncio.wait([task])
        await asyncio.sleep(0)
    [record] = [r for r in caplog.records if r.name == "pos_app.tasks"]
    assert record.levelno == logging.ERROR
    assert "payment" in record.getMessage()
    assert record.exc_info is not None and "reader exploded" in str(record.exc_info[1])


async def test_supervisor_refuses_tasks_after_shutdown() -> None:
    supervisor = TaskSupervisor()
    await supervisor.shutdown(1)
    coro = asyncio.sleep(0)
    with pytest.raises(RuntimeError):
        supervisor.start("late", coro)


async def test_supervisor_keeps_tasks_alive_until_they_end() -> None:
    supervisor = TaskSupervisor()
    done = asyncio.Event()

    async def work() -> None:
        await asyncio.sleep(0.01)
        done.set()

    supervisor.start("work", work())
    await asyncio.wait_for(done.wait(), 2)


def _run_app(tmp_path: Path, main_body: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "app.py"
    script.write_text(
        textwrap.dedent(
            """
            import asyncio, logging, sys
            from pos_app.asyncqt import bootstrap

            logging.basicConfig(level=logging.INFO, stream=sys.stdout)

            async def main(app):
            """
        )
        + textwrap.indent(textwrap.dedent(main_body), "    ")
        + "\nsys.exit(bootstrap(main, ['app']))\n"
    )
    return subprocess.run(
        [sys.executable, str(script)],
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "COMPTOIR_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bootstrap_returns_mains_exit_code(tmp_path: Path) -> None:
    result = _run_app(
        tmp_path,
        """
        await asyncio.sleep(0.05)
        print("running", app.applicationName(), app.organizationName())
        return 7
        """,
    )
    assert result.returncode == 7, result.stderr
    assert "running Comptoir Comptoir" in result.stdout


def test_bootstrap_logs_a_failing_main(tmp_path: Path) -> None:
    result = _run_app(tmp_path, "raise RuntimeError('boom')\n")
    assert result.returncode == 1
    assert "ERROR:pos_app.errors:The application stopped on an unexpected error" in result.stdout
    assert "RuntimeError: boom" in result.stdout


def test_bootstrap_quit_cancels_main_and_background_tasks(tmp_path: Path) -> None:
    result = _run_app(
        tmp_path,
        """
        async def background():
            try:
                await asyncio.sleep(60)
            finally:
                print("background stopped")
        task = asyncio.get_running_loop().create_task(background())
        await asyncio.sleep(0.01)
        app.quit()
        try:
            await asyncio.sleep(60)
        finally:
            print("main cancelled")
        return 3
        """,
    )
    assert result.returncode == 0, result.stderr
    assert "main cancelled" in result.stdout
    assert "background stopped" in result.stdout


def test_bootstrap_logs_loop_errors(tmp_path: Path) -> None:
    result = _run_app(
        tmp_path,
        """
        def broken():
            raise ValueError("callback failed")
        asyncio.get_running_loop().call_soon(broken)
        await asyncio.sleep(0.05)
        return 0
        """,
    )
    assert result.returncode == 0, result.stderr
    assert "ERROR:pos_app.errors:" in result.stdout
    assert "ValueError: callback failed" in result.stdout
