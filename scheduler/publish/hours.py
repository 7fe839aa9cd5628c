"""Hours each agent worked per day in published versions: the history that averaging rules need.

A 48-hour average over 17 weeks cannot be checked from one week's roster. Each publication
stores every agent's paid and overtime minutes per day of its horizon (zeros included), and the
history takes, for each date, the latest version that covered the agent on that date -- what
the agent was last told they would work.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, insert, select

from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.store import Database, published_hours, versions


class WeekHours(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    week_start: dt.date
    paid_minutes: int = Field(description="Shift minutes less unpaid breaks.")
    overtime_minutes: int
    covered_days: int = Field(description="Days of the week some published version covers.")

    @property
    def worked_minutes(self) -> int:
        return self.paid_minutes + self.overtime_minutes


def store_hours(
    connection: Connection, version_id: int, instance: Instance, roster: Roster
) -> None:
    """One row per agent of the instance and day of the horizon, zeros included."""
    minutes: dict[tuple[str, int], list[int]] = {}
    for day in roster.agent_days:
        totals = minutes.setdefault((day.agent, day.day), [0, 0])
        if day.shift is not None:
            totals[0] += instance.paid_minutes(day.shift.minutes)
        totals[1] += sum(s.minutes for s in day.overtime)
    rows = [
        {
            "version_id": version_id,
            "agent": agent.id,
            "work_date": instance.horizon.date_of(day),
            "paid_minutes": minutes.get((agent.id, day), [0, 0])[0],
            "overtime_minutes": minutes.get((agent.id, day), [0, 0])[1],
        }
        for agent in instance.agents
        for day in range(instance.horizon.days)
    ]
    if rows:
        connection.execute(insert(published_hours), rows)


def weekly_hours_history(
    db: Database, agent: str, before_week: dt.date, weeks: int
) -> list[WeekHours]:
    """The ``weeks`` 7-day blocks ending the day before ``before_week``, oldest first."""
    first = before_week - dt.timedelta(days=7 * weeks)
    query = (
        select(
            published_hours.c.work_date,
            published_hours.c.paid_minutes,
            published_hours.c.overtime_minutes,
        )
        .join(versions, versions.c.id == published_hours.c.version_id)
        .where(
            published_hours.c.agent == agent,
            published_hours.c.work_date >= first,
            published_hours.c.work_date < before_week,
        )
        .order_by(versions.c.published_at, versions.c.id)
    )
    latest: dict[dt.date, tuple[int, int]] = {}
    with db.reading() as connection:
        for date, paid, overtime in connection.execute(query):
            latest[date] = (paid, overtime)  # later versions overwrite earlier ones
    return [_week(first + dt.timedelta(days=7 * w), latest) for w in range(weeks)]


def _week(start: dt.date, latest: dict[dt.date, tuple[int, int]]) -> WeekHours:
    days = [start + dt.timedelta(days=d) for d in range(7)]
    known = [latest[d] for d in days if d in latest]
    return WeekHours(
        week_start=start,
        paid_minutes=sum(p for p, _ in known),
        overtime_minutes=sum(o for _, o in known),
        covered_days=len(known),
    )
