"""A quick first roster: a CP-SAT hint, and the target ``first_roster.repair`` stays close to.

Day by day, each (day, shift) cover is filled, most expensive shortfall first, with staff who
can take the shift without breaking a limit that is already decided (days off, shifts per
type, maximum minutes, maximum run, weekends, cannot-follow). It ignores the minimum-run and
minimum-minutes rules, so the hint may be infeasible; CP-SAT repairs a hint, and on these
instances a covered roster is a much better start than an empty one. Deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.shiftcover.model import OFF, Cover, ShiftCoverProblem, ShiftCoverRoster, Staff


@dataclass
class _State:
    """What has been decided so far for one staff member."""

    staff: Staff
    shifts: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    minutes: int = 0
    run: int = 0  # shifts in a row ending yesterday
    weekends: set[int] = field(default_factory=set)


def greedy_roster(problem: ShiftCoverProblem) -> ShiftCoverRoster:
    states = [_State(s, [OFF] * problem.days) for s in problem.staff]
    wishes = {(r.staff, r.day, r.shift): r.weight for r in problem.on_requests}
    refusals = {(r.staff, r.day, r.shift): r.weight for r in problem.off_requests}
    by_day: dict[int, list[Cover]] = {}
    for cover in problem.cover:
        by_day.setdefault(cover.day, []).append(cover)
    for day in range(problem.days):
        assigned: set[str] = set()
        for cover in sorted(by_day.get(day, []), key=lambda c: (-c.under_weight, c.shift)):
            fits = [s for s in states if s.staff.id not in assigned and _fits(problem, s, cover)]
            fits.sort(key=lambda s: _preference(s, cover, wishes, refusals))
            for state in fits[: cover.requirement]:
                _assign(problem, state, cover)
                assigned.add(state.staff.id)
        for state in states:
            state.run = state.run + 1 if state.shifts[day] != OFF else 0
    return ShiftCoverRoster(name=problem.name, shifts={s.staff.id: tuple(s.shifts) for s in states})


def _fits(problem: ShiftCoverProblem, state: _State, cover: Cover) -> bool:
    staff, day, shift = state.staff, cover.day, problem.shift_by_id[cover.shift]
    yesterday = state.shifts[day - 1] if day > 0 else OFF
    weekend = _weekend_of(day)
    return (
        not problem.is_day_off(staff.id, day)
        and state.counts.get(shift.id, 0) < staff.max_shifts.get(shift.id, 0)
        and state.minutes + shift.minutes <= staff.max_total_minutes
        and state.run < staff.max_consecutive_shifts
        and (yesterday == OFF or shift.id not in problem.shift_by_id[yesterday].cannot_follow)
        and (
            weekend is None or weekend in state.weekends or len(state.weekends) < staff.max_weekends
        )
    )


Wishes = dict[tuple[str, int, str], int]  # (staff, day, shift) -> request weight


def _preference(
    state: _State, cover: Cover, wishes: Wishes, refusals: Wishes
) -> tuple[int, int, float]:
    """On-requests first and off-requests last, then runs still below their minimum, then
    whoever is furthest below their minimum minutes."""
    key = (state.staff.id, cover.day, cover.shift)
    request = refusals.get(key, 0) - wishes.get(key, 0)
    short_run = 0 if 0 < state.run < state.staff.min_consecutive_shifts else 1
    need = state.minutes / max(1, state.staff.min_total_minutes)
    return request, short_run, need


def _assign(problem: ShiftCoverProblem, state: _State, cover: Cover) -> None:
    state.shifts[cover.day] = cover.shift
    state.counts[cover.shift] = state.counts.get(cover.shift, 0) + 1
    state.minutes += problem.shift_by_id[cover.shift].minutes
    weekend = _weekend_of(cover.day)
    if weekend is not None:
        state.weekends.add(weekend)


def _weekend_of(day: int) -> int | None:
    return day // 7 if day % 7 >= 5 else None
