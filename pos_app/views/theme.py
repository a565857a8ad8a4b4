"""The window's look: one stylesheet, keyed on the `status` property of widgets.

A widget shows a state by setting its `status` property to a `StatusLevel` value and calling
`repolish`; the colours live here only. Colours are picked for contrast on a counter screen
seen from a metre away (WCAG AA against their background).
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

__all__ = ["STYLESHEET", "StatusLevel", "repolish", "set_status"]


class StatusLevel(enum.StrEnum):
    #: Nothing to do (not connected yet, no sale).
    IDLE = "idle"
    #: Working on it (connecting, reconnecting, charging).
    WORKING = "working"
    #: All good (connected, approved).
    OK = "ok"
    #: Needs the cashier (declined, taken over, deleted).
    ERROR = "error"


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed.

    A widget not polished yet (not shown so far) is left alone: it is polished with its
    current properties when shown, and polishing it now costs start-up time for nothing.
    """
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_status(widget: QWidget, level: StatusLevel) -> None:
    if widget.property("status") == level.value:
        return
    widget.setProperty("status", level.value)
    repolish(widget)


STYLESHEET = """
QWidget { font-size: 11pt; }
QLabel#stateBadge {
    font-size: 18pt; font-weight: bold; padding: 6px 14px; border-radius: 6px;
}
QLabel#readerTitle { font-size: 13pt; }
QLabel[status="idle"] { background: #e3e6ea; color: #1f2328; }
QLabel[status="working"] { background: #fff1c2; color: #5a4300; }
QLabel[status="ok"] { background: #d4f4dd; color: #0f5323; }
QLabel[status="error"] { background: #fde2e1; color: #8a1410; }
QLabel#trainingStrip {
    background: #6f2dbd; color: white; font-size: 13pt; font-weight: bold; padding: 6px;
}
QFrame#reconnectBanner { border: 2px solid #b08800; border-radius: 8px; background: #fff8dc; }
QFrame#reconnectBanner[status="error"] { border-color: #b42318; background: #fff1f0; }
QFrame#reconnectBanner QLabel { background: transparent; color: #1f2328; }
QLabel#bannerTitle { font-size: 15pt; font-weight: bold; }
QLabel#bannerDetail { font-size: 12pt; }
QLineEdit#amountEdit { font-size: 30pt; padding: 4px 8px; }
QLabel#currencyLabel { font-size: 24pt; }
QPushButton#keypadButton { font-size: 18pt; min-height: 44px; min-width: 56px; }
QPushButton#chargeButton {
    font-size: 18pt; font-weight: bold; min-height: 52px;
    background: #1a7f37; color: white; border-radius: 6px;
}
QPushButton#chargeButton:disabled { background: #9aa5b1; color: #f0f0f0; }
QPushButton#cancelButton, QPushButton#retryButton { font-size: 14pt; min-height: 44px; }
QLabel#saleResult { font-size: 16pt; font-weight: bold; padding: 8px; border-radius: 6px; }
QMessageBox QLabel { font-size: 14pt; }
QMessageBox QPushButton { font-size: 13pt; min-width: 90px; min-height: 34px; }
QLabel#statusBadge { font-weight: bold; padding: 1px 8px; border-radius: 4px; }
QLabel#pickerMessage { font-size: 12pt; color: #5a4300; }
"""
