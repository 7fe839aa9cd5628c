"""Peers on the same input: pyworkforce's shift scheduling and a monolithic CP-SAT baseline.

    python -m benchmarks.peers            # demo 30 s, gen-200 60 s
    python -m benchmarks.peers --quick    # demo 10 s, gen-200 20 s
    python -m benchmarks.peers --update-readme

(a) pyworkforce 0.5.1 (``MinAbsDifference``, ``MinRequiredResources``) plans *counts* of
shifts per day on one demand curve; it knows no agents, queues, breaks, contracts, rest or
requests, so its answer cannot be turned into a named roster without inventing the rest.
It is compared on what it does: the coverage cost of its shifts on the demo's demand pooled
over queues (our weights: under 10, over 1 per agent-minute), against the same measure of our
validated roster, which keeps every rule pyworkforce ignores. (b) The monolithic per-agent
model (``benchmarks/baselines/monolithic.py``) builds full rosters; both rosters are scored
by our validator (violations and cost) at the same time limit. Ratios are ours / theirs:
below 1 means ours is cheaper (or faster).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.report_section import provenance, update_readme
from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.optimise import SolveParams, solve
from scheduler.optimise.options import OptionCatalogue

ROOT = Path(__file__).resolve().parents[1]
FULL = {"demo": 30.0, "gen-200": 60.0}
QUICK = {"demo": 10.0, "gen-200": 20.0}


def load_case(label: str, seed: int) -> Instance:
    if label == "demo":
        return load_instance(ROOT / "instances" / "demo")
    folder = Path(tempfile.mkdtemp(prefix="peers-"))
    agents = int(label.split("-")[1])
    write_instance(folder, generate(GeneratorSpec(agents=agents, queues=("q1", "q2"), seed=seed)))
    return load_instance(folder)


# -- pooled coverage: the measure pyworkforce optimises -----------------------------------


def pooled_required(instance: Instance) -> np.ndarray:
    """Agents required per day and interval, summed over queues: shape (days, intervals)."""
    horizon = instance.horizon
    total = sum(np.asarray(v, dtype=np.int64) for v in instance.demand.required.values())
    return np.asarray(total).reshape(horizon.days, horizon.intervals_per_day)


def pooled_cost(instance: Instance, staffed: np.ndarray) -> dict[str, int]:
    """Under/over agent-minutes of ``staffed`` (agents per day and interval) against the pooled
    requirement, priced with the instance's default weights."""
    gap = staffed - pooled_required(instance)
    minutes = instance.horizon.interval_minutes
    under = int(np.maximum(-gap, 0).sum()) * minutes
    over = int(np.maximum(gap, 0).sum()) * minutes
    weights = instance.costs
    cost = under * weights.under_per_minute + over * weights.over_per_minute
    return {"under_min": under, "over_min": over, "cost": cost}


def roster_pooled(instance: Instance, roster: Roster) -> np.ndarray:
    """On-phone agents per day and interval (time-averaged), over all queues."""
    horizon = instance.horizon
    minutes = np.zeros((horizon.days, 24 * 60), dtype=np.int64)
    for agent_day in roster.agent_days:
        for start, end in agent_day.on_phone_spans():
            minutes[agent_day.day, start:end] += 1
    per = horizon.interval_minutes
    return minutes.reshape(horizon.days, -1, per).sum(axis=2) // per


