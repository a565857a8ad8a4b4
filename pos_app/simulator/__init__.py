"""A stateful stand-in for the Stripe Terminal API, speaking Stripe's wire format.

It backs training mode, the test suite (over real loopback HTTP) and multi-counter demos
(``pos-app-simulator``). No Qt here. See ``docs/simulator.md``.
"""

from pos_app.simulator._server import API_VERSION, TRAINING_API_KEY, SimulatorServer
from pos_app.simulator._state import DEVICE_TYPES_2026, HARDWARE_TYPES, Account
from pos_app.simulator.control import SimulatorControl, SimulatorControlError

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
