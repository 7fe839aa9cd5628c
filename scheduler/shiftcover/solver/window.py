"""A CP-SAT model of one window: some staff over a range of days, the rest of the roster fixed.

The whole-horizon model of the family's largest members (120 staff x 18 shift types x a
year: ~390k decisions) takes ~6 s to build, ~3 GB, and CP-SAT found no roster in its
first-roster share of a 120 s or 600 s limit. A window model states the same hard rules and
the same objective for the free cells only, with everything outside them as constants taken
from a base roster, so its size depends on the window, not the horizon:

- per staff member, the run automaton (``pattern``) starts in the state the fixed days before
  the window leave, and may end only in states from which the fixed days after it are still
  accepted: runs across the window's edges are checked exactly, as the scorer does;
- horizon-wide limits (shifts per type, total minutes, weekends) get what the fixed days
  have not used; cannot-follow looks at the fixed day on each side;
- cover counts the fixed staff on the window's days as constants.

So any solution, pasted into the base roster, keeps every hard limit when the base does
(the caller still has the independent scorer accept it).

``open_end`` is for the rolling first roster: the days from ``end`` on are not decided yet,
so ``end`` is treated as the horizon's end (runs may stop there; the minimum total minutes
is not yet due) and the horizon-wide limits are also *aimed* pro rata: minutes outside
the band [min, max] x end / days, weekends and capped shift types above their share, cost
extra in the window's objective, so early weeks neither exhaust staff nor leave them
short. Those aims are heuristic weights, not part of the benchmark objective. The minimum
total minutes is hard only as a floor ``FLOOR_SLACK_DAYS`` (plus the window's days off) of
pro-rata minimum below the aim, and in the last window a shortfall costs ``DUE_HOUR_AIM``
an hour instead of being hard: whoever ends short is re-solved alone by ``rolling.repair``.
A hard minimum made rolling steps dead ends (measured: a 40-staff x 8-week member, with
look-ahead bounds from the run rules and days off, re-opened weeks three times and ended
at 35,126 in 146 s).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.shiftcover.model import OFF, ShiftCoverProblem, ShiftCoverRoster, Staff
from scheduler.shiftcover.solver import run_cpsat
from scheduler.shiftcover.solver.params import SolverParams
from scheduler.shiftcover.solver.pattern import PatternAutomaton, build_automaton

# Pro-rata aims of the open-ended (rolling) windows, per unit off target: an hour of work
# outside the band costs 20, so an 8-hour shift out of band (160) outweighs one person short
# on a cover (100 in the family): staff are spread over the horizon before cover is chased.
HOUR_AIM = 20
# Feasibility alone stops at its first roster, so it may take longer than the step's share:
# a 120-staff x 14-day rolling window needs ~1 s, more than a 120 s limit's share (1.2 s).
FEASIBILITY_LIMIT = 10.0
MIN_POLISH = 0.2  # seconds of optimisation after that, at least
# Open-ended windows may fall at most this many days' worth of the pro-rata minimum behind
# (hard): with the aim alone, steps given ~1-3 s left most staff short at the end (every one
# of 120 needed a repair on the year-long member).
FLOOR_SLACK_DAYS = 7
DUE_HOUR_AIM = 1_000  # an hour short of the minimum in the last window: above any cover
CHANGE_WEIGHT = 10  # per decision changed from the target (``aim_at``); an 8-hour shift
# outside the minutes band costs as much as 16 changed decisions
WEEKEND_AIM = 200
SHIFT_AIM = 100


@dataclass(frozen=True)
class Window:
    """Free cells: ``staff`` on days ``first`` .. ``end - 1``."""

    staff: tuple[str, ...]
    first: int
    end: int
    open_end: bool = False
    floor: bool = True  # open_end: the hard floor under the minimum minutes (see ``_minutes``)

    @property
    def days(self) -> range:
        return range(self.first, self.end)

    @property
    def cells(self) -> int:
        return len(self.staff) * (self.end - self.first)


@dataclass
class WindowModel:
    window: Window
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[str, int, str], cp_model.IntVar] = field(default_factory=dict)
    works: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    objective: list[cp_model.LinearExprT] = field(default_factory=list)  # the benchmark's
    aims: list[cp_model.LinearExprT] = field(default_factory=list)  # open-ended windows only


def build_window(problem: ShiftCoverProblem, base: ShiftCoverRoster, window: Window) -> WindowModel:
    """The window's model; ``base`` supplies every cell outside it (with ``open_end``, the
    cells from ``window.end`` on are ignored)."""
    wm = WindowModel(window)
    for staff_id in window.staff:
        staff = problem.staff_by_id[staff_id]
        row = base.shifts[staff_id]
        _decisions(problem, wm, staff, row)
        _totals(problem, wm, staff, row)
        _weekends(problem, wm, staff, row)
        _runs(problem, wm, staff, row)
        _cannot_follow(problem, wm, staff, row)
    _requests(problem, wm)
    _cover(problem, wm, base)
    wm.model.minimize(sum(wm.objective) + sum(wm.aims))
    return wm


def aim_at(wm: WindowModel, target: ShiftCoverRoster) -> None:
    """Replace the benchmark objective by the number of decisions that differ from
    ``target`` (times ``CHANGE_WEIGHT``), keeping the aims."""
    changed = [
        1 - var if target.shift_of(staff, day) == shift else var
        for (staff, day, shift), var in wm.x.items()
    ]
    wm.objective = [CHANGE_WEIGHT * sum(changed)]
    wm.model.minimize(sum(wm.objective) + sum(wm.aims))


def hint(wm: WindowModel, roster: ShiftCoverRoster) -> None:
    """Hint the window's decisions from ``roster`` (a greedy roster or the incumbent)."""
    for (staff, day, shift), var in wm.x.items():
        wm.model.add_hint(var, roster.shift_of(staff, day) == shift)
    for (staff, day), var in wm.works.items():
        wm.model.add_hint(var, roster.shift_of(staff, day) != OFF)


