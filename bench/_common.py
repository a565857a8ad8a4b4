"""Shared helpers for the benchmark scripts: a simulator process, stats, results, machine."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULT_PREFIX = "BENCH_RESULT "

#: Every child process runs offscreen and binds qasync to PySide6.
CHILD_ENV = {"QT_QPA_PLATFORM": "offscreen", "QT_API": "pyside6", "PYTHONUNBUFFERED": "1"}


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # An installed application runs from compiled bytecode (the installers ship it; a
    # development checkout writes it on the first run): let the warm-up runs write it, or
    # every measured start-up would compile the modules changed since the last run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(CHILD_ENV)
    env.update(extra)
    return env


def parse_mode(description: str, argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="short CI version")
    group.add_argument("--full", action="store_true", help="the full measurement (default)")
    return parser.parse_args(argv)


@dataclass
class Result:
    """One row of the benchmark table.

    Attributes:
        measure: the row's name.
        value: the headline number(s), already formatted.
        target: the target, as text.
        met: whether the target was reached.
        details: the raw numbers, for the JSON line and the docs.
    """

    measure: str
    value: str
    target: str
    met: bool
    details: dict[str, Any]

    def emit(self) -> None:
        """Print the human line and the machine-readable line the runner collects."""
        mark = "met" if self.met else "MISSED"
        print(f"{self.measure}: {self.value} (target {self.target}: {mark})", flush=True)
        print(RESULT_PREFIX + json.dumps(self.__dict__, default=str), flush=True)


def parse_results(text: str) -> list[Result]:
    results = []
    for line in text.splitlines():
        if line.startswith(RESULT_PREFIX):
            results.append(Result(**json.loads(line[len(RESULT_PREFIX) :])))
    return results


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100.0
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rss_kib(pid: int | None = None) -> int:
    """Resident set size in KiB (Linux /proc)."""
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


@contextlib.contextmanager
def simulator_process(*, seed: bool = True, offline_after: float = 120.0) -> Iterator[str]:
    """A standalone ``pos-app-simulator`` on a free port; yields its URL."""
    args = [PYTHON, "-m", "pos_app.simulator.cli", "--port", "0"]
    args += ["--offline-after", str(offline_after)]
    if seed:
        args.append("--seed")
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, text=True, env=child_env(), cwd=REPO, bufsize=1
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if match is None:
            raise RuntimeError(f"the simulator did not start: {line!r}")
        yield match.group(1)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, Python and PySide6 versions, date."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = ""
    with contextlib.suppress(OSError):
        match = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        if match:
            ram = f"{int(match.group(1)) / 1024 / 1024:.1f} GiB"
    load = ""
    with contextlib.suppress(OSError):
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    import PySide6  # noqa: PLC0415 (only for its version)

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "load average at start": load,
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def monotonic() -> float:
    """CLOCK_MONOTONIC: one clock for every process of this machine (Linux)."""
    return time.monotonic()
