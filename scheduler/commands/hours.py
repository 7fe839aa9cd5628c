"""``scheduler hours INSTANCE``: weekly hours before the horizon, from published versions.

Prints each agent's worked minutes (paid + overtime) in the weeks before INSTANCE's horizon as
the published rosters had them; ``--write`` saves them as ``INSTANCE/history_hours.csv``, which
the averaging rules (48 h over N weeks) read. Weeks no version fully covers are left out.

Exit status: 0 done, 2 bad input (unreadable instance or database).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from scheduler.io import InputError, load_instance
from scheduler.publish.history_file import (
    HISTORY_FILE,
    first_week,
    history_rows,
    write_history_hours,
)
from scheduler.store import StoreError, default_url, open_database

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def register(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "hours",
        help="hours worked in published weeks before a horizon (history_hours.csv)",
        description=(
            "Worked minutes per agent and week before INSTANCE's horizon, from the published "
            f"versions; --write saves them as INSTANCE/{HISTORY_FILE} for the averaging rules."
        ),
    )
    parser.add_argument("instance", metavar="INSTANCE", type=Path, help="instance folder")
    parser.add_argument(
        "--weeks", type=int, default=None, help="weeks back (default: averaging_weeks - 1, >= 1)"
    )
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default INSTANCE's)")
    parser.add_argument("--write", action="store_true", help=f"write INSTANCE/{HISTORY_FILE}")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    try:
        instance = load_instance(args.instance)
        default = max(1, instance.rules.averaging_weeks - 1)
        weeks = default if args.weeks is None else args.weeks
        if weeks < 1:
            raise InputError("--weeks", "must be at least 1")
        database = open_database(args.db or default_url(args.instance))
        rows = history_rows(database, instance, weeks)
    except (InputError, StoreError) as exc:
        print(f"scheduler hours: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{len(rows)} agent-weeks published from {first_week(instance, weeks)} on")
    for row in rows:
        print(f"{row['agent']}  {row['week_start']}  {row['minutes']}")
    if args.write:
        write_history_hours(args.instance / HISTORY_FILE, rows)
        print(f"wrote {args.instance / HISTORY_FILE}")
    return EXIT_OK
