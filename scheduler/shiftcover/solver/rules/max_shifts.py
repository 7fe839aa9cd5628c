"""Most shifts of each type per staff member over the horizon (hard).

A limit of 0 is already enforced by ``variables`` (no variable is created), so only positive
limits below the horizon length need a constraint.
"""

from __future__ import annotations

from scheduler.shiftcover.solver.context import SolverContext


def build(ctx: SolverContext) -> None:
    problem = ctx.problem
    for staff in problem.staff:
        for shift, limit in staff.max_shifts.items():
            if 0 < limit < problem.days:
                worked = [ctx.x[staff.id, d, shift] for d in range(problem.days)]
                ctx.model.add(sum(worked) <= limit)
