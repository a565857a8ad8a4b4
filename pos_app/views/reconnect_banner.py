"""The reconnect banner: why the reader was lost, what Comptoir is doing, what to do."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos_app.controllers.states import Banner, BannerAction
from pos_app.terminal import DisconnectReason
from pos_app.views.theme import StatusLevel, set_status

__all__ = ["ReconnectBanner"]


class ReconnectBanner(QFrame):
    """Shows a `Banner` from the connection controller; hidden when there is none.

    Signals:
        actionTriggered(BannerAction): the cashier chose an action.

    Attributes:
        banner: the banner shown, or None.
        buttons: one button per action; only those the banner offers are visible.
    """

    actionTriggered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reconnectBanner")
        self.banner: Banner | None = None
        self.title = QLabel()
        self.title.setObjectName("bannerTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("bannerDetail")
        self.detail.setWordWrap(True)

        self.buttons: dict[BannerAction, QPushButton] = {
            BannerAction.RECONNECT_NOW: QPushButton(self.tr("Reconnect now")),
            BannerAction.CANCEL_RECONNECT: QPushButton(self.tr("Stop trying")),
            BannerAction.CHOOSE_ANOTHER: QPushButton(self.tr("Choose another reader")),
            BannerAction.TAKE_IT_BACK: QPushButton(self.tr("Take it back")),
        }
        row = QHBoxLayout()
        row.addStretch(1)
        for action, button in self.buttons.items():
            button.clicked.connect(lambda _=False, a=action: self.actionTriggered.emit(a))
            row.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addLayout(row)

        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self._render_detail)
        self.hide()

    def set_banner(self, banner: Banner | None) -> None:
        self.banner = banner
        if banner is None:
            self._ticker.stop()
            self.hide()
            return
        self.title.setText(self.headline(banner))
        for action, button in self.buttons.items():
            button.setVisible(action in banner.actions)
        retrying = banner.next_attempt_at is not None
        serious = banner.reason in (DisconnectReason.TAKEN_OVER, DisconnectReason.READER_DELETED)
        set_status(self, StatusLevel.ERROR if serious or not retrying else StatusLevel.WORKING)
        self._render_detail()
        if retrying:
            self._ticker.start()
        else:
            self._ticker.stop()
        self.show()

    def headline(self, banner: Banner) -> str:
        label = banner.reader_label or self.tr("The reader")
        if banner.reason is DisconnectReason.READER_OFFLINE:
            return self.tr("{label} is offline: it may be switched off or off the network.").format(
                label=label
            )
        if banner.reason is DisconnectReason.NETWORK_LOST:
            return self.tr("This counter cannot reach Stripe: check the internet connection.")
        if banner.reason is DisconnectReason.TAKEN_OVER:
            counter = banner.counter_name or self.tr("another counter")
            return self.tr("{counter} took over {label}.").format(counter=counter, label=label)
        return self.tr("{label} was removed from the Stripe account.").format(label=label)

    def seconds_left(self) -> int | None:
        """Whole seconds until the next attempt (rounded up), or None when not waiting."""
        banner = self.banner
        if banner is None or banner.next_attempt_at is None:
            return None
        return max(0, math.ceil(banner.next_attempt_at - time.monotonic()))

    def detail_text(self) -> str:
        banner = self.banner
        if banner is None:
            return ""
        seconds = self.seconds_left()
        lines: list[str] = []
        if seconds is not None:
            if seconds > 0:
                lines.append(
                    self.tr("Reconnecting on its own: attempt {n}, next try in {s} s.").format(
                        n=banner.attempt, s=seconds
                    )
                )
            else:
                lines.append(
                    self.tr("Reconnecting on its own: attempt {n}, trying now…").format(
                        n=banner.attempt
                    )
                )
        elif banner.reason is DisconnectReason.TAKEN_OVER:
            lines.append(
                self.tr(
                    "This counter will not take it back on its own. "
                    "Take it back (the other counter will be told), or choose another reader."
                )
            )
        elif banner.reason is DisconnectReason.READER_DELETED:
            lines.append(self.tr("Choose another reader."))
        else:
            lines.append(self.tr("Automatic reconnection stopped. Reconnect when it is back."))
        if banner.last_error is not None:
            lines.append(
                self.tr("Last try: {error}").format(
                    error=banner.last_error.translated(QCoreApplication.translate)
                )
            )
        return "\n".join(lines)

    def _render_detail(self) -> None:
        self.detail.setText(self.detail_text())
