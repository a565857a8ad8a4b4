"""A stateful stand-in for the Stripe Terminal API, speaking Stripe's wire format.

It backs training mode, the test suite (over real loopback HTTP) and multi-counter demos
(``pos-app-simulator``). No Qt here. See ``docs/simulator.md``.
"""

from typing import TYPE_CHECKING, Any

from pos_app.simulator._keys import API_VERSION, TRAINING_API_KEY

if TYPE_CHECKING:
    from pos_app.simulator._server import SimulatorServer
    from pos_app.simulator._state import DEVICE_TYPES_2026, HARDWARE_TYPES, Account
    from pos_app.simulator.control import SimulatorControl, SimulatorControlError

# The server and the control client (http.server, httpx) load on first use: the counter
# window imports this package for its constants and must not pay for the rest at start-up.
_LAZY = {
    "SimulatorServer": "pos_app.simulator._server",
    "DEVICE_TYPES_2026": "pos_app.simulator._state",
    "HARDWARE_TYPES": "pos_app.simulator._state",
    "Account": "pos_app.simulator._state",
    "SimulatorControl": "pos_app.simulator.control",
    "SimulatorControlError": "pos_app.simulator.control",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "API_VERSION",
    "DEVICE_TYPES_2026",
    "HARDWARE_TYPES",
    "TRAINING_API_KEY",
    "Account",
    "SimulatorControl",
    "SimulatorControlError",
    "SimulatorServer",
]
