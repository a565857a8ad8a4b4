"""The scripted cashier of ``bench.app_harness``: coroutines that drive the real window.

Loaded once the window is bound to its controllers (the event loop runs by then), so the
harness itself adds nothing (asyncio included) to the start-up it measures.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from typing import Any

from bench._probe import LagProbe, StallSampler, exit_now, report, settled_rss_kib
from bench.app_harness import SETTLE_S

_tasks: set[asyncio.Task[Any]] = set()


def spawn(coro: Any) -> None:
    task = asyncio.get_running_loop().create_task(coro)
    _tasks.add(task)

    def done(t: asyncio.Task[Any]) -> None:
        _tasks.discard(t)
        if not t.cancelled() and t.exception() is not None:
            import traceback  # noqa: PLC0415

            traceback.print_exception(t.exception())
            report("error", repr(t.exception()))
            exit_now(1)

    task.add_done_callback(done)


async def _wait_for(signal: Any, predicate: Callable[[Any], bool], seconds: float) -> None:
    """Wait until ``signal`` fires with a value ``predicate`` accepts."""
    event = asyncio.Event()

    def slot(value: object) -> None:
        if predicate(value):
            event.set()

    signal.connect(slot)
    try:
        await asyncio.wait_for(event.wait(), seconds)
    finally:
        signal.disconnect(slot)


class _PaymentWatch:
    """Connected once to the controller: reconnecting a slot per sale churns PySide's signal
    bookkeeping for nothing (and 6.12.0 crashed on exactly that)."""

    def __init__(self, controller: Any) -> None:
        self.waiting = asyncio.Event()
        controller.paymentStatusChanged.connect(self.on_payment)

    def on_payment(self, status: object) -> None:
        from pos_app.terminal import PaymentStatus  # noqa: PLC0415

        if status is PaymentStatus.WAITING_FOR_INPUT:
            self.waiting.set()


_watches: dict[int, _PaymentWatch] = {}


async def _sale(window: Any, amount_text: str = "12.50") -> str:
    """One sale as the cashier does it: amount, charge, tap the test card when asked."""
    controller = window.controller
    watch = _watches.get(id(controller))
    if watch is None:
        watch = _watches[id(controller)] = _PaymentWatch(controller)
    watch.waiting.clear()
    window.sale_panel.set_amount_text(amount_text)
    charging = asyncio.ensure_future(window.charge(window.sale_panel.amount()))
    waiter = asyncio.ensure_future(watch.waiting.wait())
    await asyncio.wait({charging, waiter}, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if not charging.done():
        await controller.terminal.present_test_card()
    sale = await charging
    return str(sale.state.value)


async def _first_online(window: Any) -> Any:
    readers = await window.refresh()
    online = [reader for reader in readers if reader.online]
    if not online:
        raise RuntimeError("no online reader")
    return online[0]


async def responsive(window: Any) -> None:
    from pos_app.controllers.connection import ConnectionState  # noqa: PLC0415
    from pos_app.simulator import SimulatorControl  # noqa: PLC0415

    url = os.environ["COMPTOIR_BENCH_CONTROL"]
    controller = window.controller
    probe = LagProbe(5, window)
    sampler = StallSampler(probe)
    sampler.start()
    phases: dict[str, list[float]] = {}
    cpu: list[float] = []
    async with SimulatorControl(url) as control:
        await asyncio.sleep(SETTLE_S)  # let the start-up discovery end
        probe.start()
        started = time.perf_counter()
        reader = await _first_online(window)
        phases["discovery"] = probe.stop()
        cpu.extend(probe.cpu)
        probe.start()
        outcome = await window.connect_to(reader)
        phases["connect"] = probe.stop()
        cpu.extend(probe.cpu)
        if outcome.value != "connected":
            raise RuntimeError(f"connect: {outcome}")
        probe.start()
        state = await _sale(window)
        phases["payment"] = probe.stop()
        cpu.extend(probe.cpu)
        if state != "approved":
            raise RuntimeError(f"payment: {state}")
        probe.start()
        await control.configure(offline_after=0)
        await control.power(reader.id, False)
        await _wait_for(controller.bannerChanged, lambda banner: banner is not None, 30)
        await control.power(reader.id, True)
        await _wait_for(
            controller.stateChanged, lambda state: state is ConnectionState.CONNECTED, 60
        )
        phases["reconnect"] = probe.stop()
        cpu.extend(probe.cpu)
        elapsed = time.perf_counter() - started
    report("phases", json.dumps(phases))
    report("max_cpu_in_gap", f"{max(cpu):.6f}")
    report("stalled_in", json.dumps(sampler.stop()))
    report("elapsed", f"{elapsed:.3f}")
    exit_now()


async def sales(window: Any, count: int) -> None:
    await asyncio.sleep(SETTLE_S)
    report("rss_start_kib", settled_rss_kib())
    reader = await _first_online(window)
    outcome = await window.connect_to(reader)
    if outcome.value != "connected":
        raise RuntimeError(f"connect: {outcome}")
    for _ in range(10):
        await _sale(window)
    report("rss_warm_kib", settled_rss_kib())
    started = time.perf_counter()
    approved = 0
    checkpoints = {count * k // 8 for k in range(1, 8)}
    # COMPTOIR_BENCH_TRACEMALLOC=<sale>: from that sale on (tracing slows every allocation),
    # which lines allocated what is still alive at the end.
    trace_from = int(os.environ.get("COMPTOIR_BENCH_TRACEMALLOC") or 0)
    half_snapshot: Any = None
    for n in range(1, count + 1):
        if n == trace_from:
            import tracemalloc  # noqa: PLC0415

            tracemalloc.start(6)
            half_snapshot = tracemalloc.take_snapshot()
        state = await _sale(window, f"{1 + n % 50}.{n % 100:02d}")
        approved += state == "approved"
        if n in checkpoints:
            report("rss_at", f"{n} {settled_rss_kib()}")
    if half_snapshot is not None:
        import tracemalloc  # noqa: PLC0415

        diff = tracemalloc.take_snapshot().compare_to(half_snapshot, "traceback")
        for stat in diff[:8]:
            report("grew", f"{stat.size_diff / 1024:+.1f} KiB in {stat.count_diff:+d} blocks")
            for line in stat.traceback.format()[-6:]:
                report("grew_at", line.strip())
    report("sales_seconds", f"{time.perf_counter() - started:.3f}")
    report("approved", approved)
    report("rss_end_kib", settled_rss_kib())
    exit_now()
