"""``pos-app-simulator``: run the Stripe Terminal simulator in its own process."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from pos_app.simulator._server import SimulatorServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pos-app-simulator",
        description="A stateful stand-in for the Stripe Terminal API (test mode only).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (loopback)")
    parser.add_argument("--port", type=int, default=12111, help="port (0 picks a free one)")
    parser.add_argument("--state", metavar="FILE", help="keep locations/readers/devices here")
    parser.add_argument("--seed", action="store_true", help="create the training shop and readers")
    parser.add_argument(
        "--offline-after",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="silence before an unreachable reader is reported offline (Stripe: about 120)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    server = SimulatorServer(
        host=args.host,
        port=args.port,
        state_file=args.state,
        offline_after=args.offline_after,
        seed=args.seed,
    ).start()
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    print(f"listening on {server.url}", flush=True)
    try:
        while not stop.wait(0.2):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
