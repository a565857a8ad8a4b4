"""A counter without a window, for the crash tests and for support.

``python -m pos_app.headless --api-base URL --api-key KEY --reader tmr_… --amount 1250``
connects a Terminal to the reader and runs one sale through the same `PaymentController` and
journal the window uses, then prints the sale as JSON. ``--reconcile`` runs the startup
reconciliation instead and prints what it recovered as JSON; ``--retry SALE`` retries an open
sale of the journal on the reader, ``--void SALE`` voids it. The journal is
``data_dir()/journal.sqlite3`` (``COMPTOIR_DATA_DIR`` chooses the directory).

TEST HOOK: ``COMPTOIR_CRASH_AT=<step>`` makes the process kill itself with SIGKILL at that step
of the sale, to test what a power cut leaves behind. Without the variable it does nothing. Steps:
``sale_recorded`` (the sale is written, before any call to Stripe), ``intent_created`` (the
PaymentIntent exists, its id is not written yet), ``intent_recorded`` (its id is written, the
reader has not been asked yet), ``action_in_progress`` (the reader waits for the card) and
``payment_finished`` (the payment ended, its outcome is not written yet).

Exit codes: 0 done, 2 the journal cannot be opened (message on stderr; the file is kept),
3 the reader could not be found or connected.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from pos_app.controllers.journal import JournalController, SaleIntents
from pos_app.controllers.payment import PaymentController
from pos_app.storage.journal import Journal, JournalError, journal_path, set_aside
from pos_app.terminal import PaymentStatus, Terminal, TerminalError

CRASH_ENV = "COMPTOIR_CRASH_AT"
CRASH_POINTS = (
    "sale_recorded",
    "intent_created",
    "intent_recorded",
    "action_in_progress",
    "payment_finished",
)


def crash_point(step: str) -> None:
    """Test hook: SIGKILL this process at ``step`` when ``COMPTOIR_CRASH_AT`` names it."""
    if os.environ.get(CRASH_ENV) == step:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pos_app.headless", description=__doc__)
    parser.add_argument("--api-base", required=True, help="Stripe API base (the simulator URL)")
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--counter-id", default="headless")
    parser.add_argument("--counter-name", default="Headless counter")
    parser.add_argument("--reader", help="the reader's id (tmr_…), for a sale")
    parser.add_argument("--amount", type=int, help="minor units, for a sale")
    parser.add_argument("--currency", default="eur")
    parser.add_argument("--reconcile", action="store_true", help="reconcile and print JSON")
    parser.add_argument("--retry", metavar="SALE", help="retry this open sale on the reader")
    parser.add_argument("--void", metavar="SALE", help="void this open sale")
    parser.add_argument("--follow-timeout", type=float, default=30.0)
    parser.add_argument(
        "--start-fresh",
        action="store_true",
        help="if the journal cannot be opened, set it aside and start a new one",
    )
    return parser


def _open_journal(start_fresh: bool) -> Journal:
    path = journal_path()
    try:
        return Journal(path)
    except JournalError as error:
        if not start_fresh:
            raise
        aside = set_aside(path)
        print(f"journal set aside as {aside} ({error.kind})", file=sys.stderr)
        return Journal(path)


async def _sale(args: argparse.Namespace, journal: JournalController) -> dict[str, Any]:
    def on_payment_status(status: PaymentStatus) -> None:
        if status is PaymentStatus.WAITING_FOR_INPUT:
            crash_point("action_in_progress")

    terminal = Terminal(
        args.api_key,
        args.api_base,
        counter_id=args.counter_id,
        counter_name=args.counter_name,
        on_payment_status_change=on_payment_status,
    )
    try:
        readers = await terminal.discover_readers()
        reader = next((r for r in readers if r.id == args.reader), None)
        if reader is None:
            raise SystemExit(3)
        await terminal.connect_reader(reader, fail_if_in_use=True)
        payment = PaymentController(terminal, journal=journal, on_step=crash_point)
        if args.retry:
            if payment.resume(args.retry) is None:
                return {"sale": args.retry, "error": "not_open"}
            sale = await payment.retry()
            assert sale is not None
        else:
            sale = await payment.charge(args.amount, args.currency)
        record = journal.journal.get(sale.id)
        return {
            "sale": sale.id,
            "state": record.state.value,
            "payment_intent": record.payment_intent_id,
            "charge": record.charge_id,
            "detail": record.detail,
        }
    finally:
        await terminal.close()


async def _main(args: argparse.Namespace) -> int:
    try:
        journal = _open_journal(args.start_fresh)
    except JournalError as error:
        print(str(error), file=sys.stderr)
        print(json.dumps({"journal_error": error.kind.value, "detail": error.detail}))
        return 2
    controller = JournalController(
        journal, SaleIntents(args.api_key, args.api_base), follow_timeout=args.follow_timeout
    )
    try:
        if args.reconcile:
            recoveries = await controller.reconcile()
            print(json.dumps([recovery.as_json() for recovery in recoveries]), flush=True)
        elif args.void:
            outcome = await controller.void(args.void)
            record = journal.get(args.void)
            print(json.dumps({"sale": record.id, "void": outcome.value, "state": record.state}))
        else:
            try:
                result = await _sale(args, controller)
            except TerminalError as error:
                print(json.dumps({"terminal_error": error.code.value}), flush=True)
                return 3
            print(json.dumps(result), flush=True)
    finally:
        await controller.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.retry and args.reader is None:
        _parser().error("--retry needs --reader")
    if not (args.reconcile or args.void or args.retry) and (
        args.reader is None or args.amount is None
    ):
        _parser().error("a sale needs --reader and --amount (or --reconcile, --retry, --void)")
    # Translations and QObject signals want an application object; no event loop is needed.
    _app = QCoreApplication.instance() or QCoreApplication([])
    return asyncio.run(_main(args))


if __name__ == "__main__":
    sys.exit(main())
