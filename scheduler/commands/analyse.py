"""``scheduler analyse ACTUALS --roster RUN_DIR [--instance INSTANCE]``: after a surge.

ACTUALS is a CSV of ``date,start,queue,calls[,aht_seconds][,agents_on_phone]`` per interval
(format in ``instances/README.md``); ``--calls FILE`` adds per-call records whose handle times
fill missing AHT. Prints the intervals that missed their target with the causes and the agents
they lacked; ``--out`` writes every analysed interval as CSV (atomically). Exit status 2 on
unreadable input, with nothing written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO, Any

import pandas as pd

from scheduler.analyse import CauseThresholds, analyse, read_actuals
from scheduler.analyse.actuals import with_call_records
from scheduler.check import MissingRequirementsError
from scheduler.forecast import ForecastError, load_history
from scheduler.io import InputError, load_instance, read_roster, write_atomic
from scheduler.planning import prepare_instance
from scheduler.report.run_folder import recorded_instance
from scheduler.staffing import StaffingInputError

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def register(sub: Any) -> argparse.ArgumentParser:
    """Add the ``analyse`` sub-command to the CLI's sub-parsers."""
    parser = sub.add_parser(
        "analyse",
        help="after a surge: intervals that missed target, causes, agents lacking",
        description=(
            "Compare actual interval volumes with the forecast and the roster: service level "
            "achieved (Erlang on actual calls, AHT and agents), the intervals that missed "
            "target, their causes (volume or AHT above forecast, staff below roster, breaks "
            "at the peak, roster below requirement) and how many more agents each needed."
        ),
    )
    parser.add_argument("actuals", metavar="ACTUALS", type=Path, help="actual volumes CSV")
    parser.add_argument("--roster", required=True, type=Path, help="run folder or roster.csv")
    parser.add_argument(
        "--instance", type=Path, help="instance folder (default: the one the run recorded)"
    )
    parser.add_argument("--calls", type=Path, help="per-call records: handle times fill AHT")
    parser.add_argument("--out", metavar="FILE.csv", help="write every analysed interval here")
    parser.set_defaults(func=run)
    return parser


def _instance_folder(args: argparse.Namespace) -> Path:
    if args.instance is not None:
        return args.instance
    run_dir = args.roster if args.roster.is_dir() else args.roster.parent
    folder = recorded_instance(run_dir)
    if folder is None:
        raise InputError(run_dir / "summary.json", "records no instance: name it with --instance")
    return folder


def run(args: argparse.Namespace) -> int:
    """Read everything, analyse, print the missed intervals, write the CSV."""
    try:
        instance = prepare_instance(load_instance(_instance_folder(args)))
        roster = read_roster(args.roster, instance)
        actuals = read_actuals(args.actuals, instance)
        if args.calls is not None:
            actuals = with_call_records(actuals, instance, load_history(args.calls))
        frame = analyse(instance, roster, actuals, CauseThresholds())
    except (InputError, ForecastError, MissingRequirementsError, StaffingInputError) as exc:
        print(f"scheduler analyse: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(format_missed(frame))
    if args.out:
        try:
            write_atomic(args.out, lambda handle: _write_csv(frame, handle))
        except OSError as exc:
            print(f"scheduler analyse: cannot write {args.out}: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    return EXIT_OK


def _write_csv(frame: pd.DataFrame, handle: IO[str]) -> None:
    frame.to_csv(handle, index=False, float_format="%.6g", lineterminator="\n")


def _pairs(before: pd.Series, after: pd.Series, digits: int = 0) -> list[str]:
    """``planned -> actual`` texts, a dash for unknown values."""

    def show(v: float) -> str:
        return "-" if pd.isna(v) else f"{v:.{digits}f}"

    return [f"{show(b)} -> {show(a)}" for b, a in zip(before, after, strict=True)]


def format_missed(frame: pd.DataFrame) -> str:
    """A headline and one line per missed interval."""
    missed = frame[frame["missed"]]
    extra = missed["extra_agents"].fillna(0).sum()
    hours = extra * frame.attrs.get("interval_minutes", 15) / 60
    head = (
        f"{len(frame)} intervals analysed, {len(missed)} missed their target; "
        f"{extra:.0f} agent-intervals lacking ({hours:.1f} agent-hours)"
    )
    if missed.empty:
        return head
    levels = zip(missed["actual_sl"], missed["target_sl"], strict=True)
    table = pd.DataFrame(
        {
            "date": missed["date"],
            "start": missed["start"],
            "queue": missed["queue"],
            "calls f->a": _pairs(missed["forecast_calls"], missed["actual_calls"]),
            "aht f->a": _pairs(missed["forecast_aht"], missed["actual_aht"]),
            "agents r->a": _pairs(missed["rostered"], missed["actual_agents"], 1),
            "SL/target": ["-" if pd.isna(s) else f"{s:.0%}/{t:.0%}" for s, t in levels],
            "+agents": missed["extra_agents"].map(lambda v: "-" if pd.isna(v) else f"{v:.0f}"),
            "causes": missed["causes"],
        }
    )
    return head + "\n" + table.to_string(index=False)
