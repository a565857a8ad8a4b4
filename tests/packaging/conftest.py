"""Shared helpers for the packaging tests: the bundle lists module and the built bundle."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC = ROOT / "packaging" / "comptoir.spec"


def load_bundle_module() -> ModuleType:
    """packaging/bundle.py, the lists the spec builds from (packaging/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "comptoir_bundle", ROOT / "packaging" / "bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bundle() -> ModuleType:
    return load_bundle_module()


def _ensure_pyinstaller() -> None:
    """Install the pinned PyInstaller (packaging/requirements.txt) into this environment."""
    probe = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--version"], check=False, capture_output=True
    )
    if probe.returncode == 0:
        return
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "-c",
            str(ROOT / "constraints.txt"),
            "-r",
            str(ROOT / "packaging" / "requirements.txt"),
        ],
        check=True,
    )


@pytest.fixture(scope="session")
def built_bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The one-folder bundle: $COMPTOIR_BUNDLE when set (e.g. dist/Comptoir from `make
    package`), else a fresh build from packaging/comptoir.spec into a temporary folder."""
    given = os.environ.get("COMPTOIR_BUNDLE")
    if given:
        yield Path(given).resolve()
        return
    _ensure_pyinstaller()
    work = tmp_path_factory.mktemp("pyinstaller")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(SPEC),
        ],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    yield work / "dist" / "Comptoir"
