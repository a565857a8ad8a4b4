"""Slot polling: idle counters of one account take turns, in the order of their readers' ids."""

from __future__ import annotations

import asyncio
import itertools
import math
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import stripe

from pos_app.simulator import SimulatorControl
from pos_app.terminal import ConnectionStatus, DisconnectReason, PollingPolicy, Terminal
from pos_app.terminal._terminal import _Slot, converge_to_slot, next_poll_slot

from .conftest import KEY, Counter
from .helpers import eventually

LIST = "GET /v1/terminal/readers"
RETRIEVE = "GET /v1/terminal/readers/{id}"


# ---------------------------------------------------------------------- the arithmetic


@pytest.mark.parametrize(
    ("now", "offset", "previous", "expected"),
    [
        # Before this period's slot: that slot.
        (100.0, 1.0, -math.inf, 101.0),
        # On a slot: that one, not the next.
        (101.0, 1.0, -math.inf, 101.0),
        # Just past it: the next period's.
        (101.2, 1.0, -math.inf, 106.0),
        # An offset late in the period.
        (103.0, 4.5, -math.inf, 104.5),
        # Wrap-around: the slot early in the period comes after the period's end.
        (104.9, 0.2, -math.inf, 105.2),
        # The slot 0.4 s after a retry: too close, so the one after.
        (100.6, 1.0, 100.6, 106.0),
        # A poll long ago does not move the slot.
        (100.6, 1.0, 95.0, 101.0),
        # The minimum gap ends exactly on a slot: that slot.
        (100.5, 1.0, 100.0, 101.0),
        # Offset at the very end of the period.
        (110.0, 4.999, 106.0, 114.999),
    ],
)
def test_next_poll_slot(now: float, offset: float, previous: float, expected: float) -> None:
    at = next_poll_slot(now, offset=offset, period=5.0, previous=previous, min_gap=1.0)
    assert at == pytest.approx(expected)


def test_next_poll_slot_invariants_at_wall_clock_magnitudes() -> None:
    rng = random.Random(7)
    period = 5.5
    for _ in range(2000):
        now = 1.8e9 + rng.uniform(0, 1e5)
        offset = rng.uniform(0, period)
        previous = now - rng.uniform(0, 3)
        at = next_poll_slot(now, offset=offset, period=period, previous=previous, min_gap=1.0)
        earliest = max(now, previous + 1.0)
        assert earliest - 1e-6 <= at < earliest + period
        turns = (at - offset) / period
        assert abs(turns - round(turns)) < 1e-6


def test_slot_period_keeps_the_idle_cost() -> None:
    policy = PollingPolicy()
    assert policy.slot_period == pytest.approx(5.5)
    assert 60 / policy.slot_period <= 12


@pytest.mark.parametrize(
    ("previous", "offset", "expected"),
    [
        # Slots at 100.5, 106.0, 111.5 (offset 1.5). On its slot: the slot one period on.
        (100.5, 1.5, 106.0),
        # 0.3 s late: the next slot, 5.2 s on.
        (100.8, 1.5, 106.0),
        # 0.3 s early: the next slot, 5.8 s on.
        (100.2, 1.5, 106.0),
        # 2 s late: the nearest slot is 3.5 s on, too soon: 5 s on (0.5 s closer).
        (102.5, 1.5, 107.5),
        # 2 s early: the nearest slot is 7.5 s on, too late: 6 s on (0.5 s closer).
        (98.5, 1.5, 104.5),
        # Wrap-around: slots at the end of the period (104.3, 109.8), a poll 0.3 s after one,
        # early in the next period; and one 0.3 s before one.
        (104.6, 5.3, 109.8),
        (104.0, 5.3, 109.8),
    ],
)
def test_converge_to_slot(previous: float, offset: float, expected: float) -> None:
    at = converge_to_slot(previous, offset=offset, period=5.5, shortest=5.0, longest=6.0)
    assert at == pytest.approx(expected)


