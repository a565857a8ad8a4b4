"""Translation markers for code that must not import Qt (the terminal core, the simulator).

`QT_TRANSLATE_NOOP("terminal", "The reader is busy.")` returns its text unchanged; it only marks
the string so that `pyside6-lupdate` (run by `make translations`) extracts it into the `.ts`
files under the given context. A widget shows it translated with
`QCoreApplication.translate("terminal", message)`.

lupdate recognizes the marker by its exact name and literal arguments only: call it as
`QT_TRANSLATE_NOOP(...)` or `i18n_markers.QT_TRANSLATE_NOOP(...)` (never through an alias such
as `from ... import QT_TRANSLATE_NOOP as N_`), with two positional string literals (adjacent
literals may be concatenated; f-strings and variables are invisible to it).
"""

from __future__ import annotations

__all__ = ["QT_TRANSLATE_NOOP"]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for translation in `context`; return it untranslated."""
    del context
    return text
