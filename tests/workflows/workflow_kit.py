"""A small week for the workflow tests: one sales queue, one service queue, six agents.

Monday 2026-11-30, 7 days. Templates: ``day`` starts 07:00-12:00 every 30 min, 8 h; ``late``
starts 12:00-14:00 every hour, 8 h. An 8 h shift owes a 15 min break 60-150 min in and an
unpaid 30 min lunch 180-300 min in. Agents A-D and F serve sales, E serves service only; nobody
has a weekly minimum unless a test sets one. The roster: A, B and C work sales Monday to Friday
08:00-16:00 (breaks 09:30, lunch 12:00).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scheduler.models.clock import parse_hhmm
from scheduler.models.instance import (
    Agent,
    BreakRule,
    BreakSpec,
    Demand,
    Horizon,
    Instance,
    LabourRules,
    Queue,
    ShiftTemplate,
)
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span

START = dt.date(2026, 11, 30)
TUESDAY = START + dt.timedelta(days=1)
AGENT_IDS = ("A", "B", "C", "D", "E", "F")


def requirement(agents_by_day: dict[int, int], first: str = "09:00", last: str = "17:00") -> tuple:
    values = [0] * (7 * 96)
    for day, agents in agents_by_day.items():
        for slot in range(parse_hhmm(first) // 15, parse_hhmm(last) // 15):
            values[day * 96 + slot] = agents
    return tuple(values)


def make_instance(
    agents: dict[str, dict[str, Any]] | None = None,
    sales: dict[int, int] | None = None,
    **changes: Any,
) -> Instance:
    people = [
        Agent(
            id=agent_id,
            queues=("service",) if agent_id == "E" else ("sales",),
            **(agents or {}).get(agent_id, {}),
        )
        for agent_id in AGENT_IDS
    ]
    fields: dict[str, Any] = {
        "name": "workflows",
        "horizon": Horizon(start=START, days=7),
        "opening_hours": ((420, 1320),) * 7,
        "queues": (Queue(id="sales"), Queue(id="service")),
        "agents": tuple(people),
        "shift_templates": (
            ShiftTemplate(
                name="day",
                start_earliest_minute=420,
                start_latest_minute=720,
                lengths_minutes=(480,),
            ),
            ShiftTemplate(
                name="late",
                start_earliest_minute=720,
                start_latest_minute=840,
                start_step_minutes=60,
                lengths_minutes=(480,),
            ),
        ),
        "break_rules": (
            BreakRule(
                min_shift_minutes=480,
                max_shift_minutes=480,
                min_gap_minutes=60,
                breaks=(
                    BreakSpec(minutes=15, earliest_minutes=60, latest_minutes=150),
                    BreakSpec(
                        kind="lunch",
                        minutes=30,
                        earliest_minutes=180,
                        latest_minutes=300,
                        paid=False,
                    ),
                ),
            ),
        ),
        "rules": LabourRules(),
        "demand": Demand(
            required={
                "sales": requirement(sales if sales is not None else dict.fromkeys(range(5), 1)),
                "service": requirement({}),
            }
        ),
    }
    fields.update(changes)
    return Instance(**fields)


def shift(agent: str, day: int, first: str = "08:00", queue: str = "sales") -> AgentDay:
    start = parse_hhmm(first)
    return AgentDay(
        agent=agent,
        day=day,
        queue=queue,
        shift=Span(start_minute=start, end_minute=start + 480),
        breaks=(
            BreakPlacement(kind="break", start_minute=start + 90, end_minute=start + 105),
            BreakPlacement(kind="lunch", start_minute=start + 240, end_minute=start + 270),
        ),
    )


def week(extra: list[AgentDay] | None = None) -> Roster:
    """A, B, C on sales Monday to Friday 08:00-16:00, plus ``extra`` agent-days."""
    days = [shift(a, d) for a in "ABC" for d in range(5)] + (extra or [])
    return Roster(instance="workflows", agent_days=tuple(days))