def read(wm: WindowModel, solver: cp_model.CpSolver, base: ShiftCoverRoster) -> ShiftCoverRoster:
    """``base`` with the window's cells replaced by the solver's values."""
    shifts = {staff: list(row) for staff, row in base.shifts.items()}
    for staff in wm.window.staff:
        for day in wm.window.days:
            shifts[staff][day] = OFF
    for (staff, day, shift), var in wm.x.items():
        if solver.boolean_value(var):
            shifts[staff][day] = shift
    return ShiftCoverRoster(name=base.name, shifts={k: tuple(v) for k, v in shifts.items()})


# -- per staff member ---------------------------------------------------------------------


def _outside(problem: ShiftCoverProblem, window: Window) -> list[int]:
    """Fixed days whose shifts count towards the horizon-wide limits."""
    last = window.end if window.open_end else problem.days
    return [d for d in range(last) if not window.first <= d < window.end]


def _decisions(problem: ShiftCoverProblem, wm: WindowModel, staff: Staff, row: tuple) -> None:
    """One Boolean per shift type the staff member may take on each free day; none on a day
    off or where the fixed neighbour day's shift forbids it (cannot-follow)."""
    window, model = wm.window, wm.model
    for day in window.days:
        choices = []
        if not problem.is_day_off(staff.id, day):
            for shift in problem.shift_types:
                if staff.may_work(shift.id) and _edge_allows(problem, window, row, day, shift.id):
                    var = model.new_bool_var(f"x[{staff.id},{day},{shift.id}]")
                    wm.x[staff.id, day, shift.id] = var
                    choices.append(var)
        works = model.new_bool_var(f"works[{staff.id},{day}]")
        model.add(works == sum(choices))
        wm.works[staff.id, day] = works


def _edge_allows(
    problem: ShiftCoverProblem, window: Window, row: tuple, day: int, shift: str
) -> bool:
    before = row[day - 1] if day == window.first and day > 0 else OFF
    if before != OFF and shift in problem.shift_by_id[before].cannot_follow:
        return False
    fixed_after = day == window.end - 1 and day + 1 < problem.days and not window.open_end
    after = row[day + 1] if fixed_after else OFF
    return after == OFF or after not in problem.shift_by_id[shift].cannot_follow


