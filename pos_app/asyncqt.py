"""Qt + asyncio glue: the one bootstrap, awaitable dialogs and a task supervisor.

The rules these helpers enforce (see the architecture guide, "Qt + asyncio rules that bite"):

- `bootstrap` is the only place that creates the QApplication and the qasync loop, and the
  only place that decides how uncaught errors are handled: they are logged, never shown to
  the cashier as a traceback.
- Async code never calls `QDialog.exec()` or the static `QMessageBox` functions: they start a
  nested event loop that silently starves other tasks (qasync #59, #174). Await `run_dialog`
  or `ask` instead.
- Background work runs under a `TaskSupervisor`, which keeps strong references (asyncio
  itself keeps only weak ones), cancels the previous task of the same name and logs failures.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from types import TracebackType
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from qasync import QEventLoop  # after PySide6 and QT_API: qasync binds to the first Qt found

from pos_app.paths import APPLICATION, ORGANIZATION

__all__ = ["TaskSupervisor", "ask", "bootstrap", "run_dialog"]

T = TypeVar("T")

task_log = logging.getLogger("pos_app.tasks")
error_log = logging.getLogger("pos_app.errors")


class TaskSupervisor:
    """Owns the application's background tasks.

    Attributes:
        name: what this supervisor is for, used in log lines.

    A task is started under a name ("watch-reader", "reconnect"); starting another task under
    the same name cancels the previous one without waiting for it (it still runs its
    cleanup, and stays referenced until it ends). A task that fails is logged at ERROR on
    `pos_app.tasks`, so no exception goes unobserved. After `shutdown()` no task can start.
    """

    def __init__(self, name: str = "tasks") -> None:
        self.name = name
        self._current: dict[str, asyncio.Task[Any]] = {}
        self._alive: set[asyncio.Task[Any]] = set()
        self._closed = False

    def start(self, name: str, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run `coro` as the task called `name`, cancelling the previous one of that name."""
        if self._closed:
            coro.close()
            raise RuntimeError(f"{self.name} is shut down; cannot start {name!r}")
        previous = self._current.get(name)
        if previous is not None and not previous.done():
            task_log.debug("Replacing task %s", name)
            previous.cancel()
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._current[name] = task
        self._alive.add(task)
        task.add_done_callback(self._on_done)
        return task

    def get(self, name: str) -> asyncio.Task[Any] | None:
        """The current task called `name`, if it is still running."""
        task = self._current.get(name)
        return task if task is not None and not task.done() else None

    def cancel(self, name: str) -> bool:
        """Cancel the task called `name`; False when no such task is running."""
        task = self.get(name)
        return task.cancel() if task is not None else False

    def cancel_all(self) -> None:
        """Cancel every task still running."""
        for task in list(self._alive):
            task.cancel()

    async def shutdown(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109 (a grace period)
        """Cancel every task and wait up to `timeout` seconds for them to end."""
        self._closed = True
        self.cancel_all()
        pending = [task for task in self._alive if task is not asyncio.current_task()]
        if not pending:
            return
        _, still_running = await asyncio.wait(pending, timeout=timeout)
        for task in still_running:
            task_log.warning("Task %s did not stop within %.1f s", task.get_name(), timeout)

    def _on_done(self, task: asyncio.Task[Any]) -> None:
        self._alive.discard(task)
        name = task.get_name()
        if self._current.get(name) is task:
            del self._current[name]
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            task_log.error(
                "Task %s failed", name, exc_info=(type(error), error, error.__traceback__)
            )


async def run_dialog(dialog: QDialog) -> int:
    """Open `dialog` (window-modal) and return its result code once it is finished.

    If the awaiting task is cancelled, the dialog is rejected so it does not linger.
    """
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def on_finished(result: int) -> None:
        if not future.done():
            future.set_result(result)

    dialog.finished.connect(on_finished)
    try:
        dialog.open()
        return await future
    finally:
        dialog.finished.disconnect(on_finished)
        if dialog.isVisible():
            dialog.reject()


async def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    buttons: QMessageBox.StandardButton = (
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    ),
    default: QMessageBox.StandardButton = QMessageBox.StandardButton.No,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox.StandardButton:
    """Ask a question and return the button chosen; `title` and `text` are translated already.

    Returns `QMessageBox.StandardButton.NoButton` when the box closed without a choice.
    """
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setDefaultButton(default)
    try:
        await run_dialog(box)
        clicked = box.clickedButton()
        if clicked is None:
            return QMessageBox.StandardButton.NoButton
        return box.standardButton(clicked)
    finally:
        box.deleteLater()


def _log_uncaught(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    error_log.error("Unexpected error", exc_info=(kind, error, traceback))


def _log_loop_exception(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    error = context.get("exception")
    details = {key: value for key, value in context.items() if key not in ("message", "exception")}
    message = context.get("message") or "Unexpected error in the event loop"
    if isinstance(error, BaseException):
        error_log.error(
            "%s %r", message, details, exc_info=(type(error), error, error.__traceback__)
        )
    else:
        error_log.error("%s %r", message, details)


async def _cancel_remaining(grace: float) -> None:
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    if not tasks:
        return
    _, still_running = await asyncio.wait(tasks, timeout=grace)
    for task in still_running:
        error_log.warning("Task %s did not stop within %.1f s", task.get_name(), grace)


def bootstrap(
    main: Callable[[QApplication], Awaitable[int]],
    argv: Sequence[str] | None = None,
    *,
    shutdown_timeout: float = 5.0,
) -> int:
    """Run the application: QApplication, qasync loop, error logging, `main`, shutdown.

    `main(app)` runs as a task for the life of the application; when it returns, the
    application quits with its return code. When the application quits first (`app.quit()`,
    the last window closed, Ctrl+C), `aboutToQuit` cancels `main` and every other task, and
    they get `shutdown_timeout` seconds to end. An exception escaping `main` is logged and
    gives exit code 1. The caller decides `app.setQuitOnLastWindowClosed(...)` in `main`.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(sys.argv if argv is None else argv))
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)

    loop = QEventLoop(app)
    asyncio.set_event_loop(loop)
    previous_hook = sys.excepthook
    sys.excepthook = _log_uncaught
    loop.set_exception_handler(_log_loop_exception)
    previous_sigint = signal.signal(signal.SIGINT, lambda *_: app.quit())

    main_result: int | None = None
    quitting = False
    main_task: asyncio.Task[int] = loop.create_task(_as_coroutine(main(app)), name="main")

    def on_main_done(task: asyncio.Task[int]) -> None:
        nonlocal main_result
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            error_log.error(
                "The application stopped on an unexpected error",
                exc_info=(type(error), error, error.__traceback__),
            )
            main_result = 1
        else:
            main_result = int(task.result())
        if not quitting:
            app.exit(main_result)

    def on_about_to_quit() -> None:
        nonlocal quitting
        quitting = True
        for task in asyncio.all_tasks(loop):
            task.cancel()

    main_task.add_done_callback(on_main_done)
    app.aboutToQuit.connect(on_about_to_quit)
    try:
        loop_result = loop.run_forever()
        app.aboutToQuit.disconnect(on_about_to_quit)
        loop.run_until_complete(_cancel_remaining(shutdown_timeout))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        signal.signal(signal.SIGINT, previous_sigint)
        sys.excepthook = previous_hook
        asyncio.set_event_loop(None)
        loop.close()
    return main_result if main_result is not None else int(loop_result)


async def _as_coroutine(awaitable: Awaitable[T]) -> T:
    return await awaitable
