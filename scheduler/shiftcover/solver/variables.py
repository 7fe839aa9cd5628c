"""Decision variables: one Boolean per (staff, day, shift type) the staff member may work.

A staff member works at most one shift a day; ``works`` is that day's sum, a Boolean the run
and weekend rules share. Staff are never interchangeable in this family (each has their own
requests and days off), so there is no symmetry for a class formulation to remove.
"""

from __future__ import annotations

from scheduler.shiftcover.solver.context import SolverContext


def build(ctx: SolverContext) -> None:
    problem, model = ctx.problem, ctx.model
    for staff in problem.staff:
        allowed = [s.id for s in problem.shift_types if staff.may_work(s.id)]
        for day in range(problem.days):
            choices = []
            for shift in allowed:
                var = model.new_bool_var(f"x[{staff.id},{day},{shift}]")
                ctx.x[staff.id, day, shift] = var
                choices.append(var)
            works = model.new_bool_var(f"works[{staff.id},{day}]")
            model.add(works == sum(choices))
            ctx.works[staff.id, day] = works
