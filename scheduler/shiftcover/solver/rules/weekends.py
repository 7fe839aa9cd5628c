"""At most ``max_weekends`` weekends with a shift on Saturday or Sunday (hard).

Only for staff whose pattern automaton (``rules.runs``) does not already count weekends.
"""

from __future__ import annotations

from scheduler.shiftcover.solver.context import SolverContext


def build(ctx: SolverContext) -> None:
    problem = ctx.problem
    for staff in problem.staff:
        if staff.max_weekends >= len(problem.weekends) or staff.id in ctx.weekends_in_pattern:
            continue
        worked = []
        for k, days in enumerate(problem.weekends):
            weekend = ctx.model.new_bool_var(f"weekend[{staff.id},{k}]")
            ctx.model.add_max_equality(weekend, [ctx.works[staff.id, d] for d in days])
            worked.append(weekend)
        ctx.model.add(sum(worked) <= staff.max_weekends)
