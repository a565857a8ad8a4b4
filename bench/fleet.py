"""Fleet: how many idle counters one Stripe account carries at test mode's 25 requests/s.

N headless counters (``pos_app.terminal.Terminal``, default polling, all in this process),
each connected to its own simulated reader, share one standalone simulator enforcing 25
requests/s for the whole account (as Stripe does in test mode). They connect spread over a
ramp, then run for the measured period while readers are powered off one after another
(every 3 s): each drop must be noticed (p95 ≤ 6 s, none missed) and the rate limit must not
cascade (a cascade: 429s above 2 % of all requests, or above 5 % in two 5-second windows
in a row; a few isolated 429s that the backoff absorbs are not one).

Idle counters poll at slots of the period ordered by their readers' ids, which each learns
from its first idle poll (a list of the account's readers, at a random phase of the idle
period after its connect) and then moves onto within the idle jitter band (up to about 40 s).
The measured period starts once every counter polls on its slot, plus 2 s; the requests and
429s of that settling are reported apart (``settle_*``).

Full: N = 100, 125, 150, … (2-minute runs, connects ramped over 0.4 s per counter under the
rate limit) until one fails, then the largest passing N for 10 minutes. Quick: N = 100
connected over 6 s (one polling period) without the rate limit, then 12 s under it.
``--counters N --seconds S`` runs one size.

    python -m bench.fleet [--quick | --full | --counters N --seconds S]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import time
from dataclasses import dataclass, field
from typing import Any

from bench._common import Result, percentile, simulator_process
from bench._counters import (
    Counter,
    close_all,
    connect_all,
    create_readers,
    drop_and_notice,
    make_counters,
    wait_for_slots,
)
from pos_app.simulator import SimulatorControl

RATE_LIMIT = 25.0
TARGET_N = 100
NOTICE_P95 = 6.0
CASCADE_TOTAL = 0.02
CASCADE_WINDOW = 0.05
WINDOW_S = 5.0
DROP_EVERY_S = 3.0


@dataclass
class FleetRun:
    counters: int
    seconds: float
    requests: int = 0
    rate_limited: int = 0
    worst_window_429: float = 0.0
    #: The most consecutive 5-second windows with more than CASCADE_WINDOW 429s.
    bad_windows_in_a_row: int = 0
    ramp_connect_retries: int = 0
    #: From the last connect until every counter polled on its slot, plus 2 s (not measured).
    settle_seconds: float = 0.0
    settle_requests: int = 0
    settle_rate_limited: int = 0
    #: Counters polling at a slot at the end (the others at jittered intervals).
    slotted: int = 0
    notices: list[float | None] = field(default_factory=list)
    unexpected_disconnects: int = 0

    @property
    def noticed(self) -> list[float]:
        return [t for t in self.notices if t is not None]

    @property
    def p95(self) -> float:
        if any(t is None for t in self.notices):
            return float("inf")
        return percentile(self.noticed, 95) if self.notices else 0.0

    @property
    def cascade(self) -> bool:
        share = self.rate_limited / self.requests if self.requests else 0.0
        return share > CASCADE_TOTAL or self.bad_windows_in_a_row >= 2

    @property
    def ok(self) -> bool:
        return not self.cascade and self.p95 <= NOTICE_P95 and self.unexpected_disconnects == 0

    def summary(self) -> dict[str, Any]:
        return {
            "counters": self.counters,
            "seconds": self.seconds,
            "requests_per_s": round(self.requests / self.seconds, 2),
            "rate_limited": self.rate_limited,
            "worst_5s_window_429_share": round(self.worst_window_429, 4),
            "bad_windows_in_a_row": self.bad_windows_in_a_row,
            "drops": len(self.notices),
            "notice_p95_s": round(self.p95, 2),
            "notice_max_s": round(max(self.noticed), 2) if self.noticed else None,
            "unexpected_disconnects": self.unexpected_disconnects,
            "ramp_connect_retries": self.ramp_connect_retries,
            "settle_s": round(self.settle_seconds, 1),
            "settle_requests": self.settle_requests,
            "settle_rate_limited": self.settle_rate_limited,
            "slotted": self.slotted,
            "ok": self.ok,
        }


async def run_fleet(
    url: str, n: int, seconds: float, ramp: float, limit_ramp: bool = True
) -> FleetRun:
    result = FleetRun(n, seconds)
    async with SimulatorControl(url) as control:
        await control.configure(rate_limit_per_second=None, offline_after=0)
        reader_ids = await create_readers(url, n, prefix=f"Fleet{n}")
        counters = make_counters(url, reader_ids)
        if limit_ramp:
            await control.configure(rate_limit_per_second=RATE_LIMIT)
        try:
            await connect_all(counters, over_seconds=ramp)
            await control.configure(rate_limit_per_second=RATE_LIMIT)
            result.ramp_connect_retries = sum(c.connect_retries for c in counters)
            await control.reset_stats()
            settle_started = time.monotonic()
            await wait_for_slots(counters, within=90.0)
            await asyncio.sleep(2.0)
            stats = await control.stats()
            result.settle_seconds = time.monotonic() - settle_started
            result.settle_requests = int(stats["total"])
            result.settle_rate_limited = int(stats["rate_limited"])
            for counter in counters:
                counter.reasons.clear()
            await control.reset_stats()
            rng = random.Random(n)
            in_trial: set[int] = set()
            trials: list[asyncio.Task[None]] = []

            async def trial(counter: Counter) -> None:
                in_trial.add(counter.index)
                try:
                    result.notices.append(
                        await drop_and_notice(
                            control, counter, reconnect=lambda: counter.connect(rng)
                        )
                    )
                    counter.reasons.clear()
                finally:
                    in_trial.discard(counter.index)

            started = time.monotonic()
            last_total = last_429 = bad_run = 0
            next_window = started + WINDOW_S
            next_drop = started + 1.0
            while time.monotonic() - started < seconds:
                await asyncio.sleep(0.25)
                now = time.monotonic()
                if now >= next_drop:
                    next_drop += DROP_EVERY_S
                    idle = [c for c in counters if c.index not in in_trial]
                    trials.append(asyncio.create_task(trial(rng.choice(idle))))
                if now >= next_window:
                    next_window += WINDOW_S
                    stats = await control.stats()
                    total, limited = int(stats["total"]), int(stats["rate_limited"])
                    if total > last_total:
                        share = (limited - last_429) / (total - last_total)
                        result.worst_window_429 = max(result.worst_window_429, share)
                        bad_run = bad_run + 1 if share > CASCADE_WINDOW else 0
                        result.bad_windows_in_a_row = max(result.bad_windows_in_a_row, bad_run)
                    last_total, last_429 = total, limited
            await asyncio.gather(*trials)
            stats = await control.stats()
            result.seconds = time.monotonic() - started
            result.requests = int(stats["total"])
            result.rate_limited = int(stats["rate_limited"])
            result.unexpected_disconnects = sum(
                len(c.reasons) for c in counters if c.index not in in_trial
            )
            result.slotted = sum(c.terminal.polling_slot is not None for c in counters)
        finally:
            await close_all(counters)
            await control.configure(rate_limit_per_second=None)
    return result


def fleet(n: int, seconds: float, quick: bool = False) -> FleetRun:
    with simulator_process() as url:
        ramp = 6.0 if quick else n * 0.4
        return asyncio.run(run_fleet(url, n, seconds, ramp, limit_ramp=not quick))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--counters", type=int)
    parser.add_argument("--seconds", type=float)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    runs: list[FleetRun] = []
    if args.counters or args.quick:
        n = args.counters or TARGET_N
        seconds = args.seconds or (12.0 if args.quick else 600.0)
        runs.append(fleet(n, seconds, quick=args.quick))
        best = runs[-1] if runs[-1].ok else None
    else:
        best = None
        n = TARGET_N
        while n <= 300:
            run = fleet(n, args.seconds or 120.0)
            runs.append(run)
            print(f"fleet N={n}: {run.summary()}", flush=True)
            if not run.ok:
                break
            best = run
            n += 25
        if best is not None:
            confirmed = fleet(best.counters, 600.0)
            runs.append(confirmed)
            print(f"fleet N={best.counters} (10 min): {confirmed.summary()}", flush=True)
            best = confirmed if confirmed.ok else None
    largest = best.counters if best is not None else 0
    last = runs[-1]
    share = 100.0 * last.rate_limited / last.requests if last.requests else 0.0
    missed = sum(1 for t in last.notices if t is None)
    last_text = (
        f"N = {last.counters} over {last.seconds / 60:.1f} min: "
        f"{last.requests / last.seconds:.1f} req/s, {last.rate_limited} × 429 ({share:.1f} %, "
        f"{last.bad_windows_in_a_row} bad 5-s windows in a row), {len(last.notices)} drops "
        f"noticed p95 {last.p95:.1f} s, max {max(last.noticed, default=0):.1f} s, "
        f"{missed} not within 30 s; {last.slotted} counters on slots; settling "
        f"{last.settle_seconds:.1f} s: {last.settle_requests} requests, "
        f"{last.settle_rate_limited} × 429"
    )
    Result(
        measure="fleet",
        value=(
            f"largest N = {largest}; {last_text}"
            if best is not None
            else f"no N passed; {last_text}"
        ),
        target=f"≥ {TARGET_N}",
        met=largest >= TARGET_N,
        details={"runs": [run.summary() for run in runs]},
    ).emit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
