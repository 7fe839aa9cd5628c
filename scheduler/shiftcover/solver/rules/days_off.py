"""Days off (hard): the staff member works no shift on the listed days."""

from __future__ import annotations

from scheduler.shiftcover.solver.context import SolverContext


def build(ctx: SolverContext) -> None:
    for staff, days in ctx.problem.days_off.items():
        for day in days:
            ctx.model.add(ctx.works[staff, day] == 0)
