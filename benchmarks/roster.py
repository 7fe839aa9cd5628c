"""Roster optimiser benchmark: objective, lower bound, gap, time and memory by instance size.

Each case runs in a fresh subprocess so peak memory is its own. Every roster is scored by the
independent validator; the solver's objective is not used.

    python -m benchmarks.roster            # 60 (demo), 200, 1,000, 2,000 agents
    python -m benchmarks.roster --quick    # 60 and 200 agents, short limits
    python -m benchmarks.roster --stretch  # the full table and 5,000 agents (300 s)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ortools

from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.models.result import relative_gap
from scheduler.optimise import SolveParams, solve

ROOT = Path(__file__).resolve().parents[1]
# (label, agents or shipped folder, queues, time limit s, target gap)
FULL = [
    ("demo", "instances/demo", 2, 10, 0.005),
    ("gen-200", 200, 2, 30, 0.01),
    ("gen-1000", 1000, 10, 60, 0.01),
    ("gen-2000", 2000, 10, 120, 0.02),
]
QUICK = [("demo", "instances/demo", 2, 10, 0.005), ("gen-200", 200, 2, 20, 0.01)]
# The stretch size, with no target of its own: the 2,000-agent target at 2.5x the time.
STRETCH = [("gen-5000", 5000, 10, 300, 0.02)]


def run_case(source: str, queues: int, time_limit: float, workers: int, seed: int) -> dict:
    """Solve one case in this process and report validator-scored figures."""
    if source.isdigit():
        folder = Path(tempfile.mkdtemp(prefix="bench-"))
        names = tuple(f"q{i + 1}" for i in range(queues))
        write_instance(folder, generate(GeneratorSpec(agents=int(source), queues=names, seed=seed)))
    else:
        folder = ROOT / source
    instance = load_instance(folder)
    started = time.monotonic()
    result = solve(
        instance,
        SolveParams(time_limit=time_limit, workers=workers, seed=seed),
        printer=lambda _: None,
    )
    wall = time.monotonic() - started
    report = validate(instance, result.roster) if result.roster else None
    objective = report.costs["total"] if report else None
    bound = result.lower_bound
    gap = relative_gap(objective, bound)
    return {
        "agents": len(instance.agents),
        "queues": len(instance.queues),
        "days": instance.horizon.days,
        "intervals": instance.horizon.intervals_per_day,
        "status": result.status.value,
        "objective": objective,
        "lower_bound": bound,
        "gap": gap,
        "first_roster_s": result.stats.get("first_roster_seconds"),
        "within_1pct_s": _time_within(result.stats.get("trajectory", []), bound, 0.01),
        "wall_s": round(wall, 1),
        "feasible": bool(report and report.feasible),
        "violations": len(report.violations) if report else None,
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _time_within(trajectory: list, bound: float | None, gap: float) -> float | None:
    """Seconds until the search's objective was within ``gap`` of the bound (None: never)."""
    if bound is None:
        return None
    return next((t for t, cost in trajectory if cost <= bound * (1 + gap) + 1e-6), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--stretch", action="store_true", help="also 5,000 agents (300 s)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--one", nargs=3, metavar=("SOURCE", "QUEUES", "LIMIT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.one:
        source, queues, limit = args.one
        print(json.dumps(run_case(source, int(queues), float(limit), args.workers, args.seed)))
        return 0
    print(
        f"# roster benchmark {dt.date.today()} | {platform.machine()} {platform.processor() or ''}"
        f" | Python {platform.python_version()} | OR-Tools {ortools.__version__}"
        f" | workers {args.workers} | seed {args.seed}"
    )
    flags = (" --quick" if args.quick else "") + (" --stretch" if args.stretch else "")
    print(f"# command: python -m benchmarks.roster{flags}")
    print(
        "| case | agents | queues | days×intervals | limit s | first roster s | ≤ 1 % s | wall s "
        "| objective | lower bound | gap | target | feasible | peak MB |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    cases = (QUICK if args.quick else FULL) + (STRETCH if args.stretch else [])
    for label, source, queues, limit, target in cases:
        command = [
            sys.executable,
            "-m",
            "benchmarks.roster",
            "--workers",
            str(args.workers),
            "--seed",
            str(args.seed),
            "--one",
            str(source),
            str(queues),
            str(limit),
        ]
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        gap = "—" if row["gap"] is None else f"{100 * row['gap']:.1f} %"
        bound = "—" if row["lower_bound"] is None else f"{row['lower_bound']:,.0f}"
        print(
            f"| {label} | {row['agents']} | {row['queues']} | {row['days']}×{row['intervals']} "
            f"| {limit} | {row['first_roster_s']} | {row['within_1pct_s'] or 'not reached'} "
            f"| {row['wall_s']} | {row['objective']:,} "
            f"| {bound} | {gap} | ≤ {100 * target:g} % "
            f"| {'yes' if row['feasible'] else 'NO'} | {row['peak_mb']} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
