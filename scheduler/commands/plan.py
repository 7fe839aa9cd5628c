"""``scheduler plan [INSTANCE]``: solve an instance and write the roster, summary and check."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scheduler.check import validate
from scheduler.commands.publish import add_publish_options, check_bids_first, publish_run
from scheduler.io import InputError, load_instance, write_roster, write_text_atomic
from scheduler.optimise import SolveParams, solve
from scheduler.planning import prepare_instance, summarise
from scheduler.planning.request_outcomes import outcomes_csv, request_outcomes
from scheduler.report import write_run_report
from scheduler.staffing import StaffingInputError

DEFAULT_INSTANCE = Path(__file__).resolve().parents[2] / "instances" / "demo"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "plan",
        help="solve an instance: roster.csv, roster.json, summary.json",
        description="Plan a roster for INSTANCE (default: the shipped demo instance).",
    )
    parser.add_argument("instance", nargs="?", type=Path, default=None, help="instance folder")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: runs/NAME)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--gap", type=float, default=0.0, help="stop this close to the bound")
    parser.add_argument(
        "--moves",
        type=int,
        default=None,
        help="search moves per round instead of a time budget: same seed, same roster anywhere",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument(
        "--publish", action="store_true", help="then publish the roster and post its points"
    )
    add_publish_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    folder = args.instance or _default_instance()
    try:
        instance = prepare_instance(load_instance(folder))
    except (InputError, StaffingInputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.publish and (refused := check_bids_first(instance, folder, args)) is not None:
        return refused
    out = args.out or Path("runs") / instance.name
    params = SolveParams(
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        gap_target=args.gap,
        moves=args.moves,
    )
    printer = (lambda line: None) if args.quiet else _stderr
    result = solve(instance, params, printer)
    if result.roster is None:
        for line in result.conflicts or (f"no roster: {result.status.value}",):
            print(f"infeasible: {line}", file=sys.stderr)
        return 1
    report = validate(instance, result.roster)
    summary = summarise(instance, result, report)
    summary["instance_path"] = str(Path(folder).resolve())  # lets `scheduler report` find it
    write_roster(out, result.roster, instance)
    write_text_atomic(out / "summary.json", json.dumps(summary, indent=2) + "\n")
    outcomes = outcomes_csv(request_outcomes(instance, result.roster))
    write_text_atomic(out / "request_outcomes.csv", outcomes)
    print(json.dumps(summary, indent=2))
    code = 0 if report.feasible else 1
    if args.publish and report.feasible:
        code = publish_run(instance, folder, result.roster, out, args, stream=sys.stderr)
    write_run_report(out, instance, result.roster, summary)  # after publishing: shows points
    return code


def _default_instance() -> Path:
    """The demo next to the package (a checkout), else ``instances/demo`` in the cwd."""
    return DEFAULT_INSTANCE if DEFAULT_INSTANCE.is_dir() else Path("instances") / "demo"


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
