"""Solve a shift-cover problem with CP-SAT under a time limit.

``strategy="full"``: every staff member and day in one model, solved by CP-SAT's portfolio on
``workers`` threads from the greedy roster as a hint.

``strategy="columns"`` (``"auto"``'s choice below ``WINDOWS_ABOVE`` decisions on horizons of
at most ``COLUMNS_DAYS``, unless ``deterministic``): column generation over per-staff
schedules for a Lagrangian bound, a MIP over the columns for a first roster, then what
``lns`` does from it (``solver.columns``). Against ``lns`` at 60 s (2026-11-26): Instance 8
1,404 vs 1,749-1,827, 9 443 vs 566-582, 7 1,061 vs 1,058, 1-6 proven optimal as before (5
and 6 in 33 and 49 s against 19 and 38 s); Instance 12 at 600 s 4,073 vs 4,417, and bounds
equal to the best known on 10 and 12. On longer horizons column generation does not
converge in its half of the limit and the dive from its LP is poor: seeded family members
at 60 s, columns vs lns, 32 staff x 42 days x 4 types 951 vs 709, 20 x 56 x 3 473 vs 186,
40 x 84 x 6 17,245 vs 1,938 (2026-11-26, session 6).

``strategy="lns"`` (``"auto"``'s choice with ``deterministic`` or a longer horizon) splits
the workers by job, because on two workers CP-SAT's own portfolio found good rosters for
Instances 8, 9 and 12 slowly (its first roster on 8 came after ~6 s, none on 12 in 20 s):

- *bound*: the whole model on one worker with the full LP, hinted with the greedy roster,
  for the whole time limit in a background thread, so the bound keeps improving; if it
  proves its own roster optimal, the solve ends.
- *rosters*, on the other workers meanwhile: a first roster that keeps every hard limit
  (``first_roster.repair``), then large-neighbourhood search (``lns.improve``) until the time
  is up or the roster's objective reaches the bound.

With ``deterministic=True`` the same pieces run one after the other on all workers with
deterministic time limits (first roster, LNS for ``lns_share``, then the whole model hinted
with the LNS roster), so a seed gives the same roster on any machine.

``strategy="windows"`` (``"auto"``'s choice above ``WINDOWS_ABOVE``) never builds the whole
model: a rolling-horizon first roster (``rolling``), then LNS over bounded staff x day
windows (``window_lns``), each step a model of its window only. No lower bound.

Either way the roster returned is the best by the independent scorer among every roster seen,
and the bound is CP-SAT's ``BestObjectiveBound`` of the whole model (with ``columns``, the
larger of it and the Lagrangian bound), rounded up since the objective is integral:
``optimal`` means the roster's scorer objective equals that bound.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduler.shiftcover.model import ShiftCoverProblem, ShiftCoverRoster
from scheduler.shiftcover.score import ScoreReport, check, score
from scheduler.shiftcover.solver import first_roster, lns, rolling, run_cpsat, window_lns
from scheduler.shiftcover.solver.bound_thread import WholeModelBound
from scheduler.shiftcover.solver.build import build_model
from scheduler.shiftcover.solver.columns import solve_columns
from scheduler.shiftcover.solver.context import SolverContext
from scheduler.shiftcover.solver.greedy import greedy_roster
from scheduler.shiftcover.solver.params import Log, SolverParams
from scheduler.shiftcover.solver.result import ShiftCoverResult, SolveStatus

# Whole-model decisions (staff x days x shift types each may work) above which "auto" uses
# windows. Instance12, the largest shipped (60 x 28 x 10), has ~14k; 120 staff x a year x 18
# types has ~390k: the whole model took 5.6 s to build, peaked at 2.9 GB, and its first-roster
# repair found nothing in its 12 s share of a 120 s limit. Where between them the whole model
# stops paying is not measured; 60k keeps every shipped instance on the whole model.
WINDOWS_ABOVE = 60_000
COLUMNS_DAYS = 28  # the longest horizon "auto" gives column generation (Instances 1-12: 14-28)


class _Clock:
    """Time spent so far, in the unit the limits use (seconds, or deterministic time)."""

    def __init__(self, params: SolverParams) -> None:
        self.deterministic = params.deterministic
        self.started = time.monotonic()
        self.det = 0.0

    def spend(self, run: run_cpsat.CpSatRun | None = None, det: float = 0.0) -> None:
        self.det += det + (run.deterministic_time if run is not None else 0.0)

    @property
    def spent(self) -> float:
        return self.det if self.deterministic else time.monotonic() - self.started


class _Best:
    """Best roster so far by the scorer, and the best proven bound."""

    def __init__(self, ctx: SolverContext | None, problem: ShiftCoverProblem | None = None):
        self.ctx = ctx
        self.problem = problem if ctx is None else ctx.problem
        self.roster: ShiftCoverRoster | None = None
        self.objective: int | None = None
        self.bound: int | None = None
        self.terms: dict[str, int] = {}

    def offer(self, run: run_cpsat.CpSatRun | None, roster: ShiftCoverRoster | None = None) -> None:
        """Keep ``run``'s roster (or ``roster``) if the scorer finds it feasible and better;
        keep ``run``'s bound if higher (a whole-model run only)."""
        roster = roster if run is None else run.roster
        if run is not None and run.bound is not None and run.whole_model:
            self.bound = run.bound if self.bound is None else max(self.bound, run.bound)
        if roster is None:
            return
        report = check(self.problem, roster)
        if report.feasible and (self.objective is None or report.objective < self.objective):
            self.roster, self.objective = roster, report.objective
            self.terms = self._terms(run, report)

    def _terms(self, run: run_cpsat.CpSatRun | None, report: ScoreReport) -> dict[str, int]:
        """The solver's split of a whole-model run; the scorer's when there is no model."""
        if self.ctx is None:
            return report.score.model_dump()
        return _terms(self.ctx, run.solver) if run is not None else {}

    @property
    def proven(self) -> bool:
        return (
            self.objective is not None and self.bound is not None and self.objective <= self.bound
        )


