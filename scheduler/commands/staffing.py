"""``scheduler staffing``: agents needed for one interval, with every metric a calculator shows.

A planner checks the engine against the calculator they know, so this prints the agent count
for the targets given and every Erlang C (or, with ``--patience``, Erlang A) figure at that
count. Bad input prints one line naming the option and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from scheduler.staffing import (
    StaffingInputError,
    apply_shrinkage,
    erlang_a_agents,
    erlang_a_metrics,
    erlang_c_agents,
    erlang_c_metrics,
    offered_load,
    rostered_staff_factor,
)
from scheduler.staffing.erlang_a import DEFINITIONS
from scheduler.staffing.shrinkage import SHRINKAGE_METHODS

EXIT_BAD_INPUT = 2

_FLAGS = {
    "calls": "--calls",
    "aht_s": "--aht",
    "interval_s": "--interval",
    "target_sl": "--target-sl",
    "target_time_s": "--target-time",
    "target_asa_s": "--target-asa",
    "patience_s": "--patience",
    "max_abandon": "--max-abandon",
    "max_occupancy": "--max-occupancy",
    "shrinkage": "--shrinkage",
    "agents": "--agents",
}

_C_ROWS = [
    ("p_wait", "P(wait)", "pct"),
    ("service_level", "service level", "pct"),
    ("asa_s", "ASA (mean wait, all calls)", "s"),
    ("avg_delay_delayed_s", "mean wait of delayed calls", "s"),
    ("q1_mean_queue", "mean queue, all time (Q1)", "num"),
    ("q2_mean_queue_given_all_busy", "mean queue, all busy (Q2)", "num"),
    ("mean_queue_given_queue", "mean queue, when queueing", "num"),
    ("occupancy", "occupancy", "pct"),
    ("trunk_load_erlangs", "trunk load (Erlangs)", "num"),
]

_A_ROWS = [
    ("p_wait", "P(wait)", "pct"),
    ("p_abandon", "P(abandon)", "pct"),
    ("service_level_virtual", "service level, virtual wait", "pct"),
    ("service_level_offered", "service level, over offered", "pct"),
    ("asa_virtual_s", "ASA, virtual wait E[V]", "s"),
    ("asa_offered_s", "ASA, over offered calls", "s"),
    ("mean_queue", "mean queue", "num"),
    ("occupancy", "occupancy (answered calls)", "pct"),
]


def register(sub: Any) -> None:
    """Add the ``staffing`` sub-command to the CLI's subparsers."""
    parser = sub.add_parser(
        "staffing",
        help="agents needed for one interval (Erlang C; Erlang A with --patience)",
        description="Agents needed to meet a service-level target in one interval, and every "
        "queueing metric at that agent count. Times in seconds, fractions in [0, 1].",
    )
    _add_arguments(parser)
    parser.set_defaults(func=run)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    required = parser.add_argument_group("forecast and target (required)")
    required.add_argument("--calls", type=float, required=True, help="calls in the interval")
    required.add_argument("--aht", type=float, required=True, help="average handle time, s")
    required.add_argument("--interval", type=float, required=True, help="interval length, s")
    required.add_argument("--target-sl", type=float, required=True, help="e.g. 0.8 for 80 %%")
    required.add_argument("--target-time", type=float, required=True, help="answer time, s")
    parser.add_argument("--target-asa", type=float, help="cap on the ASA, s")
    parser.add_argument("--patience", type=float, help="mean patience, s: use Erlang A")
    parser.add_argument("--max-abandon", type=float, help="cap on P(abandon) (Erlang A)")
    parser.add_argument("--max-occupancy", type=float, default=1.0, help="e.g. 0.85")
    parser.add_argument("--shrinkage", type=float, default=0.0, help="e.g. 0.3 for 30 %%")
    parser.add_argument("--shrinkage-method", choices=SHRINKAGE_METHODS, default="divide")
    parser.add_argument(
        "--definition",
        choices=DEFINITIONS,
        default="virtual",
        help="Erlang A service level/ASA: virtual wait (Koole) or over offered (pyworkforce)",
    )
    parser.add_argument("--agents", type=int, help="report metrics for this many agents")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _agents_needed(args: argparse.Namespace, load: float) -> dict[str, Any]:
    """The Erlang C (and, with a patience, Erlang A) answers for the targets given."""
    common = {
        "target_sl": args.target_sl,
        "target_time_s": args.target_time,
        "target_asa_s": args.target_asa,
        "max_occupancy": args.max_occupancy,
    }
    if args.patience is None:
        if args.max_abandon is not None:
            raise StaffingInputError("max_abandon", "needs --patience (abandonment is Erlang A)")
        return {"model": "erlang_c", "agents": erlang_c_agents(load, args.aht, **common)}
    agents = erlang_a_agents(
        load,
        args.aht,
        args.patience,
        max_abandon=args.max_abandon,
        definition=args.definition,
        **common,
    )
    return {
        "model": "erlang_a",
        "agents": agents,
        "erlang_c_agents_net": erlang_c_agents(load, args.aht, **common),
    }


