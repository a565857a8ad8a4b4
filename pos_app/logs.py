"""Logging: a rotating file, stderr, and a ring buffer of recent events for diagnostics.

Every handler installed here carries `RedactingFilter`, so no secret reaches a log file, the
terminal or the diagnostics copied from Help → "Copy diagnostics": Stripe API keys keep their
prefix and last four characters (`sk_test_…abcd`), bearer/basic credentials, connection token
secrets and client secrets are masked. The filter sits on the handlers, not on a logger,
because a logger's filters do not see records propagated from its children.
"""

from __future__ import annotations

import collections
import logging
import logging.handlers
import re
import sys
from pathlib import Path

from pos_app.paths import log_dir

__all__ = [
    "LOG_FILE_NAME",
    "RedactingFilter",
    "recent_events",
    "redact",
    "setup_logging",
]

LOG_FILE_NAME = "comptoir.log"
_MAX_BYTES = 1_000_000
_BACKUP_COUNT = 5
_RING_SIZE = 1000
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_NOT_WORD = r"(?<![A-Za-z0-9])"
_CREDENTIAL = re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=:-]+", re.IGNORECASE)
_CLIENT_SECRET = re.compile(_NOT_WORD + r"((?:pi|seti)_[A-Za-z0-9]+_secret_)[A-Za-z0-9]+")
_API_KEY = re.compile(_NOT_WORD + r"((?:sk|rk|pk)_(?:test|live)_|pst_(?:test|live)_|whsec_)(\w+)")


def _mask_key(match: re.Match[str]) -> str:
    prefix, secret = match.group(1), match.group(2)
    tail = secret[-4:] if len(secret) >= 12 else ""
    return f"{prefix}…{tail}"


def redact(text: str) -> str:
    """`text` with every credential masked."""
    text = _CREDENTIAL.sub(lambda m: f"{m.group(1)} [redacted]", text)
    text = _CLIENT_SECRET.sub(lambda m: f"{m.group(1)}[redacted]", text)
    return _API_KEY.sub(_mask_key, text)


class RedactingFilter(logging.Filter):
    """Masks secrets in a record's message, arguments, exception and stack text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not break the caller
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class _RingBufferHandler(logging.Handler):
    def __init__(self, capacity: int) -> None:
        super().__init__()
        self._events: collections.deque[str] = collections.deque(maxlen=capacity)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._events.append(self.format(record))
        except Exception:
            self.handleError(record)

    def recent(self, n: int) -> list[str]:
        self.acquire()  # emit() runs under the same lock
        try:
            events = list(self._events)
        finally:
            self.release()
        return events[-n:] if n > 0 else []


_ring = _RingBufferHandler(_RING_SIZE)
_installed: list[logging.Handler] = []


def recent_events(n: int = 200) -> list[str]:
    """The last `n` formatted log events (redacted), oldest first, for diagnostics."""
    return _ring.recent(n)


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a rotating file in `log_dir()`, to stderr and to the ring buffer.

    Calling it again replaces the handlers it installed before. Returns the log file path.
    """
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        if handler is not _ring:
            handler.close()
    _installed.clear()

    path = log_dir() / LOG_FILE_NAME
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=_MAX_BYTES, backupCount=_BACKUP_COUNT, encoding="utf-8"
    )
    stderr_handler = logging.StreamHandler(sys.stderr)
    formatter = logging.Formatter(_FORMAT)
    redacting = RedactingFilter()
    for handler in (file_handler, stderr_handler, _ring):
        handler.setFormatter(formatter)
        handler.setLevel(level)
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(redacting)
        root.addHandler(handler)
        _installed.append(handler)
    root.setLevel(level)
    # httpx logs every request at INFO; a counter polling its reader would fill the file.
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    return path
