"""``scheduler simulate INSTANCE ROSTER``: the roster against simulated callers.

Prints, per date and queue, the simulated service level and abandonment beside the formulas'
and how many intervals disagree; ``--out`` writes every interval with its confidence intervals
(atomically). ``--arrivals FILE`` replays a call history (per call or per interval, as
``scheduler forecast`` reads them) instead of drawing Poisson calls around the forecast.
Exit status 2 on unreadable input, or when the instance has no calls to simulate.
"""

from __future__ import annotations

import argparse
import sys
from typing import IO, Any

import pandas as pd
from pydantic import ValidationError

from scheduler.check import MissingRequirementsError
from scheduler.commands.arguments import add_instance_and_roster
from scheduler.forecast import ForecastError, load_history
from scheduler.io import InputError, load_instance, read_roster, write_atomic
from scheduler.planning import prepare_instance
from scheduler.simulate import (
    Routing,
    SimulationInputError,
    SimulationParams,
    forecast_arrivals,
    replayed_arrivals,
    simulate_roster,
)
from scheduler.staffing import StaffingInputError

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def register(sub: Any) -> argparse.ArgumentParser:
    """Add the ``simulate`` sub-command to the CLI's sub-parsers."""
    parser = sub.add_parser(
        "simulate",
        help="simulate a roster against sampled or replayed calls, beside the Erlang formulas",
        description=(
            "Discrete-event simulation of the roster minute by minute (breaks, shift changes, "
            "agents on several queues, callers who hang up), R seeded replications, per "
            "interval and queue service level, ASA and abandonment with confidence intervals, "
            "flagging intervals where the Erlang formulas fall outside them. Needs calls and "
            "AHT (forecast.csv or a history); exits 2 otherwise."
        ),
    )
    add_instance_and_roster(parser)
    parser.add_argument("--replications", type=int, default=20, help="runs (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--routing",
        choices=[r.value for r in Routing],
        default=Routing.SKILLS.value,
        help="skills: rostered queue first, then the agent's other queues (default); "
        "rostered: only the rostered queue, as the formulas assume",
    )
    parser.add_argument("--arrivals", metavar="FILE", help="replay this call history")
    parser.add_argument("--out", metavar="FILE.csv", help="write every interval to this CSV")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Load, simulate, print the daily table, write the CSV; return the exit status."""
    try:
        params = SimulationParams(
            replications=args.replications, seed=args.seed, routing=Routing(args.routing)
        )
        instance = load_instance(args.instance)
        roster = read_roster(args.roster, instance)
        plan = (
            replayed_arrivals(instance, load_history(args.arrivals))
            if args.arrivals
            else forecast_arrivals(instance)
        )
        if not instance.demand.required:
            instance = prepare_instance(instance)
        frame = simulate_roster(instance, roster, params, plan)
    except (
        InputError,
        ForecastError,
        SimulationInputError,
        MissingRequirementsError,
        StaffingInputError,
        ValidationError,
    ) as exc:
        print(f"scheduler simulate: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(format_daily(frame))
    if args.out:
        try:
            write_atomic(args.out, lambda handle: _write_csv(frame, handle))
        except OSError as exc:
            print(f"scheduler simulate: cannot write {args.out}: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    return EXIT_OK


def _write_csv(frame: pd.DataFrame, handle: IO[str]) -> None:
    frame.to_csv(handle, index=False, float_format="%.6g", lineterminator="\n")


def daily_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per date and queue: calls offered, simulated and formula service level and abandonment
    (weighted by calls), and how many intervals disagree."""
    weights = frame["offered"]
    work = frame.assign(
        _sl=frame["sl"] * weights,
        _sl_f=frame["sl_formula"] * frame["calls"],
        _ab=frame["abandon"] * weights,
        _ab_f=frame["abandon_formula"] * frame["calls"],
    )
    sums = work.groupby(["date", "queue"], sort=True).agg(
        offered=("offered", "sum"),
        calls=("calls", "sum"),
        sl=("_sl", "sum"),
        sl_formula=("_sl_f", "sum"),
        abandon=("_ab", "sum"),
        abandon_formula=("_ab_f", "sum"),
        intervals=("offered", lambda s: int((s > 0).sum())),
        disagree=("disagrees", "sum"),
    )
    offered = sums["offered"].where(sums["offered"] > 0)
    calls = sums["calls"].where(sums["calls"] > 0)
    return sums.assign(
        sl=sums["sl"] / offered,
        sl_formula=sums["sl_formula"] / calls,
        abandon=sums["abandon"] / offered,
        abandon_formula=sums["abandon_formula"] / calls,
        disagree=sums["disagree"].astype(int),
    ).reset_index()


def format_daily(frame: pd.DataFrame) -> str:
    """The daily table as text, shares in per cent, with the run's settings on top."""
    if frame.empty:
        return "no interval has calls or staff"
    table = daily_summary(frame)
    for column in ("sl", "sl_formula", "abandon", "abandon_formula"):
        table[column] = table[column].map(lambda v: "-" if pd.isna(v) else f"{100 * v:.1f}%")
    table["offered"] = table["offered"].map(lambda v: f"{v:.0f}")
    table["calls"] = table["calls"].map(lambda v: f"{v:.0f}")
    attrs = frame.attrs
    head = (
        f"{attrs.get('replications')} replications, seed {attrs.get('seed')}, routing "
        f"{attrs.get('routing')}, {100 * attrs.get('confidence', 0.95):.0f} % intervals; "
        "sl/abandon: simulated, *_formula: Erlang (C, or offered A with patience)"
    )
    return head + "\n" + table.to_string(index=False)
