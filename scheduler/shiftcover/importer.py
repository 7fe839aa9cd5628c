"""Map a shift-cover problem into the contact-centre ``Instance`` — lossily, and say where.

The two models differ in kind: an ``Instance`` is interval-based (minutes, queues, breaks,
weekly contracts), a shift-cover problem is day-based (a shift *type* per day, cover per day
and type, limits over the whole horizon). The mapping:

* each shift type ``S`` becomes a queue ``shift-S`` and a template ``S`` that starts at 00:00
  and lasts the shift's minutes; a staff member gets the queues and templates of the types
  they may work (limit above 0);
* cover becomes the requirement of queue ``shift-S`` during the shift's minutes of the day,
  with the under-weight per interval carried in ``Demand.under_weight`` (per agent-minute, so
  a person short costs weight x shift minutes; the validator counts agent-minutes);
* days off become whole-day ``unavailable`` absences; shift-off requests become day-off
  requests worth their weight in points (exact when the staff member works only that type);
* the largest ``MaxConsecutiveShifts`` becomes the instance-wide ``max_consecutive_days``.

Not mapped (``NOT_MAPPED``), so the ``Instance`` is a relaxation of the benchmark's hard
rules and its objective is not the benchmark's: shift-on requests, per-cover over-weights
(one instance-wide over-weight, the most common, is used), shifts per type, totals over the
horizon (weekly limits are left open: weekly maximum = the horizon maximum, no minimum),
minimum runs of shifts and of days off, maximum weekends, "cannot follow" (every shift starts
at 00:00, so rest between days is at least 14 h and carries no information) and per-staff
maximum runs. The benchmark is therefore solved by ``scheduler.shiftcover.solver``;
this importer lets the project's validator, reports and exports read the same data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from scheduler.models.instance import (
    Absence,
    AbsenceReason,
    Agent,
    CostWeights,
    DayOffRequest,
    Demand,
    Horizon,
    Instance,
    LabourRules,
    Queue,
    ShiftTemplate,
)
from scheduler.models.roster import AgentDay, Roster, Span
from scheduler.shiftcover.model import OFF, ShiftCoverProblem, ShiftCoverRoster

NOT_MAPPED = (
    "shift-on requests",
    "per-cover over-weights (one instance-wide over-weight)",
    "max shifts per type",
    "min/max total minutes over the horizon (weekly limits left open)",
    "min consecutive shifts",
    "min consecutive days off",
    "max weekends",
    "cannot-follow between shift types",
    "per-staff max consecutive shifts (the largest is instance-wide)",
)
MONDAY = dt.date(2024, 1, 1)  # the benchmark's day 0 is a Monday
INTERVAL = 15


def queue_id(shift: str) -> str:
    return f"shift-{shift}"


def to_instance(problem: ShiftCoverProblem, start: dt.date = MONDAY) -> Instance:
    """The closest ``Instance``; see the module docstring for what it drops."""
    if start.weekday() != 0:
        raise ValueError(f"start {start} is not a Monday; the benchmark's day 0 is")
    for shift in problem.shift_types:
        if shift.minutes % INTERVAL or shift.minutes > 24 * 60:
            raise ValueError(
                f"shift {shift.id}: {shift.minutes} min is not a whole number of "
                f"{INTERVAL}-minute intervals within a day"
            )
    horizon = Horizon(start=start, days=problem.days, interval_minutes=INTERVAL)
    longest = max(s.minutes for s in problem.shift_types)
    return Instance(
        name=problem.name,
        description=f"Imported from the Curtois & Qu file {problem.name}; lossy, see importer.",
        horizon=horizon,
        opening_hours=((0, 24 * 60),) * 7,
        queues=tuple(Queue(id=queue_id(s.id)) for s in problem.shift_types),
        agents=tuple(_agent(problem, staff.id, longest) for staff in problem.staff),
        shift_templates=tuple(
            ShiftTemplate(
                name=s.id,
                start_earliest_minute=0,
                start_latest_minute=0,
                lengths_minutes=(s.minutes,),
            )
            for s in problem.shift_types
        ),
        rules=LabourRules(
            min_rest_minutes=0,
            max_weekly_minutes=7 * longest,
            max_consecutive_days=max(s.max_consecutive_shifts for s in problem.staff),
            min_days_off_per_week=0,
        ),
        costs=CostWeights(
            under_per_minute=1,
            over_per_minute=_common([c.over_weight for c in problem.cover], default=1),
            request_point=1,
        ),
        demand=_demand(problem),
        absences=tuple(
            Absence(agent=staff, day=day, reason=AbsenceReason.UNAVAILABLE)
            for staff, days in problem.days_off.items()
            for day in days
        ),
        requests=tuple(
            DayOffRequest(agent=r.staff, day=r.day, points=r.weight) for r in problem.off_requests
        ),
    )


def _agent(problem: ShiftCoverProblem, staff_id: str, longest: int) -> Agent:
    staff = problem.staff_by_id[staff_id]
    types = [s.id for s in problem.shift_types if staff.may_work(s.id)]
    return Agent(
        id=staff.id,
        queues=tuple(queue_id(t) for t in types) or (queue_id(problem.shift_types[0].id),),
        templates=tuple(types) or (problem.shift_types[0].id,),
        min_weekly_minutes=0,
        max_weekly_minutes=min(staff.max_total_minutes, 7 * longest),
        max_days_per_week=7 if types else 0,
    )


def _demand(problem: ShiftCoverProblem) -> Demand:
    per_day = 24 * 60 // INTERVAL
    size = problem.days * per_day
    required = {queue_id(s.id): [0] * size for s in problem.shift_types}
    under = {queue_id(s.id): [-1] * size for s in problem.shift_types}
    for cover in problem.cover:
        shift = problem.shift_by_id[cover.shift]
        first = cover.day * per_day
        for i in range(first, first + shift.minutes // INTERVAL):
            required[queue_id(shift.id)][i] = cover.requirement
            under[queue_id(shift.id)][i] = cover.under_weight
    return Demand(
        required={q: tuple(v) for q, v in required.items()},
        under_weight={q: tuple(v) for q, v in under.items()},
    )


def _common(values: list[int], default: int) -> int:
    return Counter(values).most_common(1)[0][0] if values else default


def to_roster(problem: ShiftCoverProblem, roster: ShiftCoverRoster) -> Roster:
    """The same roster in the project's format, for the validator, reports and exports."""
    days = [
        AgentDay(
            agent=staff,
            day=day,
            queue=queue_id(shift),
            shift=Span(start_minute=0, end_minute=problem.shift_by_id[shift].minutes),
        )
        for staff, shifts in roster.shifts.items()
        for day, shift in enumerate(shifts)
        if shift != OFF
    ]
    return Roster(instance=problem.name, agent_days=tuple(days))
