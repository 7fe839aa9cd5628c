"""Where the roster table's gap sits: the pattern LP's bound against an optimum proven bound.

The roster table reports each roster's gap to the pattern LP (or, above 500 agents, to the
Lagrangian bound below it). That gap is the roster's distance from the optimum *plus* the
LP's own distance from it, and the table cannot tell them apart. On instances small enough
for the full per-agent model, CP-SAT and HiGHS given minutes prove bounds of their own,
above the LP's; so each row here says how far under the optimum the LP lies *at least*
(proven bound / LP - 1) and how far the search (the large instances' path, without the
full model) and the long full model are above the proven bound.

    python -m benchmarks.integrality                  # 6, 12, 24 and 48 agents, ~22 min
    python -m benchmarks.integrality --long 60 --agents 12 --update-readme
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.report_section import provenance, update_readme
from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.models.instance import Instance
from scheduler.optimise import SolveParams, solve
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.options import OptionCatalogue, rosterable
from scheduler.optimise.patterns.generation import generate as column_generation

# (agents, generator seed): one queue, no overtime offers (so the full model's bound is its
# own: ``solve._overtime_in_model`` needs nothing), the generator's other defaults.
CASES = [(6, 0), (12, 0), (24, 0), (48, 0)]
LP_SECONDS = 120.0  # column generation converges in 1-2 s at these sizes
SEARCH_SECONDS = 10.0
LONG_SECONDS = 300.0  # the full model's time, enough for the proofs above the LP


def instance_for(agents: int, seed: int) -> Instance:
    folder = Path(tempfile.mkdtemp(prefix="integrality-"))
    spec = GeneratorSpec(agents=agents, queues=("q1",), offer_share=0.0, seed=seed)
    write_instance(folder, generate(spec))
    return load_instance(folder)


def pattern_lp(instance: Instance) -> tuple[float | None, bool]:
    """The converged pattern LP's bound (rounded up, as the plan reports it)."""
    catalogue = OptionCatalogue(instance)
    agents = [a for a in instance.agents if rosterable(a)]
    generation = column_generation(greedy_builder(catalogue, agents), time.monotonic() + LP_SECONDS)
    return generation.bound, generation.converged


def plan(instance: Instance, seconds: float, full_model: bool, seed: int) -> tuple[int, float]:
    """The validator's cost of a plan's roster and the plan's proven bound. Without the full
    model the plan searches as it does above ``SolveParams.full_model_limit``."""
    limit = 10**9 if full_model else 0
    params = SolveParams(time_limit=seconds, seed=seed, full_model_limit=limit)
    result = solve(instance, params, printer=lambda _: None)
    report = validate(instance, result.roster)
    if not report.feasible:
        raise RuntimeError(f"the validator rejected a roster: {report.violations[:3]}")
    return report.costs["total"], result.lower_bound or 0.0


def row(agents: int, seed: int, long_seconds: float) -> dict:
    instance = instance_for(agents, seed)
    lp, converged = pattern_lp(instance)
    searched, _ = plan(instance, SEARCH_SECONDS, False, 0)
    best, proven = plan(instance, long_seconds, True, 0)
    return {
        "agents": agents,
        "seed": seed,
        "lp": lp,
        "converged": converged,
        "searched": searched,
        "full": best,
        "proven": proven,
    }


def _percent(above: float, below: float | None) -> str:
    return "—" if not below else f"{100 * (above / below - 1):.1f} %"


def table(rows: list[dict], long_seconds: float) -> str:
    lines = [
        f"| agents (seed) | pattern LP | proven bound ({long_seconds:g} s) | LP under the "
        f"optimum by at least | search {SEARCH_SECONDS:g} s | full model {long_seconds:g} s "
        "| search above the proven bound | full model above it |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lp = "—" if r["lp"] is None else f"{r['lp']:,.0f}" + ("" if r["converged"] else "*")
        lines.append(
            f"| {r['agents']} ({r['seed']}) | {lp} | {r['proven']:,.0f} "
            f"| {_percent(r['proven'], r['lp'])} | {r['searched']:,} | {r['full']:,} "
            f"| {_percent(r['searched'], r['proven'])} | {_percent(r['full'], r['proven'])} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=float, default=LONG_SECONDS, help="the full model's seconds")
    parser.add_argument("--agents", type=int, nargs="*", help="sizes instead of 6 12 24 48")
    parser.add_argument("--update-readme", action="store_true")
    args = parser.parse_args(argv)
    cases = [(n, 0) for n in args.agents] if args.agents else CASES
    rows = []
    for agents, seed in cases:
        rows.append(row(agents, seed, args.long))
        print(f"# {agents} agents done", file=sys.stderr, flush=True)
    command = "python -m benchmarks.integrality" + (
        f" --long {args.long:g}" if args.long != LONG_SECONDS else ""
    )
    if args.agents:
        command += " --agents " + " ".join(map(str, args.agents))
    body = provenance(command, "workers 2 | seed 0") + "\n\n" + table(rows, args.long)
    print(body)
    if args.update_readme:
        update_readme("integrality", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