def solve(
    problem: ShiftCoverProblem,
    params: SolverParams | None = None,
    log: Log | None = None,
) -> ShiftCoverResult:
    """Best roster found within ``params.time_limit``; ``log`` receives progress lines and
    CP-SAT's search log."""
    params = params or SolverParams()
    clock = _Clock(params)
    strategy = chosen_strategy(problem, params)
    if strategy == "windows":
        return _solve_windows(problem, params, clock, log)
    if strategy == "columns":
        return solve_columns(problem, params, log)
    ctx = build_model(problem)
    hint = greedy_roster(problem) if params.hint else None
    hint_objective = score(problem, hint).total if hint is not None else None
    if params.strategy == "full":
        if hint is not None:
            run_cpsat.add_hint(ctx, ctx.model, hint)
        first = run_cpsat.run(ctx, ctx.model, params, params.time_limit - clock.spent, log=log)
        best = _Best(ctx)
        best.offer(first)
        return _result(first.code, best, clock, hint_objective, {})
    return _solve_lns(ctx, params, hint, hint_objective, clock, log)


def chosen_strategy(problem: ShiftCoverProblem, params: SolverParams) -> str:
    """The strategy ``params`` asks for, or ``"auto"``'s choice for the problem's size and
    horizon (see the module)."""
    if params.strategy != "auto":
        return params.strategy
    if decisions(problem) > WINDOWS_ABOVE:
        return "windows"
    if params.deterministic or problem.days > COLUMNS_DAYS:
        return "lns"
    return "columns"


def decisions(problem: ShiftCoverProblem) -> int:
    """Whole-model size: one decision per staff member, day and shift type they may work."""
    allowed = sum(sum(s.may_work(t.id) for t in problem.shift_types) for s in problem.staff)
    return allowed * problem.days


def _solve_windows(
    problem: ShiftCoverProblem, params: SolverParams, clock: _Clock, log: Log | None
) -> ShiftCoverResult:
    """Rolling first roster, then window LNS for the rest of the limit; the scorer judges."""
    hint = greedy_roster(problem) if params.hint else None
    hint_objective = score(problem, hint).total if hint is not None else None
    best = _Best(None, problem)
    budget = params.rolling_share * params.time_limit
    first = rolling.rolling_roster(problem, params, budget, hint, lambda: clock.spent, log)
    best.offer(None, first)
    stats: dict[str, float] = {"first_roster_s": round(clock.spent, 2)}
    _note(log, "first roster", best, clock)
    if best.roster is None:
        return _result(cp_model.UNKNOWN, best, clock, hint_objective, stats)
    budget = params.time_limit - clock.spent
    outcome = window_lns.improve_windows(problem, best.roster, params, budget, log)
    best.offer(None, outcome.roster)
    stats.update(lns_steps=outcome.steps, lns_improvements=outcome.improvements)
    _note(log, "window lns", best, clock)
    return _result(cp_model.FEASIBLE, best, clock, hint_objective, stats)


