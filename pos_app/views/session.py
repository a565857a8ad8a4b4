"""A counter session: the controllers and the window built together, and closed together."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos_app.controllers.connection import ConnectionController
from pos_app.controllers.journal import JournalController
from pos_app.controllers.payment import PaymentController
from pos_app.storage.settings import Settings
from pos_app.terminal import Backoff, PollingPolicy
from pos_app.views.main_window import MainWindow

__all__ = ["CounterSession"]

if TYPE_CHECKING:
    from pos_app.simulator import SimulatorControl

log = logging.getLogger("pos_app.session")


@dataclass
class CounterSession:
    """Everything one counter runs: built by `open`, released by `close`.

    Attributes:
        controller: the connection controller (owns the Terminal).
        payments: the payment controller on the same Terminal.
        window: the counter window bound to both.
        control: the simulator's control client in training mode, else None.
    """

    controller: ConnectionController
    payments: PaymentController
    window: MainWindow
    control: SimulatorControl | None

    @classmethod
    def open(
        cls,
        settings: Settings,
        api_key: str,
        api_base: str | None,
        *,
        training: bool,
        polling: PollingPolicy | None = None,
        reconnect_backoff: Callable[[], Backoff] | None = None,
        request_timeout: float = 15.0,
        journal: JournalController | None = None,
        window: MainWindow | None = None,
    ) -> CounterSession:
        """Build the controllers and bind them to ``window`` (shown already, by `pos-app`), or
        to a new window."""
        controller = ConnectionController(
            settings,
            api_key,
            api_base,
            polling=polling,
            reconnect_backoff=reconnect_backoff,
            request_timeout=request_timeout,
        )
        payments = PaymentController(controller.terminal, journal=journal)
        control: SimulatorControl | None = None
        if training and api_base:
            from pos_app.simulator import SimulatorControl  # noqa: PLC0415 - training only

            control = SimulatorControl(api_base)
        if window is None:
            window = MainWindow(settings, training=control is not None)
        window.bind(controller, payments, training=control)
        if journal is not None:
            journal.eventLogged.connect(window.event_log.add)
        return cls(controller, payments, window, control)

    async def close(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109 (a grace period)
        """Stop watching the reader and close the HTTP clients, within `timeout` seconds.

        The claim stays on the reader, so the next start reconnects to it.
        """
        self.window.close()
        try:
            async with asyncio.timeout(timeout):
                await self.controller.shutdown()
                if self.control is not None:
                    await self.control.aclose()
        except TimeoutError:
            log.warning("The counter did not shut down within %.1f s", timeout)
        finally:
            with contextlib.suppress(RuntimeError):
                self.window.deleteLater()