def test_converge_to_slot_reaches_the_slot_and_stays() -> None:
    rng = random.Random(3)
    for _ in range(500):
        offset = rng.uniform(0, 5.5)
        at = 1.8e9 + rng.uniform(0, 100)
        for _ in range(7):  # at most 2.75 s off, 0.5 s closer a poll
            following = converge_to_slot(at, offset=offset, period=5.5, shortest=5.0, longest=6.0)
            assert 5.0 - 1e-6 <= following - at <= 6.0 + 1e-6
            at = following
        turns = (at - offset) / 5.5
        assert abs(turns - round(turns)) < 1e-6


def test_idle_wait_follows_the_injected_clock() -> None:
    now = [1000.0]
    terminal = Terminal(
        KEY, counter_id="id", counter_name="A", polling=PollingPolicy(), clock=lambda: now[0]
    )
    # Unknown slot: a jittered idle interval.
    assert 5.0 <= terminal._next_interval(None, -math.inf, True) <= 6.0
    # Rank 3 of 10 in a 5.5 s period: offset 1.65 s; 1000 = 181 * 5.5 + 4.5, so the slot of
    # this period (997.15) is past and the next is 1002.65.
    terminal._slot = _Slot(rank=3, count=10)
    # After a retry or a payment: the next slot at least 1 s after the last poll.
    assert terminal._next_interval(None, -math.inf, False) == pytest.approx(2.65)
    assert terminal._next_interval(None, 999.0, False) == pytest.approx(2.65)
    assert terminal._next_interval(None, 1001.8, False) == pytest.approx(8.15)
    # After an idle poll on the slot at 997.15: the next slot.
    now[0] = 997.2
    assert terminal._next_interval(None, 997.15, True) == pytest.approx(5.45)
    # After an idle poll 1 s past it: 5 s on (the slot is 4.5 s on), 0.5 s closer to it.
    now[0] = 998.2
    assert terminal._next_interval(None, 998.15, True) == pytest.approx(4.95)


async def test_a_pause_ends_on_time_though_qt_timers_are_coarse() -> None:
    # The tests run on a qasync loop, as the application does: its timers may fire 5 % early.
    terminal = Terminal(KEY, counter_id="id", counter_name="A")
    loop = asyncio.get_running_loop()

    async def error(seconds: float) -> float:
        started = loop.time()
        await terminal._pause(seconds)
        return loop.time() - started - seconds

    errors = await asyncio.gather(*(error(s) for s in (0.61, 0.83, 1.07, 1.29, 1.53)))
    assert min(errors) >= -0.003, errors
    assert max(errors) < 0.2, errors


# ---------------------------------------------------------------------- against the simulator


class _LateFirstPoll(random.Random):
    """The first poll at 90 % of the idle period (so the test acts before it)."""

    def random(self) -> float:
        return 0.9


async def _connect_each(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
    count: int,
    policy: PollingPolicy,
    **kwargs: Any,
) -> tuple[list[Counter], list[str]]:
    """Counters each connected to its own new reader; the simulator's stats count from the
    connects on (two requests each: the claim and its read-back)."""
    made = [counters(f"Counter {n}", policy, **kwargs) for n in range(count)]
    ids = [register(f"Reader {n}") for n in range(count)]
    readers = {r.id: r for r in await made[0].terminal.discover_readers(location=location)}
    await ctl.reset_stats()
    await asyncio.gather(
        *(c.terminal.connect_reader(readers[i]) for c, i in zip(made, ids, strict=True))
    )
    return made, ids


