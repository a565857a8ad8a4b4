"""Memory: RSS after start-up and after many sales, as a ratio to the bare window.

The bare window (``bench.bare_window``) and the real application (``bench.app_harness``,
scenario ``sales:N``: ``pos-app --training --api-base <standalone simulator>``) both report
their RSS (after a full garbage collection) 1 s after their window is shown. The application
then connects to a simulated reader, takes 10 warm-up sales and N more (the cashier's flow:
amount, charge, test card tapped when the reader asks), reporting RSS along the way. Full:
N = 1,000 and 3 bare runs; quick: N = 50 and 1 bare run.

Sales are judged by the growth over the second half of the sales: the journal is on disk
(SQLite) and the window's event log keeps its last 500 lines, so memory may grow while those
bounded caches fill (the first few hundred sales) and must then stay flat; growth beyond a
small bound (``GROWTH_LIMIT_KIB``) over the second half is a leak. The growth from the warm-up
to the end is reported too.

    python -m bench.memory [--quick]
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from bench._common import PYTHON, REPO, Result, child_env, median, parse_mode, simulator_process

TARGET_RATIO = 1.3
GROWTH_LIMIT_KIB = 512


def bare_rss() -> int:
    proc = subprocess.run(
        [PYTHON, "-m", "bench.bare_window"],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=60,
        check=True,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH rss_kib "):
            return int(line.split()[2])
    raise RuntimeError(f"no RSS from the bare window: {proc.stdout}")


def app_sales(url: str, count: int, tmp: Path) -> dict[str, object]:
    env = child_env(
        COMPTOIR_BENCH=f"sales:{count}",
        COMPTOIR_DATA_DIR=str(tmp / "data"),
        COMPTOIR_SETTINGS_DIR=str(tmp / "settings"),
    )
    args = [PYTHON, "-m", "bench.app_harness", "--training", "--api-base", url]
    proc = subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=REPO, timeout=3600, check=False
    )
    numbers: dict[str, object] = {"rss_at": []}
    for line in proc.stdout.splitlines():
        if not line.startswith("BENCH "):
            continue
        _, name, value = line.split(" ", 2)
        if name == "rss_at":
            at, kib = value.split()
            numbers["rss_at"].append([int(at), int(kib)])  # type: ignore[attr-defined]
        else:
            numbers[name] = float(value)
    if "rss_end_kib" not in numbers:
        raise RuntimeError(
            f"the sales run failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr[-3000:]}"
        )
    return numbers


def main(argv: list[str] | None = None) -> int:
    mode = parse_mode(__doc__ or "", argv)
    count, bare_runs = (50, 1) if mode.quick else (1000, 3)
    with simulator_process() as url, tempfile.TemporaryDirectory() as tmp:
        bare = median([bare_rss() for _ in range(bare_runs)])
        app = app_sales(url, count, Path(tmp))
    start = float(app["rss_start_kib"])  # type: ignore[arg-type]
    warm = float(app["rss_warm_kib"])  # type: ignore[arg-type]
    end = float(app["rss_end_kib"])  # type: ignore[arg-type]
    ratio_start = start / bare
    ratio_end = end / bare
    growth = end - warm
    checkpoints = {int(at): float(kib) for at, kib in app["rss_at"]}  # type: ignore[attr-defined]
    half = checkpoints.get(count // 2, warm)
    second_half = end - half
    Result(
        measure="memory",
        value=(
            f"{ratio_start:.2f}× after start-up ({start / 1024:.0f} MiB vs bare "
            f"{bare / 1024:.0f} MiB), {ratio_end:.2f}× after {count} sales; "
            f"{growth:+.0f} KiB over the {count} sales, {second_half:+.0f} KiB over the last "
            f"{count - count // 2}"
        ),
        target=f"≤ {TARGET_RATIO}×, ≤ {GROWTH_LIMIT_KIB} KiB growth over the second half",
        met=ratio_start <= TARGET_RATIO and second_half <= GROWTH_LIMIT_KIB,
        details={
            "bare_kib": bare,
            **app,
            "sales": count,
            "growth_per_sale_kib": round(growth / count, 3),
            "second_half_growth_kib": second_half,
        },
    ).emit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
