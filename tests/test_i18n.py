"""Translations: French is complete, compiled and shown; the system locale is followed."""

from __future__ import annotations

import filecmp
import importlib.util
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from pos_app.i18n import TRANSLATIONS_DIR, available_languages, install_translator
from pos_app.storage.secrets import KeychainUnavailable

ROOT = Path(__file__).resolve().parent.parent
TS_FILES = sorted((ROOT / "resources" / "translations").glob("comptoir_*.ts"))


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "scripts" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


script = _load_script()


def _messages(ts_file: Path) -> set[tuple[str, str]]:
    return {
        (context.findtext("name", ""), message.findtext("source", ""))
        for context in ET.parse(ts_file).getroot().iter("context")
        for message in context.iter("message")
    }


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    install_translator(qapp, "en")


def test_french_is_available() -> None:
    assert [path.stem for path in TS_FILES] == ["comptoir_en", "comptoir_fr"]
    assert available_languages() == ["en", "fr"]


def test_french_strings_come_out_french(app: QApplication) -> None:
    assert install_translator(app, "fr") == "fr"
    assert str(KeychainUnavailable()).startswith("Cet ordinateur n’a pas de service de trousseau")
    assert install_translator(app, "en") == "en"
    assert str(KeychainUnavailable()).startswith("This computer has no keychain service")


def test_qt_own_strings_follow(app: QApplication) -> None:
    install_translator(app, "fr")
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "&Oui"


def test_english_plurals(app: QApplication) -> None:
    assert install_translator(app, "en") == "en"
    plural = "%n reader(s) at this location."
    assert QCoreApplication.translate("VerifyPage", plural, None, 1) == "1 reader at this location."
    assert (
        QCoreApplication.translate("VerifyPage", plural, None, 2) == "2 readers at this location."
    )
    install_translator(app, "fr")
    assert (
        QCoreApplication.translate("VerifyPage", plural, None, 1) == "1 lecteur à cet emplacement."
    )
    assert (
        QCoreApplication.translate("VerifyPage", plural, None, 0) == "0 lecteur à cet emplacement."
    )


def test_unknown_language_falls_back_to_english(app: QApplication) -> None:
    assert install_translator(app, "fr") == "fr"
    assert install_translator(app, "tlh") == "en"
    assert str(KeychainUnavailable()).startswith("This computer")


@pytest.mark.parametrize(
    ("env", "expected"), [({"LANG": "fr_CA.UTF-8"}, "fr"), ({"LANG": "de_DE.UTF-8"}, "en")]
)
def test_system_locale_is_followed(env: dict[str, str], expected: str) -> None:
    code = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from pos_app.i18n import install_translator\n"
        "print(install_translator(QCoreApplication([])))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "", **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == expected


@pytest.mark.parametrize("ts_file", TS_FILES, ids=lambda path: path.name)
def test_every_string_is_translated(ts_file: Path) -> None:
    missing = script.unfinished(ts_file)
    assert not missing, f"Translate these in {ts_file.name}, then run make translations"


@pytest.mark.parametrize("ts_file", TS_FILES, ids=lambda path: path.name)
def test_ts_file_has_every_string_of_the_code(ts_file: Path, tmp_path: Path) -> None:
    fresh = tmp_path / ts_file.name
    shutil.copy(ts_file, fresh)
    script.lupdate(fresh, script.LANGUAGES[ts_file.stem.removeprefix("comptoir_")])
    added = _messages(fresh) - _messages(ts_file)
    removed = _messages(ts_file) - _messages(fresh)
    assert not added and not removed, "Run make translations and translate the new strings"


@pytest.mark.parametrize("ts_file", TS_FILES, ids=lambda path: path.name)
def test_compiled_translation_is_up_to_date(ts_file: Path, tmp_path: Path) -> None:
    qm = f"{ts_file.stem}.qm"
    script.lrelease(ts_file, tmp_path / qm)
    assert filecmp.cmp(tmp_path / qm, TRANSLATIONS_DIR / qm, shallow=False), (
        "Run make translations and commit the .qm files"
    )
