"""Re-plan benchmark: a published 1,000-agent week hit by a surge and sickness.

The week is generated (10 queues, 8 % support staff, 10 % reserves) and planned with the
weekly optimiser; then on Tuesday at 10:00 demand rises 30 % on every queue for 6 h and 5 % of
the regular agents call in sick for two days. The re-plan gets 10 s. Reported: wall time,
the final level's objective, bound and gap, and which problem the bound is of: on the search
path the objective is the re-plan cost (the validator's total on the revised instance plus
every change price) and the bound that of the whole re-plan problem of the level
(``scheduler.replan.bound``); with ``--engine cp-sat`` both are CP-SAT's, of its restricted
neighbourhood (change prices plus coverage in the slots it reaches). Also changed agent-days
(share of agents × days), intervals from ``now`` still short, and the validator's verdict on
the revised instance.

    python -m benchmarks.replan            # 1,000 agents, plan 60 s, re-plan 10 s
    python -m benchmarks.replan --quick    # 200 agents, plan 15 s, re-plan 5 s
    python -m benchmarks.replan --cache DIR  # keep / reuse the planned week in DIR

The re-plan's clock starts before the instance and the published roster are read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import ortools

from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance, read_roster, write_roster
from scheduler.optimise import SolveParams, solve
from scheduler.optimise.options import rosterable
from scheduler.optimise.progress import silent
from scheduler.replan.apply import revise
from scheduler.replan.changes import AbsenceChange, Changes, DemandChange
from scheduler.replan.diff import changed_days
from scheduler.replan.levels import ENGINES, escalate
from scheduler.replan.search import replan_cost

NOW = dt.datetime(2026, 12, 1, 10, 0)
FULL = (1000, 60.0, 10.0)
QUICK = (200, 15.0, 5.0)


def scenario(instance, seed: int) -> Changes:
    """+30 % on every queue 10:00-16:00, 5 % of regular agents sick for two days from now."""
    rng = np.random.default_rng(seed)
    regular = [a.id for a in instance.agents if rosterable(a)]
    sick = sorted(rng.choice(regular, size=max(1, len(instance.agents) // 20), replace=False))
    end = NOW + dt.timedelta(days=1, hours=14)
    return Changes(
        demand=(DemandChange(queue="*", start=NOW, end=NOW + dt.timedelta(hours=6), factor=1.3),),
        absences=tuple(AbsenceChange(agent=str(a), start=NOW, end=end) for a in sick),
    )


def published_week(
    agents: int, plan_limit: float, seed: int, workers: int, cache: Path | None
) -> Path:
    """The generated instance and its planned roster in one folder (``roster/`` inside it).

    With ``cache``, a folder planned before for the same size, limit and seed is reused: the
    plan is the input of the benchmark, not what it measures."""
    if cache is not None:
        folder = cache / f"agents{agents}-plan{plan_limit:g}-seed{seed}"
        if (folder / "roster" / "roster.csv").exists():
            return folder
    else:
        folder = Path(tempfile.mkdtemp(prefix="bench-replan-"))
    queues = 10 if agents >= 500 else 2
    names = tuple(f"q{i + 1}" for i in range(queues))
    spec = GeneratorSpec(
        agents=agents, queues=names, support_share=0.08, reserve_share=0.10, seed=seed
    )
    write_instance(folder, generate(spec))
    instance = load_instance(folder)
    plan = solve(instance, SolveParams(time_limit=plan_limit, workers=workers, seed=seed), silent)
    assert plan.roster is not None
    write_roster(folder / "roster", plan.roster, instance)
    return folder


def run(
    agents: int,
    plan_limit: float,
    replan_limit: float,
    seed: int,
    workers: int,
    cache: Path | None = None,
    engine: str = "auto",
) -> dict:
    folder = published_week(agents, plan_limit, seed, workers, cache)
    # The clock runs from reading the files, as ``scheduler replan`` does.
    started = time.monotonic()
    instance = load_instance(folder)
    published = read_roster(folder / "roster", instance)
    changes = scenario(instance, seed)
    revision = revise(instance, changes, NOW, published)
    escalation = escalate(
        instance, revision, published, changes, replan_limit, workers, seed, started, engine
    )
    wall = time.monotonic() - started
    report = validate(revision.instance, escalation.roster)
    before = validate(revision.instance, escalation.before or published)
    final = escalation.final.solve
    weights = changes.weights
    changed = len(changed_days(published, escalation.roster))
    return {
        "agents": agents,
        "wall_s": round(wall, 1),
        "level": int(escalation.level),
        "levels": " → ".join(f"{int(o.level)}:{o.short_intervals}" for o in escalation.outcomes),
        "cost_before": replan_cost(revision, published, escalation.before or published, weights),
        "cost_after": replan_cost(revision, published, escalation.roster, weights),
        "engine": final.status if final else "—",
        "objective": final.objective if final and final.bound is not None else None,
        "bound": final.bound if final else None,
        "gap": final.gap if final else None,
        "bound_of": _bound_of(final),
        "changed": changed,
        "changed_share": changed / (agents * instance.horizon.days),
        "feasible": report.feasible,
        "under_before": before.counts["under_minutes"],
        "under_after": report.counts["under_minutes"],
    }


def _bound_of(final) -> str:
    """Which problem the bound is of: the whole re-plan problem (the search path's, see
    ``scheduler.replan.bound``) or CP-SAT's restricted neighbourhood."""
    if final is None or final.bound is None:
        return final.note if final is not None and final.note else "—"
    return final.note or "CP-SAT, restricted model"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--engine", choices=ENGINES, default="auto", help="levels 2 and 1 (default auto)"
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help="reuse (or keep) the planned week in this folder"
    )
    parser.add_argument(
        "--limit", type=float, default=None, help="re-plan seconds (default 10; 5 with --quick)"
    )
    args = parser.parse_args(argv)
    agents, plan_limit, replan_limit = QUICK if args.quick else FULL
    replan_limit = args.limit or replan_limit
    print(
        f"# replan benchmark {dt.date.today()} | {platform.machine()} | Python "
        f"{platform.python_version()} | OR-Tools {ortools.__version__} | workers {args.workers}"
        f" | seed {args.seed} | engine {args.engine} | load {os.getloadavg()[0]:.2f}"
    )
    print(f"# command: python -m benchmarks.replan {' '.join(argv or sys.argv[1:])}")
    row = run(agents, plan_limit, replan_limit, args.seed, args.workers, args.cache, args.engine)
    gap = "—" if row["gap"] is None else f"{100 * row['gap']:.2f} %"
    objective = "—" if row["objective"] is None else f"{row['objective']:,.0f}"
    bound = "—" if row["bound"] is None else f"{row['bound']:,.0f}"
    print(
        "| agents | limit s | wall s | level | levels (level:short intervals) | final level "
        "| re-plan cost before → after | objective | bound | gap | bound of | changed agent-days "
        "| short agent-min before → after | feasible |"
    )
    print("|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---|---:|---:|---|")
    print(
        f"| {row['agents']} | {replan_limit:g} | {row['wall_s']} | {row['level']} "
        f"| {row['levels']} | {row['engine']} "
        f"| {row['cost_before']:,} → {row['cost_after']:,} | {objective} | {bound} | {gap} "
        f"| {row['bound_of']} "
        f"| {row['changed']} ({100 * row['changed_share']:.1f} %) "
        f"| {row['under_before']:,} → {row['under_after']:,} "
        f"| {'yes' if row['feasible'] else 'NO'} |",
        flush=True,
    )
    return 0 if row["feasible"] else 1


if __name__ == "__main__":
    sys.exit(main())
