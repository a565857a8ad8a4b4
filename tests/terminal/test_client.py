"""The Stripe client is loaded on first use, without ``requests`` (docs/benchmarks.md, Memory)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from pos_app.simulator import SimulatorServer

ROOT = Path(__file__).resolve().parents[2]

_CHILD = """
import asyncio, json, sys
{before}
from pos_app.terminal import Terminal

async def main():
    loaded_before = "stripe" in sys.modules
    terminal = Terminal("sk_test_client_load", sys.argv[1], counter_id="c1", counter_name="Till")
    readers = await terminal.discover_readers()
    await terminal.close()
    print(json.dumps({{
        "stripe_before": loaded_before,
        "readers": len(readers),
        "requests": "requests" in sys.modules and sys.modules["requests"] is not None,
        "stripe": "stripe" in sys.modules,
    }}))

asyncio.run(main())
"""


def run_child(url: str, before: str = "") -> dict[str, Any]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CHILD.format(before=before)), url],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_stripe_loads_on_the_first_call_and_without_requests() -> None:
    with SimulatorServer(seed=True) as sim:
        seen = run_child(sim.url)
    assert seen["stripe_before"] is False  # importing the terminal does not load stripe
    assert seen["readers"] >= 1  # and the client works (on httpx)
    assert seen["stripe"] is True
    assert seen["requests"] is False


def test_a_process_that_uses_requests_keeps_it() -> None:
    with SimulatorServer(seed=True) as sim:
        seen = run_child(sim.url, before="import requests")
    assert seen["readers"] >= 1
    assert seen["requests"] is True


def test_the_setup_wizard_loads_stripe_without_requests_too() -> None:
    # At a first run the wizard's pairing module may be the first to load stripe.
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, pos_app.controllers.pairing, stripe; "
            "print('requests' in sys.modules and sys.modules['requests'] is not None)",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert proc.stdout.strip() == "False"
