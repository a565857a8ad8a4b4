"""The Linux one-folder bundle built from packaging/comptoir.spec passes its self-test.

Building takes about 1.5 minutes on two cores (measured: see docs/installing.md), so the
build runs in the default test run. Set COMPTOIR_BUNDLE=dist/Comptoir to test a bundle that
`make package` already built instead of building another.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["COMPTOIR_DATA_DIR"] = str(tmp_path / "data")
    env["COMPTOIR_SETTINGS_DIR"] = str(tmp_path / "settings")
    return env


def test_bundled_app_passes_its_self_test(built_bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(built_bundle / f"pos-app{EXE_SUFFIX}"), "--self-test"],
        env=_env(tmp_path),
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "payment: approved" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("OK in")


def test_bundled_simulator_serves(built_bundle: Path, tmp_path: Path) -> None:
    with subprocess.Popen(
        [str(built_bundle / f"pos-app-simulator{EXE_SUFFIX}"), "--port", "0", "--seed"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as simulator:
        assert simulator.stdout is not None
        line = simulator.stdout.readline()
        simulator.terminate()
        _, errors = simulator.communicate(timeout=30)
    assert line.startswith("listening on http://127.0.0.1:"), line + errors


def test_bundle_carries_translations_keyring_metadata_and_certificates(built_bundle: Path) -> None:
    internal = built_bundle / "_internal"
    assert (internal / "pos_app" / "_generated" / "translations" / "comptoir_fr.qm").is_file()
    assert (internal / "PySide6" / "Qt" / "translations" / "qtbase_fr.qm").is_file()
    assert not (internal / "PySide6" / "Qt" / "translations" / "qtbase_de.qm").exists()
    entry_points = next(internal.glob("keyring-*.dist-info")) / "entry_points.txt"
    assert "[keyring.backends]" in entry_points.read_text()
    assert (internal / "stripe" / "data" / "ca-certificates.crt").is_file()
    assert (internal / "certifi" / "cacert.pem").is_file()
    assert not list(internal.glob("tkinter*")) and not (internal / "_tkinter").exists()
