"""The baseline: a bare PySide6 script that shows an empty QMainWindow.

Prints ``BENCH shown <monotonic>`` when the window's first paint is done, then
``BENCH rss_kib <n>`` after the same settling time the app harness uses, and exits.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from bench._probe import FirstPaint, exit_now, report, settled_rss_kib

SETTLE_MS = 1000


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1100, 760)

    def shown(at: float) -> None:
        report("shown", f"{at:.6f}")
        app.processEvents()

        def settled() -> None:
            report("rss_kib", settled_rss_kib())
            exit_now()

        QTimer.singleShot(SETTLE_MS, settled)

    FirstPaint(window, shown)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
