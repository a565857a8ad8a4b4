"""What goes into the Comptoir bundle: one list for the PyInstaller spec and for its tests.

`packaging/comptoir.spec` imports this module; `tests/packaging/test_bundle_lists.py` checks,
without building anything, that every data file listed here exists and that every hidden
import of this platform imports. Keep the spec's own logic small and put lists here.

The bundle mirrors the source layout under PyInstaller's `_internal/` folder (the
`sys._MEIPASS` directory), so code that finds a file relative to its own `__file__` in the
source tree finds it at the same relative place in the bundle:

    pos_app/_generated/translations/*.qm   ->  _internal/pos_app/_generated/translations/
    pos_app/resources/**                   ->  _internal/pos_app/resources/
    resources/icons/**, resources/styles/** ->  _internal/resources/...
    ui/*.ui                                ->  _internal/ui/
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"

APP_NAME = "Comptoir"
"""The folder, the macOS .app, the Start-menu entry and the installer are all called this."""
APP_EXE = "pos-app"
SIMULATOR_EXE = "pos-app-simulator"
BUNDLE_ID = "com.comptoir.pos"
PUBLISHER = "Comptoir"
MACOS_MINIMUM = "11.0"
"""Qt 6.8+ supports macOS 12+ officially; 11 is where the universal2 wheels start."""

ICON_SVG = PACKAGING / "icons" / "comptoir.svg"
ICON_ICO = PACKAGING / "icons" / "comptoir.ico"
ICON_ICNS = PACKAGING / "icons" / "comptoir.icns"
ICON_PNG = PACKAGING / "icons" / "comptoir.png"

ENTRY_APP = PACKAGING / "entry_pos_app.py"
ENTRY_SIMULATOR = PACKAGING / "entry_simulator.py"

# Top-level resource folders that are runtime data; resources/translations holds the
# Linguist sources (.ts), which the app never reads: it loads the compiled .qm files.
_RESOURCE_SUFFIXES = {".png", ".svg", ".ico", ".icns", ".qss", ".css", ".json", ".ttf", ".otf"}


def version() -> str:
    """`pos_app.__version__`, read from the source without importing the package."""
    text = (ROOT / "pos_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise ValueError("pos_app/__init__.py defines no __version__")
    return match.group(1)


def numeric_version() -> tuple[int, int, int, int]:
    """The version as four integers, as Windows wants it ("0.1.0rc1" gives (0, 1, 0, 0))."""
    numbers = [int(re.match(r"\d*", part).group() or 0) for part in version().split(".")]
    a, b, c, d = (*numbers, 0, 0, 0, 0)[:4]
    return a, b, c, d


def _files(folder: Path, pattern: str = "**/*") -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob(pattern) if path.is_file())


def data_files() -> list[tuple[Path, str]]:
    """(source file, destination folder inside the bundle) for every runtime data file."""
    found: list[Path] = []
    found += _files(ROOT / "pos_app" / "_generated" / "translations", "*.qm")
    found += [
        path
        for path in _files(ROOT / "pos_app" / "resources")
        if "__pycache__" not in path.parts and path.suffix not in {".py", ".pyc"}
    ]
    found += [
        path
        for path in _files(ROOT / "resources")
        if path.parent.name != "translations" and path.suffix.lower() in _RESOURCE_SUFFIXES
    ]
    found += _files(ROOT / "ui", "*.ui")
    return [(path, path.parent.relative_to(ROOT).as_posix()) for path in found]


def translations() -> list[str]:
    """The interface languages that have a compiled translation ("fr")."""
    folder = ROOT / "pos_app" / "_generated" / "translations"
    return sorted(path.stem.removeprefix("comptoir_") for path in folder.glob("comptoir_*.qm"))


KEYRING_BACKENDS = {
    "linux": ["keyring.backends.SecretService", "keyring.backends.libsecret"],
    "darwin": ["keyring.backends.macOS", "keyring.backends.macOS.api"],
    "win32": ["keyring.backends.Windows", "win32ctypes.pywin32.win32cred"],
}
"""The keychain backend of each system. keyring finds backends through the
`keyring.backends` entry points at run time, so PyInstaller cannot see them by itself:
the spec lists them here and copies keyring's metadata (which holds the entry points)."""


def platform_key(platform: str = sys.platform) -> str:
    return "linux" if platform.startswith("linux") else platform


