"""A first roster for long horizons, week by week: a rolling horizon of window models.

Each step solves every staff member over ``COMMIT`` days plus ``LOOKAHEAD`` days with the
days before fixed (``window.Window(open_end=True)``), and keeps the first ``COMMIT`` days.
Horizon-wide limits are running totals: the maximums are hard from the first week on;
the minimum total minutes (with a hard floor about a week behind), weekends and capped
shift types are aimed at pro rata (see ``window``). Whoever still ends below their minimum
is then re-solved alone over the whole horizon (``repair``), which is small (one person x
the horizon) and feasible whenever that person's own limits are.

Why the look-ahead: the kept days must leave the next weeks solvable. A run of shifts
shorter than its minimum at the end of the kept days has to go on into the next ones; the
look-ahead week was solved with their days off and cannot-follow rules in view, so at least
that continuation exists. When a step still finds no roster it gets twice the time; if
it was proven infeasible it is tried without the floor under the minimum minutes, then
with kept weeks before it re-opened (a dead end the look-ahead did not see), twice as many
each time, up to ``ATTEMPTS`` tries.

Each step is hinted with the previous step's plan for its look-ahead days and the greedy
roster for the new ones, and (given the greedy roster) minimises the changes from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.shiftcover.model import OFF, ShiftCoverProblem, ShiftCoverRoster
from scheduler.shiftcover.score import check
from scheduler.shiftcover.solver.params import Log, SolverParams
from scheduler.shiftcover.solver.window import (
    FEASIBILITY_LIMIT,
    Window,
    WindowRun,
    solve_window,
)

COMMIT = 7  # days kept per step: one week, so weekends are never split by a step
LOOKAHEAD = 7
ATTEMPTS = 6  # per step
# Seconds per person repaired: feasibility first, then the benchmark objective with everyone
# else fixed. Feasibility alone placed the person's shifts with no regard to cover: on the
# 120-staff x year member, 61 such repairs left the first roster at 1,195,443.
REPAIR_LIMIT = 1.5

Clock = Callable[[], float]  # time spent so far, in the unit of ``params``' limits


@dataclass
class _Progress:
    """What the rolling horizon has so far: the days kept, the latest plan (kept days, the
    last step's look-ahead, then the greedy roster) and the roster steps stay close to."""

    kept: ShiftCoverRoster
    plan: ShiftCoverRoster
    target: ShiftCoverRoster | None


def rolling_roster(
    problem: ShiftCoverProblem,
    params: SolverParams,
    budget: float,
    guide: ShiftCoverRoster | None,
    spent: Clock,
    log: Log | None = None,
) -> ShiftCoverRoster | None:
    """A roster keeping every hard limit, or None when a step or a repair fails or the time
    limit (``params.time_limit`` on ``spent``) passes first. ``budget`` is shared out evenly
    over the steps still to come. With ``guide`` (the greedy roster)
    each step changes as few of its decisions as it can, as ``first_roster.repair`` does for
    the whole model, instead of optimising the benchmark objective: measured on the
    120-staff x year member, optimising it in the ~1 s a 120 s limit leaves a step left
    every staff member short of their minimum minutes (120 repairs, objective 460,105)."""
    staff = tuple(s.id for s in problem.staff)
    empty = _empty(problem)
    state = _Progress(empty, guide or empty, guide)
    first, started = 0, spent()
    while first < problem.days:
        end = min(problem.days, first + COMMIT + LOOKAHEAD)
        keep = problem.days if end == problem.days else first + COMMIT
        steps_left = -(-(problem.days - first) // COMMIT)
        limit = max(0.5, (budget - (spent() - started)) / steps_left)
        run = _step(problem, state, staff, first, end, params, limit, spent, log)
        if run is None or run.roster is None:
            return None
        state.plan = _keep(run.roster, state.target or empty, end)
        state.kept = _keep(run.roster, empty, keep)
        if log:
            log(
                f"rolling: days {first}-{keep - 1} kept, window to {end - 1}, "
                f"{_status(run.code)} in {run.seconds:.1f} s, at {spent():.1f}"
            )
        first = keep
    return repair(problem, state.kept, params, log, spent)


def _left(params: SolverParams, spent: Clock | None) -> float:
    """Seconds left of the whole time limit (unbounded without a clock)."""
    return float("inf") if spent is None else params.time_limit - spent()


def repair(
    problem: ShiftCoverProblem,
    roster: ShiftCoverRoster,
    params: SolverParams,
    log: Log | None = None,
    spent: Clock | None = None,
) -> ShiftCoverRoster | None:
    """Re-solve each staff member the scorer finds breaking a rule (in practice the minimum
    total minutes, which rolling steps only aim at) over the whole horizon, everyone else
    fixed. Cover is soft, so such a one-person window is feasible whenever that person's own
    limits can all hold at once; None when one cannot be repaired. The time left is shared
    among those still to repair: below a third of ``REPAIR_LIMIT`` each, a person is only
    made feasible, not optimised (the 120-staff x year member reached its repairs with a few
    seconds left for 61 people, at 1.5 s each)."""
    broken = sorted({v.staff for v in check(problem, roster).violations})
    for done, staff in enumerate(broken):
        left = _left(params, spent)
        if left <= 0:
            if log:
                log("repair: out of time")
            return None
        window = Window((staff,), 0, problem.days)
        share = left / (len(broken) - done)
        limit = min(REPAIR_LIMIT, share) if share >= REPAIR_LIMIT / 3 else 0.0
        search = min(FEASIBILITY_LIMIT, left)  # never past the time limit
        run = solve_window(problem, roster, window, params, limit, roster, None, search)
        if run.roster is None:
            if log:
                log(f"repair: none for {staff} ({_status(run.code)})")
            return None
        roster = run.roster
        if log:
            log(f"repair: {staff} re-solved over the horizon in {run.seconds:.1f} s")
    return roster


def _step(
    problem: ShiftCoverProblem,
    state: _Progress,
    staff: tuple[str, ...],
    first: int,
    end: int,
    params: SolverParams,
    limit: float,
    spent: Clock,
    log: Log | None,
) -> WindowRun | None:
    """Solve from ``first`` to ``end``. Out of time: again with twice the time. Proven
    infeasible: again without the minimum-minutes floor, then re-opening kept weeks, twice
    as many each time. None after ``ATTEMPTS`` tries."""
    back, floor = 0, True
    empty = _empty(problem)
    for _ in range(ATTEMPTS):
        left = _left(params, spent)
        if left <= 0:
            if log:
                log(f"rolling: out of time at day {first}")
            return None
        limit = min(limit, left)
        start = max(0, first - back)
        base = _keep(state.kept, empty, start)  # days from ``start`` on are free again
        window = Window(staff, start, end, open_end=True, floor=floor)
        search = min(FEASIBILITY_LIMIT, left)
        run = solve_window(problem, base, window, params, limit, state.plan, state.target, search)
        if run.roster is not None:
            return run
        if log:
            log(f"rolling: no roster for days {start}-{end - 1} ({_status(run.code)}), retrying")
        if run.code != cp_model.INFEASIBLE:
            limit *= 2
        elif floor:
            floor = False
        elif start > 0:
            back = max(COMMIT, 2 * back)
        else:
            return None
    return None


def _empty(problem: ShiftCoverProblem) -> ShiftCoverRoster:
    return ShiftCoverRoster(
        name=problem.name, shifts={s.id: (OFF,) * problem.days for s in problem.staff}
    )


def _keep(head: ShiftCoverRoster, tail: ShiftCoverRoster, until: int) -> ShiftCoverRoster:
    """``head``'s days before ``until``, ``tail``'s from ``until`` on."""
    return ShiftCoverRoster(
        name=head.name,
        shifts={
            staff: row[:until] + tail.shifts[staff][until:] for staff, row in head.shifts.items()
        },
    )


def _status(code: int) -> str:
    return cp_model.CpSolver().status_name(code) if code is not None else "?"