def _solve_lns(
    ctx: SolverContext,
    params: SolverParams,
    hint: ShiftCoverRoster | None,
    hint_objective: int | None,
    clock: _Clock,
    log: Log | None,
) -> ShiftCoverResult:
    if params.deterministic:
        return _solve_in_turn(ctx, params, hint, hint_objective, clock, log)
    best = _Best(ctx)
    stats: dict[str, float] = {}
    bound = WholeModelBound(ctx, params, hint, params.time_limit)
    roster_params = params.model_copy(update={"workers": max(1, params.workers - 1)})
    limit = min(params.first_roster_share * params.time_limit, params.time_limit - clock.spent)
    found = first_roster.repair(ctx, hint, roster_params, limit)
    best.offer(None, found.roster)
    if best.roster is None and found.code != cp_model.INFEASIBLE:
        # The whole-model repair ran out of its share (120 staff x 28 days x 18 types): the
        # rolling construction builds one window at a time instead.
        budget = params.rolling_share * (params.time_limit - clock.spent)
        rolled = rolling.rolling_roster(
            ctx.problem, roster_params, budget, hint, lambda: clock.spent, log
        )
        best.offer(None, rolled)
    stats["first_roster_s"] = round(clock.spent, 2)
    _note(log, "first roster", best, clock)
    if best.roster is not None and found.code != cp_model.INFEASIBLE:
        budget = params.time_limit - clock.spent
        outcome = lns.improve(ctx, best.roster, roster_params, budget, log, bound.caught_up)
        best.offer(outcome.run, outcome.roster)
        best.offer(outcome.proof)
        stats.update(lns_steps=outcome.steps, lns_improvements=outcome.improvements)
        _note(log, "lns", best, clock)
    final = bound.finish()
    best.offer(final)
    _note(log, "bound", best, clock)
    code = cp_model.OPTIMAL if best.proven else final.code
    if found.code == cp_model.INFEASIBLE:
        code = cp_model.INFEASIBLE
    return _result(code, best, clock, hint_objective, stats)


def _solve_in_turn(
    ctx: SolverContext,
    params: SolverParams,
    hint: ShiftCoverRoster | None,
    hint_objective: int | None,
    clock: _Clock,
    log: Log | None,
) -> ShiftCoverResult:
    """The deterministic variant: first roster, LNS, then the hinted whole model."""
    best = _Best(ctx)
    stats: dict[str, float] = {}
    found = first_roster.repair(ctx, hint, params, params.first_roster_share * params.time_limit)
    clock.spend(found)
    best.offer(None, found.roster)
    _note(log, "first roster", best, clock)
    if found.code == cp_model.INFEASIBLE:
        return _result(found.code, best, clock, hint_objective, stats)
    if best.roster is not None:
        budget = params.lns_share * (params.time_limit - clock.spent)
        outcome = lns.improve(ctx, best.roster, params, budget, log)
        clock.spend(det=outcome.deterministic_time)
        best.offer(outcome.run, outcome.roster)
        best.offer(outcome.proof)
        stats.update(lns_steps=outcome.steps, lns_improvements=outcome.improvements)
        _note(log, "lns", best, clock)
    if best.proven:
        return _result(cp_model.OPTIMAL, best, clock, hint_objective, stats)
    if best.roster is not None:
        run_cpsat.add_hint(ctx, ctx.model, best.roster)
    elif hint is not None:
        run_cpsat.add_hint(ctx, ctx.model, hint)
    closing = run_cpsat.run(ctx, ctx.model, params, params.time_limit - clock.spent)
    clock.spend(closing)
    best.offer(closing)
    _note(log, "closing", best, clock)
    code = cp_model.OPTIMAL if best.proven else closing.code
    return _result(code, best, clock, hint_objective, stats)


def _note(log: Log | None, phase: str, best: _Best, clock: _Clock) -> None:
    if log is not None:
        log(f"{phase}: objective {best.objective} bound {best.bound} at {clock.spent:.1f}")


_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
}


def _result(
    code: int,
    best: _Best,
    clock: _Clock,
    hint_objective: int | None,
    stats: dict[str, float],
) -> ShiftCoverResult:
    """The result from the best roster the scorer accepted and the best whole-model bound;
    ``code`` is the last CP-SAT status, trusted only as far as the scorer agrees."""
    roster = best.roster
    if roster is None and code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        code = cp_model.UNKNOWN  # a roster the scorer rejects is not reported as one
    if roster is not None and code != cp_model.INFEASIBLE and not best.proven:
        code = cp_model.FEASIBLE
    return ShiftCoverResult(
        status=_STATUS.get(code, SolveStatus.UNKNOWN),
        roster=roster,
        objective=best.objective,
        lower_bound=best.bound if roster is not None else None,
        wall_seconds=round(time.monotonic() - clock.started, 2),
        terms=best.terms,
        hint_objective=hint_objective,
        stats=stats,
    )


def _terms(ctx: SolverContext, solver: cp_model.CpSolver) -> dict[str, int]:
    out: dict[str, int] = {}
    for term in ctx.terms:
        value = term.weight * round(solver.value(term.expr))
        out[term.family] = out.get(term.family, 0) + value
    return out
