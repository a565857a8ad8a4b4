"""Status colours follow the state, whether it is set before the widget is shown or after."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from pos_app.controllers.states import ConnectionState
from pos_app.views.state_badge import StateBadge
from pos_app.views.theme import STYLESHEET


def background(badge: StateBadge) -> str:
    image = badge.grab().toImage()
    # Inside the rounded corners and the padding, away from the text.
    return QColor(image.pixel(3, image.height() // 2)).name()


def test_the_badge_colour_set_before_show_and_changed_after(qtbot: QtBot) -> None:
    window = QWidget()
    window.setStyleSheet(STYLESHEET)
    badge = StateBadge(window)
    qtbot.addWidget(window)
    badge.set_state(ConnectionState.CONNECTED)  # not polished yet: styled when shown
    window.show()
    qtbot.waitExposed(window)
    assert background(badge) == "#d4f4dd"
    badge.set_state(ConnectionState.RECONNECTING)  # shown: restyled at once
    assert background(badge) == "#fff1c2"
    badge.set_state(ConnectionState.NOT_CONNECTED)
    assert background(badge) == "#fde2e1"
