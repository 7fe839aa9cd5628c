"""A tiny week to publish: three agents, 8 h shifts 08:00-14:00 starts, no breaks, no bids.

Monday 2026-11-30 to Sunday 2026-12-06, open 08:00-22:00, time zone UTC unless changed. The
first version ``first_days()``: A1 Tuesday 14:00-22:00 and Saturday 12:00-20:00 (sales), A2
Wednesday 08:00-16:00 and Sunday 14:00-22:00.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from scheduler.models.clock import parse_hhmm
from scheduler.models.instance import (
    Agent,
    Demand,
    Horizon,
    Instance,
    OvertimeOffer,
    Queue,
    ShiftTemplate,
)
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.store import Database, open_database

START = dt.date(2026, 11, 30)


def make_instance(start: dt.date = START, timezone: str = "UTC", **changes: Any) -> Instance:
    fields: dict[str, Any] = {
        "name": "tiny",
        "horizon": Horizon(start=start, days=7, timezone=timezone),
        "opening_hours": ((480, 1320),) * 7,
        "queues": (Queue(id="sales"), Queue(id="service")),
        "agents": tuple(Agent(id=a, queues=("sales", "service")) for a in ("A1", "A2", "B1")),
        "shift_templates": (
            ShiftTemplate(
                name="day",
                start_earliest_minute=480,
                start_latest_minute=840,
                start_step_minutes=60,
                lengths_minutes=(480,),
            ),
        ),
        "demand": Demand(required={"sales": (0,) * 672, "service": (0,) * 672}),
        "overtime_offers": (
            OvertimeOffer(agent="A2", day=2, start_minute=960, end_minute=1200, max_minutes=120),
        ),
    }
    fields.update(changes)
    return Instance(**fields)


def shift(
    agent: str,
    day: int,
    first: str,
    queue: str = "sales",
    breaks: tuple[BreakPlacement, ...] = (),
    overtime: tuple[Span, ...] = (),
) -> AgentDay:
    start = parse_hhmm(first)
    return AgentDay(
        agent=agent,
        day=day,
        queue=queue,
        shift=Span(start_minute=start, end_minute=start + 480),
        breaks=breaks,
        overtime=overtime,
    )


def first_days() -> dict[tuple[str, int], AgentDay]:
    days = [shift("A1", 1, "14:00"), shift("A1", 5, "12:00"), shift("A2", 2, "08:00")]
    days.append(shift("A2", 6, "14:00"))
    return {(d.agent, d.day): d for d in days}


def roster(days: dict[tuple[str, int], AgentDay]) -> Roster:
    return Roster(instance="tiny", agent_days=tuple(days.values()))


def database(tmp_path: Path) -> Database:
    return open_database(f"sqlite:///{tmp_path / 'scheduler.db'}")
