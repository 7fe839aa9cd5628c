"""Builders for the validator tests: a small hand-made instance and rosters written in clock time.

The instance (Monday 2026-11-30, 7 days, 15-minute intervals) has three people:

* ``A1`` sales only, 16-40 h, 5 days, any template; leave on Saturday (day 5), a granted day off
  on Sunday (day 6), an overtime offer on Monday 16:00-20:00 for up to 2 h.
* ``A2`` service and sales, 0-24 h, 4 days, template ``day`` only, 08:00-20:00; unavailable on
  Wednesday (day 2) until 10:00; a 5-point (not granted) day-off bid on Thursday (day 3).
* ``S1`` support (exempt from weekly minimums), sales.

Templates: ``day`` starts 07:00-12:00 every 30 min, 4 h or 8 h; ``late`` starts 12:00-14:00 every
hour, 8 h, Monday to Friday. A 4 h shift owes one 15 min break 60-150 min in; an 8 h shift a
15 min break 60-150 min in and an unpaid 30 min lunch 180-300 min in, 60 min apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scheduler.check import validate
from scheduler.models.clock import parse_hhmm
from scheduler.models.instance import (
    Absence,
    Agent,
    BreakRule,
    BreakSpec,
    DayOffRequest,
    Demand,
    Horizon,
    Instance,
    LabourRules,
    OvertimeOffer,
    Queue,
    ShiftTemplate,
)
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span

START = dt.date(2026, 11, 30)  # a Monday
DAYS = 7
INTERVALS = DAYS * 96

AGENTS: dict[str, dict[str, Any]] = {
    "A1": {"queues": ("sales",), "min_weekly_minutes": 960, "max_weekly_minutes": 2400},
    "A2": {
        "queues": ("service", "sales"),
        "max_weekly_minutes": 1440,
        "max_days_per_week": 4,
        "earliest_start_minute": 480,
        "latest_end_minute": 1200,
        "templates": ("day",),
    },
    "S1": {"queues": ("sales",), "role": "support", "min_weekly_minutes": 600},
}

TEMPLATES = (
    ShiftTemplate(
        name="day",
        start_earliest_minute=420,
        start_latest_minute=720,
        start_step_minutes=30,
        lengths_minutes=(240, 480),
    ),
    ShiftTemplate(
        name="late",
        start_earliest_minute=720,
        start_latest_minute=840,
        start_step_minutes=60,
        lengths_minutes=(480,),
        weekdays=(0, 1, 2, 3, 4),
    ),
)

BREAK_RULES = (
    BreakRule(
        min_shift_minutes=240,
        max_shift_minutes=300,
        breaks=(BreakSpec(minutes=15, earliest_minutes=60, latest_minutes=150),),
    ),
    BreakRule(
        min_shift_minutes=301,
        max_shift_minutes=600,
        min_gap_minutes=60,
        breaks=(
            BreakSpec(minutes=15, earliest_minutes=60, latest_minutes=150),
            BreakSpec(
                kind="lunch", minutes=30, earliest_minutes=180, latest_minutes=300, paid=False
            ),
        ),
    ),
)


def requirement(cells: dict[tuple[int, str, str], int]) -> tuple[int, ...]:
    """One queue's requirement from ``{(day, "HH:MM", "HH:MM"): agents}``."""
    values = [0] * INTERVALS
    for (day, first, last), agents in cells.items():
        for interval in range(parse_hhmm(first) // 15, parse_hhmm(last) // 15):
            values[day * 96 + interval] = agents
    return tuple(values)


def make_instance(agents: dict[str, dict[str, Any]] | None = None, **changes: Any) -> Instance:
    """The test instance; ``agents`` updates agent fields by id, ``changes`` replaces fields.

    Built afresh each time (never ``model_copy``) so cached look-ups are never stale.
    """
    people = []
    for agent_id, fields in AGENTS.items():
        people.append(Agent(id=agent_id, **{**fields, **(agents or {}).get(agent_id, {})}))
    fields: dict[str, Any] = {
        "name": "tiny",
        "horizon": Horizon(start=START, days=DAYS),
        "opening_hours": ((480, 1200),) * 7,
        "queues": (Queue(id="sales"), Queue(id="service")),
        "agents": tuple(people),
        "shift_templates": TEMPLATES,
        "break_rules": BREAK_RULES,
        "rules": LabourRules(late_shift_end_minute=1200, max_late_shifts_per_week=2),
        "demand": Demand(
            required={
                "sales": requirement({(d, "09:00", "17:00"): 1 for d in range(5)}),
                "service": requirement({(0, "10:00", "18:00"): 1}),
            }
        ),
        "absences": (
            Absence(agent="A1", day=5, reason="leave"),
            Absence(agent="A2", day=2, start_minute=0, end_minute=600),
        ),
        "requests": (
            DayOffRequest(agent="A1", day=6, points=8, granted=True),
            DayOffRequest(agent="A2", day=3, points=5),
        ),
        "overtime_offers": (
            OvertimeOffer(agent="A1", day=0, start_minute=960, end_minute=1200, max_minutes=120),
        ),
    }
    fields.update(changes)
    return Instance(**fields)


def rules(**changes: Any) -> LabourRules:
    """Labour rules of the test instance with some fields changed."""
    return LabourRules(**{"late_shift_end_minute": 1200, "max_late_shifts_per_week": 2, **changes})


def span(first: str, last: str) -> Span:
    return Span(start_minute=parse_hhmm(first), end_minute=parse_hhmm(last))


def block(kind: str, first: str, last: str) -> BreakPlacement:
    return BreakPlacement(kind=kind, start_minute=parse_hhmm(first), end_minute=parse_hhmm(last))


def standard_breaks(start: int, length: int) -> tuple[BreakPlacement, ...]:
    """Breaks that satisfy the test rules: 90 min in, and lunch 240 min in for 8 h."""
    items = [BreakPlacement(kind="break", start_minute=start + 90, end_minute=start + 105)]
    if length > 300:
        items.append(BreakPlacement(kind="lunch", start_minute=start + 240, end_minute=start + 270))
    return tuple(items)


def day(
    agent: str,
    day_index: int,
    first: str | None,
    hours: float = 8,
    *,
    queue: str | None = None,
    breaks: tuple[BreakPlacement, ...] | None = None,
    overtime: tuple[Span, ...] = (),
) -> AgentDay:
    """An agent-day with a shift from ``first`` lasting ``hours`` (None: no shift)."""
    default_queue = {"A1": "sales", "A2": "service", "S1": "sales"}.get(agent, "sales")
    shift = None
    if first is not None:
        start = parse_hhmm(first)
        shift = Span(start_minute=start, end_minute=start + round(hours * 60))
        if breaks is None:
            breaks = standard_breaks(start, shift.minutes)
    return AgentDay(
        agent=agent,
        day=day_index,
        queue=queue or default_queue,
        shift=shift,
        breaks=breaks or (),
        overtime=overtime,
    )


def baseline_days() -> list[AgentDay]:
    """A feasible week: A1 Monday-Friday 08:00-16:00, A2 Monday-Tuesday 10:00-18:00."""
    return [day("A1", d, "08:00") for d in range(5)] + [day("A2", d, "10:00") for d in (0, 1)]


def roster(days: list[AgentDay]) -> Roster:
    return Roster(instance="tiny", agent_days=tuple(days))


def replace_day(days: list[AgentDay], agent: str, day_index: int, new: AgentDay) -> list[AgentDay]:
    """``days`` with the agent's entry on ``day_index`` swapped for ``new``."""
    kept = [d for d in days if (d.agent, d.day) != (agent, day_index)]
    return kept + [new]


def broken(instance: Instance, days: list[AgentDay]) -> set[str]:
    """The names of the rules the roster breaks, as the full validator reports them."""
    return {v.rule for v in validate(instance, roster(days)).violations}
