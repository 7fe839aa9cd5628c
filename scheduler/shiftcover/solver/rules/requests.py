"""Shift-on and shift-off requests (soft): the weight of each one not met."""

from __future__ import annotations

from scheduler.shiftcover.solver.context import SolverContext


def build(ctx: SolverContext) -> None:
    problem = ctx.problem
    for request in problem.on_requests:
        var = ctx.shift_var(request.staff, request.day, request.shift)
        ctx.add_term("on_requests", request.weight, 1 if var is None else 1 - var)
    for request in problem.off_requests:
        var = ctx.shift_var(request.staff, request.day, request.shift)
        if var is not None:
            ctx.add_term("off_requests", request.weight, var)
