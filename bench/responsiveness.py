"""Window responsiveness: stalls of the Qt loop while the window works, with 300 ms latency.

The real application (``bench.app_harness``, scenario ``responsive``) runs against a
standalone simulator that delays every Stripe API call by 300 ms. Inside the application a
5 ms precise QTimer measures its own lateness while the window discovers readers, connects,
takes a payment (test card) and reconnects after the reader is powered off and on again.
Full: 3 runs pooled; quick: 1 run.

    python -m bench.responsiveness [--quick]
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import tempfile
from pathlib import Path

from bench._common import (
    PYTHON,
    REPO,
    Result,
    child_env,
    parse_mode,
    percentile,
    simulator_process,
)

LATENCY_MS = 300
TARGET_P99_MS = 16.0
TARGET_MAX_MS = 50.0


async def _inject_latency(url: str) -> None:
    from pos_app.simulator import SimulatorControl  # noqa: PLC0415

    async with SimulatorControl(url) as control:
        await control.clear_faults()
        await control.add_fault(path="", kind="latency", latency_ms=LATENCY_MS)


def one_run(url: str, tmp: Path) -> tuple[dict[str, list[float]], float, dict[str, int]]:
    env = child_env(
        COMPTOIR_BENCH="responsive",
        COMPTOIR_BENCH_CONTROL=url,
        COMPTOIR_DATA_DIR=str(tmp / "data"),
        COMPTOIR_SETTINGS_DIR=str(tmp / "settings"),
    )
    args = [PYTHON, "-m", "bench.app_harness", "--training", "--api-base", url]
    proc = subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=REPO, timeout=180, check=False
    )
    phases: dict[str, list[float]] | None = None
    elapsed = 0.0
    stalled_in: dict[str, int] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH phases "):
            phases = json.loads(line[len("BENCH phases ") :])
        elif line.startswith("BENCH elapsed "):
            elapsed = float(line.split()[2])
        elif line.startswith("BENCH max_cpu_in_gap "):
            stalled_in["(max main-thread CPU ms in one gap)"] = round(float(line.split()[2]) * 1000)
        elif line.startswith("BENCH stalled_in "):
            stalled_in.update(json.loads(line[len("BENCH stalled_in ") :]))
    if phases is None:
        raise RuntimeError(f"the responsiveness run failed:\n{proc.stdout}\n{proc.stderr[-3000:]}")
    return phases, elapsed, stalled_in


def main(argv: list[str] | None = None) -> int:
    mode = parse_mode(__doc__ or "", argv)
    runs = 1 if mode.quick else 3
    pooled: dict[str, list[float]] = {}
    elapsed: list[float] = []
    stalled_in: dict[str, int] = {}
    with simulator_process(offline_after=0) as url:
        asyncio.run(_inject_latency(url))
        for _ in range(runs):
            with tempfile.TemporaryDirectory(prefix="comptoir-bench-") as tmp:
                phases, seconds, where = one_run(url, Path(tmp))
            for key, count in where.items():
                if key.startswith("(max"):
                    stalled_in[key] = max(stalled_in.get(key, 0), count)
                else:
                    stalled_in[key] = stalled_in.get(key, 0) + count
            elapsed.append(seconds)
            for name, stalls in phases.items():
                pooled.setdefault(name, []).extend(stalls)
    every = [s * 1000 for stalls in pooled.values() for s in stalls]
    p99 = percentile(every, 99)
    worst = max(every)
    by_phase = {
        name: {
            "ticks": len(stalls),
            "p99_ms": round(percentile([s * 1000 for s in stalls], 99), 2),
            "max_ms": round(max(stalls) * 1000, 2) if stalls else 0.0,
        }
        for name, stalls in pooled.items()
    }
    Result(
        measure="window responsiveness",
        value=(
            f"p99 stall {p99:.1f} ms, max {worst:.1f} ms over {len(every)} ticks "
            f"({runs} run{'s' if runs > 1 else ''}, {LATENCY_MS} ms API latency)"
        ),
        target=f"p99 < {TARGET_P99_MS:.0f} ms, max < {TARGET_MAX_MS:.0f} ms",
        met=p99 < TARGET_P99_MS and worst < TARGET_MAX_MS,
        details={
            "by_phase": by_phase,
            "scenario_seconds": elapsed,
            "main_thread_during_stalls_2ms_samples": stalled_in,
        },
    ).emit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
