"""``scheduler publish INSTANCE RUN_DIR``: freeze the run's roster as the next published version.

In ONE database transaction it stores the version (number, time, author), the hours per
agent-day, the week's points postings (replacing any earlier postings of the same weeks) and
writes ``changes.csv`` and ``points.json`` into RUN_DIR; if any step fails nothing is stored.
``scheduler plan --publish`` runs the same after planning.

Exit status: 0 published, 1 the roster breaks a hard rule (not published), 2 bad input (a bid
above a balance, an unreadable roster, a bad --now or database URL; nothing stored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection

from scheduler.io import InputError, load_instance, read_roster
from scheduler.ledger import balances_in, check_bids, fairness_table
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.planning import prepare_instance
from scheduler.publish import NOTICE_HOURS, Publication, PublishError, publish
from scheduler.publish.files import write_changes_csv, write_points_json
from scheduler.staffing import StaffingInputError
from scheduler.store import StoreError, default_url, open_database

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT = 0, 1, 2


def register(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "publish",
        help="publish a run's roster as a new version; post its points; list the changes",
        description=(
            "Store RUN_DIR's roster as the next published version of INSTANCE's horizon, post "
            "the week's points in the same transaction, and write changes.csv (against the "
            "previous version, with each agent's notice) and points.json into RUN_DIR."
        ),
    )
    parser.add_argument("instance", metavar="INSTANCE", type=Path, help="instance folder")
    parser.add_argument("run_dir", metavar="RUN_DIR", type=Path, help="folder holding roster.csv")
    add_publish_options(parser)
    parser.set_defaults(func=run)
    return parser


def add_publish_options(parser: argparse.ArgumentParser) -> None:
    """Options ``publish`` and ``plan --publish`` share."""
    parser.add_argument(
        "--db", metavar="URL", help="SQLAlchemy URL (default INSTANCE/scheduler.db)"
    )
    parser.add_argument("--author", default=None, help="who publishes (default: login name)")
    parser.add_argument(
        "--now", metavar="ISO", help="publication time (default now; no offset = local time)"
    )
    parser.add_argument("--note", default="", help="a note stored with the version")
    parser.add_argument(
        "--notice-hours",
        type=float,
        default=NOTICE_HOURS,
        help=f"changes with less notice are late (default {NOTICE_HOURS:g} = 7 days)",
    )
    parser.add_argument(
        "--late-change-weight",
        type=int,
        default=1,
        help="price per hour of notice missing (default 1)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        instance = prepare_instance(load_instance(args.instance))
        roster = read_roster(args.run_dir, instance)
    except (InputError, StaffingInputError) as exc:
        print(f"scheduler publish: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return publish_run(instance, args.instance, roster, args.run_dir, args)


def check_bids_first(instance: Instance, folder: Path, args: argparse.Namespace) -> int | None:
    """For ``plan --publish``: refuse a bid above a balance before spending time solving."""
    try:
        database = open_database(args.db or default_url(folder))
        with database.reading() as connection:
            check_bids(connection, instance, folder / "requests.csv")
    except (InputError, StoreError) as exc:
        print(f"scheduler publish: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return None


def publish_run(
    instance: Instance,
    folder: Path,
    roster: Roster,
    run_dir: Path,
    args: argparse.Namespace,
    stream: TextIO | None = None,
) -> int:
    """Publish ``roster``, write RUN_DIR's files inside the transaction, print the outcome."""
    try:
        now = _now(args.now)
        database = open_database(args.db or default_url(folder))
        publication = publish(
            database,
            instance,
            roster,
            args.author or login_name(),
            now,
            note=args.note,
            requests_file=folder / "requests.csv",
            notice_hours=args.notice_hours,
            late_change_weight=args.late_change_weight,
            before_commit=lambda connection, p: _write_files(connection, instance, p, run_dir),
        )
    except PublishError as exc:
        print(f"scheduler publish: {exc}", file=sys.stderr)
        return EXIT_VIOLATIONS
    except (InputError, StoreError, ValueError) as exc:
        print(f"scheduler publish: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for line in summary_lines(publication, args.notice_hours):
        print(line, file=stream or sys.stdout)
    return EXIT_OK


def _write_files(
    connection: Connection, instance: Instance, publication: Publication, run_dir: Path
) -> None:
    balances = balances_in(connection, [a.id for a in instance.agents])
    fairness = fairness_table(instance, publication.version.roster, balances)
    write_changes_csv(run_dir / "changes.csv", publication.changes)
    write_points_json(run_dir / "points.json", publication, fairness)


def summary_lines(publication: Publication, notice_hours: float) -> list[str]:
    """What was stored, then one line per change."""
    version = publication.version
    earned = sum(p.points for p in publication.postings if p.points > 0)
    spent = -sum(p.points for p in publication.postings if p.points < 0)
    late = [c for c in publication.changes if c.late]
    lines = [
        f"published {version.label} by {version.author} at "
        f"{version.published_at.isoformat(timespec='minutes')}",
        f"points posted in the same transaction: {len(publication.postings)} postings, "
        f"{earned} earned, {spent} spent (earlier postings of these weeks replaced)",
    ]
    if publication.previous_version is None:
        lines.append("first version of this horizon: no change list")
    else:
        lines.append(
            f"changes against v{publication.previous_version}: {len(publication.changes)}, "
            f"{len(late)} inside {notice_hours:g} h notice, price {sum(c.price for c in late)}"
        )
    for change in publication.changes:
        flag = (
            f"LATE {change.notice_hours:g} h notice, price {change.price}"
            if change.late
            else f"{change.notice_hours:g} h notice"
        )
        kinds = "|".join(k.value for k in change.kinds)
        lines.append(
            f"  {change.agent} {change.date} {kinds}: {change.before} -> {change.after} ({flag})"
        )
    return lines


def _now(text: str | None) -> dt.datetime:
    if text is None:
        return dt.datetime.now(dt.UTC)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--now: {text!r} is not an ISO date-time (YYYY-MM-DDTHH:MM)") from None


def login_name() -> str:
    """Who is running the command, for the author of a version or an adjustment."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