def shift_coverage(instance: Instance) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Every shift option as a pyworkforce coverage row (1 per interval worked), and its paid
    minutes as the cost ``MinRequiredResources`` minimises."""
    per = instance.horizon.interval_minutes
    coverage, cost = {}, {}
    for option in OptionCatalogue(instance).options:
        name = f"{option.start // 60:02d}{option.start % 60:02d}+{option.length}"
        row = [0] * instance.horizon.intervals_per_day
        for i in range(option.start // per, -(-option.end // per)):
            row[i] = 1
        coverage[name], cost[name] = row, option.paid
    return coverage, cost


def run_pyworkforce(instance: Instance, limit: float, kind: str) -> dict[str, Any]:
    try:
        from pyworkforce.scheduling import MinAbsDifference, MinRequiredResources
    except ImportError:  # optional: pip install pyworkforce
        return {"peer": f"pyworkforce {kind}", "status": "not installed", "wall_s": None}

    coverage, cost = shift_coverage(instance)
    required = pooled_required(instance)
    common = dict(
        num_days=instance.horizon.days,
        periods=instance.horizon.intervals_per_day,
        shifts_coverage=coverage,
        required_resources=required.tolist(),
        max_period_concurrency=len(instance.agents),
        max_shift_concurrency=len(instance.agents),
        max_search_time=limit,
        num_search_workers=2,
    )
    started = time.monotonic()
    if kind == "MinAbsDifference":
        solution = MinAbsDifference(**common).solve()
    else:
        solution = MinRequiredResources(cost_dict=cost, **common).solve()
    wall = time.monotonic() - started
    staffed = np.zeros_like(required)
    paid = 0
    for item in solution["resources_shifts"]:
        if item["resources"] > 0:
            staffed[item["day"]] += item["resources"] * np.asarray(coverage[item["shift"]])
            paid += item["resources"] * cost[item["shift"]]
    return {
        "peer": f"pyworkforce {kind}",
        "status": solution["status"],
        "wall_s": round(wall, 1),
        "paid_hours": round(paid / 60),
        **pooled_cost(instance, staffed),
    }


def run_ours(instance: Instance, limit: float, seed: int) -> dict[str, Any]:
    started = time.monotonic()
    params = SolveParams(time_limit=limit, workers=2, seed=seed)
    result = solve(instance, params, printer=lambda _: None)
    wall = time.monotonic() - started
    return _scored("scheduler plan", instance, result.roster, result.status.value, wall)


def run_monolithic(instance: Instance, limit: float, seed: int) -> dict[str, Any]:
    from benchmarks.baselines.monolithic import solve_monolithic

    result = solve_monolithic(instance, limit, workers=2, seed=seed)
    return _scored("monolithic CP-SAT", instance, result.roster, result.status, result.wall_s)


def _scored(
    name: str, instance: Instance, roster: Roster | None, status: str, wall: float
) -> dict[str, Any]:
    row: dict[str, Any] = {"peer": name, "status": status, "wall_s": round(wall, 1)}
    if roster is None:
        return {**row, "cost": None, "violations": None}
    report = validate(instance, roster)
    pooled = pooled_cost(instance, roster_pooled(instance, roster))
    paid = sum(
        instance.paid_minutes(d.shift.minutes) for d in roster.agent_days if d.shift is not None
    )
    return {
        **row,
        "validator_cost": report.costs["total"],
        "violations": len(report.violations),
        "paid_hours": round(paid / 60),
        "pooled_cost": pooled["cost"],
        "cost": pooled["cost"],
    }


def run_case(label: str, limit: float, seed: int) -> list[dict[str, Any]]:
    instance = load_case(label, seed)
    rows = [run_ours(instance, limit, seed)]
    if label == "demo":
        rows.append(run_pyworkforce(instance, limit, "MinAbsDifference"))
        rows.append(run_pyworkforce(instance, limit, "MinRequiredResources"))
    rows.append(run_monolithic(instance, limit, seed))
    for row in rows:
        row.update(case=label, agents=len(instance.agents), limit_s=limit)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| case | agents | limit s | method | status | wall s | pooled coverage cost "
        "| validator cost | violations | paid h | ours / theirs (pooled cost) |",
        "|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    ours = {r["case"]: r for r in rows if r["peer"] == "scheduler plan"}
    for r in rows:
        mine = ours[r["case"]].get("cost")
        ratio = "—"
        if r["peer"] != "scheduler plan" and mine is not None and r.get("cost"):
            ratio = f"{mine / r['cost']:.2f}"
        lines.append(
            f"| {r['case']} | {r['agents']} | {r['limit_s']:g} | {r['peer']} | {r['status']} "
            f"| {r['wall_s']} | {_n(r.get('cost'))} | {_n(r.get('validator_cost'))} "
            f"| {_n(r.get('violations'))} | {_n(r.get('paid_hours'))} | {ratio} |"
        )
    return "\n".join(lines)


def _n(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("CASE", "LIMIT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:  # one case in a fresh process, so its memory and threads are its own
        for row in run_case(args.one[0], float(args.one[1]), args.seed):
            print(json.dumps(row), flush=True)
        return 0
    rows = []
    for label, limit in (QUICK if args.quick else FULL).items():
        command = [sys.executable, "-m", "benchmarks.peers", "--seed", str(args.seed)]
        command += ["--one", label, str(limit)]
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        for line in out.stdout.splitlines():
            if line.startswith("{"):
                rows.append(json.loads(line))
                print(line, flush=True)
    text = table(rows)
    print(text)
    if args.update_readme:
        command = f"python -m benchmarks.peers{' --quick' if args.quick else ''}"
        update_readme("peers-table", provenance(command, f"seed {args.seed}") + "\n\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