def _record_polls(counter: Counter, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The wall-clock times at which the counter's requests start, from now on."""
    times: list[float] = []
    call = counter.terminal._call

    def recording(make: Callable[[], Awaitable[Any]], **params: str) -> Awaitable[Any]:
        times.append(time.time())
        return call(make, **params)

    monkeypatch.setattr(counter.terminal, "_call", recording)
    return times


def _lateness(at: float, offset: float, period: float) -> float:
    """How late ``at`` is after the nearest slot (negative: early)."""
    late = (at - offset) % period
    return late - period if late > period / 2 else late


async def test_counters_learn_distinct_slots_from_their_first_poll_a_list(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
) -> None:
    policy = PollingPolicy(idle_interval=1.0, active_interval=1.0)
    # The first polls 0.9 s after the connects, so none comes before the last connect.
    made, ids = await _connect_each(
        counters, register, location, ctl, 5, policy, rng=_LateFirstPoll()
    )
    after_connect = [c.terminal.request_count for c in made]
    requests_when_known: dict[int, int] = {}
    started = time.monotonic()
    while len(requests_when_known) < len(made) and time.monotonic() - started < 3:
        for n, counter in enumerate(made):
            if n not in requests_when_known and counter.terminal.polling_slot is not None:
                requests_when_known[n] = counter.terminal.request_count - after_connect[n]
        await asyncio.sleep(0.005)
    # Known after one request each: the first idle poll is the list.
    assert requests_when_known == dict.fromkeys(range(len(made)), 1)
    ordered = sorted(ids)
    assert [c.terminal.polling_slot for c in made] == [(ordered.index(i), 5) for i in ids]
    stats = await ctl.stats()
    assert stats["by_endpoint"][LIST] == 5
    assert stats.get("rate_limited", 0) == 0


async def test_a_new_reader_is_learnt_at_the_next_roster(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
) -> None:
    policy = PollingPolicy(idle_interval=0.2, active_interval=0.05, roster_interval=0.8)
    (a,), (first,) = await _connect_each(counters, register, location, ctl, 1, policy)
    await eventually(lambda: a.terminal.polling_slot == (0, 1))
    second = register("Reader added later")
    expected = (sorted([first, second]).index(first), 2)
    await eventually(lambda: a.terminal.polling_slot == expected, timeout=3)
    stats = await ctl.stats()
    assert stats["by_endpoint"][LIST] >= 2
    assert stats["by_endpoint"][RETRIEVE] >= 2, "the polls between rosters read the reader"
    assert a.disconnects == []


async def test_a_reader_deleted_before_the_first_poll_is_noticed(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    api: stripe.StripeClient,
    ctl: SimulatorControl,
) -> None:
    policy = PollingPolicy(idle_interval=0.6, active_interval=0.05)
    (a,), (reader_id,) = await _connect_each(
        counters, register, location, ctl, 1, policy, rng=_LateFirstPoll()
    )
    api.v1.terminal.readers.delete(reader_id)
    await eventually(lambda: len(a.disconnects) == 1)
    assert a.disconnects[0][0] is DisconnectReason.READER_DELETED
    stats = await ctl.stats()
    # Not on the list, so read alone (after the connect's read-back): the 404 says deleted.
    assert stats["by_endpoint"][LIST] == 1
    assert stats["by_endpoint"][RETRIEVE] == 2


async def test_a_reader_missing_from_the_first_page_falls_back_to_a_retrieve(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
) -> None:
    policy = PollingPolicy(idle_interval=0.3, active_interval=0.05)
    a = counters("Counter A", policy, rng=_LateFirstPoll())
    reader_id = register("The oldest reader")
    # The list shows the newest readers first, 100 a page: the oldest is on the second page.
    for n in range(100):
        register(f"Newer reader {n}")
    reader = await a.terminal._retrieve(reader_id)
    await ctl.reset_stats()
    await a.terminal.connect_reader(reader)
    await asyncio.sleep(1.2)
    assert a.terminal.connection_status is ConnectionStatus.CONNECTED
    assert a.disconnects == []
    assert a.terminal.polling_slot is None
    stats = await ctl.stats()
    assert stats["by_endpoint"][LIST] == 1
    # The connect's read-back, the first poll's retrieve (at 0.27 s) and the idle polls
    # after it, every 0.3-0.36 s.
    assert 3 <= stats["by_endpoint"][RETRIEVE] <= 6
    await ctl.power(reader_id, on=False)
    await eventually(lambda: len(a.disconnects) == 1)
    assert a.disconnects[0][0] is DisconnectReason.READER_OFFLINE


async def test_idle_polls_of_several_counters_move_onto_their_slots_and_keep_to_them(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    count = 6
    # Idle polls every 0.4-0.8 s, slots every 0.6 s: 0.2 s closer to the slot a poll, so on it
    # from the third poll after the list.
    policy = PollingPolicy(idle_interval=0.4, active_interval=0.1, jitter=1.0)
    period = policy.slot_period
    made, _ids = await _connect_each(counters, register, location, ctl, count, policy)
    polls = [_record_polls(counter, monkeypatch) for counter in made]
    await eventually(lambda: all(c.terminal.polls_on_slot for c in made), timeout=5)
    settled_at = time.time()
    await asyncio.sleep(8 * period)

    slots = [c.terminal.polling_slot for c in made]
    assert sorted(slot[0] for slot in slots if slot) == list(range(count))
    phases = []
    for n, slot in enumerate(slots):
        assert slot is not None
        # Never more often nor less often than the idle interval and its jitter allow
        # (give or take a loaded machine's lateness).
        gaps = [b - a for a, b in itertools.pairwise(polls[n])]
        assert all(0.39 < gap < 0.9 for gap in gaps), [round(gap, 3) for gap in gaps]
        offset = period * slot[0] / slot[1]
        late = [_lateness(t, offset, period) for t in polls[n] if t > settled_at]
        assert len(late) >= 6, f"counter {n} polled {len(late)} times in 8 periods"
        # Reached within a few polls of the list (0.3 s off at most, 0.2 s closer a poll).
        first_on = next(
            i for i, t in enumerate(polls[n]) if abs(_lateness(t, offset, period)) < 0.05
        )
        assert first_on <= 3, f"counter {n} on its slot from its poll {first_on}"
        # On the slot, a little late on a loaded machine. With random phases the median
        # lateness would be anywhere in the 0.6 s period.
        lateness = statistics.median(late)
        assert abs(lateness) < 0.1, f"counter {n}: median {lateness:.3f} s after its slot"
        phases.append((offset + lateness) % period)
    # The counters are spread over the period rather than bunched.
    phases.sort()
    spacing = [b - a for a, b in itertools.pairwise(phases)]
    spacing.append(phases[0] + period - phases[-1])
    assert max(spacing) < 2.5 * period / count


async def test_after_a_rate_limited_poll_the_retry_comes_soon_then_the_slot(
    counters: Callable[..., Counter],
    register: Callable[..., str],
    location: str,
    ctl: SimulatorControl,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    policy = PollingPolicy(idle_interval=0.4, active_interval=0.1, jitter=1.0, retry_interval=0.2)
    period = policy.slot_period
    register("Another reader")  # two readers: this counter's slot is half a period or none
    (a,), _ids = await _connect_each(counters, register, location, ctl, 1, policy)
    await eventually(lambda: a.terminal.polls_on_slot, timeout=5)
    slot = a.terminal.polling_slot
    assert slot is not None and slot[1] == 2
    offset = period * slot[0] / slot[1]
    polls = _record_polls(a, monkeypatch)
    await ctl.add_fault(path="/v1/terminal/readers", kind="rate_limit", count=1)
    await asyncio.sleep(5 * period)
    stats = await ctl.stats()
    assert stats["rate_limited"] == 1
    assert a.disconnects == []
    assert len(polls) >= 5
    lateness = [_lateness(t, offset, period) for t in polls]
    # One retry, 0.2-0.26 s after the 429'd poll (off the slot); every other poll on the slot,
    # the first one right after the retry (not drawn back slowly as after a first poll).
    off_slot = [n for n, late in enumerate(lateness) if abs(late) >= 0.1]
    assert len(off_slot) == 1, [round(late, 3) for late in lateness]
    retry = off_slot[0]
    assert retry > 0
    assert 0.18 < polls[retry] - polls[retry - 1] < 0.35