def hidden_imports(platform: str = sys.platform) -> list[str]:
    """Modules imported by name at run time, which PyInstaller's analysis cannot follow."""
    return [
        "pos_app.app",
        "pos_app.counter",
        "pos_app.simulator.cli",
        # keyring: the chainer and fail backends are always loaded; jaraco.* are its helpers.
        "keyring.backends.chainer",
        "keyring.backends.fail",
        *KEYRING_BACKENDS.get(platform_key(platform), []),
        "jaraco.classes.properties",
        "jaraco.context",
        "jaraco.functools",
        # httpx picks its transport and anyio its backend by name.
        "anyio._backends._asyncio",
        "httpcore._async",
        "h11",
        "certifi",
    ]


METADATA = ["keyring", "stripe", "httpx", "PySide6_Essentials", "qasync", "comptoir"]
"""Distributions whose metadata the app reads at run time: keyring's entry points select the
keychain backend; the others answer `importlib.metadata.version()` (diagnostics, user agent)."""

COLLECT_SUBMODULES = ["stripe"]
"""stripe-python imports its resources and services lazily (module `__getattr__` over an import
map), so PyInstaller sees almost none of them; the bundle takes the whole package."""

COLLECT_DATA = ["stripe", "certifi"]
"""stripe's data/ca-certificates.crt (stripe verifies api.stripe.com with it) and certifi's
cacert.pem (httpx's default trust store)."""

EXCLUDES = [
    # The app has no Tk, no tests and no developer tools at run time.
    "tkinter",
    "_tkinter",
    "turtle",
    "idlelib",
    "lib2to3",
    "pydoc_data",
    "test",
    "tests",
    "pytest",
    "_pytest",
    "pytestqt",
    "pytest_asyncio",
    "mypy",
    "mypyc",
    "ruff",
    "jsonschema",
    "pip",
    "setuptools",
    "pkg_resources",
    "PyInstaller",
    # qasync tries the other Qt bindings first; Comptoir uses PySide6 only.
    "PyQt5",
    "PyQt6",
    "PySide2",
]

QT_EXCLUDED_PLUGINS = ["qml", "qmltooling", "sceneparser", "renderers", "geometryloaders"]
"""Qt plugin folders no Comptoir widget needs (none are in Essentials' Widgets stack anyway)."""


def keep_qt_translation(dest: str, languages: list[str]) -> bool:
    """False for Qt's own .qm files in languages Comptoir is not translated into.

    PySide6's hook copies every language Qt ships (about a hundred files); Comptoir loads
    `qtbase_<lang>.qm` only for its own languages (see `pos_app.i18n.install_translator`).
    """
    parts = dest.replace("\\", "/").split("/")
    if "translations" not in parts or not dest.endswith(".qm") or parts[0] != "PySide6":
        return True
    stem = parts[-1].removesuffix(".qm")
    language = stem.split("_", 1)[1] if "_" in stem else ""
    return language.split("_")[0] in languages


def windows_version_text() -> str:
    """A PyInstaller version file (Windows VERSIONINFO resource): file and product version."""
    numbers = numeric_version()
    dotted = version()
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": "Comptoir cashier application",
        "FileVersion": dotted,
        "InternalName": APP_EXE,
        "LegalCopyright": f"© {PUBLISHER}",
        "OriginalFilename": f"{APP_EXE}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": dotted,
    }
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
          {table}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])]),
  ],
)
"""


def info_plist() -> dict[str, object]:
    """Keys added to the macOS bundle's Info.plist (BUNDLE sets name, identifier, executable)."""
    return {
        "CFBundleDisplayName": APP_NAME,
        "CFBundleShortVersionString": version(),
        "CFBundleVersion": version(),
        "NSHumanReadableCopyright": f"© {PUBLISHER}",
        "NSHighResolutionCapable": True,
        # A window in the Dock. PyInstaller's BUNDLE sets LSBackgroundOnly when the COLLECT's
        # last executable is a console one, and pos-app-simulator (a command-line tool) is.
        "LSBackgroundOnly": False,
        "NSRequiresAquaSystemAppearance": False,
        "LSMinimumSystemVersion": MACOS_MINIMUM,
        "LSApplicationCategoryType": "public.app-category.business",
        # Comptoir talks to Stripe over HTTPS only (server-driven readers), never to the local
        # network, so it needs no NSLocalNetworkUsageDescription and triggers no prompt.
    }
