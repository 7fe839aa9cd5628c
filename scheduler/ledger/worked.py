"""What each worked agent-day of a roster counts for: holiday, weekend, late, overtime.

Earning points and the fairness table read the same facts, so the points an agent gets and the
unpopular work the report shows can never disagree.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from scheduler.models.instance import Instance
from scheduler.models.roster import Roster

SATURDAY, SUNDAY = 5, 6


class WorkedDay(BaseModel):
    """One agent working (a shift or overtime) on one day of the horizon."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agent: str
    day: int
    holiday: bool
    weekend: bool
    late: bool
    overtime_minutes: int


def late_end_minute(instance: Instance) -> int | None:
    """The points policy's late-shift time, else the labour rules' one (None: no late shifts)."""
    policy = instance.points.late_shift_end_minute
    return policy if policy is not None else instance.rules.late_shift_end_minute


def worked_days(instance: Instance, roster: Roster) -> list[WorkedDay]:
    """Every agent-day with work inside the horizon, in agent and day order."""
    late_end = late_end_minute(instance)
    found = []
    for agent_id, agent_days in roster.by_agent.items():
        for agent_day in agent_days:
            if not agent_day.works or agent_day.day >= instance.horizon.days:
                continue
            shift = agent_day.shift
            found.append(
                WorkedDay(
                    agent=agent_id,
                    day=agent_day.day,
                    holiday=agent_day.day in instance.holiday_days,
                    weekend=instance.weekday(agent_day.day) in (SATURDAY, SUNDAY),
                    late=shift is not None and late_end is not None and shift.end_minute > late_end,
                    overtime_minutes=sum(s.minutes for s in agent_day.overtime),
                )
            )
    return found


def week_start(instance: Instance, day: int) -> dt.date:
    """First date of the 7-day block (counted from the horizon start) holding ``day``."""
    return instance.horizon.date_of(7 * (day // 7))
