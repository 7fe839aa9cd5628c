"""Labour-law parameters that need more than one number: break entitlements and worked history.

They live apart from ``instance.py`` because the presets (``scheduler.presets``) build them and
the validator reads them, while the rest of the instance never needs to know about them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BlockKind(StrEnum):
    """Which off-phone blocks of a shift an entitlement counts."""

    ANY = "any"  # breaks and lunches alike
    BREAK = "break"
    LUNCH = "lunch"


class BreakEntitlement(_Frozen):
    """Breaks a working day owes once its work exceeds a threshold.

    Work is the shift's paid minutes (length less unpaid breaks), so a paid rest break counts as
    work time, as California counts it and on the safe side elsewhere. Only blocks of ``kind``
    lasting at least ``block_minutes`` count. ``latest_start_minutes`` says the ``count``-th such
    block must start at most that long after the shift starts (California's meal "before the end
    of the fifth hour").
    """

    work_over_minutes: int = Field(ge=0, description="Applies when work is longer than this.")
    kind: BlockKind = BlockKind.ANY
    count: int = Field(0, ge=0, description="At least this many qualifying blocks.")
    total_minutes: int = Field(0, ge=0, description="Qualifying blocks add up to at least this.")
    block_minutes: int = Field(1, ge=1, description="Shortest block that counts.")
    latest_start_minutes: int | None = Field(
        None, ge=0, description="The count-th block starts by this offset from the shift start."
    )
    source: str = Field("", description="The law or regulation the numbers come from.")

    def describe(self) -> str:
        """A planner's sentence: 'over 6h of work: 30 min of breaks in blocks of 15 min'."""
        what = "break" if self.kind == BlockKind.ANY else self.kind.value
        parts = []
        if self.count:
            parts.append(f"{self.count} {what}(s) of at least {self.block_minutes} min")
        if self.total_minutes:
            parts.append(f"{self.total_minutes} min of {what}s in blocks of {self.block_minutes}+")
        if self.latest_start_minutes is not None:
            parts.append(f"{what} {self.count} starting by {self.latest_start_minutes} min in")
        return f"work over {self.work_over_minutes} min owes " + ", ".join(parts)


class WorkedWeek(_Frozen):
    """Minutes an agent worked in a 7-day block before the horizon, for averaging rules.

    Read from ``history_hours.csv``; the publishing workflow is meant to fill that file from
    published rosters, so the averages see what was actually rostered.
    """

    agent: str
    week_start: dt.date
    minutes: int = Field(ge=0)


def history_by_block(
    history: tuple[WorkedWeek, ...], horizon_start: dt.date, agent_id: str
) -> dict[int, int]:
    """Week block index (-1 = the week before the horizon) -> minutes the agent worked."""
    return {
        -((horizon_start - w.week_start).days // 7): w.minutes
        for w in history
        if w.agent == agent_id and w.week_start < horizon_start
    }
