"""Errors the terminal raises, in words a cashier can act on.

Exception hierarchy::

    TerminalError            every failure; ``code`` is an ErrorCode
        (the Stripe error underneath, if any, is ``__cause__`` and ``stripe_error``)

The messages are English templates marked with ``QT_TRANSLATE_NOOP("terminal", …)`` so that
``make translations`` collects them; a widget shows ``error.translated(translate)`` where
``translate`` is ``QCoreApplication.translate``. This package imports nothing from Qt.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import stripe


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` without translating it here."""
    return text


class ErrorCode(enum.StrEnum):
    NO_ESTABLISHED_CONNECTION = "no_established_connection"
    ALREADY_CONNECTED = "already_connected"
    READER_BUSY = "reader_busy"
    READER_OFFLINE = "reader_offline"
    READER_TAKEN_OVER = "reader_taken_over"
    READER_NOT_FOUND = "reader_not_found"
    READER_TIMEOUT = "reader_timeout"
    NETWORK_ERROR = "network_error"
    NETWORK_TIMEOUT = "network_timeout"
    SERVICE_UNAVAILABLE = "service_unavailable"
    CANCELED = "canceled"
    CARD_DECLINED = "card_declined"
    AUTHENTICATION_FAILED = "authentication_failed"
    PERMISSION_DENIED = "permission_denied"
    RATE_LIMITED = "rate_limited"
    INVALID_REQUEST = "invalid_request"
    NOT_SIMULATED = "not_simulated"
    PAYMENT_IN_PROGRESS = "payment_in_progress"
    PAYMENT_PROCESSING = "payment_processing"


_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.NO_ESTABLISHED_CONNECTION: QT_TRANSLATE_NOOP(
        "terminal", "No card reader is connected. Choose a reader first."
    ),
    ErrorCode.ALREADY_CONNECTED: QT_TRANSLATE_NOOP(
        "terminal",
        "This counter is already connected to {label}. Disconnect it before choosing another.",
    ),
    ErrorCode.READER_BUSY: QT_TRANSLATE_NOOP(
        "terminal", "{label} is in use at {counter}. Wait for it to finish, or interrupt it."
    ),
    ErrorCode.READER_OFFLINE: QT_TRANSLATE_NOOP(
        "terminal", "{label} is offline. Check that it is switched on and connected to the network."
    ),
    ErrorCode.READER_TAKEN_OVER: QT_TRANSLATE_NOOP(
        "terminal", "{counter} took over {label}. Take it back or choose another reader."
    ),
    ErrorCode.READER_NOT_FOUND: QT_TRANSLATE_NOOP(
        "terminal", "The reader was not found on this Stripe account. Choose another reader."
    ),
    ErrorCode.READER_TIMEOUT: QT_TRANSLATE_NOOP(
        "terminal", "The reader did not answer in time. Check that it is on and connected."
    ),
    ErrorCode.NETWORK_ERROR: QT_TRANSLATE_NOOP(
        "terminal", "Stripe cannot be reached. Check this computer's internet connection."
    ),
    ErrorCode.NETWORK_TIMEOUT: QT_TRANSLATE_NOOP(
        "terminal", "Stripe did not answer in time. Check this computer's internet connection."
    ),
    ErrorCode.SERVICE_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "terminal", "Stripe is having trouble right now. Try again in a moment."
    ),
    ErrorCode.CANCELED: QT_TRANSLATE_NOOP("terminal", "The payment was canceled."),
    ErrorCode.CARD_DECLINED: QT_TRANSLATE_NOOP(
        "terminal", "The card was declined. Ask for another card or another way to pay."
    ),
    ErrorCode.AUTHENTICATION_FAILED: QT_TRANSLATE_NOOP(
        "terminal", "Stripe refused the API key. Check the key in the store setup."
    ),
    ErrorCode.PERMISSION_DENIED: QT_TRANSLATE_NOOP(
        "terminal",
        "The API key is not allowed to use Stripe Terminal. Use a key with Terminal permissions.",
    ),
    ErrorCode.RATE_LIMITED: QT_TRANSLATE_NOOP(
        "terminal", "Too many requests reached Stripe at once. Try again in a few seconds."
    ),
    ErrorCode.INVALID_REQUEST: QT_TRANSLATE_NOOP(
        "terminal", "Stripe refused the request. If it happens again, contact support."
    ),
    ErrorCode.NOT_SIMULATED: QT_TRANSLATE_NOOP(
        "terminal", "Test cards can only be used with a simulated reader."
    ),
    ErrorCode.PAYMENT_IN_PROGRESS: QT_TRANSLATE_NOOP(
        "terminal", "A payment is already in progress on this reader."
    ),
    ErrorCode.PAYMENT_PROCESSING: QT_TRANSLATE_NOOP(
        "terminal", "The card is being authorized; the payment can no longer be canceled."
    ),
}


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return {"label": "the reader", "counter": "another counter"}.get(key, "")


class TerminalError(Exception):
    """A failure of the terminal, with a code to act on and a sentence for the cashier."""

    def __init__(
        self,
        code: ErrorCode,
        *,
        params: Mapping[str, str] | None = None,
        stripe_error: stripe.StripeError | None = None,
        detail: str | None = None,
    ) -> None:
        self.code = code
        self.params: dict[str, str] = dict(params or {})
        self.stripe_error = stripe_error
        #: Technical detail for the log (never shown to the cashier, never a secret).
        self.detail = detail
        super().__init__(self.translated())

    @property
    def template(self) -> str:
        return _MESSAGES[self.code]

    def translated(self, translate: Callable[[str, str], str] | None = None) -> str:
        """The cashier's sentence; ``translate(context, text)`` localizes the template."""
        template = translate("terminal", self.template) if translate else self.template
        return template.format_map(_Defaults(self.params))

    def __str__(self) -> str:
        return self.translated()

    def __repr__(self) -> str:
        return f"TerminalError({self.code.value!r}, detail={self.detail!r})"


_STRIPE_CODES: dict[str, ErrorCode] = {
    "terminal_reader_busy": ErrorCode.READER_BUSY,
    "terminal_reader_offline": ErrorCode.READER_OFFLINE,
    "terminal_reader_timeout": ErrorCode.READER_TIMEOUT,
    "resource_missing": ErrorCode.READER_NOT_FOUND,
    "card_declined": ErrorCode.CARD_DECLINED,
    "expired_card": ErrorCode.CARD_DECLINED,
}


def from_stripe(error: stripe.StripeError, **params: str) -> TerminalError:
    """Translate a stripe-python error into a TerminalError with the same cause."""
    import httpx  # noqa: PLC0415 - deferred: see _client.py
    import stripe  # noqa: PLC0415

    code: ErrorCode
    # stripe-python has no class for HTTP 409, so terminal_reader_busy arrives as a bare
    # APIError whose ``code`` is unset: read Stripe's code from the body.
    stripe_code = stripe_error_code(error)
    if isinstance(error, stripe.AuthenticationError):
        code = ErrorCode.AUTHENTICATION_FAILED
    elif isinstance(error, stripe.PermissionError):
        code = ErrorCode.PERMISSION_DENIED
    elif isinstance(error, stripe.RateLimitError):
        code = ErrorCode.RATE_LIMITED
    elif isinstance(error, stripe.APIConnectionError):
        timed_out = isinstance(error.__cause__, httpx.TimeoutException)
        code = ErrorCode.NETWORK_TIMEOUT if timed_out else ErrorCode.NETWORK_ERROR
    elif isinstance(error, stripe.CardError):
        code = ErrorCode.CARD_DECLINED
    elif stripe_code and stripe_code in _STRIPE_CODES:
        code = _STRIPE_CODES[stripe_code]
    elif isinstance(error, stripe.APIError) or (error.http_status or 0) >= 500:
        code = ErrorCode.SERVICE_UNAVAILABLE
    else:
        code = ErrorCode.INVALID_REQUEST
    detail = f"{type(error).__name__} {error.http_status} {stripe_code}: {error.user_message}"
    result = TerminalError(code, params=params, stripe_error=error, detail=detail)
    result.__cause__ = error
    return result


def stripe_error_code(error: stripe.StripeError) -> str | None:
    """Stripe's error code; stripe-python leaves ``code`` unset for HTTP 409 (reader busy)."""
    if error.code:
        return error.code
    body = error.json_body
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        code = body["error"].get("code")
        return code if isinstance(code, str) else None
    return None


def is_transient(error: TerminalError) -> bool:
    """Whether the API may answer differently if asked again later (network, 5xx, 429)."""
    return error.code in (
        ErrorCode.NETWORK_ERROR,
        ErrorCode.NETWORK_TIMEOUT,
        ErrorCode.SERVICE_UNAVAILABLE,
        ErrorCode.RATE_LIMITED,
    )
