"""Interface languages: English is the source language, French is translated.

Conventions for every user-visible string:

- Widgets and other QObjects: `self.tr("Connect")`; the context is the class name.
- Other Qt code: `QCoreApplication.translate("ReaderPicker", "No reader found.")`.
- Code that must not import Qt (`pos_app.terminal`, `pos_app.simulator`): mark the string with
  `QT_TRANSLATE_NOOP("terminal", "The reader is busy.")` from `pos_app.i18n_markers` (a no-op
  that returns its text; lupdate extracts it), and let the widget that shows it call
  `QCoreApplication.translate("terminal", message)`.
- Write whole sentences (no string built from pieces); use `%n` with the `n` argument of
  `tr()`/`translate()` for plurals and `{name}`-style `str.format` after translation for values.

To add or change a string: write it in English in the code, run `make translations` (it runs
`scripts/update_translations.py`: pyside6-lupdate into `resources/translations/*.ts`, then
pyside6-lrelease into `pos_app/_generated/translations/*.qm`), fill the French in
`resources/translations/comptoir_fr.ts` (and, for a `%n` string, its English singular and
plural in `comptoir_en.ts`) (Qt Linguist: `.venv/bin/pyside6-linguist`, or any
editor: replace `<translation type="unfinished"></translation>` with the text), run
`make translations` again and commit the `.ts` and `.qm` files. `tests/test_i18n.py` fails
while a string has no French or a `.qm` is stale.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

__all__ = ["SOURCE_LANGUAGE", "TRANSLATIONS_DIR", "available_languages", "install_translator"]

log = logging.getLogger("pos_app.i18n")

SOURCE_LANGUAGE = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "_generated" / "translations"
"""Compiled translations (package data), built by `make translations`."""

_installed: list[QTranslator] = []
"""The translators in use; this list keeps them alive (installTranslator does not)."""


def available_languages() -> list[str]:
    """The languages the interface can be shown in, source language first."""
    translated = sorted(
        path.stem.removeprefix("comptoir_") for path in TRANSLATIONS_DIR.glob("comptoir_*.qm")
    )
    return [SOURCE_LANGUAGE, *(lang for lang in translated if lang != SOURCE_LANGUAGE)]


def _candidates(language: str) -> list[str]:
    """Translation names to try for a language tag: "fr-CA" gives ["fr_CA", "fr"]."""
    tag = language.replace("-", "_")
    base = tag.split("_", 1)[0]
    return [tag, base] if base != tag else [tag]


def _choose(language: str) -> str:
    available = set(available_languages())
    wanted = [language] if language else QLocale.system().uiLanguages()
    for tag in wanted:
        for candidate in _candidates(tag):
            if candidate in available:
                return candidate
    if language:
        log.warning("No translation for language %r; using English", language)
    return SOURCE_LANGUAGE


def install_translator(app: QCoreApplication, language: str = "") -> str:
    """Show the interface in `language` ("" follows the system locale); return the language.

    Loads `comptoir_<lang>.qm` and Qt's own `qtbase_<lang>.qm` (standard buttons and dialogs)
    when present; for English, only `comptoir_en.qm`, which holds the plural forms. Replaces
    the translators installed by an earlier call. Returns "en" when there is no translation
    for the requested language. Widgets already shown keep their texts until they handle
    `QEvent.LanguageChange`.
    """
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()

    chosen = _choose(language)
    comptoir = QTranslator()
    if not comptoir.load(f"comptoir_{chosen}", str(TRANSLATIONS_DIR)):
        if chosen != SOURCE_LANGUAGE:
            log.error("Could not load the %s translation from %s", chosen, TRANSLATIONS_DIR)
        return SOURCE_LANGUAGE
    if chosen == SOURCE_LANGUAGE:
        # English needs only its plural forms ("%n reader(s)" → "1 reader", "2 readers").
        app.installTranslator(comptoir)
        _installed.append(comptoir)
        return chosen
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator()
    if qtbase.load(f"qtbase_{chosen}", qt_dir):
        app.installTranslator(qtbase)
        _installed.append(qtbase)
    else:
        log.info("Qt's own %s translation is not available in %s", chosen, qt_dir)
    app.installTranslator(comptoir)
    _installed.append(comptoir)
    log.info("Interface language: %s", chosen)
    return chosen
