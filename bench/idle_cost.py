"""Idle cost: API requests a minute made by one connected, idle counter (default polling).

Headless counters (``pos_app.terminal.Terminal`` with the default ``PollingPolicy``), each
connected to its own simulated reader on a standalone simulator, sit idle. Requests are
counted two ways: each Terminal's ``request_count`` and the simulator's own counter. Full: 5
counters over a real minute; quick: 10 counters over 12 s, scaled to a minute.

    python -m bench.idle_cost [--quick]
"""

from __future__ import annotations

import asyncio
import time

from bench._common import Result, parse_mode, simulator_process
from bench._counters import close_all, connect_all, create_readers, make_counters
from pos_app.simulator import SimulatorControl

TARGET = 12.0


async def measure(url: str, counters_n: int, seconds: float) -> dict[str, float]:
    reader_ids = await create_readers(url, counters_n)
    counters = make_counters(url, reader_ids)
    try:
        await connect_all(counters, over_seconds=1.0)
        async with SimulatorControl(url) as control:
            await asyncio.sleep(0.5)
            before = [c.terminal.request_count for c in counters]
            await control.reset_stats()
            started = time.monotonic()
            await asyncio.sleep(seconds)
            stats = await control.stats()
            elapsed = time.monotonic() - started
            after = [c.terminal.request_count for c in counters]
    finally:
        await close_all(counters)
    per_counter = [(a - b) * 60.0 / elapsed for a, b in zip(after, before, strict=True)]
    return {
        "max_per_counter": max(per_counter),
        "mean_per_counter": sum(per_counter) / len(per_counter),
        "simulator_per_counter": stats["total"] * 60.0 / elapsed / counters_n,
        "seconds": elapsed,
        "counters": counters_n,
        "rate_limited": stats["rate_limited"],
    }


def main(argv: list[str] | None = None) -> int:
    mode = parse_mode(__doc__ or "", argv)
    counters_n, seconds = (10, 12.0) if mode.quick else (5, 60.0)
    with simulator_process() as url:
        numbers = asyncio.run(measure(url, counters_n, seconds))
    # A short window can catch one extra poll per counter: judge the mean in quick mode.
    judged = numbers["mean_per_counter"] if mode.quick else numbers["max_per_counter"]
    Result(
        measure="idle cost",
        value=(
            f"{numbers['mean_per_counter']:.1f} requests/min per counter "
            f"(max {numbers['max_per_counter']:.1f}, simulator count "
            f"{numbers['simulator_per_counter']:.1f}; {counters_n} counters over "
            f"{numbers['seconds']:.0f} s)"
        ),
        target=f"≤ {TARGET:.0f}",
        met=judged <= TARGET,
        details={k: round(v, 2) for k, v in numbers.items()},
    ).emit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
