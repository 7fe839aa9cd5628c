"""``scheduler export INSTANCE ROSTER``: the roster as a workbook and per-agent calendars.

Exit status: 0 when written, 2 when the input cannot be read (message to stderr) — in which
case nothing is written, because both inputs are read in full before any output is produced.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from scheduler.commands.arguments import add_instance_and_roster
from scheduler.io import InputError, load_instance, read_roster
from scheduler.report import write_agent_calendars, write_roster_xlsx

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def register(sub: Any) -> argparse.ArgumentParser:
    """Add the ``export`` sub-command to the CLI's sub-parsers."""
    parser = sub.add_parser(
        "export",
        help="export a roster as an Excel workbook and per-agent iCalendar files",
        description=(
            "Write roster.xlsx (one sheet per day and an Agents sheet) and one AGENTID.ics "
            "per agent with work. Outputs default to the roster's folder. Exits 0, or 2 on "
            "unreadable input (nothing is written)."
        ),
    )
    add_instance_and_roster(parser)
    parser.add_argument("--xlsx", metavar="FILE", help="workbook path (default ROSTER/roster.xlsx)")
    parser.add_argument("--ics", metavar="DIR", help="calendar folder (default ROSTER/calendars)")
    parser.set_defaults(func=run)
    return parser


def _roster_folder(roster: str) -> Path:
    path = Path(roster)
    return path if path.is_dir() else path.parent


def run(args: argparse.Namespace) -> int:
    """Read both inputs, then write the workbook and the calendars; return the exit status."""
    try:
        instance = load_instance(args.instance)
        roster = read_roster(args.roster, instance)
    except InputError as exc:
        print(f"scheduler export: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    folder = _roster_folder(args.roster)
    xlsx = Path(args.xlsx) if args.xlsx else folder / "roster.xlsx"
    ics = Path(args.ics) if args.ics else folder / "calendars"
    write_roster_xlsx(xlsx, instance, roster)
    calendars = write_agent_calendars(ics, instance, roster)
    print(f"wrote {xlsx} and {len(calendars)} calendars in {ics}")
    return EXIT_OK
