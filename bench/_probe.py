"""In-process probes shared by the app harness and the bare-window baseline.

Both processes print ``BENCH <name> <value>`` lines the benchmark scripts parse. Kept small:
it is imported before the application, so it must not add to what is measured.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer


def report(name: str, value: object) -> None:
    print(f"BENCH {name} {value}", flush=True)


def rss_kib() -> int:
    status = Path(f"/proc/{os.getpid()}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def settled_rss_kib() -> int:
    """RSS after a full garbage collection, so a pending collection does not add noise."""
    gc.collect()
    return rss_kib()


class FirstPaint(QObject):
    """Calls ``on_shown(monotonic)`` once, when the first paint of ``window`` is done."""

    def __init__(self, window: QObject, on_shown: Callable[[float], None]) -> None:
        super().__init__(window)
        self._on_shown = on_shown
        self._seen = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._seen and event.type() == QEvent.Type.Paint:
            self._seen = True
            watched.removeEventFilter(self)
            # Right after this paint event has been handled and the frame flushed.
            QTimer.singleShot(0, lambda: self._on_shown(time.monotonic()))
        return False


class LagProbe(QObject):
    """A 5 ms precise QTimer measuring its own lateness: how long the Qt loop stalled."""

    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval = interval_ms / 1000.0
        self.stalls: list[float] = []
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.stalls.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return list(self.stalls)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.stalls.append(max(0.0, now - self._last - self.interval))
        self._last = now


def exit_now(code: int = 0) -> None:
    """Leave at once: the measurement is over and shutdown time is not part of it."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
