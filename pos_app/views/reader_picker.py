"""The reader picker: the readers of the account, and which one this counter holds."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.terminal import Reader

__all__ = ["ReaderPicker"]

_READER_ROLE = Qt.ItemDataRole.UserRole


class ReaderPicker(QGroupBox):
    """Lists discovered readers; the cashier connects to one or disconnects.

    Signals:
        refreshRequested(): discover again.
        connectRequested(Reader): connect to the chosen reader.
        disconnectRequested(): let the connected reader go.

    Attributes:
        counter_id: this counter, so readers held by others say where they are in use.
    """

    refreshRequested = Signal()
    connectRequested = Signal(object)
    disconnectRequested = Signal()

    def __init__(self, counter_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter_id = counter_id
        self._readers: list[Reader] = []
        self._connected: Reader | None = None
        self._working = False
        self.setTitle(self.tr("Card readers"))

        self.message = QLabel()
        self.message.setObjectName("pickerMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels(
            [self.tr("Reader"), self.tr("Status"), self.tr("Type"), self.tr("Serial")]
        )
        self.list.setWordWrap(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Serial numbers are long and the least read: they give way first.
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(self._on_item_activated)

        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.connect_button = QPushButton(self.tr("Connect"))
        self.disconnect_button = QPushButton(self.tr("Disconnect"))
        self.refresh_button.clicked.connect(self.refreshRequested)
        self.connect_button.clicked.connect(self._on_connect_clicked)
        self.disconnect_button.clicked.connect(self.disconnectRequested)

        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.disconnect_button)
        buttons.addWidget(self.connect_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # ------------------------------------------------------------------ rendering

    @property
    def readers(self) -> list[Reader]:
        return list(self._readers)

    def device_name(self, device_type: str) -> str:
        names = {
            "bbpos_wisepos_e": self.tr("BBPOS WisePOS E"),
            "simulated_wisepos_e": self.tr("WisePOS E (simulated)"),
            "stripe_s700": self.tr("Stripe Reader S700"),
            "simulated_stripe_s700": self.tr("Reader S700 (simulated)"),
            "stripe_s710": self.tr("Stripe Reader S710"),
            "simulated_stripe_s710": self.tr("Reader S710 (simulated)"),
            "verifone_P400": self.tr("Verifone P400"),
        }
        return names.get(device_type, device_type)

    def status_text(self, reader: Reader) -> str:
        if self._connected is not None and reader.id == self._connected.id:
            return self.tr("Connected to this counter")
        if not reader.online:
            return self.tr("Offline")
        if reader.held_by_other(self.counter_id) and reader.claimed_by_name:
            if reader.busy:
                return self.tr("Online · taking a payment at {counter}").format(
                    counter=reader.claimed_by_name
                )
            return self.tr("Online · in use at {counter}").format(counter=reader.claimed_by_name)
        return self.tr("Online")

    def set_readers(self, readers: list[Reader]) -> None:
        selected = self.selected_reader()
        self._readers = list(readers)
        self.list.clear()
        for reader in self._readers:
            item = QTreeWidgetItem(
                [
                    reader.label,
                    self.status_text(reader),
                    self.device_name(reader.device_type),
                    reader.serial_number,
                ]
            )
            item.setData(0, _READER_ROLE, reader.id)
            item.setToolTip(3, reader.serial_number)
            if not reader.online:
                for column in range(4):
                    item.setForeground(column, self.palette().placeholderText())
            self.list.addTopLevelItem(item)
            keep = selected is not None and selected.id == reader.id
            is_ours = self._connected is not None and self._connected.id == reader.id
            if keep or (selected is None and is_ours):
                item.setSelected(True)
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.topLevelItemCount():
            first = self.list.topLevelItem(0)
            if first is not None:
                self.list.setCurrentItem(first)
        self._update_buttons()

    def set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_connected(self, reader: Reader | None) -> None:
        self._connected = reader
        self.set_readers(self._readers)

    def set_working(self, working: bool) -> None:
        """While a discovery or a connect runs, the buttons that would start another wait."""
        self._working = working
        self._update_buttons()

    def selected_reader(self) -> Reader | None:
        item = self.list.currentItem()
        if item is None:
            return None
        reader_id = item.data(0, _READER_ROLE)
        return next((r for r in self._readers if r.id == reader_id), None)

    def select(self, reader_id: str) -> None:
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and item.data(0, _READER_ROLE) == reader_id:
                self.list.setCurrentItem(item)
                return

    def _update_buttons(self) -> None:
        selected = self.selected_reader()
        already = (
            selected is not None
            and self._connected is not None
            and selected.id == self._connected.id
        )
        self.connect_button.setEnabled(selected is not None and not already and not self._working)
        self.disconnect_button.setEnabled(self._connected is not None and not self._working)
        self.refresh_button.setEnabled(not self._working)

    # ------------------------------------------------------------------ intent

    def _on_connect_clicked(self) -> None:
        reader = self.selected_reader()
        if reader is not None:
            self.connectRequested.emit(reader)

    def _on_item_activated(self, item: QTreeWidgetItem, column: int) -> None:
        del item, column
        if self.connect_button.isEnabled():
            self._on_connect_clicked()
