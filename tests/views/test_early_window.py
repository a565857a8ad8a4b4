"""Start-up shows the counter window first, then loads the rest and binds the window to it."""

from __future__ import annotations

import json
from pathlib import Path

from pos_app.controllers.states import ConnectionState
from pos_app.simulator import TRAINING_API_KEY, SimulatorServer
from pos_app.storage.settings import Settings
from pos_app.views.main_window import MainWindow
from pos_app.views.session import CounterSession
from tests.views.children import ROOT, run_script

#: Loaded by `pos_app.counter` after the first paint; none may be needed to show the window.
HEAVY = ("asyncio", "qasync", "stripe", "httpx", "keyring", "sqlite3", "pos_app.counter")

_PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from pos_app.views.main_window import MainWindow

HEAVY = {heavy!r}
seen = {{}}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["painted"] = True
            seen["loaded"] = sorted(name for name in HEAVY if name in sys.modules)
            seen["bound"] = watched.bound
            seen["title"] = watched.windowTitle()
            seen["icon"] = not watched.windowIcon().isNull()
        return False

original_show = MainWindow.show
original_bind = MainWindow.bind

def show(window):
    probe = FirstPaint(window)
    window.installEventFilter(probe)
    window._probe = probe
    original_show(window)

def bind(window, *args, **kwargs):
    original_bind(window, *args, **kwargs)
    seen["bound_later"] = window.bound
    seen["loaded_at_bind"] = sorted(name for name in HEAVY if name in sys.modules)
    print("PROBE " + json.dumps(seen), flush=True)
    QTimer.singleShot(0, window.close)

MainWindow.show = show
MainWindow.bind = bind
from pos_app.app import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_window_is_painted_before_the_heavy_modules_load(tmp_path: Path) -> None:
    with SimulatorServer(seed=True) as sim:
        proc = run_script(tmp_path, _PROBE.format(heavy=HEAVY), "--training", "--api-base", sim.url)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, f"the window was never bound (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    seen = json.loads(lines[0].removeprefix("PROBE "))
    assert seen["painted"], "the window was bound before its first paint"
    assert seen["loaded"] == [], f"loaded before the first paint: {seen['loaded']}"
    assert seen["bound"] is False
    assert seen["title"].endswith("(training)")
    assert seen["icon"], "the window has no icon"
    # Then the counter loaded behind the window and bound it to its controllers.
    assert seen["bound_later"] is True
    assert {"asyncio", "pos_app.counter"} <= set(seen["loaded_at_bind"])
    assert proc.returncode == 0, proc.stderr[-3000:]


async def test_an_unbound_window_offers_no_reader_commands_until_bound(
    sim: SimulatorServer, tmp_path: Path
) -> None:
    settings = Settings.from_file(tmp_path / "c.ini")
    settings.counter_name = "Till 7"
    window = MainWindow(settings, training=False)
    session: CounterSession | None = None
    try:
        commands = (
            window.choose_action,
            window.reconnect_action,
            window.disconnect_action,
            window.end_of_day_action,
            window.setup_action,
            window.readers_action,
            window.diagnostics_action,
        )
        assert not any(action.isEnabled() for action in commands)
        assert not window.bound
        assert window.windowTitle() == "Comptoir — Till 7"
        assert window.badge.state is ConnectionState.NOT_CONNECTED
        window.on_escape()  # nothing to clear yet, and no controller to ask

        # Bound to a training session: the commands come alive, the window says "training".
        session = CounterSession.open(
            settings, TRAINING_API_KEY, sim.url, training=True, window=window
        )
        assert session.window is window and window.bound
        assert window.choose_action.isEnabled() and window.end_of_day_action.isEnabled()
        assert not window.disconnect_action.isEnabled()  # nothing connected yet
        assert window.windowTitle() == "Comptoir — Till 7 (training)"
        assert not window.training_strip.isHidden()
        assert window.training_menu is not None
        assert window.menuBar().actions()[-1].text() == window.help_menu.title()
    finally:
        if session is not None:
            await session.close()  # closes and deletes the window
        else:
            window.deleteLater()


def test_the_window_icon_is_the_installers_icon() -> None:
    from pos_app.app import WINDOW_ICON  # noqa: PLC0415

    assert WINDOW_ICON.read_bytes() == (ROOT / "packaging" / "icons" / "comptoir.png").read_bytes()
