"""The event log: what happened to the reader and the payments, with the time."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QPlainTextEdit, QWidget

__all__ = ["EventLog"]


class EventLog(QPlainTextEdit):
    """A read-only list of timestamped lines, newest at the bottom.

    Attributes:
        lines: every line added (kept for tests and diagnostics), oldest first.
    """

    MAX_LINES = 500

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(self.MAX_LINES)
        self.setObjectName("eventLog")
        self.lines: list[str] = []

    def add(self, text: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        line = f"{stamp}  {text}"
        self.lines = [*self.lines[-(self.MAX_LINES - 1) :], line]
        self.appendPlainText(line)
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
