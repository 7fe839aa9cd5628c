"""Strategy ``columns``: column generation for the bound, a dive and price-and-branch for
the first roster, branch-and-price and a closing for the proof, LNS for the rest.

1. *Bound*: column generation (``generation``) over per-staff schedules for at most
   ``BOUND_SHARE`` of the limit, pricing on every worker; its Lagrangian bound is the one
   reported. It stops early when the LP is optimal or the bound meets the LP value.
2. *First roster*: a dive from the LP (``diving``, until ``DIVE_SHARE`` of the limit), then
   HiGHS's MIP over every column so far, started from the dive's roster, for at most
   ``MIP_SHARE``.
3. *Branch-and-price* (``tree``): while the roster is above the bound, split the LP on sums
   of cells (nights over the horizon, ..., one cell of one person), best bound first, the
   roster's cost as cutoff; until ``TREE_SHARE`` of the limit (or for one stall's time when
   the dive ran past it), or until its bound has not risen for ``TREE_STALL`` of it
   (``TREE_STALL_SECONDS`` at most; the bound it reached stands either way).
4. *Closing* (``closing``): while the roster is above the bound, decide "is there a roster
   costing the bound?" by listing each staff member's schedules within the gap and asking
   CP-SAT; "no" raises the bound by one, and the cheapest roster over that "no"'s lists
   is sought (often at the new bound; until ``SEEK_SHARE`` of the limit); "yes" is an
   optimal roster. Until ``CLOSE_SHARE`` of the limit, each decision at most
   ``DECISION_SHARE``; an undecided one ends it.
5. *Roster and proof*: what ``strategy="lns"`` does, from the best roster instead of the
   greedy one: the whole CP-SAT model hinted with it on one worker for its bound, and
   whole-model LNS (``lns.improve``) on the others, until the limit or the bound.

Every roster is judged by the independent scorer (``score.check``); the best feasible one is
returned. The bound reported is the better of the column-generation (Lagrangian) bound, as
the tree and the closing raised it, and CP-SAT's whole-model bound; ``optimal`` only when
the roster's objective equals it.

Why: LNS from the greedy roster (``strategy="lns"``) stalls far off on Instances 8 and 9
(9,611 and 7,059 to start); the LP over all schedules bounds them far tighter than CP-SAT's
whole model. With exact DP pricing (``dp_pricing``) the LP converges in 2-7 s on 7-9 and
15-20 s on 12. The MIP over the converged LP's columns alone gave poor rosters (7: 1,358;
12: 7,746); the dive, pricing again after each fixing, gives 1,071, 1,306 and 439 on 7-9 in
4-20 s (optima 1,056, 1,300, 439) and proves 10 and 11 optimal (the roster meets the bound).
The closing raises 7's bound from 1,055 to its optimum 1,056 and 8's from 1,297 to 1,298.
The tree raises 9's from 406 to its optimum 439 in 3 nodes (under a second), where the
closing's lists 33 units above their minima would be far too long; it runs before the
closing because it gives up fast where it does not climb (8, 7: ~3 s at 60 s).
"""

from __future__ import annotations

import time

from scheduler.shiftcover.model import ShiftCoverProblem, ShiftCoverRoster
from scheduler.shiftcover.score import check
from scheduler.shiftcover.solver import first_roster, lns
from scheduler.shiftcover.solver.bound_thread import WholeModelBound
from scheduler.shiftcover.solver.build import build_model
from scheduler.shiftcover.solver.columns.closing import Closure, Decision
from scheduler.shiftcover.solver.columns.diving import dive
from scheduler.shiftcover.solver.columns.generation import ColumnGenerator, Generation
from scheduler.shiftcover.solver.columns.pricing import Schedule
from scheduler.shiftcover.solver.columns.tree import Tree
from scheduler.shiftcover.solver.greedy import greedy_roster
from scheduler.shiftcover.solver.params import Log, SolverParams
from scheduler.shiftcover.solver.result import ShiftCoverResult, SolveStatus

BOUND_SHARE = 0.5  # most of the limit column generation may take
DIVE_SHARE = 0.6  # the dive must end by this share of the limit
MIP_SHARE = 0.1  # most of the limit the MIP over the columns may take
CLOSE_SHARE = 0.75  # the closure's decisions must end by this share of the limit
# ... and its search over kept lists by this one: it runs only after a proven "no", whose
# new bound it often meets (Instance 7), while an undecided decision on Instance 12 with 90 %
# left whole-model LNS 60 s instead of 150 s (4,140 against 4,040 at 600 s).
SEEK_SHARE = 0.9
DECISION_SHARE = 0.2  # most of the limit one of its decisions may take
TREE_SHARE = 0.6  # branch-and-price must end by this share of the limit ...
TREE_STALL = 0.05  # ... and ends once its bound has not risen for this share of it,
TREE_STALL_SECONDS = 5.0  # or for this long: on 10-12 (the LP bound already the optimum)
# a 600-s limit's share would take 30 s from the LNS that finds their optimal rosters
# The closing lists schedules at the root's prices, so only this many units above the root's
# Lagrangian: Instance 8's lists at 1,299 (2.4 above) are 50,477 schedules, undecided in 40 s;
# on Instance 9 at 20 s, after the tree had raised the bound 33 units, the listing only took
# the LNS's time (roster 541 against 439).
CLOSING_REACH = 3.0
SMOOTHING = 0.0  # Wentges alpha; 0.5 on Instance9 took as many rounds, each slower


