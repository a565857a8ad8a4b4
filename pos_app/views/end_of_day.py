"""The journal's widgets: end-of-day totals, what startup recovered, a journal that won't open.

- `EndOfDayDialog`: totals per counter and reader for a day (approved, declined, voided; count
  and amount per currency) and "Export CSV…".
- `RecoveryNotice`: the sales reconciliation found unfinished, in the cashier's words; open
  ones can be retried or voided (the window connects `retryRequested` / `voidRequested`).
- `JournalProblemDialog` and `open_journal`: a corrupt, locked or too-new journal is explained;
  the file is kept, and a new journal is started only if the cashier chooses it.

No `exec()` anywhere: dialogs are opened with `open()`, and `open_journal` awaits them through
`pos_app.asyncqt.run_dialog`.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.asyncqt import run_dialog
from pos_app.controllers.journal import JournalController, Recovery
from pos_app.storage.journal import (
    FailureKind,
    Journal,
    JournalError,
    JournalState,
    journal_path,
    major_units,
    set_aside,
)

__all__ = [
    "EndOfDayDialog",
    "JournalChoice",
    "JournalProblemDialog",
    "RecoveryNotice",
    "open_journal",
    "state_label",
]

log = logging.getLogger("pos_app.journal")


def state_label(state: JournalState) -> str:
    """The cashier's word for a sale's state (the one place states are named)."""
    labels = {
        JournalState.PENDING: QCoreApplication.translate("journal", "Not sent"),
        JournalState.IN_PROGRESS: QCoreApplication.translate("journal", "In progress"),
        JournalState.APPROVED: QCoreApplication.translate("journal", "Approved"),
        JournalState.DECLINED: QCoreApplication.translate("journal", "Declined"),
        JournalState.INTERRUPTED: QCoreApplication.translate("journal", "Interrupted"),
        JournalState.VOIDED: QCoreApplication.translate("journal", "Voided"),
        JournalState.NEEDS_ATTENTION: QCoreApplication.translate("journal", "Needs attention"),
    }
    return labels[state]


class EndOfDayDialog(QDialog):
    """Totals of the day per counter and reader, with a CSV export.

    Signals:
        exported(str): the path of the CSV just written.
    """

    exported = Signal(str)

    COLUMNS = 6

    def __init__(
        self,
        journal: JournalController,
        day: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setWindowTitle(self.tr("End of day"))
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        shown = day or dt.date.today()
        self.date_edit.setDate(QDate(shown.year, shown.month, shown.day))
        self.date_edit.dateChanged.connect(self.refresh)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Counter"),
                self.tr("Reader"),
                self.tr("Outcome"),
                self.tr("Sales"),
                self.tr("Amount"),
                self.tr("Currency"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export CSV…"), self)
        self.export_button.clicked.connect(self.on_export_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Day:"), self))
        top.addWidget(self.date_edit)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.journal.salesChanged.connect(self.refresh)
        self.refresh()

    @property
    def day(self) -> dt.date:
        date = self.date_edit.date()
        return dt.date(date.year(), date.month(), date.day())

    def refresh(self) -> None:
        rows = self.journal.totals(self.day)
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (
                row.counter_name or row.counter_id,
                row.reader_label or row.reader_id,
                state_label(row.outcome),
                str(row.count),
                major_units(row.amount, row.currency),
                row.currency.upper(),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (3, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(index, column, item)
        still_open = len(self.journal.open_sales())
        parts = []
        if not rows:
            parts.append(self.tr("No sale approved, declined or voided on this day."))
        if still_open:
            parts.append(self.tr("%n sale(s) still open: retry or void them.", "", still_open))
        self.summary.setText(" ".join(parts))
        self.export_button.setEnabled(bool(rows))

    def on_export_clicked(self) -> None:
        chooser = QFileDialog(self, self.tr("Export the day's totals"))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setNameFilter(self.tr("CSV files (*.csv)"))
        chooser.setDefaultSuffix("csv")
        chooser.selectFile(f"comptoir-{self.day.isoformat()}.csv")
        chooser.fileSelected.connect(self.export_to)
        chooser.open()

    def export_to(self, path: str) -> None:
        try:
            self.journal.export_csv(Path(path), self.day)
        except OSError as error:
            log.warning("CSV export to %s failed: %s", path, error)
            self.summary.setText(
                self.tr("The file could not be written: {reason}. Choose another place.").format(
                    reason=error.strerror or str(error)
                )
            )
            return
        self.summary.setText(self.tr("Exported to {path}.").format(path=path))
        self.exported.emit(path)


class RecoveryNotice(QDialog):
    """What the startup reconciliation recovered, and the sales still open.

    Signals:
        retryRequested(str): the cashier wants to retry this sale (its id).
        voidRequested(str): the cashier wants to void this sale (its id).
    """

    retryRequested = Signal(str)
    voidRequested = Signal(str)

    def __init__(
        self,
        recoveries: Sequence[Recovery],
        journal: JournalController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setWindowTitle(self.tr("Sales recovered at startup"))
        self.intro = QLabel(
            self.tr(
                "Comptoir stopped during a payment. Here is what became of the unfinished sales."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.currentItemChanged.connect(self.on_current_changed)
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.void_button = QPushButton(self.tr("Void"), self)
        self.retry_button.clicked.connect(self.on_retry_clicked)
        self.void_button.clicked.connect(self.on_void_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.void_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self._recoveries = list(recoveries)
        self.journal.salesChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """List the recovered sales, then the other open sales, with their current state."""
        selected = self.selected_sale()
        self.list.clear()
        shown: set[str] = set()
        for recovery in self._recoveries:
            sale = self.journal.journal.get(recovery.sale.id)
            text = recovery.translated(QCoreApplication.translate)
            if sale.state is not recovery.sale.state:
                text = f"{text} ({state_label(sale.state)})"
            self._add(sale.id, text, sale.state.open)
            shown.add(sale.id)
        for sale in self.journal.open_sales():
            if sale.id in shown:
                continue
            when = sale.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
            text = self.tr("{amount} {currency} at {time}: {state}. Retry or void it.").format(
                amount=major_units(sale.amount, sale.currency),
                currency=sale.currency.upper(),
                time=when,
                state=state_label(sale.state),
            )
            self._add(sale.id, text, True)
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == selected:
                self.list.setCurrentRow(row)
        self.on_current_changed()

    def _add(self, sale_id: str, text: str, actionable: bool) -> None:
        item = QListWidgetItem(text, self.list)
        item.setData(Qt.ItemDataRole.UserRole, sale_id)
        item.setData(Qt.ItemDataRole.UserRole + 1, actionable)

    def selected_sale(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def on_current_changed(self, *_: object) -> None:
        item = self.list.currentItem()
        actionable = item is not None and bool(item.data(Qt.ItemDataRole.UserRole + 1))
        self.retry_button.setEnabled(actionable)
        self.void_button.setEnabled(actionable)

    def on_retry_clicked(self) -> None:
        sale = self.selected_sale()
        if sale is not None:
            self.retryRequested.emit(sale)

    def on_void_clicked(self) -> None:
        sale = self.selected_sale()
        if sale is not None:
            self.voidRequested.emit(sale)


class JournalChoice(enum.IntEnum):
    QUIT = 0
    RETRY = 1
    START_FRESH = 2


class JournalProblemDialog(QDialog):
    """Explains why the journal cannot be opened; the result is a `JournalChoice`."""

    def __init__(self, error: JournalError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.setWindowTitle(self.tr("The sales journal cannot be opened"))
        message = QLabel(error.translated(QCoreApplication.translate), self)
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(self.tr("Try again"), self)
        self.fresh_button = QPushButton(self.tr("Start a new journal"), self)
        self.quit_button = QPushButton(self.tr("Quit"), self)
        self.retry_button.setVisible(error.kind is not FailureKind.CORRUPT)
        self.retry_button.clicked.connect(lambda: self.done(JournalChoice.RETRY))
        self.fresh_button.clicked.connect(lambda: self.done(JournalChoice.START_FRESH))
        self.quit_button.clicked.connect(lambda: self.done(JournalChoice.QUIT))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.retry_button, self.fresh_button, self.quit_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addLayout(buttons)


async def open_journal(
    parent: QWidget | None = None,
    path: Path | None = None,
    *,
    make_dialog: Callable[[JournalError, QWidget | None], QDialog] = JournalProblemDialog,
) -> Journal | None:
    """Open the journal, asking the cashier what to do while it cannot be; None: quit."""
    path = path or journal_path()
    while True:
        try:
            return Journal(path)
        except JournalError as error:
            log.error("Journal %s: %s (%s)", path, error.kind, error.detail)
            choice = await run_dialog(make_dialog(error, parent))
            if choice == JournalChoice.START_FRESH:
                try:
                    aside = set_aside(path)
                except OSError as rename_error:
                    log.error("Could not set %s aside: %s", path, rename_error)
                    continue
                log.warning("Journal %s set aside as %s; starting a new one", path, aside)
            elif choice != JournalChoice.RETRY:
                return None
