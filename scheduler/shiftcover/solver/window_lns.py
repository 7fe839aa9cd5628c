"""Large-neighbourhood search with window models, for horizons too long for the whole model.

``lns.improve`` copies the whole model each step and fixes what is outside the
neighbourhood; on a year x 120 staff that copy alone is ~390k decisions and ~3 GB. Here each
step builds only the re-opened cells (``window.build_window``) against the incumbent, so a
step costs the size of its neighbourhood, bounded by ``MAX_CELLS`` (staff x days).

Two shapes, as in ``neighbourhood``: every staff member over a few days (cover re-dealt
between people), and a few staff who share a shift type over a stretch of weeks (their runs,
weekends and requests rearranged). Sizes adapt: a step solved to optimality grows its
shape, one that ran out of time shrinks it. A step is accepted only when the independent
scorer finds the whole roster feasible and no worse. Neighbourhoods come from a seeded
``random.Random``; with ``params.deterministic`` the budget is CP-SAT's deterministic time.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.shiftcover.model import ShiftCoverProblem, ShiftCoverRoster
from scheduler.shiftcover.score import check
from scheduler.shiftcover.solver.params import Log, SolverParams
from scheduler.shiftcover.solver.window import Window, solve_window

MAX_CELLS = 120 * 14  # (staff, day) cells re-opened per step at most


@dataclass
class WindowLnsOutcome:
    roster: ShiftCoverRoster
    objective: int  # the scorer's
    steps: int = 0
    improvements: int = 0
    deterministic_time: float = 0.0


@dataclass
class _Sizes:
    days: int  # length of an all-staff window
    staff: int  # staff in a few-staff window (its length is MAX_CELLS // staff)

    def adapt(self, kind: str, grow: bool, problem: ShiftCoverProblem) -> None:
        step = 1 if grow else -1
        if kind == "days":
            cap = max(2, MAX_CELLS // len(problem.staff))
            self.days = min(cap, problem.days, max(2, self.days + step))
        else:
            self.staff = min(len(problem.staff), max(2, self.staff + step))


def improve_windows(
    problem: ShiftCoverProblem,
    roster: ShiftCoverRoster,
    params: SolverParams,
    budget: float,
    log: Log | None = None,
) -> WindowLnsOutcome:
    """Best roster found from the feasible ``roster`` within ``budget``; never worse."""
    start = check(problem, roster)
    if not start.feasible:
        raise ValueError("window LNS needs a feasible start roster")
    outcome = WindowLnsOutcome(roster, start.objective)
    rng = random.Random(params.seed)
    sizes = _Sizes(days=min(problem.days, 7), staff=max(2, len(problem.staff) // 10))
    spent, started = 0.0, time.monotonic()
    while spent < budget:
        kind, window = _draw(rng, problem, sizes)
        limit = min(params.window_step_limit, budget - spent)
        run = solve_window(problem, outcome.roster, window, params, limit)
        outcome.deterministic_time += run.deterministic_time
        spent = outcome.deterministic_time if params.deterministic else time.monotonic() - started
        outcome.steps += 1
        before = outcome.objective
        if run.roster is not None:
            report = check(problem, run.roster)
            if report.feasible and report.objective <= outcome.objective:
                outcome.roster, outcome.objective = run.roster, report.objective
        if outcome.objective < before:
            outcome.improvements += 1
            if log:
                log(f"window lns step {outcome.steps} {kind}: {outcome.objective} at {spent:.1f}")
        sizes.adapt(kind, run.code == cp_model.OPTIMAL, problem)
    return outcome


def _draw(rng: random.Random, problem: ShiftCoverProblem, sizes: _Sizes) -> tuple[str, Window]:
    if rng.random() < 0.5:
        length = min(sizes.days, problem.days)
        first = rng.randrange(0, problem.days - length + 1)
        return "days", Window(tuple(s.id for s in problem.staff), first, first + length)
    shift = rng.choice(problem.shift_types).id
    pool = [s.id for s in problem.staff if s.may_work(shift)] or [s.id for s in problem.staff]
    chosen = rng.sample(pool, min(sizes.staff, len(pool)))
    length = min(problem.days, max(7, MAX_CELLS // len(chosen)))
    first = rng.randrange(0, problem.days - length + 1)
    ordered = tuple(s.id for s in problem.staff if s.id in set(chosen))
    return "staff", Window(ordered, first, first + length)
