"""Plan a roster: aggregate bound, named assignment, then the full model from a complete hint.

Stage 1 solves the aggregate model (a relaxation: its bound is the lower bound we report).
Stage 2a hands each class's counts to named agents. Stage 2b solves the per-agent model with
every rule and the true objective, restricted to the (queue, option) pairs stage 1 found useful
plus those of the hint, warm-started from the stage-2a roster. The time limit always returns
the best roster found, marked feasible rather than optimal unless it meets the bound.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ortools.sat.python import cp_model
from pydantic import BaseModel, ConfigDict, Field

from scheduler.models.instance import Instance
from scheduler.models.result import SolveResult, SolveStatus
from scheduler.optimise.aggregate import AgentClass, agent_classes, build_aggregate, round_targets
from scheduler.optimise.assign import Assignment, Targets, assign_class
from scheduler.optimise.context import ModelContext
from scheduler.optimise.diagnose import explain_infeasible
from scheduler.optimise.extract import build_roster
from scheduler.optimise.improve import hint_assignment, improve, read_assignment
from scheduler.optimise.mip import solve_linear
from scheduler.optimise.options import OptionCatalogue, rosterable
from scheduler.optimise.progress import Printer, ProgressCallback, format_progress, stderr_printer
from scheduler.optimise.roster_model import build_roster_model
from scheduler.optimise.rules.shifts import Allowed


class SolveParams(BaseModel):
    model_config = ConfigDict(frozen=True)

    time_limit: float = Field(60.0, gt=0, description="Wall-clock seconds for the whole solve.")
    workers: int = Field(2, ge=1, description="CP-SAT workers; use the machine's cores.")
    seed: int = 0
    gap_target: float = Field(0.0, ge=0, description="Stop once this close above the bound.")
    aggregate_share: float = Field(0.3, gt=0, lt=1, description="Time cap share of stage 1.")
    full_model_limit: int = Field(
        5_000,
        ge=0,
        description="Solve the unrestricted model when it has at most this many "
        "shift Booleans: its CP-SAT bound then proves optimality.",
    )
    restricted_share: float = Field(
        0.7, gt=0, le=1, description="Share of the remaining time for the restricted model."
    )


class _Clock:
    def __init__(self, limit: float) -> None:
        self.started = time.monotonic()
        self.limit = limit

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def left(self) -> float:
        return max(0.05, self.limit - self.elapsed())


def solve(
    instance: Instance, params: SolveParams | None = None, printer: Printer = stderr_printer
) -> SolveResult:
    params = params or SolveParams()
    clock = _Clock(params.time_limit)
    catalogue = OptionCatalogue(instance)
    agents = [a for a in instance.agents if rosterable(a)]
    classes = agent_classes(instance, catalogue, agents)
    stats: dict[str, float | int | str] = {"agents": len(agents), "classes": len(classes)}

    aggregate = build_aggregate(instance, catalogue, classes)
    relaxation = solve_linear(
        aggregate.ctx.model, clock.left() * params.aggregate_share, relax=True
    )
    stats["bound_seconds"] = round(clock.elapsed(), 2)
    if relaxation.status == "infeasible":
        return _infeasible(instance, catalogue, agents, clock, stats)
    lower_bound = relaxation.bound or 0.0
    targets = round_targets(aggregate, relaxation.values)
    printer(format_progress("bound", lower_bound, lower_bound, clock.elapsed()))

    assignment = _assign(catalogue, classes, targets, clock, params)
    if assignment is None:
        return _infeasible(instance, catalogue, agents, clock, stats)
    stats["assign_seconds"] = round(clock.elapsed() - float(stats["bound_seconds"]), 2)

    full = _choice_count(catalogue, agents) <= params.full_model_limit
    allowed = None if full else _allowed(classes, targets, assignment)
    ctx = build_roster_model(instance, catalogue, agents, allowed)
    hint_assignment(ctx, assignment)
    ctx.minimise()
    final = _solver(params, clock.left() * params.restricted_share, params.workers)
    callback = _GapStop("roster", clock.started, printer, lower_bound, params.gap_target)
    status = final.solve(ctx.model, callback)
    stats["roster_status"] = final.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolveResult(status=SolveStatus.ERROR, wall_seconds=clock.elapsed(), stats=stats)
    if full:  # every option is in the model, so CP-SAT's bound holds for the whole problem
        lower_bound = max(lower_bound, final.best_objective_bound)
    stats["full_model"] = int(full)
    best = [final.objective_value, ctx, final]

    def keep(objective: float, _: Assignment, new_ctx: ModelContext, solver) -> None:
        best[:] = [objective, new_ctx, solver]
        printer(format_progress("improve", objective, lower_bound, clock.elapsed()))

    def time_left() -> float:
        if best[0] <= lower_bound * (1 + params.gap_target) + 1e-6:
            return 0.0
        return clock.limit - clock.elapsed()

    current = read_assignment(ctx, final)
    improve(catalogue, agents, current, best[0], time_left, params.seed, params.workers, keep)
    return _result(best[1], best[2], catalogue, lower_bound, clock, stats)


def _choice_count(catalogue: OptionCatalogue, agents: list) -> int:
    """Shift Booleans of the per-agent model with every option open."""
    days = range(catalogue.instance.horizon.days)
    return sum(len(a.queues) * len(catalogue.domain(a, d)) for a in agents for d in days)


def _solver(params: SolveParams, seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = params.seed
    return solver


class _GapStop(ProgressCallback):
    """Progress, plus stopping as soon as the roster is within the gap target of the bound."""

    def __init__(self, stage: str, started: float, printer: Printer, bound: float, gap: float):
        super().__init__(stage, started, printer, bound)
        self.gap = gap

    def on_solution_callback(self) -> None:
        super().on_solution_callback()
        bound = self.lower_bound or 0.0
        if self.objective_value <= bound * (1 + self.gap) + 1e-6:
            self.stop_search()


def _assign(
    catalogue: OptionCatalogue,
    classes: list[AgentClass],
    targets: dict[int, Targets],
    clock: _Clock,
    params: SolveParams,
) -> Assignment | None:
    """Stage 2a, class by class; a class whose counts its rules cannot follow gets full domains."""
    assignment: Assignment = {}
    budget = clock.left() * 0.4
    for c, cls in enumerate(classes):
        share = max(0.2, budget * cls.size / max(1, sum(k.size for k in classes)))
        result = assign_class(catalogue, cls, targets.get(c, {}), share, params.seed)
        if result is None:
            result = assign_class(
                catalogue, cls, targets.get(c, {}), share, params.seed, widen=True
            )
        if result is None:
            return None
        assignment.update(result)
    return assignment


def _allowed(
    classes: list[AgentClass], targets: dict[int, Targets], assignment: Assignment
) -> Allowed:
    allowed: Allowed = {}
    for c, cls in enumerate(classes):
        used: dict[int, set[tuple[str, int]]] = defaultdict(set)
        for (day, q, o), count in targets.get(c, {}).items():
            if count:
                used[day].add((q, o))
        for agent in cls.agents:
            per_day = {day: set(pairs) for day, pairs in used.items()}
            for day, pair in assignment.get(agent.id, {}).items():
                per_day.setdefault(day, set()).add(pair)
            allowed[agent.id] = per_day
    return allowed


def _result(
    ctx: ModelContext,
    solver: cp_model.CpSolver,
    catalogue: OptionCatalogue,
    lower_bound: float,
    clock: _Clock,
    stats: dict[str, float | int | str],
) -> SolveResult:
    assert ctx.choices is not None
    assignment: Assignment = {
        agent_id: {
            day: pair
            for day, pairs in per_day.items()
            for pair, v in pairs.items()
            if solver.value(v)
        }
        for agent_id, per_day in ctx.choices.x.items()
    }
    counts = {
        key: [{p: solver.value(v) for p, v in per_offset.items()} for per_offset in per_break]
        for key, per_break in ctx.break_counts.items()
    }
    roster = build_roster(catalogue, assignment, counts)
    costs = {t.name: float(t.weight * solver.value(t.expr)) for t in ctx.terms}
    for name, value in ctx.constant_costs.items():
        costs[name] = costs.get(name, 0.0) + value
    objective = solver.objective_value
    proven = objective <= lower_bound + 1e-6
    return SolveResult(
        status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
        roster=roster,
        objective=objective,
        lower_bound=lower_bound,
        wall_seconds=clock.elapsed(),
        costs=costs,
        stats=stats,
    )


def _infeasible(instance, catalogue, agents, clock: _Clock, stats) -> SolveResult:
    conflicts = explain_infeasible(instance, catalogue, agents)
    return SolveResult(
        status=SolveStatus.INFEASIBLE,
        wall_seconds=clock.elapsed(),
        stats=stats,
        conflicts=tuple(conflicts),
    )
