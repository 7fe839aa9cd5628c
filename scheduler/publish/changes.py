"""What changed for each agent between two published versions, and how much notice they had.

A change's notice runs from the publication to the start of the changed work, the earlier of
the old and the new start: moving a 14:00 shift to 08:00 gives the agent until 08:00, not 14:00.
Changes inside the notice horizon are flagged and priced with ``late_change_price``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, Roster
from scheduler.publish.notice import NOTICE_HOURS, late_change_price


class ChangeKind(StrEnum):
    ADDED = "added"  # a shift where the agent was off
    REMOVED = "removed"  # a shift taken away
    MOVED = "moved"  # start or end changed
    QUEUE = "queue"  # same hours, another queue
    BREAKS = "breaks"  # breaks, lunch or non-phone work moved
    OVERTIME = "overtime"  # overtime added, removed or moved


class Change(BaseModel):
    """One agent-day that differs from the previous published version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agent: str
    date: dt.date
    kinds: tuple[ChangeKind, ...] = Field(min_length=1)
    before: str = Field(description="The day as previously published ('off' when not working).")
    after: str
    starts_at: dt.datetime = Field(description="Earlier of the old and new start, local time.")
    notice_hours: float = Field(description="Hours from publication to starts_at.")
    late: bool = Field(description="Inside the notice horizon.")
    price: int = Field(ge=0, description="late_change_price of the notice (0 when not late).")


def change_list(
    instance: Instance,
    previous: Roster,
    new: Roster,
    published_at: dt.datetime,
    horizon_hours: float = NOTICE_HOURS,
    weight: int = 1,
) -> list[Change]:
    """Every agent-day whose work differs, in agent and date order.

    ``published_at`` may be naive (then it is local time of the instance's time zone).
    """
    zone = ZoneInfo(instance.horizon.timezone)
    now = published_at if published_at.tzinfo else published_at.replace(tzinfo=zone)
    old, fresh = _by_agent_day(previous), _by_agent_day(new)
    changes = []
    for key in sorted(old.keys() | fresh.keys()):
        before, after = old.get(key), fresh.get(key)
        kinds = _kinds(before, after)
        if not kinds:
            continue
        date = instance.horizon.date_of(key[1])
        start = dt.datetime.combine(date, dt.time(), tzinfo=zone) + dt.timedelta(
            minutes=min(_first_minute(d) for d in (before, after) if d is not None)
        )
        notice = round((start - now).total_seconds() / 3600, 2)
        late = notice < horizon_hours
        changes.append(
            Change(
                agent=key[0],
                date=date,
                kinds=kinds,
                before=describe(before),
                after=describe(after),
                starts_at=start.replace(tzinfo=None),
                notice_hours=notice,
                late=late,
                price=late_change_price(notice, horizon_hours, weight) if late else 0,
            )
        )
    return changes


def _by_agent_day(roster: Roster) -> dict[tuple[str, int], AgentDay]:
    """Working agent-days only: a day off and a missing day are the same to the agent."""
    return {(d.agent, d.day): d for d in roster.agent_days if d.works}


def _kinds(before: AgentDay | None, after: AgentDay | None) -> tuple[ChangeKind, ...]:
    old_shift = before.shift if before else None
    new_shift = after.shift if after else None
    kinds = []
    if old_shift is None and new_shift is not None:
        kinds.append(ChangeKind.ADDED)
    elif old_shift is not None and new_shift is None:
        kinds.append(ChangeKind.REMOVED)
    elif old_shift is not None and new_shift is not None and before and after:
        if old_shift != new_shift:
            kinds.append(ChangeKind.MOVED)
        if before.queue != after.queue:
            kinds.append(ChangeKind.QUEUE)
        if _breaks(before) != _breaks(after):
            kinds.append(ChangeKind.BREAKS)
    if _overtime(before) != _overtime(after):
        kinds.append(ChangeKind.OVERTIME)
    return tuple(kinds)


def _breaks(day: AgentDay) -> list[tuple[int, int, str]]:
    return sorted((b.start_minute, b.end_minute, b.kind) for b in day.breaks)


def _overtime(day: AgentDay | None) -> list[tuple[int, int]]:
    return sorted((s.start_minute, s.end_minute) for s in day.overtime) if day else []


def _first_minute(day: AgentDay) -> int:
    starts = [s.start_minute for s in day.overtime]
    if day.shift is not None:
        starts.append(day.shift.start_minute)
    return min(starts)


def describe(day: AgentDay | None) -> str:
    """``08:00-16:00 sales (break 10:00, lunch 12:30) + overtime 17:00-18:00`` or ``off``."""
    if day is None:
        return "off"
    parts = []
    if day.shift is not None:
        text = f"{_span(day.shift.start_minute, day.shift.end_minute)} {day.queue}"
        breaks = ", ".join(f"{kind} {format_hhmm(start)}" for start, _, kind in _breaks(day))
        parts.append(f"{text} ({breaks})" if breaks else text)
    parts += [f"overtime {_span(s, e)}" for s, e in _overtime(day)]
    return " + ".join(parts)


def _span(start: int, end: int) -> str:
    return f"{format_hhmm(start)}-{format_hhmm(end)}"
