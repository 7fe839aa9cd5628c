"""``scheduler report RUN_DIR [--instance INSTANCE]``: write RUN_DIR/report.html.

RUN_DIR is what ``scheduler plan --out`` writes (roster.csv, summary.json, maybe points.json).
The instance is the one the run recorded in ``summary.json`` unless ``--instance`` names one;
a run without a record (older runs, hand-made rosters) needs ``--instance``. Exit status 2 on
unreadable input, with nothing written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from scheduler.check import MissingRequirementsError
from scheduler.io import InputError, load_instance, read_roster
from scheduler.planning import prepare_instance
from scheduler.report.gantt_chart import DEFAULT_MAX_ROWS
from scheduler.report.html import REPORT_NAME, write_report
from scheduler.report.run_folder import read_points, read_summary, recorded_instance
from scheduler.staffing import StaffingInputError

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def register(sub: Any) -> argparse.ArgumentParser:
    """Add the ``report`` sub-command to the CLI's sub-parsers."""
    parser = sub.add_parser(
        "report",
        help="write a self-contained report.html for a run folder",
        description=(
            "Write RUN_DIR/report.html: run status, lower bound and gap, coverage per queue, "
            "a Gantt per day, KPIs per day and queue, requests granted or denied with reasons, "
            "overtime taken and points posted. Opens offline. Exits 2 on unreadable input."
        ),
    )
    parser.add_argument("run_dir", metavar="RUN_DIR", type=Path, help="a plan's output folder")
    parser.add_argument(
        "--instance", type=Path, help="instance folder (default: the one summary.json records)"
    )
    parser.add_argument("--out", type=Path, help=f"page to write (default RUN_DIR/{REPORT_NAME})")
    parser.add_argument(
        "--gantt-rows",
        type=int,
        default=DEFAULT_MAX_ROWS,
        help=f"most agents per day in the Gantt (default {DEFAULT_MAX_ROWS})",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Read the run and its instance, then write the page; return the exit status."""
    try:
        folder = args.instance or recorded_instance(args.run_dir)
        if folder is None:
            raise InputError(
                args.run_dir / "summary.json",
                "records no instance folder: name it with --instance",
                field="instance_path",
            )
        instance = prepare_instance(load_instance(folder))
        roster = read_roster(args.run_dir, instance)
        summary = read_summary(args.run_dir)
        points = read_points(args.run_dir)
    except (InputError, MissingRequirementsError, StaffingInputError) as exc:
        print(f"scheduler report: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = args.out or args.run_dir / REPORT_NAME
    postings = points.get("postings") if points else None
    write_report(out, instance, roster, summary, postings, gantt_rows=args.gantt_rows)
    print(f"wrote {out}")
    return EXIT_OK
