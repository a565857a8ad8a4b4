"""Help → "Copy diagnostics": what support needs to know, and never a key."""

from __future__ import annotations

import platform
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version

from pos_app.logs import recent_events, redact

if TYPE_CHECKING:
    from pos_app.controllers.connection import ConnectionController

__all__ = ["diagnostics_text"]


def diagnostics_text(
    controller: ConnectionController, *, version: str, training: bool, events: int = 100
) -> str:
    """A plain-text report for support, in English (support reads it, not the cashier).

    It holds the app version, the counter, the reader, the state and the recent log events
    (already redacted), and is redacted once more as a whole: no API key can leave this way.
    """
    settings = controller.settings
    reader = controller.reader or controller.terminal.last_reader
    saved = settings.last_reader
    banner = controller.banner
    lines = [
        f"Comptoir {version}",
        f"Python {platform.python_version()}, PySide6 {pyside_version}, {platform.platform()}",
        f"Mode: {'training (simulator)' if training else 'Stripe'}",
        f"Counter: {settings.counter_name} ({settings.counter_id})",
        f"State: {controller.state.value}; payment: {controller.terminal.payment_status.value}",
    ]
    if reader is not None:
        lines.append(
            f"Reader: {reader.label} (serial {reader.serial_number}, {reader.id}, "
            f"{reader.device_type}, {reader.status}, location {reader.location})"
        )
    else:
        lines.append("Reader: none")
    if saved is not None:
        lines.append(
            f"Saved reader: {saved.label} (serial {saved.serial_number}, {saved.reader_id})"
        )
    if banner is not None:
        lines.append(
            f"Banner: {banner.reason.value}, attempt {banner.attempt}, "
            f"counter {banner.counter_name or '-'}"
        )
    lines.append(f"Readers discovered: {len(controller.readers)}")
    lines.append("")
    lines.append("Recent events:")
    lines.extend(recent_events(events))
    return redact("\n".join(lines)) + "\n"