def _pro_rata(total: int, window: Window, problem: ShiftCoverProblem) -> int:
    return math.ceil(total * window.end / problem.days)


def _totals(problem: ShiftCoverProblem, wm: WindowModel, staff: Staff, row: tuple) -> None:
    """Shifts per type and total minutes: the free cells get what the fixed ones left."""
    window, model = wm.window, wm.model
    outside = [row[d] for d in _outside(problem, window) if row[d] != OFF]
    aim = window.open_end and window.end < problem.days
    for shift, limit in staff.max_shifts.items():
        worked = [v for d in window.days if (v := wm.x.get((staff.id, d, shift))) is not None]
        if not worked or limit >= problem.days:
            continue
        used = outside.count(shift)
        model.add(sum(worked) <= limit - used)
        if aim:
            # Up to the used ones too: an aim must never forbid (a member already past the
            # pro-rata share at a run needing that type was a dead end of every window).
            excess = model.new_int_var(0, len(worked) + used, f"excess[{staff.id},{shift}]")
            model.add(excess >= sum(worked) + used - _pro_rata(limit, window, problem))
            wm.aims.append(SHIFT_AIM * excess)
    _minutes(problem, wm, staff, sum(problem.shift_by_id[s].minutes for s in outside))


def _minutes(problem: ShiftCoverProblem, wm: WindowModel, staff: Staff, used: int) -> None:
    """Total minutes: hard maximum; hard minimum unless the window is open-ended."""
    window, model = wm.window, wm.model
    minutes = sum(
        shift.minutes * var
        for day in window.days
        for shift in problem.shift_types
        if (var := wm.x.get((staff.id, day, shift.id))) is not None
    )
    model.add(minutes <= staff.max_total_minutes - used)
    if not window.open_end:
        model.add(minutes >= staff.min_total_minutes - used)
        return
    span = staff.max_total_minutes // 60 + 1
    short = model.new_int_var(0, span, f"short[{staff.id}]")
    if window.end == problem.days:  # the minimum is due: only a repair may still fix it
        model.add(60 * short >= staff.min_total_minutes - used - minutes)
        wm.aims.append(DUE_HOUR_AIM * short)
        return
    over = model.new_int_var(0, span, f"over[{staff.id}]")
    target = _pro_rata(staff.min_total_minutes, window, problem) - used
    away = sum(problem.is_day_off(staff.id, d) for d in window.days)
    slack = FLOOR_SLACK_DAYS + away  # the window's days off are not held against anyone
    floor = target - math.ceil(staff.min_total_minutes * slack / problem.days)
    if window.floor:
        model.add(minutes >= min(floor, staff.max_total_minutes - used))
    model.add(60 * short >= target - minutes)
    model.add(60 * over >= minutes + used - _pro_rata(staff.max_total_minutes, window, problem))
    wm.aims.append(HOUR_AIM * (short + over))


def _weekends(problem: ShiftCoverProblem, wm: WindowModel, staff: Staff, row: tuple) -> None:
    """Weekends worked: fixed ones count as constants, a weekend with a free day is a
    Boolean (one of its fixed days worked already counts it)."""
    window, model = wm.window, wm.model
    if staff.max_weekends >= len(problem.weekends):
        return
    counted = set(_outside(problem, window))
    fixed, free = 0, []
    for k, days in enumerate(problem.weekends):
        inside = [d for d in days if d in window.days]
        if any(row[d] != OFF for d in days if d in counted):
            fixed += 1
        elif inside:
            weekend = model.new_bool_var(f"weekend[{staff.id},{k}]")
            model.add_max_equality(weekend, [wm.works[staff.id, d] for d in inside])
            free.append(weekend)
    if not free:
        return
    model.add(sum(free) <= staff.max_weekends - fixed)
    if window.open_end and window.end < problem.days:
        started = sum(1 for days in problem.weekends if days[0] < window.end)
        share = math.ceil(staff.max_weekends * started / len(problem.weekends))
        excess = model.new_int_var(0, len(free) + fixed, f"weekend_excess[{staff.id}]")
        model.add(excess >= sum(free) + fixed - share)
        wm.aims.append(WEEKEND_AIM * excess)


