"""Runs the real ``pos-app`` (``pos_app.app.main``) with benchmark probes inside it.

    COMPTOIR_BENCH=<scenario> python -m bench.app_harness [pos-app arguments]

The application is the real one (the same entry point, bootstrap, session and window); the
harness only wraps ``MainWindow.show`` to watch the window, and in some scenarios drives the
window's own coroutines the way its slots do. It prints ``BENCH <name> <value>`` lines.

Scenarios:
    shown       the first paint of the main window; RSS after settling; exit.
    reconnect   the moment the connection controller reaches "connected"; exit.
    responsive  a 5 ms lag probe while the window discovers, connects, takes a payment and
                reconnects after the reader is powered off (``COMPTOIR_BENCH_CONTROL`` is the
                simulator's URL); prints the stalls; exit.
    sales:N     RSS after start-up, after connecting and 10 sales, then after N more sales.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer

from bench._probe import FirstPaint, exit_now, report, settled_rss_kib

SETTLE_S = 1.0
#: Set by ``COMPTOIR_BENCH_PROFILE=<file>``: a cProfile of start-up, dumped when shown.
_profiler: Any = None


def install(scenario: str) -> None:
    """Watch the window: its first paint (``show``) and its binding to the controllers."""
    from pos_app.views.main_window import MainWindow  # noqa: PLC0415 (the app imports it too)

    original_show: Callable[[MainWindow], None] = MainWindow.show
    original_bind: Callable[..., None] = MainWindow.bind

    def show(window: MainWindow) -> None:
        if not getattr(window, "_bench_shown", False):
            window._bench_shown = True  # type: ignore[attr-defined]
            on_show(window, scenario)
        original_show(window)

    def bind(window: MainWindow, *args: Any, **kwargs: Any) -> None:
        original_bind(window, *args, **kwargs)
        if not getattr(window, "_bench_bound", False):
            window._bench_bound = True  # type: ignore[attr-defined]
            on_bind(window, scenario)

    MainWindow.show = show  # type: ignore[method-assign,assignment]
    MainWindow.bind = bind  # type: ignore[method-assign]


def on_show(window: Any, scenario: str) -> None:
    """At ``show`` (pos-app shows the window before the event loop and controllers exist)."""
    if scenario == "shown":

        def shown(at: float) -> None:
            report("shown", f"{at:.6f}")
            # For `python -X importtime` (bench.profile_startup): imports after this line
            # load behind the window.
            print("BENCH shown", file=sys.stderr, flush=True)
            if _profiler is not None:
                _profiler.disable()
                _profiler.dump_stats(os.environ["COMPTOIR_BENCH_PROFILE"])
                exit_now()

            def settled() -> None:
                report("rss_kib", settled_rss_kib())
                exit_now()

            # Qt's timer, as the bare window does: start-up continues meanwhile.
            QTimer.singleShot(int(SETTLE_S * 1000), settled)

        FirstPaint(window, shown)
    elif scenario == "reconnect":
        FirstPaint(window, lambda at: report("shown", f"{at:.6f}"))
    elif scenario != "responsive" and not scenario.startswith("sales:"):
        raise SystemExit(f"unknown scenario {scenario!r}")


def on_bind(window: Any, scenario: str) -> None:
    """Once the window is bound to its controllers, on the running qasync loop."""
    from pos_app.controllers.states import ConnectionState  # noqa: PLC0415

    if scenario == "reconnect":

        def on_state(state: object) -> None:
            if state is ConnectionState.CONNECTED:
                report("connected", f"{time.monotonic():.6f}")
                exit_now()

        window.controller.stateChanged.connect(on_state)
    elif scenario == "responsive":
        from bench._scenarios import responsive, spawn  # noqa: PLC0415 (asyncio: after paint)

        spawn(responsive(window))
    elif scenario.startswith("sales:"):
        from bench._scenarios import sales, spawn  # noqa: PLC0415 (asyncio: after paint)

        spawn(sales(window, int(scenario.split(":", 1)[1])))


def main() -> int:
    global _profiler  # noqa: PLW0603 (one per process)
    if os.environ.get("COMPTOIR_BENCH_PROFILE"):
        import cProfile  # noqa: PLC0415

        _profiler = cProfile.Profile()
        _profiler.enable()
    scenario = os.environ.get("COMPTOIR_BENCH", "shown")
    install(scenario)
    from pos_app.app import main as app_main  # noqa: PLC0415

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
