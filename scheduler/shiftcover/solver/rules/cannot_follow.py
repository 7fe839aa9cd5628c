"""Shift types that may not be worked the day after a given type (hard).

Written as one at-most-one per (staff, day, shift): today's shift and every forbidden shift
tomorrow. Tomorrow holds at most one shift anyway, so this is the same set of rosters as the
pairwise clauses, with fewer and stronger constraints.
"""

from __future__ import annotations

from scheduler.shiftcover.solver.context import SolverContext


def build(ctx: SolverContext) -> None:
    problem = ctx.problem
    for staff in problem.staff:
        for shift in problem.shift_types:
            for day in range(problem.days - 1):
                today = ctx.shift_var(staff.id, day, shift.id)
                if today is None:
                    continue
                tomorrow = [ctx.shift_var(staff.id, day + 1, t) for t in shift.cannot_follow]
                banned = [var for var in tomorrow if var is not None]
                if banned:
                    ctx.model.add_at_most_one([today, *banned])
