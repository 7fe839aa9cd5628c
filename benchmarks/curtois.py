"""Curtois & Qu employee-scheduling benchmark: solve, score with *their* objective, compare.

    python -m benchmarks.curtois ../shared/benchmarks/curtois/Instance{1..4}.txt --time-limit 10
    python -m benchmarks.curtois FILE... --time-limit 60 --update-readme

Prints one JSON line per instance: ``instance``, ``objective`` (the benchmark's objective
recomputed from the roster by ``scheduler.shiftcover.score``, not the solver's), ``feasible``
(every hard limit holds, by the same independent checker), ``lower_bound`` (CP-SAT's proven
bound from this run), the best-known objective and lower bound from ``best_known.csv`` beside
the files when there is one, the gap and ``wall_s``; then a Markdown table. The solver is
``scheduler.shiftcover.solver`` (CP-SAT, one module per rule family), not the contact-centre
optimiser, whose interval model cannot state this family's rules (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.report_section import provenance, update_readme
from scheduler.io.errors import InputError
from scheduler.shiftcover import check, read_problem
from scheduler.shiftcover.solver import SolverParams, solve
from scheduler.shiftcover.solver.solve import chosen_strategy

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "curtois"


def best_known(path: Path) -> dict[str, int | None]:
    """Best-known objective and lower bound of ``InstanceN.txt`` from ``best_known.csv``."""
    table = path.parent / "best_known.csv"
    match = re.search(r"(\d+)$", path.stem)
    if not table.exists() or not match:
        return {"best_known": None, "best_known_lower_bound": None}
    with table.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["instance"] == match.group(1):
                return {
                    "best_known": _int(row["best_known_objective"]),
                    "best_known_lower_bound": _int(row["lower_bound"]),
                }
    return {"best_known": None, "best_known_lower_bound": None}


def _int(text: str) -> int | None:
    return int(text) if text.strip() else None


def _progress(path: Path) -> Callable[[str], None]:
    """Progress lines on stderr, so a long solve shows where it is."""
    started = time.monotonic()

    def log(line: str) -> None:
        print(
            f"[{path.stem} {time.monotonic() - started:6.1f}s] {line}", file=sys.stderr, flush=True
        )

    return log


def run_instance(
    path: Path, params: SolverParams, log: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Solve one file and score the roster independently of the solver; ``peak_rss_mb`` is
    the process's peak resident memory so far (ru_maxrss, so over every file before too)."""
    started = time.monotonic()
    problem = read_problem(path)
    result = solve(problem, params, log)
    wall = time.monotonic() - started
    row: dict[str, Any] = {"instance": problem.name, "staff": len(problem.staff)}
    row.update(days=problem.days, shift_types=len(problem.shift_types))
    if result.roster is None:
        row.update(objective=None, feasible=False, lower_bound=None)
    else:
        report = check(problem, result.roster)
        row.update(
            objective=report.objective,
            feasible=report.feasible,
            violations=len(report.violations),
            lower_bound=result.lower_bound,
            terms=report.score.model_dump(),
        )
    row.update(best_known(path))
    row.update(status=result.status.value, hint_objective=result.hint_objective)
    row.update(strategy=chosen_strategy(problem, params), **result.stats)
    row["gap_to_best_known"] = _gap(row["objective"], row["best_known"])
    row["wall_s"] = round(wall, 1)
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def _gap(objective: int | None, reference: int | None) -> float | None:
    if objective is None or not reference:
        return None
    return round((objective - reference) / reference, 4)


def table(rows: list[dict[str, Any]], limit: float) -> str:
    lines = [
        "| instance | staff × days × types | limit s | wall s | objective | our bound | status "
        "| best known | known LB | gap to best | feasible |",
        "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in rows:
        gap = "—" if r["gap_to_best_known"] is None else f"{100 * r['gap_to_best_known']:+.1f} %"
        lines.append(
            f"| {r['instance']} | {r['staff']}×{r['days']}×{r['shift_types']} | {limit:g} "
            f"| {r['wall_s']} | {_cell(r['objective'])} | {_cell(r.get('lower_bound'))} "
            f"| {r['status']} | {_cell(r['best_known'])} | {_cell(r['best_known_lower_bound'])} "
            f"| {gap} | {'yes' if r['feasible'] else 'NO'} |"
        )
    return "\n".join(lines)


def _cell(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--strategy",
        choices=("auto", "lns", "full", "windows", "columns"),
        default="auto",
        help="auto (default): columns, or windows above the solver's size threshold; lns: bound "
        "thread + first roster + LNS; full: one whole-model CP-SAT run; windows: rolling "
        "first roster + LNS over staff x day windows, no whole model; columns: column "
        "generation bound, MIP over the columns, then lns from its roster",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--update-readme", action="store_true")
    args = parser.parse_args(argv)
    params = SolverParams(
        time_limit=args.time_limit, workers=args.workers, seed=args.seed, strategy=args.strategy
    )
    load = os.getloadavg()[0]  # the machine is shared: say how busy it was when the run began
    rows = []
    for path in args.files:
        try:
            row = run_instance(path, params, None if args.quiet else _progress(path))
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(json.dumps(row), flush=True)
        rows.append(row)
    text = table(rows, args.time_limit)
    print(text)
    if args.update_readme:
        command = "python -m benchmarks.curtois " + " ".join(
            [str(p) for p in args.files] + ["--time-limit", f"{args.time_limit:g}"]
        )
        if args.strategy != "auto":
            command += f" --strategy {args.strategy}"
        extra = (
            f"workers {args.workers} | seed {args.seed} | strategy {args.strategy}"
            f" | load average at start {load:.2f}"
        )
        update_readme(f"curtois-{args.time_limit:g}s", provenance(command, extra) + "\n\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