Automaton = tuple[PatternAutomaton, dict[tuple[int, int], int]]
_AUTOMATA: dict[tuple[int, int, int], Automaton] = {}


def _automaton(staff: Staff) -> Automaton:
    """The run automaton (without weekends: ``_weekends`` counts them) and its transition
    table, shared by staff with the same run limits."""
    key = (
        staff.max_consecutive_shifts,
        staff.min_consecutive_shifts,
        staff.min_consecutive_days_off,
    )
    if key not in _AUTOMATA:
        automaton = build_automaton(staff, with_weekends=False)
        _AUTOMATA[key] = automaton, {(a, label): b for a, label, b in automaton.transitions}
    return _AUTOMATA[key]


def _runs(problem: ShiftCoverProblem, wm: WindowModel, staff: Staff, row: tuple) -> None:
    """Runs of shifts and days off: the automaton over the free days, started where the fixed
    days before leave it and ending where the fixed days after are still accepted."""
    window = wm.window
    automaton, table = _automaton(staff)
    state: int | None = automaton.start
    for day in range(window.first):
        state = table.get((state, int(row[day] != OFF)))
        if state is None:
            raise ValueError(f"base roster of {staff.id} breaks a run rule before day {day}")
    if window.open_end or window.end == problem.days:
        finals = list(automaton.finals)
    else:
        suffix = [int(row[d] != OFF) for d in range(window.end, problem.days)]
        finals = [q for q in range(automaton.states) if _accepts_from(automaton, table, q, suffix)]
    works = [wm.works[staff.id, d] for d in window.days]
    wm.model.add_automaton(works, state, finals, list(automaton.transitions))


def _accepts_from(
    automaton: PatternAutomaton, table: dict[tuple[int, int], int], state: int, word: list[int]
) -> bool:
    current: int | None = state
    for label in word:
        current = table.get((current, label))
        if current is None:
            return False
    return current in automaton.finals


def _cannot_follow(problem: ShiftCoverProblem, wm: WindowModel, staff: Staff, row: tuple) -> None:
    """Inside the window, one at-most-one per (day, shift) with the banned shifts the next
    day (the fixed neighbour days were handled when the decisions were made)."""
    for day in wm.window.days[:-1]:
        for shift in problem.shift_types:
            today = wm.x.get((staff.id, day, shift.id))
            if today is None:
                continue
            tomorrow = [wm.x.get((staff.id, day + 1, t)) for t in shift.cannot_follow]
            banned = [v for v in tomorrow if v is not None]
            if banned:
                wm.model.add_at_most_one([today, *banned])


# -- objective ----------------------------------------------------------------------------


def _requests(problem: ShiftCoverProblem, wm: WindowModel) -> None:
    """Requests of the free staff on the free days (the rest are constants)."""
    window, free = wm.window, set(wm.window.staff)
    for request in problem.on_requests:
        if request.staff in free and request.day in window.days:
            var = wm.x.get((request.staff, request.day, request.shift))
            if var is not None:
                wm.objective.append(request.weight * (1 - var))
    for request in problem.off_requests:
        if request.staff in free and request.day in window.days:
            var = wm.x.get((request.staff, request.day, request.shift))
            if var is not None:
                wm.objective.append(request.weight * var)


