"""In-process probes shared by the app harness and the bare-window baseline.

Both processes print ``BENCH <name> <value>`` lines the benchmark scripts parse. Kept small:
it is imported before the application, so it must not add to what is measured.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer


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
        #: Main-thread CPU time spent in each gap: a long stall with little CPU means this
        #: process was waiting (descheduled by a busy machine, or blocked), not computing.
        self.cpu: list[float] = []
        self._last = 0.0
        self._last_cpu = 0.0
        self.active = False
        # Not at module level: the first use of `Qt` builds its whole namespace of enums
        # (≈ 40 ms), which the bare window would then pay without needing it.
        from PySide6.QtCore import Qt  # noqa: PLC0415

        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.stalls.clear()
        self.cpu.clear()
        self._last_cpu = time.thread_time()
        self._last = time.perf_counter()
        self.active = True
        self._timer.start()

    def stop(self) -> list[float]:
        self.active = False
        self._timer.stop()
        return list(self.stalls)

    def _tick(self) -> None:
        now = time.perf_counter()
        cpu = time.thread_time()
        self.stalls.append(max(0.0, now - self._last - self.interval))
        self.cpu.append(cpu - self._last_cpu)
        self._last = now
        self._last_cpu = cpu

    @property
    def last_tick(self) -> float:
        return self._last


class StallSampler:
    """A thread that, while the lag probe is late by more than ``threshold``, samples what the
    main thread is running: the innermost frames from the project or its libraries."""

    def __init__(self, probe: LagProbe, threshold: float = 0.012, period: float = 0.002) -> None:
        self.probe = probe
        self.threshold = threshold
        self.period = period
        self.samples: dict[str, int] = {}
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> dict[str, int]:
        self._stop.set()
        self._thread.join(1)
        return dict(sorted(self.samples.items(), key=lambda item: -item[1])[:15])

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            if not self.probe.active:
                continue
            late = time.perf_counter() - self.probe.last_tick - self.probe.interval
            if late < self.threshold:
                continue
            frame = sys._current_frames().get(self._main or 0)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)
            where = [
                f"{Path(f.filename).name}:{f.lineno} {f.name}"
                for f in stack
                if "site-packages" in f.filename or "/pos_app/" in f.filename
            ][-3:]
            key = " < ".join(reversed(where)) or "(event loop / Qt)"
            self.samples[key] = self.samples.get(key, 0) + 1


def exit_now(code: int = 0) -> None:
    """Leave at once: the measurement is over and shutdown time is not part of it."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
