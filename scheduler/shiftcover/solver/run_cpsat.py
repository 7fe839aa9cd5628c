"""One CP-SAT run on a (possibly restricted) copy of the model: configure, hint, read back.

Shared by the whole-model solve, the first-roster search and every neighbourhood step, so
all of them honour ``SolverParams`` the same way: ``num_workers``, the seed, and with
``deterministic`` a deterministic time limit instead of a wall-clock one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.shiftcover.model import OFF, ShiftCoverRoster
from scheduler.shiftcover.solver.context import SolverContext
from scheduler.shiftcover.solver.params import SolverParams


@dataclass(frozen=True)
class CpSatRun:
    code: int  # cp_model.OPTIMAL, FEASIBLE, ...
    roster: ShiftCoverRoster | None
    objective: int | None  # the solver's own value, for logs only; callers score the roster
    bound: int | None  # BestObjectiveBound rounded up (the objective is integral)
    deterministic_time: float
    solver: cp_model.CpSolver
    whole_model: bool  # False for a restricted copy, whose bound proves nothing overall

    @property
    def has_roster(self) -> bool:
        return self.roster is not None


def run(
    ctx: SolverContext,
    model: cp_model.CpModel,
    params: SolverParams,
    limit: float,
    *,
    subsolvers: tuple[str, ...] | None = None,
    whole_model: bool = True,
    log: Callable[[str], None] | None = None,
    solver: cp_model.CpSolver | None = None,
) -> CpSatRun:
    """Solve ``model`` (a clone of ``ctx.model`` or the model itself) for ``limit`` seconds,
    wall-clock or deterministic as ``params`` says. Pass ``solver`` to be able to call its
    ``stop_search()`` from another thread."""
    solver = solver or cp_model.CpSolver()
    configure(solver, params, limit, subsolvers, log)
    code = solver.solve(model)
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    has_objective = model.has_objective()
    return CpSatRun(
        code=code,
        roster=read_roster(ctx, solver) if found else None,
        objective=round(solver.objective_value) if found and has_objective else None,
        bound=math.ceil(solver.best_objective_bound - 1e-6) if has_objective else None,
        deterministic_time=solver.deterministic_time,
        solver=solver,
        whole_model=whole_model,
    )


def configure(
    solver: cp_model.CpSolver,
    params: SolverParams,
    limit: float,
    subsolvers: tuple[str, ...] | None = None,
    log: Callable[[str], None] | None = None,
) -> None:
    """Workers, seed, LP level, subsolvers and the (wall-clock or deterministic) limit."""
    p = solver.parameters
    p.num_workers = params.workers
    p.random_seed = params.seed
    p.linearization_level = params.linearization_level
    p.subsolvers.extend(params.subsolvers if subsolvers is None else subsolvers)
    if params.deterministic:
        p.interleave_search = True
        p.max_deterministic_time = max(0.01, limit)
    else:
        p.max_time_in_seconds = max(0.01, limit)
    if log is not None:
        p.log_search_progress = True
        p.log_to_stdout = False
        solver.log_callback = log


def add_hint(ctx: SolverContext, model: cp_model.CpModel, roster: ShiftCoverRoster) -> None:
    """Hint every decision of ``roster`` on ``model`` (same variable indexes as ``ctx``)."""
    model.clear_hints()
    for (staff, day, shift), var in ctx.x.items():
        model.add_hint(
            model.get_bool_var_from_proto_index(var.index), roster.shift_of(staff, day) == shift
        )
    for (staff, day), var in ctx.works.items():
        model.add_hint(
            model.get_bool_var_from_proto_index(var.index), roster.shift_of(staff, day) != OFF
        )


def read_roster(ctx: SolverContext, solver: cp_model.CpSolver) -> ShiftCoverRoster:
    problem = ctx.problem
    shifts = {s.id: [OFF] * problem.days for s in problem.staff}
    for (staff, day, shift), var in ctx.x.items():
        if solver.boolean_value(var):
            shifts[staff][day] = shift
    return ShiftCoverRoster(name=problem.name, shifts={k: tuple(v) for k, v in shifts.items()})