def _cover(problem: ShiftCoverProblem, wm: WindowModel, base: ShiftCoverRoster) -> None:
    """Cover on the free days: the free staff's decisions plus the fixed staff as a constant."""
    window, model = wm.window, wm.model
    free = set(window.staff)
    fixed: dict[tuple[int, str], int] = {}
    for staff, row in base.shifts.items():
        if staff not in free:
            for day in window.days:
                if row[day] != OFF:
                    fixed[day, row[day]] = fixed.get((day, row[day]), 0) + 1
    for cover in problem.cover:
        if cover.day not in window.days:
            continue
        staffed = [
            v for s in window.staff if (v := wm.x.get((s, cover.day, cover.shift))) is not None
        ]
        count = fixed.get((cover.day, cover.shift), 0)
        under = model.new_int_var(0, cover.requirement, f"under[{cover.day},{cover.shift}]")
        over = model.new_int_var(0, len(staffed) + count, f"over[{cover.day},{cover.shift}]")
        model.add(sum(staffed) + count - cover.requirement == over - under)
        wm.objective.append(cover.under_weight * under + cover.over_weight * over)


@dataclass(frozen=True)
class WindowRun:
    code: int  # cp_model.OPTIMAL, FEASIBLE, INFEASIBLE, ...
    roster: ShiftCoverRoster | None  # base with the window re-solved
    deterministic_time: float
    seconds: float


def solve_window(
    problem: ShiftCoverProblem,
    base: ShiftCoverRoster,
    window: Window,
    params: SolverParams,
    limit: float,
    guide: ShiftCoverRoster | None = None,
    target: ShiftCoverRoster | None = None,
    feasibility_limit: float = FEASIBILITY_LIMIT,
) -> WindowRun:
    """Build and solve one window for ``limit`` (seconds, or deterministic time), with
    CP-SAT's default portfolio and the full LP, as the whole-model LNS steps use. With
    ``target`` the objective is the change from it (``aim_at``), not the benchmark's.

    With ``guide`` (a roster that may break the window's rules, e.g. the greedy one) the
    window is first solved for feasibility alone (up to ``feasibility_limit``), hinted with
    it, then optimised from that roster for what is left of ``limit``. Measured on a
    40-staff x 14-day rolling window: hinted optimisation found no roster in 2 s,
    feasibility alone took 0.3 s. Without ``guide`` the base roster (feasible for the
    window) is the hint. ``limit <= 0`` with ``guide``: the feasible roster, not optimised."""
    started = time.monotonic()
    wm = build_window(problem, base, window)
    if target is not None:
        aim_at(wm, target)
    det, found = 0.0, None
    if guide is not None:
        found = _feasible(wm, params, guide, base, max(limit, feasibility_limit))
        if found.roster is None:
            return WindowRun(found.code, None, found.deterministic_time, _since(started))
        det, guide = found.deterministic_time, found.roster
    if found is not None and limit <= 0:  # asked for feasibility only
        return found
    hint(wm, guide or base)
    solver = _solver(params, max(MIN_POLISH, limit - _since(started)))
    code = solver.solve(wm.model)
    det += solver.deterministic_time
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return WindowRun(code, read(wm, solver, base), det, _since(started))
    if found is not None:  # no time to optimise: the feasible roster is still a roster
        return WindowRun(found.code, found.roster, det, _since(started))
    return WindowRun(code, None, det, _since(started))


def _feasible(
    wm: WindowModel,
    params: SolverParams,
    guide: ShiftCoverRoster,
    base: ShiftCoverRoster,
    limit: float,
) -> WindowRun:
    """The window solved for feasibility only, hinted with ``guide``; the objective is put
    back afterwards and the hints cleared."""
    started = time.monotonic()
    hint(wm, guide)
    wm.model.clear_objective()
    solver = _solver(params, limit)
    # A first roster needs neither probing nor symmetry detection in presolve: without them
    # a 120-staff x 14-day rolling window's first roster took 0.52 s instead of 0.99 s
    # (three seeds each; probing alone 0.67 s).
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    code = solver.solve(wm.model)
    wm.model.minimize(sum(wm.objective) + sum(wm.aims))
    wm.model.clear_hints()
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    roster = read(wm, solver, base) if found else None
    status = cp_model.FEASIBLE if found else code
    return WindowRun(status, roster, solver.deterministic_time, _since(started))


def _since(started: float) -> float:
    return time.monotonic() - started


def _solver(params: SolverParams, limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    step = params.model_copy(update={"subsolvers": (), "linearization_level": 2})
    run_cpsat.configure(solver, step, limit)
    return solver
