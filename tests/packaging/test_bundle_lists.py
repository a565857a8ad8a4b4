"""The packaging definitions agree with the source tree, checked without building anything."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import struct
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import certifi
import pytest
import stripe

import pos_app
from tests.packaging.conftest import ROOT, SPEC

ISS = ROOT / "packaging" / "windows" / "comptoir.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "installers.yml"
DMG_SCRIPT = ROOT / "packaging" / "macos" / "build_dmg.sh"


def test_every_compiled_translation_and_form_is_bundled(bundle: ModuleType) -> None:
    listed = {source for source, _ in bundle.data_files()}
    qm = set((ROOT / "pos_app" / "_generated" / "translations").glob("*.qm"))
    assert qm, "no compiled translation to bundle: run make translations"
    assert qm <= listed
    assert set((ROOT / "ui").glob("*.ui")) <= listed
    icons = {path for path in (ROOT / "resources" / "icons").rglob("*") if path.is_file()}
    assert icons <= listed


def test_data_files_exist_and_keep_the_source_layout(bundle: ModuleType) -> None:
    for source, dest in bundle.data_files():
        assert source.is_file(), source
        assert source.parent.relative_to(ROOT).as_posix() == dest
        assert source.suffix not in {".ts", ".py", ".pyc"}, source


def test_version_is_the_package_version(bundle: ModuleType) -> None:
    assert bundle.version() == pos_app.__version__
    assert bundle.numeric_version()[:3] == tuple(int(n) for n in pos_app.__version__.split(".")[:3])


def test_entry_scripts_match_the_console_scripts(bundle: ModuleType) -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    for exe, entry in (
        (bundle.APP_EXE, bundle.ENTRY_APP),
        (bundle.SIMULATOR_EXE, bundle.ENTRY_SIMULATOR),
    ):
        module, function = scripts[exe].split(":")
        assert f"from {module} import {function}" in entry.read_text(), entry


def test_hidden_imports_of_this_platform_import(bundle: ModuleType) -> None:
    for name in bundle.hidden_imports():
        importlib.import_module(name)


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_each_platform_bundles_its_keychain_backend(bundle: ModuleType, platform: str) -> None:
    hidden = bundle.hidden_imports(platform)
    expected = {
        "linux": "keyring.backends.SecretService",
        "darwin": "keyring.backends.macOS",
        "win32": "keyring.backends.Windows",
    }[platform]
    assert expected in hidden
    assert "keyring.backends.fail" in hidden


def test_keyring_backends_are_found_through_the_bundled_metadata(bundle: ModuleType) -> None:
    assert "keyring" in bundle.METADATA
    names = {ep.value for ep in importlib.metadata.entry_points(group="keyring.backends")}
    for backends in bundle.KEYRING_BACKENDS.values():
        assert backends[0] in names


def test_metadata_and_data_packages_are_installed(bundle: ModuleType) -> None:
    for distribution in bundle.METADATA:
        importlib.metadata.distribution(distribution)
    assert "stripe" in bundle.COLLECT_DATA and "certifi" in bundle.COLLECT_DATA
    assert (Path(stripe.__file__).parent / "data" / "ca-certificates.crt").is_file()
    assert Path(certifi.where()).is_file()


def test_excludes_leave_the_runtime_alone(bundle: ModuleType) -> None:
    runtime = {"PySide6", "qasync", "httpx", "keyring", "stripe", "anyio", "certifi", "pos_app"}
    assert not runtime & set(bundle.EXCLUDES)
    assert {"tkinter", "pytest", "mypy", "ruff"} <= set(bundle.EXCLUDES)


def test_qt_translations_are_kept_only_for_comptoir_languages(bundle: ModuleType) -> None:
    keep = bundle.keep_qt_translation
    assert keep("PySide6/Qt/translations/qtbase_fr.qm", ["fr"])
    assert keep("PySide6/Qt/translations/qt_fr.qm", ["fr"])
    assert not keep("PySide6/Qt/translations/qtbase_de.qm", ["fr"])
    assert not keep("PySide6/Qt/translations/qt_help_fr.qm", ["fr"])
    assert keep("pos_app/_generated/translations/comptoir_fr.qm", ["fr"])
    assert keep("PySide6/Qt/plugins/platforms/libqoffscreen.so", ["fr"])


def test_icons_exist_and_are_what_their_names_say(bundle: ModuleType) -> None:
    assert bundle.ICON_SVG.read_text().lstrip().startswith("<svg")
    ico = bundle.ICON_ICO.read_bytes()
    assert struct.unpack("<HHH", ico[:6])[:2] == (0, 1)
    icns = bundle.ICON_ICNS.read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert bundle.ICON_PNG.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_spec_uses_the_lists_and_builds_one_folder() -> None:
    spec = SPEC.read_text()
    for name in (
        "bundle.data_files()",
        "bundle.hidden_imports()",
        "bundle.EXCLUDES",
        "COLLECT(",
        "BUNDLE(",
    ):
        assert name in spec
    assert "exclude_binaries=True" in spec  # one-folder: binaries go to COLLECT, not the EXE


class _Recorder:
    """Stands in for PyInstaller's versioninfo classes, which need pefile (Windows only)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs


def test_windows_version_resource_is_well_formed(bundle: ModuleType) -> None:
    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct"]
    names += ["VarFileInfo", "VarStruct"]
    namespace: dict[str, Any] = {name: type(name, (_Recorder,), {}) for name in names}
    info = eval(bundle.windows_version_text(), namespace)  # what PyInstaller does with the file
    assert info.kwargs["ffi"].kwargs["filevers"] == bundle.numeric_version()
    assert (
        f"StringStruct('ProductVersion', '{pos_app.__version__}')" in bundle.windows_version_text()
    )


def test_info_plist_names_the_version_and_needs_no_local_network(bundle: ModuleType) -> None:
    plist = bundle.info_plist()
    assert plist["CFBundleShortVersionString"] == pos_app.__version__
    assert plist["NSHighResolutionCapable"] is True
    assert plist["LSBackgroundOnly"] is False  # a Dock app, though the simulator is a console exe
    assert plist["LSMinimumSystemVersion"]
    assert "NSLocalNetworkUsageDescription" not in plist
    assert re.fullmatch(r"[a-z]+(\.[a-z]+)+", bundle.BUNDLE_ID)


def test_inno_setup_script_installs_the_bundle_per_machine(bundle: ModuleType) -> None:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads UTF-8 scripts only with a BOM"
    iss = raw.decode("utf-8-sig")
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.MULTILINE)
    assert "DefaultDirName={autopf}\\{#AppName}" in iss
    assert f'#define AppName "{bundle.APP_NAME}"' in iss
    assert "PrivilegesRequired=admin" in iss
    assert f'#define AppExe "{bundle.APP_EXE}.exe"' in iss
    assert f'#define SimulatorExe "{bundle.SIMULATOR_EXE}.exe"' in iss
    icon = re.search(r"^SetupIconFile=(.+)$", iss, re.MULTILINE)
    assert icon is not None
    assert (ISS.parent / icon.group(1).replace("\\", "/")).resolve() == bundle.ICON_ICO


def test_inno_setup_signs_only_when_a_sign_tool_is_defined() -> None:
    iss = ISS.read_text(encoding="utf-8-sig")
    block = re.search(r"#ifdef SIGNTOOL\n(.*?)#endif", iss[iss.index("[Setup]") :], re.DOTALL)
    assert block is not None and "SignTool=" in block.group(1)
    outside = iss.replace(block.group(0), "")
    assert not re.search(r"^SignTool=", outside, re.MULTILINE)


def test_uninstaller_says_what_it_leaves_behind() -> None:
    iss = ISS.read_text(encoding="utf-8-sig")
    message = re.search(r"^english\.LeftBehind=(.+)$", iss, re.MULTILINE)
    assert message is not None
    for words in ("Comptoir.ini", "journal", "logs", "Credential Manager"):
        assert words in message.group(1)
    assert "french.LeftBehind=" in iss
    assert "usPostUninstall" in iss and "not UninstallSilent" in iss
    # Never delete per-user data: the uninstaller removes only what it installed.
    assert "[UninstallDelete]" not in iss
    assert "{userappdata}" not in iss and "{localappdata}" not in iss


def test_macos_script_signs_and_notarizes_only_when_configured() -> None:
    script = DMG_SCRIPT.read_text()
    for name in ("MACOS_SIGN_IDENTITY", "APPLE_ID", "APPLE_TEAM_ID", "APPLE_APP_PASSWORD"):
        assert name in script
    assert "--options runtime" in script and "entitlements" in script
    assert "notarytool submit" in script and "--wait" in script and "stapler staple" in script
    assert "hdiutil create" in script
    assert (DMG_SCRIPT.stat().st_mode & 0o111) != 0


def test_workflow_builds_from_the_spec_and_self_tests_on_both_systems() -> None:
    workflow = WORKFLOW.read_text()
    assert "windows-latest" in workflow and "macos-latest" in workflow
    assert workflow.count("--workpath build packaging/comptoir.spec") == 2
    assert workflow.count("--self-test") >= 2
    assert 'python-version: "3.11"' in workflow
    assert "-c constraints.txt -r packaging/requirements.txt" in workflow
    assert "packaging\\windows\\comptoir.iss" in workflow
    assert "packaging/macos/build_dmg.sh" in workflow


def test_pyinstaller_is_pinned() -> None:
    pins = (ROOT / "packaging" / "requirements.txt").read_text()
    assert re.search(r"^pyinstaller==\d", pins, re.MULTILINE)
    assert re.search(r"^pyinstaller-hooks-contrib==\d", pins, re.MULTILINE)


def test_make_package_builds_from_the_spec_and_self_tests() -> None:
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile[makefile.index("\npackage:") :].split("\n\n")[0]
    assert "packaging/comptoir.spec" in recipe
    assert "dist/Comptoir/pos-app --self-test" in recipe
