"""``scheduler requirements INSTANCE``: agents needed per interval and queue, from the forecast."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scheduler.io import InputError, load_instance, write_atomic
from scheduler.planning import requirements_frame
from scheduler.staffing import StaffingInputError

COLUMNS = ["date", "start", "queue", "calls", "aht", "agents_required", "expected_sl"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "requirements",
        help="write requirements.csv from an instance's forecast.csv",
        description="Erlang staffing for every interval and queue of INSTANCE's forecast.",
    )
    parser.add_argument("instance", type=Path)
    parser.add_argument("--out", type=Path, default=Path("requirements.csv"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        instance = load_instance(args.instance)
        if not instance.demand.calls:
            raise InputError(args.instance, "has no forecast.csv to staff from")
        table = requirements_frame(instance)
    except (InputError, StaffingInputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    frame = table[COLUMNS]
    write_atomic(args.out, lambda handle: frame.to_csv(handle, index=False, lineterminator="\n"))
    total = int(frame["agents_required"].sum())
    print(f"wrote {args.out}: {len(frame)} rows, {total} agent-intervals required")
    return 0
