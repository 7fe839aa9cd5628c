"""``scheduler points balance|history|adjust``: read and correct the points ledger.

The ledger is the database next to the instance (``INSTANCE/scheduler.db``) unless ``--db``
names another (any SQLAlchemy URL). ``balance`` with an instance also shows the fairness table:
holidays, late shifts, weekend days and overtime each agent works in the instance's latest
published version, next to their balance.

Exit status: 0 done, 2 bad input (unknown agent, no reason, unreadable instance or database).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from scheduler.commands.plan import _default_instance
from scheduler.commands.publish import login_name
from scheduler.io import InputError, load_instance
from scheduler.ledger import adjust, balances, fairness_table, history
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.publish import latest_version
from scheduler.store import Database, StoreError, default_url, open_database

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def register(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "points",
        help="points ledger: balance, history, adjust",
        description="Read and correct the points ledger (see 'scheduler points ACTION -h').",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("balance", help="balances, with the fairness table")
    show.add_argument("--agent", help="one agent only")
    show.add_argument("--as-of", type=_date, help="only postings of weeks before this date")
    past = actions.add_parser("history", help="every posting of one agent")
    past.add_argument("--agent", required=True)
    fix = actions.add_parser("adjust", help="post a correction with a reason")
    fix.add_argument("--agent", required=True)
    fix.add_argument("--points", type=int, required=True, help="signed whole points")
    fix.add_argument("--reason", required=True)
    fix.add_argument("--date", type=_date, help="counts from this date on (default today)")
    fix.add_argument("--by", help="who adjusts (default: login name)")
    for action in (show, past, fix):
        action.add_argument("--db", metavar="URL", help="SQLAlchemy URL")
        action.add_argument(
            "--instance", type=Path, help="instance folder (default: the demo; its database)"
        )
        action.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    try:
        instance, database = _open(args)
        if instance is not None and args.agent and args.agent not in instance.agent_by_id:
            raise InputError("--agent", f"unknown agent {args.agent!r} in instance {instance.name}")
        lines = ACTIONS[args.action](args, instance, database)
    except (InputError, StoreError, ValueError) as exc:
        print(f"scheduler points: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for line in lines:
        print(line)
    return EXIT_OK


def _open(args: argparse.Namespace) -> tuple[Instance | None, Database]:
    """The instance (unless only --db is given) and the database."""
    if args.db and args.instance is None:
        return None, open_database(args.db)
    folder = args.instance or _default_instance()
    instance = load_instance(folder)
    return instance, open_database(args.db or default_url(folder))


def _balance(args: argparse.Namespace, instance: Instance | None, db: Database) -> list[str]:
    agents = [args.agent] if args.agent else None
    if instance is None:
        totals = balances(db, agents, args.as_of)
        return table(("agent", "balance"), [(a, n) for a, n in totals.items()])
    totals = balances(db, agents or [a.id for a in instance.agents], args.as_of)
    roster, source = _published(db, instance)
    rows = [r for r in fairness_table(instance, roster, totals) if r.agent in totals]
    header = ("agent", "balance", "holidays", "late_shifts", "weekend_days", "overtime_minutes")
    cells = [
        (r.agent, r.balance, r.holidays, r.late_shifts, r.weekend_days, r.overtime_minutes)
        for r in rows
    ]
    return [f"work counted in {source}", *table(header, cells)]


def table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    """Columns padded to their widest cell, numbers right-aligned, so a terminal lines them up."""
    text = [tuple(str(c) for c in row) for row in [header, *rows]]
    widths = [max(len(row[i]) for row in text) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(w) if i == 0 or n == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for n, row in enumerate(text)
    ]


def _published(db: Database, instance: Instance) -> tuple[Roster, str]:
    start = instance.horizon.start
    with db.reading() as connection:
        version = latest_version(connection, instance.name, start)
    if version is None:
        empty = Roster(instance=instance.name)
        return empty, f"no published version of {instance.name} {start} (work counts 0)"
    return version.roster, f"published {version.label}"


def _history(args: argparse.Namespace, instance: Instance | None, db: Database) -> list[str]:
    entries = history(db, args.agent)
    lines = [f"{len(entries)} postings of {args.agent}, balance {sum(e.points for e in entries)}"]
    lines += [
        f"{e.week_start}  {e.kind.value:<8}  {e.points:+d}  {e.reason}  [{e.run_id}]"
        for e in entries
    ]
    return lines


def _adjust(args: argparse.Namespace, instance: Instance | None, db: Database) -> list[str]:
    effective = args.date or dt.date.today()
    entry = adjust(db, args.agent, args.points, args.reason, effective, args.by or login_name())
    total = balances(db, [args.agent])[args.agent]
    return [f"adjusted {entry.agent} by {entry.points:+d} from {effective}: balance {total}"]


ACTIONS = {"balance": _balance, "history": _history, "adjust": _adjust}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
