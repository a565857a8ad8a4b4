"""Cold start to the main window shown, as a ratio to a bare PySide6 window.

Runs the real application (``bench.app_harness``, scenario ``shown``: ``pos-app --training
--api-base <standalone simulator>``) and the baseline (``bench.bare_window``) alternately, each
from process start (the parent's CLOCK_MONOTONIC just before spawning) to the first paint of
its main window being done. One discarded warm-up run of each first (file cache), then
9 + 9 runs (full) or 2 + 2 (quick); the ratio is of the medians.

    python -m bench.cold_start [--quick]
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from bench._common import (
    PYTHON,
    REPO,
    Result,
    child_env,
    median,
    parse_mode,
    simulator_process,
)

TARGET = 1.3


def time_to_shown(args: list[str], env: dict[str, str], timeout: float = 60.0) -> float:
    """Seconds from spawning ``args`` to its ``BENCH shown`` line; the process is then killed."""
    started = time.monotonic()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO
    )
    try:
        assert proc.stdout is not None
        deadline = started + timeout
        for line in proc.stdout:
            if line.startswith("BENCH shown "):
                return float(line.split()[2]) - started
            if line.startswith("BENCH error") or time.monotonic() > deadline:
                break
        raise RuntimeError(f"{args} never showed its window")
    finally:
        proc.kill()
        proc.wait()


def main(argv: list[str] | None = None) -> int:
    mode = parse_mode(__doc__ or "", argv)
    runs = 2 if mode.quick else 9
    bare_times: list[float] = []
    app_times: list[float] = []
    with (
        simulator_process() as url,
        tempfile.TemporaryDirectory(prefix="comptoir-bench-") as tmp,
    ):
        env = child_env(
            COMPTOIR_BENCH="shown",
            COMPTOIR_DATA_DIR=str(Path(tmp) / "data"),
            COMPTOIR_SETTINGS_DIR=str(Path(tmp) / "settings"),
        )
        app = [PYTHON, "-m", "bench.app_harness", "--training", "--api-base", url]
        bare = [PYTHON, "-m", "bench.bare_window"]
        time_to_shown(bare, env)  # warm-ups, discarded
        time_to_shown(app, env)
        for _ in range(runs):
            bare_times.append(time_to_shown(bare, env))
            app_times.append(time_to_shown(app, env))
    ratio = median(app_times) / median(bare_times)
    Result(
        measure="cold start to main window shown",
        value=(
            f"{ratio:.2f}× (app {median(app_times) * 1000:.0f} ms, "
            f"bare window {median(bare_times) * 1000:.0f} ms, medians of {runs})"
        ),
        target=f"≤ {TARGET}×",
        met=ratio <= TARGET,
        details={
            "ratio": round(ratio, 3),
            "app_s": [round(t, 4) for t in app_times],
            "bare_s": [round(t, 4) for t in bare_times],
        },
    ).emit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