class _Best:
    """The best roster by the scorer so far."""

    def __init__(self, problem: ShiftCoverProblem) -> None:
        self.problem = problem
        self.roster: ShiftCoverRoster | None = None
        self.objective: int | None = None

    def offer(self, roster: ShiftCoverRoster | None) -> None:
        if roster is None:
            return
        report = check(self.problem, roster)
        if report.feasible and (self.objective is None or report.objective < self.objective):
            self.roster, self.objective = roster, report.objective


def solve_columns(
    problem: ShiftCoverProblem, params: SolverParams, log: Log | None = None
) -> ShiftCoverResult:
    """The five phases above within ``params.time_limit`` (wall-clock; ``deterministic``
    is not honoured: pricing runs in threads and stops on the clock)."""
    started = time.monotonic()
    deadline = started + params.time_limit
    generator = ColumnGenerator(problem, params.workers, SMOOTHING)
    best = _Best(problem)
    stats: dict[str, float] = {}
    try:
        state, mip_roster = _bound_and_mip(generator, started, params.time_limit, log)
        stats.update(cg_rounds=state.rounds, columns=len(generator.master.columns))
        stats["cg_s"] = round(time.monotonic() - started, 2)
        stats["cg_bound"] = state.bound if state.bound is not None else -1
        best.offer(mip_roster)
        stats["mip_objective"] = best.objective if best.objective is not None else -1
        if state.infeasible:
            return _result(SolveStatus.INFEASIBLE, best, None, started, stats)
        stall = min(TREE_STALL * params.time_limit, TREE_STALL_SECONDS)
        until = max(started + TREE_SHARE * params.time_limit, time.monotonic() + stall)
        tree = (min(until, deadline), stall)
        bound = _branch(generator, best, state.bound, tree, stats)
    finally:
        generator.close()
    closing = min(started + CLOSE_SHARE * params.time_limit, deadline)
    seeking = min(started + SEEK_SHARE * params.time_limit, deadline)
    step = DECISION_SHARE * params.time_limit
    limits = (closing, seeking, step)
    bound = _close(generator, best, bound, limits, params.workers, stats)
    bound = _improve(problem, params, best, bound, deadline, log, stats)
    status = SolveStatus.FEASIBLE if best.roster is not None else SolveStatus.UNKNOWN
    if best.objective is not None and _at_most(best.objective, bound):
        status = SolveStatus.OPTIMAL
    return _result(status, best, bound, started, stats)


def _bound_and_mip(
    generator: ColumnGenerator, started: float, limit: float, log: Log | None
) -> tuple[Generation, ShiftCoverRoster | None]:
    """Column generation, a dive from its LP, then the MIP over every column so far
    started from the dive's roster; the better roster (or None)."""
    if not generator.seed(started + BOUND_SHARE * limit):
        return generator.state, None
    state = generator.run(started + BOUND_SHARE * limit, log)
    dived = dive(generator, min(started + DIVE_SHARE * limit, started + limit))
    mip_limit = min(MIP_SHARE * limit, started + limit - time.monotonic())
    chosen = generator.master.integer_roster(mip_limit, dived) or dived
    if log:
        log(f"columns: bound {state.bound} lp {state.lp_value} after {state.rounds} rounds")
    return state, None if chosen is None else _roster(generator.problem, chosen)


def _branch(
    generator: ColumnGenerator,
    best: _Best,
    bound: int | None,
    limits: tuple[float, float],
    stats: dict[str, float],
) -> int | None:
    """Branch-and-price (``tree``) from the column-generation bound while the best roster
    is above it, until ``limits``' deadline or its bound has not risen for ``limits``'
    seconds; its roster goes to the scorer; the better bound."""
    deadline, stall = limits
    if bound is None or (best.objective is not None and best.objective <= bound):
        return bound
    outcome = Tree(generator).search(bound, best.objective, deadline, stall)
    if outcome.chosen is not None:
        best.offer(_roster(generator.problem, outcome.chosen))
    stats["tree_nodes"] = outcome.nodes
    return _max(bound, outcome.bound)


