"""Who carries the unpopular work: per agent, over the horizon, next to their points balance.

Points are the centre's way of paying back unpopular work, so the table puts the two side by
side: an agent with many late shifts and a low balance is the one to look at.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from scheduler.ledger.worked import worked_days
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster


class FairnessRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    agent: str
    holidays: int
    late_shifts: int
    weekend_days: int
    overtime_minutes: int
    balance: int


def fairness_table(
    instance: Instance, roster: Roster, balances: Mapping[str, int]
) -> list[FairnessRow]:
    """One row per agent of the instance, in agent order (balances default to 0)."""
    tally = {a.id: [0, 0, 0, 0] for a in instance.agents}
    for worked in worked_days(instance, roster):
        counts = tally.setdefault(worked.agent, [0, 0, 0, 0])
        counts[0] += worked.holiday
        counts[1] += worked.late
        counts[2] += worked.weekend
        counts[3] += worked.overtime_minutes
    return [
        FairnessRow(
            agent=agent,
            holidays=h,
            late_shifts=late,
            weekend_days=w,
            overtime_minutes=ot,
            balance=balances.get(agent, 0),
        )
        for agent, (h, late, w, ot) in sorted(tally.items())
    ]
