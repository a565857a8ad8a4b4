"""`pos-app`: the counter application's entry point.

    pos-app [--training] [--api-base URL] [--self-test] [--render-states DIR] [--language en|fr]

Training mode (no Stripe key stored, no usable keychain, or `--training`) runs against an
embedded simulator on loopback with the training key, unless `--api-base` names another
Stripe-compatible endpoint such as a `pos-app-simulator` shared by several counters.

Start-up shows the counter window first and loads the rest afterwards: this module imports
only Qt, the settings and the window's widgets; asyncio, the controllers, the journal, the
Stripe client and the keychain (`pos_app.counter`) load once the window is painted, then the
window is bound to its controllers and starts reconnecting (docs/benchmarks.md, "Cold start").
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QLockFile
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from pos_app import __version__
from pos_app.i18n import install_translator
from pos_app.paths import APPLICATION, ORGANIZATION, data_dir
from pos_app.storage.settings import Settings
from pos_app.views.main_window import MainWindow

__all__ = ["main", "parse_args"]

# Every window's icon (packaging/icons/make_icons.py writes it with the installers' icons).
WINDOW_ICON = Path(__file__).resolve().parent / "resources" / "comptoir.png"
# How long start-up waits for the window system to expose the new window before going on.
_EXPOSE_BUDGET = 0.25


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="pos-app", description="Comptoir: card payments on Stripe Terminal readers."
    )
    parser.add_argument(
        "--training", action="store_true", help="practise on simulated readers (no real card)"
    )
    parser.add_argument(
        "--api-base",
        metavar="URL",
        help="a Stripe-compatible endpoint instead of Stripe (e.g. a shared pos-app-simulator)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="offscreen: connect to a simulated reader, take a test payment, exit 0 on success",
    )
    parser.add_argument(
        "--render-states",
        metavar="DIR",
        type=Path,
        help="offscreen: save screenshots of the main states as PNG files in DIR",
    )
    parser.add_argument("--language", choices=("en", "fr"), help="interface language")
    parser.add_argument("--version", action="version", version=f"Comptoir {__version__}")
    return parser.parse_args(argv)


def expects_training(args: argparse.Namespace, settings: Settings) -> bool:
    """Whether this start will be in training mode, judged without the keychain (the window
    shows it at once; binding corrects it when no Stripe key turns out to be stored)."""
    return bool(args.training) or settings.training_mode or settings.account_mode != "stripe"


def paint_now(app: QApplication, window: MainWindow, budget: float = _EXPOSE_BUDGET) -> None:
    """Let the window system expose and paint ``window`` before the slow part of start-up.

    User input stays queued: it is handled once the window is bound to its controllers.
    """
    flags = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
    deadline = time.monotonic() + budget
    app.processEvents(flags)
    handle = window.windowHandle()
    while handle is not None and not handle.isExposed() and time.monotonic() < deadline:
        app.processEvents(flags, 10)
    app.processEvents(flags)


def counter_lock_path() -> Path:
    return data_dir() / "counter.lock"


def claim_the_counter() -> QLockFile | None:
    """Lock this computer's counter for this process; None when another `pos-app` holds it.

    Two windows on one counter would share its reader (same counter identity: each would
    think the reader is its own) and its sales journal. The lock is released when the process
    ends, and a lock left by a process that crashed is taken over (Qt checks its PID).
    """
    lock = QLockFile(str(counter_lock_path()))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    if lock.tryLock(0):
        return lock
    return None


def tell_already_running() -> None:
    """Say that Comptoir is already open here (the second start of a counter)."""
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - only on this path

    other = QLockFile(str(counter_lock_path()))
    pid, _, _ = other.getLockInfo()
    box = QMessageBox(
        QMessageBox.Icon.Information,
        QCoreApplication.translate("pos-app", "Comptoir is already open"),
        QCoreApplication.translate(
            "pos-app",
            "Comptoir is already open on this computer. Use the window that is open: two "
            "windows on one counter would share its card reader and its sales.",
        ),
        QMessageBox.StandardButton.Ok,
    )
    if pid:
        box.setDetailedText(QCoreApplication.translate("pos-app", "Process {pid}.").format(pid=pid))
    box.exec()  # no event loop runs yet: a modal box is safe here


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    tool = args.self_test or args.render_states is not None
    if tool:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setWindowIcon(QIcon(str(WINDOW_ICON)))
    window: MainWindow | None = None
    if not tool:
        settings = Settings.from_app()
        install_translator(app, args.language or settings.language)
        lock = claim_the_counter()
        if lock is None:
            tell_already_running()
            return 1
        window = MainWindow(settings, training=expects_training(args, settings))
        window.show()
        paint_now(app, window)
    from pos_app.counter import run  # noqa: PLC0415 - loaded with the window on screen

    # The counter lock (a local of this function) stays held until the counter ends.
    return run(app, args, window)


if __name__ == "__main__":
    sys.exit(main())
