"""Where start-up time goes: imports by package (``-X importtime``) and a cProfile of the
real application from ``main()`` to its window shown.

    python -m bench.profile_startup [--top N]
"""

from __future__ import annotations

import argparse
import io
import pstats
import re
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from bench._common import PYTHON, REPO, child_env, simulator_process


def import_times(url: str, tmp: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Self import time (ms) by top-level package (``pos_app`` split by subpackage): before
    the window's first paint, and in the second after it (what loads behind the window)."""
    env = child_env(
        COMPTOIR_BENCH="shown",
        COMPTOIR_DATA_DIR=str(tmp / "data"),
        COMPTOIR_SETTINGS_DIR=str(tmp / "settings"),
    )
    args = [PYTHON, "-X", "importtime", "-m", "bench.app_harness", "--training"]
    proc = subprocess.run(
        [*args, "--api-base", url], capture_output=True, text=True, env=env, cwd=REPO, check=False
    )
    before: dict[str, float] = defaultdict(float)
    after: dict[str, float] = defaultdict(float)
    totals = before
    for line in proc.stderr.splitlines():
        if line.startswith("BENCH shown"):
            totals = after
            continue
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|(\s*)(\S+)", line)
        if not match:
            continue
        name = match.group(3).strip()
        parts = name.split(".")
        key = ".".join(parts[:2]) if parts[0] == "pos_app" else parts[0]
        totals[key] += int(match.group(1)) / 1000.0
    return _by_time(before), _by_time(after)


def _by_time(totals: dict[str, float]) -> dict[str, float]:
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def profile(url: str, tmp: Path, top: int) -> str:
    out = tmp / "startup.prof"
    env = child_env(
        COMPTOIR_BENCH="shown",
        COMPTOIR_BENCH_PROFILE=str(out),
        COMPTOIR_DATA_DIR=str(tmp / "data"),
        COMPTOIR_SETTINGS_DIR=str(tmp / "settings"),
    )
    args = [PYTHON, "-m", "bench.app_harness", "--training", "--api-base", url]
    subprocess.run(args, capture_output=True, text=True, env=env, cwd=REPO, check=False)
    buffer = io.StringIO()
    stats = pstats.Stats(str(out), stream=buffer)
    stats.sort_stats("cumulative").print_stats(top)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    with simulator_process() as url, tempfile.TemporaryDirectory() as tmp:
        before, after = import_times(url, Path(tmp))
        report = profile(url, Path(tmp), args.top)
    for title, times in (
        ("Imports before the window is shown", before),
        ("Imports in the second after (behind the window)", after),
    ):
        print(f"{title}: {sum(times.values()):.0f} ms (self time, by package)")
        for name, ms in list(times.items())[:20]:
            print(f"  {ms:7.1f} ms  {name}")
    print("\ncProfile, main() to the window shown (cumulative):")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
