"""``scheduler service INSTANCE ROSTER [--out FILE.csv]``: projected service of a roster.

Prints one line of KPIs per date and queue (service level, answered share, occupancy, agent
hours under and over requirement) and, with ``--out``, writes the per-interval projection as
CSV atomically, so a report reader never sees half a file. Exit status 2 on unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from typing import IO, Any

import pandas as pd

from scheduler.check import MissingRequirementsError
from scheduler.commands.arguments import add_instance_and_roster
from scheduler.evaluate import daily_kpis, projected_service
from scheduler.io import InputError, load_instance, read_roster, write_atomic
from scheduler.planning import prepare_instance
from scheduler.staffing import StaffingInputError

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def register(sub: Any) -> argparse.ArgumentParser:
    """Add the ``service`` sub-command to the CLI's sub-parsers."""
    parser = sub.add_parser(
        "service",
        help="projected service level, occupancy and coverage of a roster",
        description=(
            "Project the service a roster gives, per interval and queue (Erlang A when the "
            "queue has a patience, else Erlang C, with the whole agents on the phones), and "
            "print daily KPIs. Exits 2 on unreadable input."
        ),
    )
    add_instance_and_roster(parser)
    parser.add_argument(
        "--out", metavar="FILE.csv", help="write the per-interval projection to this CSV"
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Load, project, print the daily table, write the CSV; return the exit status."""
    try:
        instance = load_instance(args.instance)
        if not instance.demand.required:
            instance = prepare_instance(instance)
        roster = read_roster(args.roster, instance)
        frame = projected_service(instance, roster)
    except (InputError, MissingRequirementsError, StaffingInputError) as exc:
        print(f"scheduler service: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(format_kpis(daily_kpis(frame)))
    if args.out:
        try:
            write_atomic(args.out, lambda handle: _write_csv(frame, handle))
        except OSError as exc:
            print(f"scheduler service: cannot write {args.out}: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    return EXIT_OK


def _write_csv(frame: pd.DataFrame, handle: IO[str]) -> None:
    frame.to_csv(handle, index=False, float_format="%.6g", lineterminator="\n")


def format_kpis(kpis: pd.DataFrame) -> str:
    """The daily table as text: shares in per cent, hours with one decimal, NaN as ``-``."""
    if kpis.empty:
        return "no interval has demand or staff"
    shown = kpis.copy()
    shares = ("answered_share", "abandon_share", "service_level", "occupancy", "idle_share")
    for column in (*shares, "not_ready_share"):
        shown[column] = shown[column].map(lambda v: "-" if pd.isna(v) else f"{100 * v:.1f}%")
    shown["asa_s"] = shown["asa_s"].map(lambda v: "-" if pd.isna(v) else f"{v:.0f}")
    shown["overstaffed"] = shown["overstaffed"].map(
        lambda v: "-" if pd.isna(v) else ("yes" if v else "no")
    )
    shown["calls"] = shown["calls"].map(lambda v: "-" if pd.isna(v) else f"{v:.0f}")
    for column in ("under_agent_hours", "over_agent_hours"):
        shown[column] = shown[column].map(lambda v: f"{v:.1f}")
    return shown.to_string(index=False)
