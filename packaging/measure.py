"""Time to a passing self-test, bundled against from source, and the bundle's size.

    .venv/bin/python packaging/measure.py [--bundle dist/Comptoir] [--runs 5]

Runs `pos-app --self-test` from the one-folder bundle and `python -m pos_app --self-test`
from the source tree alternately (so both see the same machine load), checks each one
passes, and prints a table: wall time of the whole process (start to exit, what a cashier
waits for) and the self-test's own time ("OK in …", after Qt and the app are loaded).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def _size(folder: Path) -> int:
    """Bytes in the folder's files; symbolic links (PyInstaller makes some) count once."""
    return sum(
        path.lstat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def _run(command: list[str], scratch: Path) -> tuple[float, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["COMPTOIR_DATA_DIR"] = str(scratch / "data")
    env["COMPTOIR_SETTINGS_DIR"] = str(scratch / "settings")
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    wall = time.perf_counter() - started
    reported = re.search(r"^OK in ([0-9.]+) s$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or reported is None:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return wall, float(reported.group(1))


def _row(name: str, samples: list[tuple[float, float]]) -> str:
    walls = [wall for wall, _ in samples]
    inner = [own for _, own in samples]
    return (
        f"| {name:<9} | {statistics.median(walls):6.2f} | {min(walls):6.2f} | {max(walls):6.2f} "
        f"| {statistics.median(inner):24.2f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "Comptoir")
    parser.add_argument("--runs", type=int, default=5, help="runs of each (default 5)")
    args = parser.parse_args()
    exe = args.bundle / f"pos-app{EXE_SUFFIX}"
    if not exe.is_file():
        print(f"{exe} not found: run `make package` first", file=sys.stderr)
        return 1
    commands = {
        "bundled": [str(exe), "--self-test"],
        "source": [sys.executable, "-m", "pos_app", "--self-test"],
    }
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="comptoir-measure-") as tmp:
        for name, command in commands.items():  # warm-up: page cache, .pyc files
            _run(command, Path(tmp) / f"warm-{name}")
        for run in range(args.runs):
            for name, command in commands.items():
                samples[name].append(_run(command, Path(tmp) / f"{name}-{run}"))

    print(f"Bundle {args.bundle}: {_size(args.bundle) / 2**20:.0f} MiB")
    if hasattr(os, "getloadavg"):
        print(f"Load average at the end: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    print(f"Time to a passing self-test, {args.runs} alternating runs each, seconds:")
    print("| run from  | median |    min |    max | self-test's own (median) |")
    print("|-----------|--------|--------|--------|--------------------------|")
    for name in commands:
        print(_row(name, samples[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
