"""Solve a shift-cover problem with CP-SAT under a time limit.

Every staff member and day is one model, solved by CP-SAT's portfolio on ``workers`` threads
(``solver.parameters.num_workers``, never an ad-hoc attribute), starting from the greedy roster
as a hint. The bound reported is CP-SAT's ``BestObjectiveBound``, rounded up since the
objective is integral: ``optimal`` means the roster's objective equals that bound.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.shiftcover.model import OFF, ShiftCoverProblem, ShiftCoverRoster
from scheduler.shiftcover.score import score
from scheduler.shiftcover.solver.build import build_model
from scheduler.shiftcover.solver.context import SolverContext
from scheduler.shiftcover.solver.greedy import greedy_roster
from scheduler.shiftcover.solver.params import SolverParams
from scheduler.shiftcover.solver.result import ShiftCoverResult, SolveStatus

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
}


def solve(
    problem: ShiftCoverProblem,
    params: SolverParams | None = None,
    log: Callable[[str], None] | None = None,
) -> ShiftCoverResult:
    """Best roster found within ``params.time_limit``; ``log`` receives CP-SAT's search log."""
    params = params or SolverParams()
    started = time.monotonic()
    ctx = build_model(problem)
    hint_objective = None
    if params.hint:
        hint = greedy_roster(problem)
        hint_objective = score(problem, hint).total
        _add_hint(ctx, hint)
    solver = cp_model.CpSolver()
    _configure(solver, params, time.monotonic() - started, log)
    code = solver.solve(ctx.model)
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    has_roster = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return ShiftCoverResult(
        status=status,
        roster=_roster(ctx, solver) if has_roster else None,
        objective=round(solver.objective_value) if has_roster else None,
        lower_bound=math.ceil(solver.best_objective_bound - 1e-6) if has_roster else None,
        wall_seconds=round(time.monotonic() - started, 2),
        terms=_terms(ctx, solver) if has_roster else {},
        hint_objective=hint_objective,
    )


def _configure(
    solver: cp_model.CpSolver,
    params: SolverParams,
    spent: float,
    log: Callable[[str], None] | None,
) -> None:
    p = solver.parameters
    p.num_workers = params.workers
    p.random_seed = params.seed
    p.linearization_level = params.linearization_level
    p.subsolvers.extend(params.subsolvers)
    remaining = max(0.1, params.time_limit - spent)
    if params.deterministic:
        p.interleave_search = True
        p.max_deterministic_time = remaining
    else:
        p.max_time_in_seconds = remaining
    if log is not None:
        p.log_search_progress = True
        p.log_to_stdout = False
        solver.log_callback = log


def _add_hint(ctx: SolverContext, roster: ShiftCoverRoster) -> None:
    for (staff, day, shift), var in ctx.x.items():
        ctx.model.add_hint(var, roster.shift_of(staff, day) == shift)
    for (staff, day), var in ctx.works.items():
        ctx.model.add_hint(var, roster.shift_of(staff, day) != OFF)


def _roster(ctx: SolverContext, solver: cp_model.CpSolver) -> ShiftCoverRoster:
    problem = ctx.problem
    shifts = {s.id: [OFF] * problem.days for s in problem.staff}
    for (staff, day, shift), var in ctx.x.items():
        if solver.boolean_value(var):
            shifts[staff][day] = shift
    return ShiftCoverRoster(name=problem.name, shifts={k: tuple(v) for k, v in shifts.items()})


def _terms(ctx: SolverContext, solver: cp_model.CpSolver) -> dict[str, int]:
    out: dict[str, int] = {}
    for term in ctx.terms:
        value = term.weight * round(solver.value(term.expr))
        out[term.family] = out.get(term.family, 0) + value
    return out
