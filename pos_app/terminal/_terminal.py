"""The Terminal: Stripe's smart-reader connection semantics rebuilt on the server-driven API.

Stripe's API has no notion of a connection: any caller holding the key may push an action to
any reader. A counter therefore *claims* a reader by writing its identity into the reader's
metadata, reads the claim back (there is no compare-and-swap), and watches the reader by
polling. Another counter that writes its own claim has taken the reader over; the watcher
notices and reports it once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ._backoff import Backoff
from ._client import StripeConnection
from ._errors import ErrorCode, TerminalError, from_stripe, is_transient
from ._types import (
    CLAIM_CLAIMED_AT,
    CLAIM_COUNTER_ID,
    CLAIM_COUNTER_NAME,
    CLAIM_KEYS,
    CLAIM_NONCE,
    ConnectionStatus,
    DisconnectReason,
    PaymentOutcome,
    PaymentResult,
    PaymentStatus,
    Reader,
)

if TYPE_CHECKING:
    import stripe
    from stripe.params import PaymentIntentCreateParams
    from stripe.params.terminal import ReaderListParams

log = logging.getLogger("pos_app.terminal")

DisconnectCallback = Callable[[DisconnectReason, Mapping[str, str]], None]
ConnectionCallback = Callable[[ConnectionStatus], None]
PaymentCallback = Callable[[PaymentStatus], None]

#: A reader snapshot younger than this is trusted by ``connect_reader`` without re-reading it,
#: so that discovery followed by connect costs three requests in all.
_FRESH_SECONDS = 3.0
#: A wait this close to its end is over (timers under qasync have millisecond resolution).
_ON_TIME = 0.002
#: Waits up to this long are left to one timer: 5 % of it is a couple of milliseconds.
_SHORT_WAIT = 0.05
#: An idle poll this close to its slot is on it.
_ON_SLOT = 0.05
#: Action failure codes that mean the action was stopped rather than the card refused.
_CANCEL_CODES = frozenset({"canceled", "cancelled", "action_canceled", "reader_action_canceled"})


@dataclass
class _Flight:
    """One payment in flight on the connected reader."""

    key: str
    payment_intent: str | None = None
    #: Snapshots asked for before this moment predate the action and are ignored.
    since: float = float("inf")
    cancel_requested: bool = False
    snapshots: asyncio.Queue[Reader | TerminalError] = field(default_factory=asyncio.Queue)


@dataclass(frozen=True)
class PollingPolicy:
    """How often a connected counter asks Stripe about its reader.

    Idle: one request every ``idle_interval`` to ``idle_interval * (1 + jitter)`` seconds, so
    a counter costs at most ``60 / idle_interval`` requests a minute. Once the counter knows its
    slot (its reader's rank among the account's readers), the idle polls move onto it and then
    come every ``slot_period`` seconds (``idle_interval * (1 + jitter / 2)``) at the slot, so
    that the counters of one account take turns. With a payment in flight: about one a
    second. After 429 or a network error the interval backs off up to ``max_interval``.
    """

    idle_interval: float = 5.0
    active_interval: float = 1.0
    jitter: float = 0.2
    max_interval: float = 60.0
    #: Consecutive failed polls after which the counter is told the network is lost.
    failures_before_network_lost: int = 2
    #: The first retry after a failed poll (429, network); later ones double up to
    #: ``max_interval``. Short, so a rate-limited counter still notices a dropped reader soon.
    retry_interval: float = 1.0
    #: How often an idle poll lists the account's readers instead of reading only this
    #: counter's, to learn (again) this counter's slot.
    roster_interval: float = 600.0

    @property
    def slot_period(self) -> float:
        """The period of slot polling: the middle of the jittered idle interval."""
        return self.idle_interval * (1.0 + self.jitter / 2.0)


def next_poll_slot(
    now: float, *, offset: float, period: float, previous: float, min_gap: float
) -> float:
    """The wall-clock time of the next slot poll.

    Slots are the times ``t`` with ``(t - offset) mod period == 0``; the next one is the first
    at or after ``now`` and at least ``min_gap`` after the ``previous`` poll (so that a poll
    made just before a slot, a retry or the last one of a payment, is not followed by
    another at once).
    """
    earliest = max(now, previous + min_gap)
    # The small tolerance keeps a time that is on a slot, give or take rounding, on it.
    turns = math.ceil((earliest - offset) / period - 1e-9)
    return offset + turns * period


def converge_to_slot(
    previous: float, *, offset: float, period: float, shortest: float, longest: float
) -> float:
    """The wall-clock time of the idle poll after the ``previous`` one, drawn towards the slots.

    The slot nearest to one period after ``previous``, but never sooner than ``shortest`` nor
    later than ``longest`` after it: a counter polling off its slots (its first poll after a
    connect, at a random phase, or after its rank changed) moves towards them by up to
    ``period - shortest`` or ``longest - period`` a poll, without ever polling more often or
    less often than within that band. Once on a slot it stays there: the slot one period on is
    in the band.
    """
    turns = round((previous + period - offset) / period)
    at = offset + turns * period
    return min(max(at, previous + shortest), previous + longest)


@dataclass(frozen=True)
class _Slot:
    """This counter's turn: its reader's rank among the account's ``count`` readers."""

    rank: int
    count: int


