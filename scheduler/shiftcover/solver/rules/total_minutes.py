"""Minimum and maximum total minutes worked over the horizon (hard)."""

from __future__ import annotations

from scheduler.shiftcover.solver.context import SolverContext


def build(ctx: SolverContext) -> None:
    problem = ctx.problem
    for staff in problem.staff:
        minutes = [
            (shift.minutes, var)
            for day in range(problem.days)
            for shift in problem.shift_types
            if (var := ctx.shift_var(staff.id, day, shift.id)) is not None
        ]
        total = sum(m * var for m, var in minutes)
        ctx.model.add_linear_constraint(total, staff.min_total_minutes, staff.max_total_minutes)
