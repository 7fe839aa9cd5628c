"""Cover per (day, shift type) (soft): under-weight x shortfall + over-weight x excess.

``staffed - requirement = over - under`` with both parts non-negative; with positive weights
the minimiser never raises both at once, so each equals the scorer's max(0, ...) at an optimum.
"""

from __future__ import annotations

from scheduler.shiftcover.solver.context import SolverContext


def build(ctx: SolverContext) -> None:
    problem, model = ctx.problem, ctx.model
    for cover in problem.cover:
        staffed = [
            var
            for staff in problem.staff
            if (var := ctx.shift_var(staff.id, cover.day, cover.shift)) is not None
        ]
        under = model.new_int_var(0, cover.requirement, f"under[{cover.day},{cover.shift}]")
        over = model.new_int_var(0, len(staffed), f"over[{cover.day},{cover.shift}]")
        model.add(sum(staffed) - cover.requirement == over - under)
        ctx.add_term("under", cover.under_weight, under)
        ctx.add_term("over", cover.over_weight, over)