class Terminal:
    """Comptoir's equivalent of Stripe's Terminal SDK for smart readers.

    Callbacks are plain callables invoked on the event loop: ``on_unexpected_reader_disconnect``
    with a DisconnectReason and details (``counter_name``, ``label``), exactly once per event;
    ``on_connection_status_change`` and ``on_payment_status_change`` with the new status.
    """

    def __init__(
        self,
        api_key: str,
        api_base: str | None = None,
        *,
        counter_id: str,
        counter_name: str,
        on_unexpected_reader_disconnect: DisconnectCallback | None = None,
        on_connection_status_change: ConnectionCallback | None = None,
        on_payment_status_change: PaymentCallback | None = None,
        polling: PollingPolicy | None = None,
        request_timeout: float = 15.0,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.counter_id = counter_id
        self.counter_name = counter_name
        self.on_unexpected_reader_disconnect = on_unexpected_reader_disconnect
        self.on_connection_status_change = on_connection_status_change
        self.on_payment_status_change = on_payment_status_change
        self.polling = polling or PollingPolicy()
        self._rng = rng or random.Random()
        #: Wall-clock time for slot polling: counters on different PCs share it (NTP).
        self._clock = clock
        #: This counter's polling slot, learnt from the account's reader list.
        self._slot: _Slot | None = None
        #: The last idle poll came on that slot.
        self._on_slot = False
        #: When the watcher last listed the account's readers (``time.monotonic()``).
        self._roster_at: float | None = None
        self._stripe = StripeConnection(api_key, api_base, request_timeout)
        self._status = ConnectionStatus.NOT_CONNECTED
        self._payment_status = PaymentStatus.NOT_READY
        self._reader: Reader | None = None
        self._nonce: str | None = None
        #: Why the last reader was lost, so the next command can say so.
        self._lost: TerminalError | None = None
        self._flight: _Flight | None = None
        self._watch_task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._closed = False
        #: Number of HTTP requests made, for the polling-budget benchmark.
        self.request_count = 0

    # ------------------------------------------------------------------ state

    @property
    def connected_reader(self) -> Reader | None:
        return self._reader if self._status is ConnectionStatus.CONNECTED else None

    @property
    def last_reader(self) -> Reader | None:
        """The reader held now, or the one just lost without asking (for "Take it back")."""
        return self._reader

    @property
    def polling_slot(self) -> tuple[int, int] | None:
        """``(rank, count)`` of the connected reader among the account's readers, once known."""
        slot = self._slot
        return None if slot is None else (slot.rank, slot.count)

    @property
    def polls_on_slot(self) -> bool:
        """The last idle poll came on this counter's slot (it has moved onto it)."""
        return self._on_slot

    @property
    def connection_status(self) -> ConnectionStatus:
        return self._status

    @property
    def payment_status(self) -> PaymentStatus:
        return self._payment_status

    def _set_status(self, status: ConnectionStatus) -> None:
        if status is self._status:
            return
        self._status = status
        self._notify(self.on_connection_status_change, status)

    def _set_payment_status(self, status: PaymentStatus) -> None:
        if status is self._payment_status:
            return
        self._payment_status = status
        self._notify(self.on_payment_status_change, status)

    @staticmethod
    def _notify(callback: Callable[..., None] | None, *args: Any) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:
            log.exception("A terminal callback failed")

    # ------------------------------------------------------------------ API calls

    @property
    def _client(self) -> stripe.StripeClient:
        return self._stripe.client

    async def _call(self, make: Callable[[], Awaitable[Any]], **params: str) -> Any:
        await self._stripe.prepare()
        import stripe  # noqa: PLC0415 - loaded by prepare(); see _client.py

        self.request_count += 1
        try:
            return await make()
        except stripe.StripeError as error:
            raise from_stripe(error, **params) from error

    async def _retrieve(self, reader_id: str, **params: str) -> Reader:
        asked_at = time.monotonic()
        obj = await self._call(
            lambda: self._client.v1.terminal.readers.retrieve_async(reader_id), **params
        )
        return replace(Reader.from_stripe(obj), fetched_at=asked_at)

    async def _write_claim(self, reader_id: str, metadata: dict[str, str], **params: str) -> Reader:
        obj = await self._call(
            lambda: self._client.v1.terminal.readers.update_async(
                reader_id, params={"metadata": metadata}
            ),
            **params,
        )
        return replace(Reader.from_stripe(obj), fetched_at=time.monotonic())

    # ------------------------------------------------------------------ discovery

    async def discover_readers(
        self, location: str | None = None, simulated: bool = False
    ) -> list[Reader]:
        """The readers registered to the account, offline ones included (``reader.online``)."""
        self._ensure_open()
        params: ReaderListParams = {"limit": 100}
        if location:
            params["location"] = location

        async def fetch() -> list[Any]:
            page = await self._client.v1.terminal.readers.list_async(params=params)
            items = list(page.data)
            while page.has_more and items:
                self.request_count += 1
                page = await self._client.v1.terminal.readers.list_async(
                    params={**params, "starting_after": str(items[-1].id)}
                )
                items.extend(page.data)
            return items

        now = time.monotonic()
        readers = [
            replace(Reader.from_stripe(obj), fetched_at=now) for obj in await self._call(fetch)
        ]
        if simulated:
            readers = [reader for reader in readers if reader.simulated]
        return readers

    # ------------------------------------------------------------------ connection

    async def connect_reader(self, reader: Reader, fail_if_in_use: bool = True) -> Reader:
        """Claim ``reader`` for this counter.

        With ``fail_if_in_use`` a reader taking a payment or showing a cart for another counter
        is left alone (``reader_busy``); without it, that counter's action is cancelled and the
        reader is taken over.
        """
        self._ensure_open()
        if self._status is ConnectionStatus.CONNECTED and self._reader is not None:
            if self._reader.id == reader.id:
                return self._reader
            raise TerminalError(ErrorCode.ALREADY_CONNECTED, params={"label": self._reader.label})
        if self._status is ConnectionStatus.CONNECTING:
            raise TerminalError(ErrorCode.ALREADY_CONNECTED, params={"label": reader.label})
        self._set_status(ConnectionStatus.CONNECTING)
        try:
            connected = await self._claim(reader, fail_if_in_use)
        except BaseException:
            self._set_status(ConnectionStatus.NOT_CONNECTED)
            raise
        self._reader = connected
        self._lost = None
        self._set_status(ConnectionStatus.CONNECTED)
        self._set_payment_status(PaymentStatus.READY)
        self._start_watching()
        log.info("Connected to reader %s (%s)", connected.id, connected.serial_number)
        return connected

    async def _claim(self, reader: Reader, fail_if_in_use: bool) -> Reader:
        names = {"label": reader.label}
        try:
            current = (
                reader
                if time.monotonic() - reader.fetched_at < _FRESH_SECONDS
                else await self._retrieve(reader.id, **names)
            )
        except TerminalError as error:
            if error.code is ErrorCode.READER_NOT_FOUND:
                raise TerminalError(ErrorCode.READER_NOT_FOUND, params=names) from error
            raise
        if current.deleted:
            raise TerminalError(ErrorCode.READER_NOT_FOUND, params=names)
        names = {"label": current.label}
        if not current.online:
            raise TerminalError(ErrorCode.READER_OFFLINE, params=names)
        busy_elsewhere = current.busy and current.claimed_by_id != self.counter_id
        other = current.claimed_by_name or ""
        if busy_elsewhere and fail_if_in_use:
            raise TerminalError(ErrorCode.READER_BUSY, params={**names, "counter": other})

        nonce = uuid.uuid4().hex
        self._nonce = nonce
        claimed = await self._write_claim(
            current.id,
            {
                CLAIM_COUNTER_ID: self.counter_id,
                CLAIM_COUNTER_NAME: self.counter_name,
                CLAIM_CLAIMED_AT: str(int(time.time())),
                CLAIM_NONCE: nonce,
            },
            **names,
        )
        started_meanwhile = claimed.busy and not current.busy
        if fail_if_in_use and started_meanwhile:
            # Another counter started a payment between our read and our write: give the
            # claim back untouched rather than disturb that payment.
            await self._restore_claim(current)
            raise TerminalError(ErrorCode.READER_BUSY, params={**names, "counter": other})
        if not fail_if_in_use and claimed.busy and (busy_elsewhere or started_meanwhile):
            await self._cancel_foreign_action(current.id, names)

        confirmed = await self._retrieve(current.id, **names)
        if confirmed.claim_nonce != nonce:
            raise TerminalError(
                ErrorCode.READER_BUSY,
                params={**names, "counter": confirmed.claimed_by_name or ""},
                detail="lost the claim race",
            )
        if fail_if_in_use and confirmed.busy and not current.busy:
            await self._restore_claim(current)
            raise TerminalError(
                ErrorCode.READER_BUSY,
                params={**names, "counter": confirmed.claimed_by_name or other},
            )
        return confirmed

    async def _restore_claim(self, previous: Reader) -> None:
        restored = {
            CLAIM_COUNTER_ID: previous.claimed_by_id or "",
            CLAIM_COUNTER_NAME: previous.claimed_by_name or "",
            CLAIM_CLAIMED_AT: previous.claimed_at or "",
            CLAIM_NONCE: previous.claim_nonce or "",
        }
        try:
            await self._write_claim(previous.id, restored)
        except TerminalError:
            log.warning("Could not give the claim on %s back", previous.id, exc_info=True)
        self._nonce = None

    async def _cancel_foreign_action(self, reader_id: str, names: Mapping[str, str]) -> None:
        """Interrupt another counter's action; the card may be mid-authorization, so retry."""
        for attempt in range(5):
            try:
                await self._call(
                    lambda: self._client.v1.terminal.readers.cancel_action_async(reader_id),
                    **names,
                )
                return
            except TerminalError as error:
                if error.code is not ErrorCode.READER_BUSY or attempt == 4:
                    raise
            await asyncio.sleep(0.5)

    async def disconnect_reader(self) -> None:
        """Let the reader go: cancel this counter's payment and remove its claim."""
        self._ensure_open()
        reader = self._reader
        if self._flight is not None:
            with contextlib.suppress(TerminalError):
                await self.cancel_payment()
        await self._stop_watching()
        self._reader = None
        self._lost = None
        if reader is not None and self._status is ConnectionStatus.CONNECTED:
            try:
                current = await self._retrieve(reader.id)
                if current.claim_nonce == self._nonce:
                    await self._write_claim(reader.id, dict.fromkeys(CLAIM_KEYS, ""))
            except TerminalError:
                log.info("Could not remove the claim on %s", reader.id, exc_info=True)
        self._nonce = None
        self._set_payment_status(PaymentStatus.NOT_READY)
        self._set_status(ConnectionStatus.NOT_CONNECTED)

    async def close(self) -> None:
        """Stop watching and close the HTTP client. The claim stays on the reader."""
        if self._closed:
            return
        self._closed = True
        await self._stop_watching()
        with contextlib.suppress(Exception):
            await self._stripe.aclose()

    def _ensure_open(self) -> None:
        if self._closed:
            raise RuntimeError("Terminal is closed")

    def _require_connected(self) -> Reader:
        self._ensure_open()
        if self._status is not ConnectionStatus.CONNECTED or self._reader is None:
            if self._lost is not None:
                raise TerminalError(self._lost.code, params=self._lost.params)
            raise TerminalError(ErrorCode.NO_ESTABLISHED_CONNECTION)
        return self._reader

    # ------------------------------------------------------------------ watching

    def _start_watching(self) -> None:
        self._wake = asyncio.Event()
        self._watch_task = asyncio.get_running_loop().create_task(
            self._watch(), name=f"watch-reader-{self.counter_name}"
        )

    async def _stop_watching(self) -> None:
        task, self._watch_task = self._watch_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            except Exception:
                # The watcher already ended on its own; what ended it was logged or is moot.
                log.debug("Watcher ended with an error", exc_info=True)

    def _next_interval(
        self, backoff: Backoff | None, previous: float, after_idle_poll: bool
    ) -> float:
        """Seconds until the next poll.

        After a failed poll, the next backoff delay; with a payment in flight,
        ``active_interval``; idle with an unknown slot, a jittered idle interval. Idle with a
        known slot: after an idle poll, one idle interval drawn towards the slot
        (``converge_to_slot``, within the jitter band); after a retry or a payment, the next
        slot at least ``active_interval`` after that poll (``next_poll_slot``).
        ``previous``: the wall-clock time of the last poll.
        """
        policy = self.polling
        if backoff is not None:
            return min(policy.max_interval, backoff.next_delay())
        if self._flight is not None:
            return policy.active_interval
        slot = self._slot
        if slot is None:
            return policy.idle_interval * (1.0 + policy.jitter * self._rng.random())
        period = policy.slot_period
        offset = period * slot.rank / slot.count
        now = self._clock()
        if after_idle_poll and policy.jitter > 0:
            at = converge_to_slot(
                previous,
                offset=offset,
                period=period,
                shortest=policy.idle_interval,
                longest=policy.idle_interval * (1.0 + policy.jitter),
            )
        else:
            at = next_poll_slot(
                now, offset=offset, period=period, previous=previous, min_gap=policy.active_interval
            )
        return max(0.0, at - now)

    async def _watch(self) -> None:
        failures = 0
        backoff = Backoff(
            base=self.polling.retry_interval, cap=self.polling.max_interval, rng=self._rng
        )
        # Counters started together (a shop opening, a power cut ending) would otherwise poll
        # in step and meet the account's rate limit together: the first poll comes at a random
        # phase of the idle period. It lists the account's readers, which tells this counter
        # its slot; the next polls move onto it (converge_to_slot), and from then on the
        # counters of the account take turns.
        first_wait: float | None = self._rng.uniform(0.0, self.polling.idle_interval)
        self._slot = None
        self._on_slot = False
        self._roster_at = None
        previous = -math.inf
        retrying = False
        #: The last poll was a successful idle one (not a retry, no payment in flight).
        after_idle_poll = False
        while self._status is ConnectionStatus.CONNECTED:
            wait = self._next_interval(backoff if retrying else None, previous, after_idle_poll)
            if first_wait is not None and self._flight is None:
                wait = first_wait
            first_wait = None
            await self._pause(wait)
            self._wake.clear()
            reader = self._reader
            if reader is None or self._status is not ConnectionStatus.CONNECTED:
                return
            previous = self._clock()
            idle_poll = self._flight is None and not retrying
            # A payment in flight reads only its reader; the roster waits for an idle poll.
            roster_at = self._roster_at
            roster_due = self._flight is None and (
                roster_at is None or time.monotonic() - roster_at >= self.polling.roster_interval
            )
            try:
                if roster_due:
                    snapshot = await self._poll_roster(reader)
                else:
                    snapshot = await self._retrieve(reader.id, label=reader.label)
            except TerminalError as error:
                if error.code is ErrorCode.READER_NOT_FOUND:
                    self._lose(DisconnectReason.READER_DELETED, ErrorCode.READER_NOT_FOUND)
                    return
                retrying = True
                log.warning("Watching %s failed: %s", reader.id, error.detail)
                if error.code is ErrorCode.RATE_LIMITED:
                    # Stripe answered: the network is fine, only this account is too busy.
                    failures = 0
                    continue
                failures += 1
                if is_transient(error) and failures >= self.polling.failures_before_network_lost:
                    self._lose(DisconnectReason.NETWORK_LOST, ErrorCode.NETWORK_ERROR)
                    return
                continue
            failures = 0
            retrying = False
            after_idle_poll = idle_poll and self._flight is None
            if idle_poll:
                self._on_slot = self._is_on_slot(previous)
            backoff.reset()
            if not self._observe(snapshot):
                return

    def _is_on_slot(self, at: float) -> bool:
        slot = self._slot
        if slot is None:
            return False
        period = self.polling.slot_period
        late = (at - period * slot.rank / slot.count) % period
        return min(late, period - late) < min(_ON_SLOT, period / 10)

    async def _pause(self, seconds: float) -> None:
        """Wait ``seconds``, or less if the watcher is woken.

        Under qasync (the application's loop) timers are Qt's coarse timers, which fire up to
        5 % early or late: 270 ms either way of a 5.5 s wait, several counters' slots. So aim
        a little short and wait out the rest in shorter and shorter steps, which puts a poll
        on its slot to a few milliseconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not self._wake.is_set():
            remaining = deadline - loop.time()
            if remaining <= _ON_TIME:
                return
            step = remaining if remaining <= _SHORT_WAIT else remaining * 0.9
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(step):
                    await self._wake.wait()

    async def _poll_roster(self, reader: Reader) -> Reader:
        """Poll by listing the account's readers (one request, like a retrieve): the entry of
        this counter's reader is the poll's snapshot, and its rank in the sorted ids is this
        counter's slot.

        If the reader is not on the page (deleted, or past the first 100 readers), read it
        alone instead, and poll at jittered intervals until the next roster.
        """
        asked_at = time.monotonic()
        params: ReaderListParams = {"limit": 100}
        page = await self._call(
            lambda: self._client.v1.terminal.readers.list_async(params=params),
            label=reader.label,
        )
        self._roster_at = time.monotonic()
        entries = [Reader.from_stripe(obj) for obj in page.data]
        ids = sorted(entry.id for entry in entries)
        mine = next((entry for entry in entries if entry.id == reader.id), None)
        if mine is None:
            self._slot = None
            log.info("Reader %s is not on the account's first page of readers", reader.id)
            return await self._retrieve(reader.id, label=reader.label)
        # With more than one page, the counters whose readers are on the first page still
        # share one ordering; the others poll at random phases.
        self._slot = _Slot(rank=ids.index(reader.id), count=len(ids))
        return replace(mine, fetched_at=asked_at)

    def _observe(self, snapshot: Reader) -> bool:
        """Judge a fresh reader snapshot; False once the reader is lost."""
        if snapshot.deleted:
            self._lose(DisconnectReason.READER_DELETED, ErrorCode.READER_NOT_FOUND)
            return False
        if not snapshot.online:
            self._lose(DisconnectReason.READER_OFFLINE, ErrorCode.READER_OFFLINE)
            return False
        flight = self._flight
        if snapshot.claim_nonce != self._nonce:
            ours_running = (
                flight is not None
                and flight.payment_intent is not None
                and snapshot.action_payment_intent == flight.payment_intent
                and snapshot.action_status == "in_progress"
            )
            if not ours_running:
                self._reader = snapshot
                self._lose(
                    DisconnectReason.TAKEN_OVER,
                    ErrorCode.READER_TAKEN_OVER,
                    counter=snapshot.claimed_by_name or "",
                )
                return False
            # A counter that tried to connect without interrupting is giving the claim back.
            return True
        self._reader = snapshot
        if flight is not None and snapshot.fetched_at >= flight.since:
            flight.snapshots.put_nowait(snapshot)
        return True

    def _lose(self, reason: DisconnectReason, code: ErrorCode, **details: str) -> None:
        reader = self._reader
        if reader is not None:
            # The last snapshot predates the loss: a reconnect must read the reader again
            # rather than trust it (it may still say "online").
            self._reader = replace(reader, fetched_at=0.0)
        label = reader.label if reader is not None else ""
        params = {"label": label, **details}
        self._lost = TerminalError(code, params=params)
        flight = self._flight
        if flight is not None:
            flight.snapshots.put_nowait(TerminalError(code, params=params))
        self._set_payment_status(PaymentStatus.NOT_READY)
        self._set_status(ConnectionStatus.NOT_CONNECTED)
        log.warning("Reader %s lost: %s %s", reader.id if reader else "?", reason.value, details)
        self._notify(self.on_unexpected_reader_disconnect, reason, params)

    async def _poll_now(self) -> Reader:
        """Read the connected reader at once and judge it as the watcher would."""
        reader = self._require_connected()
        try:
            snapshot = await self._retrieve(reader.id, label=reader.label)
        except TerminalError as error:
            if error.code is ErrorCode.READER_NOT_FOUND:
                self._lose(DisconnectReason.READER_DELETED, ErrorCode.READER_NOT_FOUND)
            raise
        if not self._observe(snapshot):
            assert self._lost is not None
            raise TerminalError(self._lost.code, params=self._lost.params)
        return snapshot

    # ------------------------------------------------------------------ payments

    async def collect_payment(
        self,
        amount: int,
        currency: str,
        idempotency_key: str,
        *,
        description: str | None = None,
    ) -> PaymentResult:
        """Take ``amount`` on the connected reader for one sale.

        ``idempotency_key`` names the sale: calling again with it after any failure reuses the
        sale's PaymentIntent and never charges twice. A decline is returned, not raised.
        """
        reader = self._require_connected()
        if self._flight is not None:
            raise TerminalError(ErrorCode.PAYMENT_IN_PROGRESS, params={"label": reader.label})
        flight = _Flight(key=idempotency_key)
        self._flight = flight
        try:
            return await self._collect(flight, amount, currency, description)
        finally:
            self._flight = None
            if self._status is ConnectionStatus.CONNECTED:
                self._set_payment_status(PaymentStatus.READY)

    async def _collect(
        self, flight: _Flight, amount: int, currency: str, description: str | None
    ) -> PaymentResult:
        reader = self._require_connected()
        names = {"label": reader.label}
        params: PaymentIntentCreateParams = {
            "amount": amount,
            "currency": currency.lower(),
            "allowed_payment_method_types": ["card_present"],
            "capture_method": "automatic",
            "metadata": {
                "comptoir_sale": flight.key,
                "comptoir_counter_id": self.counter_id,
                "comptoir_counter_name": self.counter_name,
            },
        }
        if description:
            params["description"] = description
        intent = await self._call(
            lambda: self._client.v1.payment_intents.create_async(
                params=params, options={"idempotency_key": f"comptoir-sale-{flight.key}"}
            ),
            **names,
        )
        response = getattr(intent, "last_response", None)
        replayed = response is not None and response.headers.get("idempotent-replayed") == "true"
        if replayed:
            intent = await self._retrieve_intent(intent.id, names)
        flight.payment_intent = intent.id
        settled = self._settled_result(intent)
        if settled is not None:
            return settled
        if intent.status == "canceled":
            raise TerminalError(ErrorCode.CANCELED, params=names, detail="PaymentIntent canceled")

        snapshot = await self._poll_now()
        running = (
            snapshot.action_payment_intent == intent.id and snapshot.action_status == "in_progress"
        )
        flight.since = time.monotonic()
        if not running and intent.status != "processing":
            await self._process(flight, intent.id, names)
        self._set_payment_status(PaymentStatus.WAITING_FOR_INPUT)
        self._wake.set()
        return await self._follow(flight, intent.id, names)

    async def _process(self, flight: _Flight, intent_id: str, names: Mapping[str, str]) -> None:
        reader = self._require_connected()
        try:
            await self._call(
                lambda: self._client.v1.terminal.readers.process_payment_intent_async(
                    reader.id, params={"payment_intent": intent_id}
                ),
                **names,
            )
        except TerminalError as error:
            if error.code not in (ErrorCode.READER_TIMEOUT, ErrorCode.READER_BUSY):
                raise
            # terminal_reader_timeout may be a false negative and "busy" may be our own
            # action: look at the reader and the PaymentIntent before anything else.
            snapshot = await self._poll_now()
            if snapshot.action_payment_intent == intent_id:
                return
            intent = await self._retrieve_intent(intent_id, names)
            if self._settled_result(intent) is not None or intent.status == "processing":
                return
            if error.code is ErrorCode.READER_BUSY:
                raise TerminalError(
                    ErrorCode.READER_BUSY,
                    params={**names, "counter": snapshot.claimed_by_name or ""},
                    stripe_error=error.stripe_error,
                ) from error
            await self._call(
                lambda: self._client.v1.terminal.readers.process_payment_intent_async(
                    reader.id, params={"payment_intent": intent_id}
                ),
                **names,
            )

    async def _retrieve_intent(self, intent_id: str, names: Mapping[str, str]) -> Any:
        return await self._call(
            lambda: self._client.v1.payment_intents.retrieve_async(intent_id), **names
        )

    @staticmethod
    def _settled_result(intent: Any) -> PaymentResult | None:
        if intent.status not in ("succeeded", "requires_capture"):
            return None
        return PaymentResult(
            outcome=PaymentOutcome.APPROVED,
            payment_intent_id=intent.id,
            amount=intent.amount,
            currency=intent.currency,
            payment_intent_status=intent.status,
            charge_id=_charge_id(intent),
        )

    async def _follow(
        self, flight: _Flight, intent_id: str, names: Mapping[str, str]
    ) -> PaymentResult:
        while True:
            item = await flight.snapshots.get()
            if isinstance(item, TerminalError):
                raise item
            snapshot = item
            ours = snapshot.action_payment_intent == intent_id
            if ours and snapshot.action_status == "in_progress":
                continue
            self._set_payment_status(PaymentStatus.PROCESSING)
            intent = await self._retrieve_intent(intent_id, names)
            settled = self._settled_result(intent)
            if settled is not None:
                return settled
            if intent.status == "processing":
                self._set_payment_status(PaymentStatus.WAITING_FOR_INPUT)
                continue
            code = snapshot.action_failure_code if ours else None
            if (
                ours
                and snapshot.action_status == "failed"
                and code
                and code not in _CANCEL_CODES
                and not flight.cancel_requested
            ):
                error = intent.last_payment_error
                return PaymentResult(
                    outcome=PaymentOutcome.DECLINED,
                    payment_intent_id=intent.id,
                    amount=intent.amount,
                    currency=intent.currency,
                    payment_intent_status=intent.status,
                    failure_code=code,
                    decline_code=getattr(error, "decline_code", None) if error else None,
                    failure_message=snapshot.action_failure_message,
                )
            raise TerminalError(
                ErrorCode.CANCELED,
                params=names,
                detail="canceled by this counter"
                if flight.cancel_requested
                else "canceled on the reader",
            )

    async def cancel_payment(self) -> None:
        """Cancel the payment in flight (``cancel_action``); its sale stays retryable."""
        reader = self._require_connected()
        flight = self._flight
        if flight is None:
            return
        flight.cancel_requested = True
        try:
            await self._call(
                lambda: self._client.v1.terminal.readers.cancel_action_async(reader.id),
                label=reader.label,
            )
        except TerminalError as error:
            flight.cancel_requested = False
            if error.code is ErrorCode.READER_BUSY:
                raise TerminalError(
                    ErrorCode.PAYMENT_PROCESSING,
                    params={"label": reader.label},
                    stripe_error=error.stripe_error,
                ) from error
            raise
        self._wake.set()

    async def present_test_card(self, number: str = "4242424242424242") -> None:
        """Tap a test card on a simulated reader (Stripe's test helper)."""
        reader = self._require_connected()
        if not reader.simulated:
            raise TerminalError(ErrorCode.NOT_SIMULATED, params={"label": reader.label})
        await self._call(
            lambda: self._client.v1.test_helpers.terminal.readers.present_payment_method_async(
                reader.id, params={"type": "card_present", "card_present": {"number": number}}
            ),
            label=reader.label,
        )
        self._wake.set()


def _charge_id(intent: Any) -> str | None:
    charge = getattr(intent, "latest_charge", None)
    if charge is None:
        return None
    return charge if isinstance(charge, str) else str(charge.id)
