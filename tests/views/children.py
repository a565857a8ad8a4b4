"""Child processes for the start-up tests: `pos-app` code run in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def child_env(tmp_path: Path) -> dict[str, str]:
    """Offscreen, with its own settings and data directories under `tmp_path`."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QT_API="pyside6",
        COMPTOIR_SETTINGS_DIR=str(tmp_path / "child-settings"),
        COMPTOIR_DATA_DIR=str(tmp_path / "child-data"),
    )
    return env


def run_script(
    tmp_path: Path, script: str, *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the Python `script` (dedented) with `args` and wait for it; output captured."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        capture_output=True,
        text=True,
        env=child_env(tmp_path),
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
