"""The sales journal: a SQLite file that survives a crash in the middle of a payment.

A sale is written before any call to Stripe, then every state change is appended to its
events with the time, the PaymentIntent id and the outcome. At startup the unfinished sales
are reconciled with Stripe (`pos_app.controllers.journal`), so a counter that lost power
never charges a customer twice and never loses track of money taken.

The file lives in ``data_dir()/journal.sqlite3``. It runs in WAL mode with
``synchronous=FULL``: every write here is a state change that matters, and in WAL mode a
lower level may lose the last commits on power loss. The schema version is SQLite's
``user_version``; `MIGRATIONS` brings any older file up to date inside one transaction.

A file that cannot be read (garbage, a newer Comptoir's schema) or that another process
holds locked raises `JournalError`. Nothing here ever deletes or overwrites a journal:
`set_aside` renames the file (with its ``-wal``/``-shm`` companions) next to itself with a
timestamp, and only when the cashier agreed to start a fresh one.

User-visible strings are marked with `QT_TRANSLATE_NOOP` in context ``journal``; the widgets
translate them.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pos_app.i18n_markers import QT_TRANSLATE_NOOP
from pos_app.paths import data_dir

__all__ = [
    "CURRENT_VERSION",
    "MIGRATIONS",
    "FailureKind",
    "Journal",
    "JournalError",
    "JournalState",
    "SaleEvent",
    "SaleRecord",
    "TotalsRow",
    "journal_path",
    "major_units",
    "set_aside",
    "write_totals_csv",
]

FILE_NAME = "journal.sqlite3"

#: Seconds to wait for another connection's write lock before calling the journal locked.
BUSY_TIMEOUT = 2.0


class JournalState(enum.StrEnum):
    """Where a sale stands, as written in the journal."""

    #: Written, nothing sent to Stripe yet.
    PENDING = "pending"
    #: Stripe was asked (the PaymentIntent is being created, or the reader is taking it).
    IN_PROGRESS = "in_progress"
    #: Paid. Closed.
    APPROVED = "approved"
    #: The card was refused; the cashier may retry the same sale or void it.
    DECLINED = "declined"
    #: Stopped before an outcome (canceled, network, reader lost, crash); retry or void.
    INTERRUPTED = "interrupted"
    #: Dropped by the cashier; its PaymentIntent was canceled when it still could be. Closed.
    VOIDED = "voided"
    #: Stripe's answer made no sense for this sale: a person must look at it.
    NEEDS_ATTENTION = "needs_attention"

    @property
    def closed(self) -> bool:
        return self in (JournalState.APPROVED, JournalState.VOIDED)

    @property
    def open(self) -> bool:
        """Offered to the cashier to retry or void."""
        return self in (
            JournalState.DECLINED,
            JournalState.INTERRUPTED,
            JournalState.NEEDS_ATTENTION,
        )


#: States whose outcome Stripe may know better than the journal.
UNFINISHED = (JournalState.PENDING, JournalState.IN_PROGRESS)


class FailureKind(enum.StrEnum):
    CORRUPT = "corrupt"
    LOCKED = "locked"
    TOO_NEW = "too_new"
    UNREADABLE = "unreadable"


_MESSAGES: dict[FailureKind, str] = {
    FailureKind.CORRUPT: QT_TRANSLATE_NOOP(
        "journal",
        "The sales journal {path} is damaged and cannot be read. It has been left untouched. "
        "You can start a new journal (the damaged file is kept next to it for support), or quit.",
    ),
    FailureKind.LOCKED: QT_TRANSLATE_NOOP(
        "journal",
        "The sales journal {path} is in use by another program, probably another Comptoir "
        "window. Close it and try again, or start a new journal (the current file is kept).",
    ),
    FailureKind.TOO_NEW: QT_TRANSLATE_NOOP(
        "journal",
        "The sales journal {path} was written by a newer version of Comptoir. Update Comptoir, "
        "or start a new journal (the current file is kept).",
    ),
    FailureKind.UNREADABLE: QT_TRANSLATE_NOOP(
        "journal",
        "The sales journal {path} cannot be opened: check the disk and its permissions. You "
        "can try again or start a new journal (the current file is kept).",
    ),
}


class JournalError(Exception):
    """The journal file cannot be used; it was left exactly as it was."""

    def __init__(self, kind: FailureKind, path: Path, detail: str = "") -> None:
        self.kind = kind
        self.path = path
        #: SQLite's own words, for the log.
        self.detail = detail
        super().__init__(self.translated())

    @property
    def template(self) -> str:
        return _MESSAGES[self.kind]

    def translated(self, translate: Callable[[str, str], str] | None = None) -> str:
        template = translate("journal", self.template) if translate else self.template
        return template.format(path=str(self.path))

    def __str__(self) -> str:
        return self.translated()


# Each entry upgrades the schema from version i to i + 1. Never edit a released entry: add one.
MIGRATIONS: Sequence[str] = (
    # 1: sales and their events.
    """
    CREATE TABLE sales (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        counter_name TEXT NOT NULL,
        reader_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        state TEXT NOT NULL,
        payment_intent_id TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sale_id TEXT NOT NULL REFERENCES sales(id),
        at TEXT NOT NULL,
        state TEXT NOT NULL,
        payment_intent_id TEXT,
        detail TEXT
    );
    CREATE INDEX events_sale ON events(sale_id);
    """,
    # 2: the reader's label for the reports, the charge, the decline or error code, and when
    # the PaymentIntent was first asked for (its id may never have been written: see
    # pos_app.controllers.journal.reconcile).
    """
    ALTER TABLE sales ADD COLUMN reader_label TEXT NOT NULL DEFAULT '';
    ALTER TABLE sales ADD COLUMN charge_id TEXT;
    ALTER TABLE sales ADD COLUMN detail TEXT;
    ALTER TABLE sales ADD COLUMN intent_requested_at TEXT;
    UPDATE sales SET intent_requested_at = updated_at WHERE payment_intent_id IS NOT NULL;
    CREATE INDEX sales_state ON sales(state);
    CREATE INDEX sales_updated ON sales(updated_at);
    """,
)
CURRENT_VERSION = len(MIGRATIONS)
#: SQLite's page cache for the journal, in KiB (docs/benchmarks.md, "Memory").
CACHE_KIB = 512


def journal_path() -> Path:
    return data_dir() / FILE_NAME


def _iso(timestamp: float) -> str:
    """UTC, fixed width, so that text order is time order."""
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class SaleRecord:
    id: str
    idempotency_key: str
    amount: int
    currency: str
    counter_id: str
    counter_name: str
    reader_id: str
    reader_label: str
    created_at: dt.datetime
    updated_at: dt.datetime
    state: JournalState
    payment_intent_id: str | None
    charge_id: str | None
    #: The decline code, the terminal error code or the reconciliation's note.
    detail: str | None
    #: When a PaymentIntent was first requested (None: the sale never reached Stripe).
    intent_requested_at: dt.datetime | None


@dataclass(frozen=True)
class SaleEvent:
    sale_id: str
    at: dt.datetime
    state: JournalState
    payment_intent_id: str | None
    detail: str | None


@dataclass(frozen=True)
class TotalsRow:
    """One line of the end-of-day report."""

    counter_id: str
    counter_name: str
    reader_id: str
    reader_label: str
    outcome: JournalState
    currency: str
    count: int
    #: Minor units (cents).
    amount: int


_SALE_COLUMNS = (
    "id, idempotency_key, amount, currency, counter_id, counter_name, reader_id, reader_label, "
    "created_at, updated_at, state, payment_intent_id, charge_id, detail, intent_requested_at"
)


def _sale(row: sqlite3.Row) -> SaleRecord:
    requested = row["intent_requested_at"]
    return SaleRecord(
        id=row["id"],
        idempotency_key=row["idempotency_key"],
        amount=row["amount"],
        currency=row["currency"],
        counter_id=row["counter_id"],
        counter_name=row["counter_name"],
        reader_id=row["reader_id"],
        reader_label=row["reader_label"],
        created_at=_parse(row["created_at"]),
        updated_at=_parse(row["updated_at"]),
        state=JournalState(row["state"]),
        payment_intent_id=row["payment_intent_id"],
        charge_id=row["charge_id"],
        detail=row["detail"],
        intent_requested_at=_parse(requested) if requested else None,
    )


def _failure(error: sqlite3.Error, path: Path) -> JournalError:
    code = getattr(error, "sqlite_errorcode", None)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(error):
        kind = FailureKind.LOCKED
    elif code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT) or (
        type(error) is sqlite3.DatabaseError
    ):
        kind = FailureKind.CORRUPT
    else:
        kind = FailureKind.UNREADABLE
    return JournalError(kind, path, f"{type(error).__name__}: {error}")


class Journal:
    """The sales journal of one counter. Not thread-safe: use it from the event loop.

    Every method that writes commits before it returns, with ``synchronous=FULL``.
    """

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], float] = time.time,
        busy_timeout: float = BUSY_TIMEOUT,
    ) -> None:
        """Open (or create) the journal at ``path`` and migrate it; raise `JournalError`."""
        self.path = path
        self._clock = clock
        self._busy_timeout = busy_timeout
        try:
            self._db = sqlite3.connect(
                path, timeout=busy_timeout, isolation_level=None, check_same_thread=True
            )
        except sqlite3.Error as error:
            raise _failure(error, path) from error
        self._db.row_factory = sqlite3.Row
        try:
            self._prepare()
        except sqlite3.Error as error:
            self._db.close()
            raise _failure(error, path) from error
        except JournalError:
            self._db.close()
            raise

    @classmethod
    def open_default(cls) -> Journal:
        return cls(journal_path())

    def _prepare(self) -> None:
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        # Reading the header first: garbage fails here, before anything is written.
        check = db.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise JournalError(FailureKind.CORRUPT, self.path, f"quick_check: {check}")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise JournalError(FailureKind.LOCKED, self.path, f"journal_mode stays {mode}")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        # A counter writes about 1 KiB per sale and reads back only recent sales: SQLite's
        # default cache (2 MiB) would keep growing with the file over a long day for nothing.
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        # Taking the write lock now tells a locked file at startup, not at the first sale.
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > CURRENT_VERSION:
                raise JournalError(
                    FailureKind.TOO_NEW, self.path, f"user_version {version} > {CURRENT_VERSION}"
                )
            for number in range(version, CURRENT_VERSION):
                for statement in _statements(MIGRATIONS[number]):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()

    @property
    def version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self._clock(), dt.UTC)

    # ------------------------------------------------------------------ writes

    def _write(self, statements: Iterable[tuple[str, Sequence[object]]]) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for sql, params in statements:
                    self._db.execute(sql, params)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise _failure(error, self.path) from error

    def create_sale(
        self,
        sale_id: str,
        *,
        idempotency_key: str,
        amount: int,
        currency: str,
        counter_id: str,
        counter_name: str,
        reader_id: str,
        reader_label: str = "",
    ) -> SaleRecord:
        """Write a new sale as `PENDING`: do this before any call to Stripe."""
        at = _iso(self._clock())
        self._write(
            [
                (
                    "INSERT INTO sales (id, idempotency_key, amount, currency, counter_id, "
                    "counter_name, reader_id, reader_label, created_at, updated_at, state) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        sale_id,
                        idempotency_key,
                        amount,
                        currency.lower(),
                        counter_id,
                        counter_name,
                        reader_id,
                        reader_label,
                        at,
                        at,
                        JournalState.PENDING.value,
                    ),
                ),
                _event(sale_id, at, JournalState.PENDING, None, None),
            ]
        )
        return self.get(sale_id)

    def record(
        self,
        sale_id: str,
        state: JournalState,
        *,
        payment_intent_id: str | None = None,
        charge_id: str | None = None,
        detail: str | None = None,
        intent_requested: bool = False,
    ) -> SaleRecord:
        """Append a state change. A PaymentIntent or charge id, once known, is kept."""
        at = _iso(self._clock())
        self._write(
            [
                (
                    "UPDATE sales SET state = ?, updated_at = ?, detail = ?, "
                    "payment_intent_id = COALESCE(?, payment_intent_id), "
                    "charge_id = COALESCE(?, charge_id), "
                    "intent_requested_at = CASE WHEN ? AND intent_requested_at IS NULL "
                    "THEN ? ELSE intent_requested_at END "
                    "WHERE id = ?",
                    (
                        state.value,
                        at,
                        detail,
                        payment_intent_id,
                        charge_id,
                        intent_requested or payment_intent_id is not None,
                        at,
                        sale_id,
                    ),
                ),
                _event(sale_id, at, state, payment_intent_id, detail),
            ]
        )
        return self.get(sale_id)

    # ------------------------------------------------------------------ reads

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        try:
            return list(self._db.execute(sql, params))
        except sqlite3.Error as error:
            raise _failure(error, self.path) from error

    def get(self, sale_id: str) -> SaleRecord:
        rows = self._query(f"SELECT {_SALE_COLUMNS} FROM sales WHERE id = ?", (sale_id,))
        if not rows:
            raise KeyError(sale_id)
        return _sale(rows[0])

    def find(self, sale_id: str) -> SaleRecord | None:
        try:
            return self.get(sale_id)
        except KeyError:
            return None

    def sales(self, states: Iterable[JournalState] | None = None) -> list[SaleRecord]:
        if states is None:
            rows = self._query(f"SELECT {_SALE_COLUMNS} FROM sales ORDER BY created_at, id")
        else:
            wanted = [state.value for state in states]
            marks = ", ".join("?" * len(wanted))
            rows = self._query(
                f"SELECT {_SALE_COLUMNS} FROM sales WHERE state IN ({marks}) "
                "ORDER BY created_at, id",
                wanted,
            )
        return [_sale(row) for row in rows]

    def unfinished(self) -> list[SaleRecord]:
        """Sales whose outcome only Stripe knows: reconcile them at startup.

        Interrupted sales that reached Stripe are among them: a payment that lost the network
        while the card was read may have gone through.
        """
        return [
            sale
            for sale in self.sales([*UNFINISHED, JournalState.INTERRUPTED])
            if sale.state in UNFINISHED or sale.intent_requested_at is not None
        ]

    def open_sales(self) -> list[SaleRecord]:
        """Sales the cashier may retry or void."""
        return self.sales([s for s in JournalState if s.open])

    def events(self, sale_id: str) -> list[SaleEvent]:
        rows = self._query(
            "SELECT sale_id, at, state, payment_intent_id, detail FROM events "
            "WHERE sale_id = ? ORDER BY id",
            (sale_id,),
        )
        return [
            SaleEvent(
                row["sale_id"],
                _parse(row["at"]),
                JournalState(row["state"]),
                row["payment_intent_id"],
                row["detail"],
            )
            for row in rows
        ]

    def totals(self, day: dt.date, tz: dt.tzinfo | None = None) -> list[TotalsRow]:
        """Approved, declined and voided sales whose last change fell on ``day`` (local time).

        A sale counts once, under the state it ended the day in: declined then approved on
        retry is one approved sale.
        """
        zone = tz or dt.datetime.now().astimezone().tzinfo
        start = dt.datetime.combine(day, dt.time(), zone)
        end = start + dt.timedelta(days=1)
        outcomes = (JournalState.APPROVED, JournalState.DECLINED, JournalState.VOIDED)
        rows = self._query(
            "SELECT counter_id, MAX(counter_name) AS counter_name, reader_id, "
            "MAX(reader_label) AS reader_label, state, currency, COUNT(*) AS n, "
            "SUM(amount) AS total FROM sales "
            "WHERE updated_at >= ? AND updated_at < ? AND state IN (?, ?, ?) "
            "GROUP BY counter_id, reader_id, state, currency "
            "ORDER BY counter_name, counter_id, reader_id, state, currency",
            (_iso(start.timestamp()), _iso(end.timestamp()), *(s.value for s in outcomes)),
        )
        order = {state: index for index, state in enumerate(outcomes)}
        result = [
            TotalsRow(
                counter_id=row["counter_id"],
                counter_name=row["counter_name"],
                reader_id=row["reader_id"],
                reader_label=row["reader_label"],
                outcome=JournalState(row["state"]),
                currency=row["currency"],
                count=row["n"],
                amount=row["total"],
            )
            for row in rows
        ]
        result.sort(
            key=lambda r: (r.counter_name, r.counter_id, r.reader_id, order[r.outcome], r.currency)
        )
        return result


def _event(
    sale_id: str, at: str, state: JournalState, payment_intent_id: str | None, detail: str | None
) -> tuple[str, Sequence[object]]:
    return (
        "INSERT INTO events (sale_id, at, state, payment_intent_id, detail) VALUES (?, ?, ?, ?, ?)",
        (sale_id, at, state.value, payment_intent_id, detail),
    )


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def set_aside(path: Path, *, clock: Callable[[], float] = time.time) -> Path:
    """Rename a journal that cannot be used (and its WAL files) aside; return the new name.

    Only on the cashier's say-so: the next `Journal(path)` starts an empty journal.
    """
    stamp = dt.datetime.fromtimestamp(clock()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.unusable-{stamp}")
    suffix = 1
    while target.exists():
        suffix += 1
        target = path.with_name(f"{path.name}.unusable-{stamp}-{suffix}")
    for companion in ("-wal", "-shm"):
        extra = path.with_name(path.name + companion)
        if extra.exists():
            extra.rename(target.with_name(target.name + companion))
    if path.exists():
        path.rename(target)
    return target


#: Currencies Stripe counts in whole units, and those with three decimals.
_ZERO_DECIMAL = frozenset(
    [
        *("bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga"),
        *("pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"),
    ]
)
_THREE_DECIMAL = frozenset(("bhd", "jod", "kwd", "omr", "tnd"))


def major_units(amount: int, currency: str) -> str:
    """``1250, "eur"`` → ``"12.50"``: the amount as a decimal in the currency's main unit."""
    code = currency.lower()
    places = 0 if code in _ZERO_DECIMAL else 3 if code in _THREE_DECIMAL else 2
    return str(Decimal(amount).scaleb(-places).quantize(Decimal(1).scaleb(-places)))


CSV_HEADER = (
    "date",
    "counter_id",
    "counter_name",
    "reader_id",
    "reader_label",
    "outcome",
    "currency",
    "count",
    "amount",
)


def write_totals_csv(path: Path, day: dt.date, rows: Iterable[TotalsRow]) -> None:
    """The end-of-day totals as CSV (UTF-8, header row, amounts in major units)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow(
                (
                    day.isoformat(),
                    row.counter_id,
                    row.counter_name,
                    row.reader_id,
                    row.reader_label,
                    row.outcome.value,
                    row.currency.upper(),
                    row.count,
                    major_units(row.amount, row.currency),
                )
            )
