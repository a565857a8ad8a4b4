"""The sale panel: type an amount, charge it on the reader, see how it ended."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLocale, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pos_app.controllers.states import Sale, SaleState
from pos_app.views.theme import StatusLevel, set_status

__all__ = ["SalePanel", "format_money", "parse_amount"]

_AMOUNT = re.compile(r"^\s*(\d{1,6})(?:[.,](\d{0,2}))?\s*$")
_SYMBOLS = {"eur": "€", "usd": "$", "gbp": "£"}


def parse_amount(text: str) -> int | None:
    """`"12,5"` → 1250 minor units; None when the text is not a positive amount."""
    match = _AMOUNT.match(text)
    if match is None:
        return None
    units, cents = match.group(1), (match.group(2) or "").ljust(2, "0")
    amount = int(units) * 100 + int(cents)
    return amount if amount > 0 else None


def format_money(amount: int, currency: str) -> str:
    """An amount in minor units, in the interface's locale: `1250, "eur"` → "€12.50"."""
    symbol = _SYMBOLS.get(currency.lower(), currency.upper())
    return QLocale().toCurrencyString(amount / 100, symbol, 2)


class SalePanel(QGroupBox):
    """Amount entry with an on-screen keypad, Charge/Cancel/Retry and the sale's outcome.

    Signals:
        chargeRequested(int): charge this amount (minor units) as a new sale, or retry the
            open sale when the amount is the same.
        cancelRequested(): cancel the payment on the reader.
        retryRequested(): retry the open sale (same sale, same idempotency key).

    Attributes:
        currency: ISO code of the amounts typed here.
        sale: the sale shown, or None.
    """

    chargeRequested = Signal(int)
    cancelRequested = Signal()
    retryRequested = Signal()

    def __init__(self, currency: str = "eur", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.sale: Sale | None = None
        self._ready = False
        self.setTitle(self.tr("Sale"))

        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amountEdit")
        self.amount_edit.setPlaceholderText("0.00")
        self.amount_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,6}([.,]\d{0,2})?"), self)
        )
        self.amount_edit.setAccessibleName(self.tr("Amount"))
        self.amount_edit.textChanged.connect(self._update_buttons)
        # The window's Enter shortcut takes the key first; this covers an inactive window.
        self.amount_edit.returnPressed.connect(self.request_charge)
        currency_label = QLabel(_SYMBOLS.get(currency.lower(), currency.upper()))
        currency_label.setObjectName("currencyLabel")
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount_edit, 1)
        amount_row.addWidget(currency_label)

        keypad = QGridLayout()
        keys = ["7", "8", "9", "4", "5", "6", "1", "2", "3", QLocale().decimalPoint(), "0", "⌫"]
        self.keypad_buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(keys):
            button = QPushButton(key)
            button.setObjectName("keypadButton")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, k=key: self.press_key(k))
            if key == "⌫":
                button.setAccessibleName(self.tr("Delete the last digit"))
            keypad.addWidget(button, index // 3, index % 3)
            self.keypad_buttons[key] = button

        self.charge_button = QPushButton(self.tr("Charge (Enter)"))
        self.charge_button.setObjectName("chargeButton")
        self.charge_button.clicked.connect(self.request_charge)
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.retry_button = QPushButton(self.tr("Retry the same sale"))
        self.retry_button.setObjectName("retryButton")
        self.retry_button.clicked.connect(self.retryRequested)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.retry_button)

        self.result = QLabel()
        self.result.setObjectName("saleResult")
        self.result.setWordWrap(True)
        self.result.setMinimumHeight(64)

        layout = QVBoxLayout(self)
        layout.addLayout(amount_row)
        layout.addLayout(keypad)
        layout.addWidget(self.charge_button)
        layout.addLayout(actions)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.set_sale(None)

    # ------------------------------------------------------------------ intent

    def amount(self) -> int | None:
        return parse_amount(self.amount_edit.text())

    def set_amount_text(self, text: str) -> None:
        self.amount_edit.setText(text)

    def press_key(self, key: str) -> None:
        if key == "⌫":
            self.amount_edit.backspace()
        else:
            self.amount_edit.insert(key)
        self.amount_edit.setFocus()

    def request_charge(self) -> None:
        amount = self.amount()
        if amount is not None and self.charge_button.isEnabled():
            self.chargeRequested.emit(amount)

    # ------------------------------------------------------------------ rendering

    def set_ready(self, ready: bool) -> None:
        """Whether a reader is connected and can take a payment."""
        self._ready = ready
        self._update_buttons()

    def set_sale(self, sale: Sale | None) -> None:
        self.sale = sale
        text, level = self.outcome(sale)
        self.result.setText(text)
        self.result.setVisible(bool(text))
        set_status(self.result, level)
        self._update_buttons()

    def outcome(self, sale: Sale | None) -> tuple[str, StatusLevel]:
        if sale is None:
            return "", StatusLevel.IDLE
        money = format_money(sale.amount, sale.currency)
        if sale.state is SaleState.CHARGING:
            return (
                self.tr("Charging {amount}: ask the customer to present their card.").format(
                    amount=money
                ),
                StatusLevel.WORKING,
            )
        if sale.state is SaleState.APPROVED:
            return self.tr("Approved: {amount}").format(amount=money), StatusLevel.OK
        if sale.result is not None:
            return (
                self.tr("Declined: {reason} Retry, or ask for another way to pay.").format(
                    reason=self.decline_reason(sale.result.decline_code, sale.result.failure_code)
                ),
                StatusLevel.ERROR,
            )
        if sale.error is not None:
            return (
                self.tr("Not paid: {reason}").format(
                    reason=sale.error.translated(QCoreApplication.translate)
                ),
                StatusLevel.ERROR,
            )
        return self.tr("Not paid."), StatusLevel.ERROR

    def decline_reason(self, decline_code: str | None, failure_code: str | None) -> str:
        code = decline_code or failure_code or ""
        reasons = {
            "insufficient_funds": self.tr("insufficient funds."),
            "expired_card": self.tr("the card has expired."),
            "incorrect_cvc": self.tr("the card's security code is wrong."),
            "processing_error": self.tr("the bank could not process the card."),
            "lost_card": self.tr("the card was reported lost."),
            "stolen_card": self.tr("the card was reported stolen."),
        }
        return reasons.get(code, self.tr("the bank refused the card."))

    def _update_buttons(self) -> None:
        charging = self.sale is not None and self.sale.state is SaleState.CHARGING
        open_sale = self.sale is not None and self.sale.state is SaleState.OPEN
        self.charge_button.setEnabled(self._ready and not charging and self.amount() is not None)
        self.cancel_button.setEnabled(charging)
        self.retry_button.setVisible(open_sale)
        self.retry_button.setEnabled(open_sale and self._ready)
        self.amount_edit.setReadOnly(charging)