def build_report(args: argparse.Namespace) -> dict[str, Any]:
    """Everything the command prints, as plain data (raises StaffingInputError on bad input)."""
    load = offered_load(args.calls, args.aht, args.interval)
    needed = _agents_needed(args, load)
    if args.agents is not None and args.agents < 0:
        raise StaffingInputError("agents", f"must be >= 0 (got {args.agents})")
    agents_net = needed.pop("agents")
    agents = agents_net if args.agents is None else args.agents
    if needed["model"] == "erlang_c":
        metrics = erlang_c_metrics(agents, load, args.aht, args.target_time).as_dict()
    else:
        metrics = erlang_a_metrics(agents, load, args.aht, args.patience, args.target_time)
        metrics = metrics.as_dict()
    return {
        **needed,
        "inputs": _inputs(args),
        "load_erlangs": load,
        "agents_net": agents_net,
        "agents_required": apply_shrinkage(agents_net, args.shrinkage, args.shrinkage_method),
        "rostered_staff_factor": rostered_staff_factor(args.shrinkage),
        "metrics": metrics,
    }


def _inputs(args: argparse.Namespace) -> dict[str, Any]:
    names = ["calls", "aht", "interval", "target_sl", "target_time", "target_asa", "patience"]
    names += ["max_abandon", "max_occupancy", "shrinkage", "shrinkage_method", "definition"]
    return {name: getattr(args, name) for name in names}


def _json_safe(value: Any) -> Any:
    """JSON has no infinity: an unbounded wait (load >= agents) is written as null."""
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _fmt(value: float, kind: str) -> str:
    if not math.isfinite(value):
        return "inf"
    if kind == "pct":
        return f"{100.0 * value:.2f} %"
    return f"{value:.2f} s" if kind == "s" else f"{value:.3f}"


def _text(report: dict[str, Any]) -> str:
    i, m = report["inputs"], report["metrics"]
    erlang_a = report["model"] == "erlang_a"
    title = "Erlang A (callers abandon)" if erlang_a else "Erlang C (callers never abandon)"
    lines = [
        title,
        f"  offered load                 {report['load_erlangs']:.3f} Erlangs "
        f"({i['calls']:g} calls x {i['aht']:g} s / {i['interval']:g} s)",
        f"  agents on the phones         {report['agents_net']}",
        f"  agents to roster             {report['agents_required']} (shrinkage "
        f"{100 * i['shrinkage']:g} %, {i['shrinkage_method']})",
    ]
    lines.append(
        f"  target                       {100 * i['target_sl']:g} % answered within "
        f"{i['target_time']:g} s" + (f" ({i['definition']} wait)" if erlang_a else "")
    )
    if erlang_a:
        lines.append(f"  Erlang C would need          {report['erlang_c_agents_net']}")
    agents = int(m["agents"])
    lines.append(f"Metrics with {agents} agents, answer time {i['target_time']:g} s")
    for key, label, kind in _A_ROWS if erlang_a else _C_ROWS:
        lines.append(f"  {label:<29}{_fmt(m[key], kind)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the report; exit status 0, or 2 with a one-line error naming the bad option."""
    try:
        report = build_report(args)
    except StaffingInputError as error:
        flag = _FLAGS.get(error.field, error.field)
        print(f"scheduler staffing: error: {flag}: {error.problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(_json_safe(report), indent=2))
    else:
        print(_text(report))
    return 0
