"""The journal file itself: schema and migrations, locked and corrupt files, end-of-day CSV."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from pos_app.storage.journal import (
    CACHE_KIB,
    CURRENT_VERSION,
    MIGRATIONS,
    FailureKind,
    Journal,
    JournalError,
    JournalState,
    journal_path,
    major_units,
    set_aside,
    write_totals_csv,
)

PARIS = dt.timezone(dt.timedelta(hours=1))


def new_sale(journal: Journal, sale_id: str, amount: int = 1250, **kwargs: str) -> None:
    fields = {
        "currency": "eur",
        "counter_id": "c1",
        "counter_name": "Caisse 1",
        "reader_id": "tmr_1",
        "reader_label": "Front",
    }
    fields.update(kwargs)
    journal.create_sale(sale_id, idempotency_key=f"sale-{sale_id}", amount=amount, **fields)


def test_a_new_journal_is_wal_full_sync_and_current(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    assert journal.version == CURRENT_VERSION
    db = sqlite3.connect(tmp_path / "j.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    assert journal._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    # A bounded page cache: memory stays flat over a long day (docs/benchmarks.md, Memory).
    assert journal._db.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
    journal.close()


def test_it_lives_in_the_data_directory() -> None:
    path = journal_path()
    assert path.name == "journal.sqlite3"
    journal = Journal(path)
    journal.close()
    assert path.exists()


def test_every_state_change_is_an_event(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    new_sale(journal, "s1")
    journal.record("s1", JournalState.IN_PROGRESS, intent_requested=True)
    journal.record("s1", JournalState.IN_PROGRESS, payment_intent_id="pi_1")
    journal.record("s1", JournalState.DECLINED, detail="insufficient_funds")
    sale = journal.record("s1", JournalState.APPROVED, charge_id="ch_1")
    assert (sale.state, sale.payment_intent_id, sale.charge_id) == (
        JournalState.APPROVED,
        "pi_1",
        "ch_1",
    )
    assert sale.intent_requested_at is not None
    states = [event.state for event in journal.events("s1")]
    assert states == ["pending", "in_progress", "in_progress", "declined", "approved"]
    assert journal.events("s1")[3].detail == "insufficient_funds"
    journal.close()
    reopened = Journal(tmp_path / "j.sqlite3")
    assert reopened.get("s1") == sale
    reopened.close()


def test_migration_from_version_1_keeps_the_sales(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO sales VALUES ('s1', 'sale-s1', 990, 'eur', 'c1', 'Caisse 1', 'tmr_1', "
        "'2025-03-01T10:00:00.000000Z', 'in_progress', 'pi_1', '2025-03-01T10:00:05.000000Z')"
    )
    db.execute(
        "INSERT INTO sales VALUES ('s2', 'sale-s2', 500, 'eur', 'c1', 'Caisse 1', 'tmr_1', "
        "'2025-03-01T10:01:00.000000Z', 'pending', NULL, '2025-03-01T10:01:00.000000Z')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    journal = Journal(path)
    assert journal.version == CURRENT_VERSION == 2
    s1, s2 = journal.get("s1"), journal.get("s2")
    assert (s1.amount, s1.payment_intent_id, s1.reader_label) == (990, "pi_1", "")
    # A v1 sale with a PaymentIntent had asked for it; one without may never have.
    assert s1.intent_requested_at is not None and s2.intent_requested_at is None
    assert [sale.id for sale in journal.unfinished()] == ["s1", "s2"]
    journal.record("s2", JournalState.VOIDED)
    journal.close()


def test_a_journal_from_a_newer_comptoir_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    Journal(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(JournalError) as caught:
        Journal(path)
    assert caught.value.kind is FailureKind.TOO_NEW
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION + 1
    db.close()


def test_a_corrupt_journal_is_kept_and_set_aside_only_on_request(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    garbage = bytes(range(256)) * 64
    path.write_bytes(garbage)
    with pytest.raises(JournalError) as caught:
        Journal(path)
    assert caught.value.kind is FailureKind.CORRUPT
    assert "damaged" in str(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == garbage, "the damaged file was modified"
    aside = set_aside(path, clock=lambda: 1_750_000_000)
    assert not path.exists() and aside.read_bytes() == garbage
    assert aside.name.startswith("journal.sqlite3.unusable-")
    fresh = Journal(path)
    assert fresh.sales() == []
    fresh.close()
    assert aside.read_bytes() == garbage
    # A second set-aside in the same second does not overwrite the first.
    second = set_aside(path, clock=lambda: 1_750_000_000)
    assert second != aside and aside.read_bytes() == garbage


def test_a_damaged_page_inside_a_real_journal_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    for index in range(300):
        new_sale(journal, f"s{index}", counter_name="x" * 200)
    journal._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    journal.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 4] = b"\xff" * 8192
    path.write_bytes(bytes(data))
    with pytest.raises(JournalError) as caught:
        Journal(path)
    assert caught.value.kind is FailureKind.CORRUPT


@pytest.mark.parametrize("wal", [True, False])
def test_a_locked_journal_says_so_and_is_kept(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "journal.sqlite3"
    if wal:
        journal = Journal(path)
        new_sale(journal, "s1")
        journal.close()
    else:
        sqlite3.connect(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(JournalError) as caught:
            Journal(path, busy_timeout=0.2)
        assert caught.value.kind is FailureKind.LOCKED
        assert "in use by another program" in str(caught.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    journal = Journal(path)
    assert [sale.id for sale in journal.sales()] == (["s1"] if wal else [])
    journal.close()


def test_end_of_day_totals_per_counter_reader_outcome_and_currency(tmp_path: Path) -> None:
    now = [dt.datetime(2025, 3, 1, 9, 0, tzinfo=PARIS).timestamp()]
    journal = Journal(tmp_path / "j.sqlite3", clock=lambda: now[0])
    new_sale(journal, "a1", 1250)
    journal.record("a1", JournalState.APPROVED)
    new_sale(journal, "a2", 300)
    journal.record("a2", JournalState.DECLINED)
    journal.record("a2", JournalState.APPROVED)  # declined, then approved on retry
    new_sale(journal, "d1", 4999)
    journal.record("d1", JournalState.DECLINED)
    new_sale(journal, "v1", 100)
    journal.record("v1", JournalState.VOIDED)
    new_sale(journal, "u1", 2000, currency="usd")
    journal.record("u1", JournalState.APPROVED)
    new_sale(journal, "b1", 700, counter_id="c2", counter_name="Caisse 2", reader_id="tmr_2")
    journal.record("b1", JournalState.APPROVED)
    new_sale(journal, "open", 800)
    journal.record("open", JournalState.INTERRUPTED)
    now[0] = dt.datetime(2025, 3, 2, 0, 30, tzinfo=PARIS).timestamp()  # after midnight
    new_sale(journal, "next", 5000)
    journal.record("next", JournalState.APPROVED)

    rows = journal.totals(dt.date(2025, 3, 1), PARIS)
    summary = [
        (r.counter_name, r.reader_id, r.outcome.value, r.currency, r.count, r.amount) for r in rows
    ]
    assert summary == [
        ("Caisse 1", "tmr_1", "approved", "eur", 2, 1550),
        ("Caisse 1", "tmr_1", "approved", "usd", 1, 2000),
        ("Caisse 1", "tmr_1", "declined", "eur", 1, 4999),
        ("Caisse 1", "tmr_1", "voided", "eur", 1, 100),
        ("Caisse 2", "tmr_2", "approved", "eur", 1, 700),
    ]
    assert [r.amount for r in journal.totals(dt.date(2025, 3, 2), PARIS)] == [5000]

    target = tmp_path / "day.csv"
    write_totals_csv(target, dt.date(2025, 3, 1), rows)
    with target.open(newline="", encoding="utf-8") as handle:
        parsed = list(csv.DictReader(handle))
    assert list(parsed[0]) == [
        "date",
        "counter_id",
        "counter_name",
        "reader_id",
        "reader_label",
        "outcome",
        "currency",
        "count",
        "amount",
    ]
    assert [
        (p["counter_name"], p["outcome"], p["currency"], p["count"], p["amount"]) for p in parsed
    ] == [
        ("Caisse 1", "approved", "EUR", "2", "15.50"),
        ("Caisse 1", "approved", "USD", "1", "20.00"),
        ("Caisse 1", "declined", "EUR", "1", "49.99"),
        ("Caisse 1", "voided", "EUR", "1", "1.00"),
        ("Caisse 2", "approved", "EUR", "1", "7.00"),
    ]
    assert {p["date"] for p in parsed} == {"2025-03-01"}
    assert parsed[0]["reader_label"] == "Front"
    journal.close()


def test_major_units() -> None:
    assert major_units(1250, "eur") == "12.50"
    assert major_units(5, "EUR") == "0.05"
    assert major_units(500, "jpy") == "500"
    assert major_units(1234, "kwd") == "1.234"
