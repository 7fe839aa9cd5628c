"""``--now``: the moment before which the roster is history and cannot change.

It is rounded up to the time step, so the boundary between past and future always falls on
the grid every shift and break lies on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Instance


@dataclass(frozen=True)
class Moment:
    """A moment as (day of the horizon, minute of that day); ``day`` may be past the horizon."""

    day: int
    minute: int

    @property
    def absolute(self) -> int:
        return self.day * DAY_MINUTES + self.minute

    def later(self, minutes: int) -> Moment:
        day, minute = divmod(self.absolute + minutes, DAY_MINUTES)
        return Moment(day, minute)


def moment_of(instance: Instance, when: dt.datetime) -> Moment:
    """Day and minute of ``when`` on the horizon's grid, rounded up to the time step."""
    step = instance.horizon.time_step_minutes
    start = dt.datetime.combine(instance.horizon.start, dt.time())
    minutes = (when - start) // dt.timedelta(minutes=1)
    minutes = -(-minutes // step) * step
    day, minute = divmod(minutes, DAY_MINUTES)
    return Moment(day, minute)


def parse_now(text: str) -> dt.datetime:
    """``YYYY-MM-DDTHH:MM`` local time; raises ValueError with a readable message."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--now {text!r} is not a date-time (YYYY-MM-DDTHH:MM)") from None
    if moment.tzinfo is not None:
        raise ValueError(f"--now {text!r}: write local time, without an offset")
    return moment