def _close(
    generator: ColumnGenerator,
    best: _Best,
    bound: int | None,
    limits: tuple[float, float, float],
    workers: int,
    stats: dict[str, float],
) -> int | None:
    """Raise the bound one unit at a time by ``closing`` until a roster meets it, a
    decision is not reached within its seconds, or the deadline; after each "no", seek the
    cheapest roster over its lists (``limits``: the decisions' deadline, the seeking's,
    seconds per decision); the bound it proved."""
    deadline, seeking, seconds = limits
    closure = Closure.of(generator, deadline) if bound is not None else None
    if closure is not None and bound is not None and closure.reach(bound) > CLOSING_REACH:
        closure = None  # the tree raised the bound past what lists at the root's prices hold
    steps = 0
    while closure is not None and bound is not None and time.monotonic() < deadline:
        if best.objective is not None and best.objective <= bound:
            break
        decision = closure.decide(bound, min(deadline, time.monotonic() + seconds), workers)
        steps += 1
        if decision.chosen is not None:
            _offer(generator, best, decision)
            break  # it costs at most ``bound``, and nothing costs less: optimal
        if not decision.none:
            break
        bound += 1
        until = min(seeking, time.monotonic() + 2 * seconds)
        _seek(generator, closure, best, bound, (until, workers))
    if closure is not None and bound is not None:  # the rest of the seeking's time
        _seek(generator, closure, best, bound, (seeking, workers))
    stats["closing_steps"] = steps
    return bound


def _seek(
    generator: ColumnGenerator,
    closure: Closure,
    best: _Best,
    bound: int,
    limits: tuple[float, int],
) -> None:
    """The cheapest roster over the closure's kept lists (``Closure.best_kept``), from the
    best roster so far, until ``limits``' deadline (with its workers) or the bound."""
    deadline, workers = limits
    if best.objective is None or best.objective <= bound or time.monotonic() >= deadline:
        return
    index = {s.id: k for k, s in enumerate(generator.problem.staff)}
    hint = {index[i]: s for i, s in best.roster.shifts.items()} if best.roster else None
    _offer(generator, best, closure.best_kept((bound, best.objective), deadline, workers, hint))


def _offer(generator: ColumnGenerator, best: _Best, decision: Decision) -> None:
    """The decision's roster, if it has one, to the scorer."""
    if decision.chosen is not None:
        best.offer(_roster(generator.problem, decision.chosen))


def _roster(problem: ShiftCoverProblem, chosen: dict[int, Schedule]) -> ShiftCoverRoster:
    """The roster of one schedule per staff index."""
    shifts = {problem.staff[k].id: schedule for k, schedule in chosen.items()}
    return ShiftCoverRoster(name=problem.name, shifts=shifts)


def _improve(
    problem: ShiftCoverProblem,
    params: SolverParams,
    best: _Best,
    bound: int | None,
    deadline: float,
    log: Log | None,
    stats: dict[str, float],
) -> int | None:
    """What ``strategy="lns"`` does for the rest of the time, from the best roster so far:
    the whole model hinted with it on one worker for a bound (the better bound is returned),
    and the usual first roster and LNS on the other workers until ``deadline`` or the bound."""
    if bound is not None and best.objective is not None and best.objective <= bound:
        return bound
    ctx = build_model(problem)
    hint = best.roster or (greedy_roster(problem) if params.hint else None)
    prover = WholeModelBound(ctx, params, hint, deadline - time.monotonic())
    workers = params.model_copy(update={"workers": max(1, params.workers - 1)})
    limit = min(params.first_roster_share * params.time_limit, deadline - time.monotonic())
    if best.roster is None:
        best.offer(first_roster.repair(ctx, hint, workers, limit).roster)

    def reached(objective: int) -> bool:
        return prover.done() or _at_most(objective, _max(bound, prover.bound))

    budget = deadline - time.monotonic()
    if best.roster is not None and budget > 0:
        outcome = lns.improve(ctx, best.roster, workers, budget, log, reached)
        best.offer(outcome.roster)
        stats.update(lns_steps=outcome.steps, lns_improvements=outcome.improvements)
    run = prover.finish()
    best.offer(run.roster)
    stats["cpsat_bound"] = run.bound if run.bound is not None else -1
    return _max(bound, run.bound)


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _at_most(objective: int, bound: int | None) -> bool:
    return bound is not None and objective <= bound


def _result(
    status: SolveStatus,
    best: _Best,
    bound: int | None,
    started: float,
    stats: dict[str, float],
) -> ShiftCoverResult:
    report = check(best.problem, best.roster) if best.roster is not None else None
    return ShiftCoverResult(
        status=status,
        roster=best.roster,
        objective=best.objective,
        lower_bound=bound,
        wall_seconds=round(time.monotonic() - started, 2),
        terms=report.score.model_dump() if report is not None else {},
        stats=stats,
    )
