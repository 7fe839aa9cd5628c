"""Time-off allotments: how many agents may be off on a day (optionally a queue, a window).

An allotment row caps the agents off on its date; with a queue it counts only agents whose
primary queue it is; with a window it counts only time off overlapping it. Time off counted is
approved leave in the instance (``availability.csv`` with reason ``leave``), day-off requests
the planner granted (``requests.csv``) and requests approved in the request book.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scheduler.models.clock import DAY_MINUTES, format_hhmm
from scheduler.models.instance import AbsenceReason, Instance


class Allotment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    queue: str | None = Field(None, description="Count only agents whose primary queue this is.")
    start_minute: int = Field(0, ge=0, le=DAY_MINUTES)
    end_minute: int = Field(DAY_MINUTES, ge=0, le=DAY_MINUTES)
    max_off: int = Field(ge=0)

    @model_validator(mode="after")
    def _window(self) -> Allotment:
        if self.end_minute <= self.start_minute:
            raise ValueError("the window ends before it starts")
        return self

    def label(self) -> str:
        """``allotment 2026-12-01 sales 10:00-14:00`` (queue and window only when set)."""
        parts = [f"allotment {self.date}"]
        if self.queue:
            parts.append(self.queue)
        if (self.start_minute, self.end_minute) != (0, DAY_MINUTES):
            parts.append(f"{format_hhmm(self.start_minute)}-{format_hhmm(self.end_minute)}")
        return " ".join(parts)


class TimeOff(BaseModel):
    """One agent off on one date, whole day or a window: what allotments count."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agent: str
    date: dt.date
    start_minute: int = 0
    end_minute: int = DAY_MINUTES


def counts_against(allotment: Allotment, off: TimeOff, instance: Instance) -> bool:
    """Whether ``off`` uses a place of ``allotment``."""
    if off.date != allotment.date:
        return False
    if allotment.queue is not None:
        agent = instance.agent_by_id.get(off.agent)
        if agent is None or agent.queues[0] != allotment.queue:
            return False
    return off.start_minute < allotment.end_minute and allotment.start_minute < off.end_minute


def instance_time_off(instance: Instance) -> list[TimeOff]:
    """Leave and granted days off already in the instance."""
    off = [
        TimeOff(
            agent=a.agent,
            date=instance.horizon.date_of(a.day),
            start_minute=a.start_minute,
            end_minute=a.end_minute,
        )
        for a in instance.absences
        if a.reason == AbsenceReason.LEAVE
    ]
    off += [
        TimeOff(agent=r.agent, date=instance.horizon.date_of(r.day))
        for r in instance.requests
        if r.granted
    ]
    return off


def full_allotments(
    allotments: tuple[Allotment, ...], instance: Instance, taken: list[TimeOff], wanted: TimeOff
) -> list[str]:
    """The allotments ``wanted`` would overfill, as sentences; [] when it fits them all."""
    problems = []
    for allotment in allotments:
        if not counts_against(allotment, wanted, instance):
            continue
        agents = {o.agent for o in taken if counts_against(allotment, o, instance)}
        if wanted.agent in agents:
            continue  # already off in this window: takes no new place
        if len(agents) + 1 > allotment.max_off:
            problems.append(
                f"{allotment.label()}: {len(agents)} agent(s) already off, at most "
                f"{allotment.max_off}"
            )
    return problems
