"""Guards against Qt binding bugs that would crash a counter after hours of work."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer


def test_signal_disconnect_does_not_release_booleans() -> None:
    # PySide6 6.12.0's Signal.disconnect() drops a reference to True/False that it never
    # took; qasync calls it for every socket wait, so the app aborted after ~1000 requests.
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for _ in range(200):
        timer = QTimer()
        timer.timeout.connect(lambda: None)
        timer.timeout.disconnect()
    after = sys.getrefcount(True) + sys.getrefcount(False)
    assert after - before >= 0
