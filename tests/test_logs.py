"""Logging: secrets never reach the log file, and recent events are kept for diagnostics."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos_app.logs import recent_events, redact, setup_logging

KEY = "sk_test_51HxYzAbCdEfGhIjKlMnOpQr9f3a"
MASKED = "sk_test_…9f3a"
log = logging.getLogger("pos_app.test")


@pytest.fixture
def log_file() -> Iterator[Path]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    path = setup_logging(logging.DEBUG)
    yield path
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def _flushed(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_log_file_is_in_the_data_dir(log_file: Path, isolated_settings: Path) -> None:
    assert log_file.parent == isolated_settings.parent / "data" / "logs"
    log.info("counter started")
    assert "pos_app.test: counter started" in _flushed(log_file)


def test_key_in_message_is_redacted(log_file: Path) -> None:
    log.info(f"using key {KEY}")
    text = _flushed(log_file)
    assert KEY not in text
    assert f"using key {MASKED}" in text


def test_key_in_args_is_redacted(log_file: Path) -> None:
    log.warning("request headers: %s", {"Authorization": f"Bearer {KEY}"})
    log.info("key %s, token %s", KEY, "pst_test_YWNjdF8xTkJhc2RhcXdlcnR5dWlvcA")
    text = _flushed(log_file)
    assert KEY not in text
    assert "'Authorization': 'Bearer [redacted]'" in text
    assert f"key {MASKED}, token pst_test_…lvcA" in text
    assert "YWNjdF8xTkJhc2RhcXdlcnR5dWlvcA" not in text


def test_key_in_exception_is_redacted(log_file: Path) -> None:
    try:
        raise ValueError(f"Invalid API Key provided: {KEY}")
    except ValueError:
        log.exception("connecting failed")
    text = _flushed(log_file)
    assert KEY not in text
    assert f"ValueError: Invalid API Key provided: {MASKED}" in text


def test_recent_events_for_diagnostics(log_file: Path) -> None:
    for number in range(5):
        log.info("event %d with %s", number, KEY)
    events = recent_events(3)
    assert [event.rsplit(": ", 1)[1] for event in events] == [
        f"event {number} with {MASKED}" for number in (2, 3, 4)
    ]
    assert recent_events(0) == []


def test_setup_twice_does_not_duplicate(log_file: Path) -> None:
    setup_logging(logging.DEBUG)
    log.info("once")
    assert _flushed(log_file).count("once") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rk_" + "live_51HxYzAbCdEfGhIj1234", "rk_live_…1234"),
        ("pk_test_TYooMQauvdEDq54NiTphI7jx", "pk_test_…I7jx"),
        ("sk_test_short", "sk_test_…"),
        ("Authorization: Basic c2tfdGVzdF94eXo6", "Authorization: Basic [redacted]"),
        (
            "pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH",
            "pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_[redacted]",
        ),
        (
            "reader tmr_FDOt2wlRZEdpd7 at tml_FBakVo6pS6Jmxe",
            "reader tmr_FDOt2wlRZEdpd7 at tml_FBakVo6pS6Jmxe",
        ),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected
