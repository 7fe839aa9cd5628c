"""``history_hours.csv``: minutes each agent worked in the weeks before the horizon.

Averaging rules (48 h on average over 17 weeks) need the weeks before the plan. The publishing
workflow is meant to write this file from published rosters; until it does, a planner can fill
it from the payroll. Weeks must be the horizon's own 7-day blocks, counted back from
``horizon.start``, so an average never mixes two week boundaries.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.io.table import read_rows
from scheduler.models.instance import Horizon
from scheduler.models.labour_law import WorkedWeek


def read_worked_history(
    path: Path, horizon: Horizon, agent_ids: set[str]
) -> tuple[WorkedWeek, ...]:
    """Rows before the horizon; rows on or after its start are ignored (the roster has them)."""
    if not path.exists():
        return ()
    weeks: dict[tuple[str, object], WorkedWeek] = {}
    for row in read_rows(path, ("agent", "week_start", "minutes")):
        agent = row.text("agent")
        if agent not in agent_ids:
            raise row.error("agent", f"unknown agent {agent!r}")
        week_start = row.date("week_start")
        offset = (horizon.start - week_start).days
        if offset % 7:
            raise row.error(
                "week_start",
                f"{week_start} does not start a 7-day block of the horizon "
                f"(blocks start on {horizon.start:%A}s, e.g. {horizon.start})",
            )
        minutes = row.integer("minutes")
        if minutes < 0:
            raise row.error("minutes", "cannot be negative")
        if offset <= 0:
            continue
        if (agent, week_start) in weeks:
            raise row.error("week_start", f"{agent} has two rows for the week of {week_start}")
        weeks[(agent, week_start)] = WorkedWeek(agent=agent, week_start=week_start, minutes=minutes)
    return tuple(weeks.values())
