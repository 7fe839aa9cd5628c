"""Assemble the CP-SAT model from the variables and one module per rule family."""

from __future__ import annotations

from collections.abc import Callable

from scheduler.shiftcover.model import ShiftCoverProblem
from scheduler.shiftcover.solver import variables
from scheduler.shiftcover.solver.context import SolverContext
from scheduler.shiftcover.solver.rules import (
    cannot_follow,
    cover,
    days_off,
    max_shifts,
    requests,
    runs,
    total_minutes,
    weekends,
)

# Rule modules in the order they are added; the scorer's checker for each is named alongside
# (a test asserts every hard family here has one).
RULES: dict[str, Callable[[SolverContext], None]] = {
    "days_off": days_off.build,
    "max_shifts": max_shifts.build,
    "total_minutes": total_minutes.build,
    "runs": runs.build,  # consecutive shifts, consecutive days off and (mostly) weekends
    "weekends": weekends.build,  # only where runs leaves them out
    "cannot_follow": cannot_follow.build,
    "requests": requests.build,
    "cover": cover.build,
}


def build_model(problem: ShiftCoverProblem) -> SolverContext:
    """The whole problem as one CP-SAT model with the benchmark's objective."""
    ctx = SolverContext(problem)
    variables.build(ctx)
    for build in RULES.values():
        build(ctx)
    ctx.model.minimize(sum(term.weight * term.expr for term in ctx.terms))
    return ctx
