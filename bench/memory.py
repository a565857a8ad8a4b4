"""Memory: RSS after start-up and after 1,000 sales, as a ratio to the bare window; and no
growth from sales once the bounded caches are full.

The bare window (``bench.bare_window``) and the real application (``bench.app_harness``,
scenario ``sales:N``: ``pos-app --training --api-base <standalone simulator>``) both report
their RSS (after a full garbage collection) 1 s after their window is shown. The application
then connects to a simulated reader, takes 10 warm-up sales and N more (the cashier's flow:
amount, charge, test card tapped when the reader asks), reporting RSS every N/8 sales.

Sales fill bounded caches first: the window's event log keeps 500 lines (two per sale: full
after 250 sales) and the diagnostics ring buffer 1,000 log events (full after about 750
sales). Growth is therefore judged over the second half of the run, sales N/2 to N, once
they are full: more than ``GROWTH_LIMIT_KIB`` there is growth from sales beyond the journal
(whose SQLite page cache is bounded too). Full: N = 2,000 (the ratio "after 1,000 sales" is
read at sale 1,000) and 3 bare runs; quick: N = 50 and 1 bare run.

    python -m bench.memory [--quick]
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from bench._common import PYTHON, REPO, Result, child_env, median, parse_mode, simulator_process

TARGET_RATIO = 1.3
GROWTH_LIMIT_KIB = 512
RATIO_AT_SALES = 1000


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
    count, bare_runs = (50, 1) if mode.quick else (2000, 3)
    with simulator_process() as url, tempfile.TemporaryDirectory() as tmp:
        bare = median([bare_rss() for _ in range(bare_runs)])
        app = app_sales(url, count, Path(tmp))
    start = float(app["rss_start_kib"])  # type: ignore[arg-type]
    warm = float(app["rss_warm_kib"])  # type: ignore[arg-type]
    end = float(app["rss_end_kib"])  # type: ignore[arg-type]
    checkpoints = {int(at): float(kib) for at, kib in app["rss_at"]}  # type: ignore[attr-defined]
    checkpoints[count] = end
    # "After 1,000 sales" (the end of a quick run).
    at = min(count, RATIO_AT_SALES)
    after = checkpoints[at]
    ratio_start = start / bare
    ratio_after = after / bare
    growth = end - warm
    half = checkpoints.get(count // 2, warm)
    second_half = end - half
    Result(
        measure="memory",
        value=(
            f"{ratio_start:.2f}× after start-up ({start / 1024:.0f} MiB vs bare "
            f"{bare / 1024:.0f} MiB), {ratio_after:.2f}× after {at} sales; "
            f"{second_half:+.0f} KiB over sales {count // 2}–{count}, "
            f"{growth:+.0f} KiB over all {count}"
        ),
        target=f"≤ {TARGET_RATIO}×, ≤ {GROWTH_LIMIT_KIB} KiB growth over the second half",
        met=(
            ratio_start <= TARGET_RATIO
            and ratio_after <= TARGET_RATIO
            and second_half <= GROWTH_LIMIT_KIB
        ),
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
