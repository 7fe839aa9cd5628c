"""A tiny week to compute points by hand, and a ledger in a temporary SQLite file.

Monday 2026-11-30 (a public holiday) to Sunday 2026-12-06, open 08:00-22:00, shifts of 8 h
starting 08:00-14:00 on the hour, no breaks, no demand. Points policy: holiday 10, late 3
(a shift ending after 20:00), weekend day 2, overtime 4 per hour.

The roster ``week()``:

* A1: Monday 08:00-16:00 + overtime 16:00-18:00 (holiday 10, overtime 2 h = 8), Tuesday
  14:00-22:00 (late 3), Saturday 12:00-20:00 (weekend 2; ends at 20:00, not late) = +23.
* A2: Wednesday and Friday 08:00-16:00, Sunday 14:00-22:00 (weekend 2 + late 3 = 5); bids
  5 on Thursday (off: spent) and 4 on Friday (works: not spent) = 5 - 5 = 0.
* B1: does not work; a granted day off on Saturday with a 3-point bid = -3.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from scheduler.ledger import adjust
from scheduler.models.clock import parse_hhmm
from scheduler.models.instance import (
    Agent,
    DayOffRequest,
    Demand,
    Horizon,
    Instance,
    OvertimeOffer,
    PointsPolicy,
    PublicHoliday,
    Queue,
    ShiftTemplate,
)
from scheduler.models.roster import AgentDay, Roster, Span
from scheduler.store import Database, open_database

START = dt.date(2026, 11, 30)
BEFORE = dt.date(2026, 11, 23)  # the week before: opening balances count from here
POLICY = PointsPolicy(
    holiday_shift_points=10,
    late_shift_points=3,
    late_shift_end_minute=parse_hhmm("20:00"),
    weekend_day_points=2,
    overtime_hour_points=4,
)
REQUESTS = (
    DayOffRequest(agent="A2", day=3, points=5, row=2),
    DayOffRequest(agent="A2", day=4, points=4, row=3),
    DayOffRequest(agent="B1", day=5, points=3, granted=True, row=4),
)


def make_instance(days: int = 7, **changes: Any) -> Instance:
    fields: dict[str, Any] = {
        "name": "tiny",
        "horizon": Horizon(start=START, days=days),
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
        "demand": Demand(required={"sales": (0,) * 96 * days, "service": (0,) * 96 * days}),
        "holidays": (PublicHoliday(date=START, name="St Andrew's Day"),),
        "requests": REQUESTS,
        "overtime_offers": (
            OvertimeOffer(agent="A1", day=0, start_minute=960, end_minute=1200, max_minutes=120),
        ),
        "points": POLICY,
    }
    fields.update(changes)
    return Instance(**fields)


def shift(agent: str, day: int, first: str, *, queue: str = "sales", **extra: Any) -> AgentDay:
    start = parse_hhmm(first)
    return AgentDay(
        agent=agent,
        day=day,
        queue=queue,
        shift=Span(start_minute=start, end_minute=start + 480),
        **extra,
    )


def week_days() -> list[AgentDay]:
    overtime = (Span(start_minute=960, end_minute=1080),)
    return [
        shift("A1", 0, "08:00", overtime=overtime),
        shift("A1", 1, "14:00"),
        shift("A1", 5, "12:00"),
        shift("A2", 2, "08:00"),
        shift("A2", 4, "08:00"),
        shift("A2", 6, "14:00"),
    ]


def week() -> Roster:
    return Roster(instance="tiny", agent_days=tuple(week_days()))


def ledger(tmp_path: Path, opening: dict[str, int] | None = None) -> Database:
    """A fresh ledger file; ``opening`` points posted the week before (default covers bids)."""
    db = open_database(f"sqlite:///{tmp_path / 'ledger.db'}")
    for agent, points in (opening if opening is not None else {"A2": 9, "B1": 3}).items():
        adjust(db, agent, points, "opening balance", BEFORE, by="test")
    return db
