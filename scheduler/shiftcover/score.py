"""The independent scorer: the benchmark's objective and hard limits, from the roster alone.

Nothing here uses the solver; the benchmark prints this score, not the solver's objective, so a
modelling slip in the CP-SAT model shows up as a disagreement instead of a wrong table.

Reading of the rules (the benchmark's text leaves the horizon ends open): a run of shifts or of
days off that touches day 0 or the last day is exempt from the *minimum* run lengths, since
it may continue outside the horizon; maximum run lengths apply to every run. This reading
reproduces the proven optima of Instances 1-7 (a scorer that went below a proven optimum
would have read a rule too loosely). Cover is scored for the (day, shift) pairs the
instance lists; a weekend counts as worked when either of its days has a shift.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pydantic import BaseModel, ConfigDict

from scheduler.shiftcover.model import OFF, ShiftCoverProblem, ShiftCoverRoster, Staff


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Score(_Frozen):
    """The objective split into its named terms."""

    on_requests: int = 0  # weight of each shift-on request not granted
    off_requests: int = 0  # weight of each shift-off request violated
    under: int = 0  # under-weight x shortfall, over every (day, shift)
    over: int = 0  # over-weight x excess

    @property
    def total(self) -> int:
        return self.on_requests + self.off_requests + self.under + self.over


class HardViolation(_Frozen):
    rule: str
    staff: str
    detail: str


class ScoreReport(_Frozen):
    score: Score
    violations: tuple[HardViolation, ...] = ()

    @property
    def feasible(self) -> bool:
        return not self.violations

    @property
    def objective(self) -> int:
        return self.score.total


def check(problem: ShiftCoverProblem, roster: ShiftCoverRoster) -> ScoreReport:
    """Score ``roster`` and list every broken hard limit (shape errors stop the scoring)."""
    shape = list(_shape(problem, roster))
    if shape:
        return ScoreReport(score=Score(), violations=tuple(shape))
    violations = [
        violation
        for staff in problem.staff
        for rule in STAFF_RULES
        for violation in rule(problem, staff, roster.shifts[staff.id])
    ]
    return ScoreReport(score=score(problem, roster), violations=tuple(violations))


def score(problem: ShiftCoverProblem, roster: ShiftCoverRoster) -> Score:
    on = sum(r.weight for r in problem.on_requests if roster.shift_of(r.staff, r.day) != r.shift)
    off = sum(r.weight for r in problem.off_requests if roster.shift_of(r.staff, r.day) == r.shift)
    staffed: dict[tuple[int, str], int] = {}
    for shifts in roster.shifts.values():
        for day, shift in enumerate(shifts):
            if shift != OFF:
                staffed[day, shift] = staffed.get((day, shift), 0) + 1
    under = over = 0
    for cover in problem.cover:
        count = staffed.get((cover.day, cover.shift), 0)
        under += cover.under_weight * max(0, cover.requirement - count)
        over += cover.over_weight * max(0, count - cover.requirement)
    return Score(on_requests=on, off_requests=off, under=under, over=over)


def _shape(problem: ShiftCoverProblem, roster: ShiftCoverRoster) -> Iterator[HardViolation]:
    for staff in problem.staff:
        shifts = roster.shifts.get(staff.id)
        if shifts is None:
            yield HardViolation(rule="shape", staff=staff.id, detail="missing from the roster")
        elif len(shifts) != problem.days:
            yield HardViolation(
                rule="shape", staff=staff.id, detail=f"{len(shifts)} days, not {problem.days}"
            )
        else:
            for day, shift in enumerate(shifts):
                if shift != OFF and shift not in problem.shift_by_id:
                    yield HardViolation(
                        rule="shape", staff=staff.id, detail=f"day {day}: unknown shift {shift!r}"
                    )
    for staff_id in roster.shifts.keys() - problem.staff_by_id.keys():
        yield HardViolation(rule="shape", staff=staff_id, detail="not staff of the instance")


Shifts = tuple[str, ...]


def _days_off(problem: ShiftCoverProblem, staff: Staff, shifts: Shifts) -> Iterator[HardViolation]:
    for day in problem.days_off.get(staff.id, ()):
        if shifts[day] != OFF:
            yield HardViolation(rule="days_off", staff=staff.id, detail=f"works day {day}")


def _max_shifts(
    problem: ShiftCoverProblem, staff: Staff, shifts: Shifts
) -> Iterator[HardViolation]:
    for shift in problem.shift_types:
        worked = shifts.count(shift.id)
        limit = staff.max_shifts.get(shift.id, 0)
        if worked > limit:
            yield HardViolation(
                rule="max_shifts", staff=staff.id, detail=f"{worked} x {shift.id} > {limit}"
            )


def _total_minutes(
    problem: ShiftCoverProblem, staff: Staff, shifts: Shifts
) -> Iterator[HardViolation]:
    minutes = sum(problem.shift_by_id[s].minutes for s in shifts if s != OFF)
    if minutes > staff.max_total_minutes:
        yield HardViolation(
            rule="max_total_minutes",
            staff=staff.id,
            detail=f"{minutes} > {staff.max_total_minutes}",
        )
    if minutes < staff.min_total_minutes:
        yield HardViolation(
            rule="min_total_minutes",
            staff=staff.id,
            detail=f"{minutes} < {staff.min_total_minutes}",
        )


def runs(works: list[bool]) -> list[tuple[int, int, bool]]:
    """Maximal runs of equal values as (first day, length, value)."""
    out: list[tuple[int, int, bool]] = []
    for day, value in enumerate(works):
        if out and out[-1][2] == value:
            first, length, _ = out[-1]
            out[-1] = (first, length + 1, value)
        else:
            out.append((day, 1, value))
    return out


def _consecutive(
    problem: ShiftCoverProblem, staff: Staff, shifts: Shifts
) -> Iterator[HardViolation]:
    last = problem.days - 1
    for first, length, working in runs([s != OFF for s in shifts]):
        inside = first > 0 and first + length - 1 < last  # touches neither end
        what = "shifts" if working else "days off"
        minimum = staff.min_consecutive_shifts if working else staff.min_consecutive_days_off
        if working and length > staff.max_consecutive_shifts:
            yield HardViolation(
                rule="max_consecutive_shifts",
                staff=staff.id,
                detail=f"{length} shifts from day {first} > {staff.max_consecutive_shifts}",
            )
        if inside and length < minimum:
            yield HardViolation(
                rule=f"min_consecutive_{what.replace(' ', '_')}",
                staff=staff.id,
                detail=f"{length} {what} from day {first} < {minimum}",
            )


def _weekends(problem: ShiftCoverProblem, staff: Staff, shifts: Shifts) -> Iterator[HardViolation]:
    worked = sum(any(shifts[d] != OFF for d in days) for days in problem.weekends)
    if worked > staff.max_weekends:
        yield HardViolation(
            rule="max_weekends", staff=staff.id, detail=f"{worked} > {staff.max_weekends}"
        )


def _cannot_follow(
    problem: ShiftCoverProblem, staff: Staff, shifts: Shifts
) -> Iterator[HardViolation]:
    for day in range(problem.days - 1):
        today, tomorrow = shifts[day], shifts[day + 1]
        if today != OFF and tomorrow in problem.shift_by_id[today].cannot_follow:
            yield HardViolation(
                rule="cannot_follow",
                staff=staff.id,
                detail=f"{tomorrow} on day {day + 1} after {today}",
            )


StaffRule = Callable[[ShiftCoverProblem, Staff, Shifts], Iterator[HardViolation]]
# One checker per hard rule family; the solver has one module per family (tests pair them).
STAFF_RULES: tuple[StaffRule, ...] = (
    _days_off,
    _max_shifts,
    _total_minutes,
    _consecutive,
    _weekends,
    _cannot_follow,
)
