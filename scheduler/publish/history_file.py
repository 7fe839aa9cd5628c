"""``history_hours.csv`` from published versions: the weeks before a horizon, for averaging rules.

The instance loader reads ``history_hours.csv`` (agent, week_start, minutes) so a 48-hour
average can reach back before the horizon. Writing it from the published versions makes the
average see what agents were last told they would work. Only weeks a published version covers
on all seven days get a row: a week partly known is left out, which the averaging rule treats
as unknown rather than as a light week.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import IO

from scheduler.io.atomic import write_atomic
from scheduler.models.instance import Instance
from scheduler.publish.hours import weekly_hours_history
from scheduler.store import Database

HISTORY_FILE = "history_hours.csv"
COLUMNS = ("agent", "week_start", "minutes")


def history_rows(db: Database, instance: Instance, weeks: int) -> list[dict[str, str]]:
    """Worked minutes (paid + overtime) per agent for the ``weeks`` blocks before the horizon."""
    rows = []
    for agent in instance.agents:
        for week in weekly_hours_history(db, agent.id, instance.horizon.start, weeks):
            if week.covered_days == 7:
                rows.append(
                    {
                        "agent": agent.id,
                        "week_start": week.week_start.isoformat(),
                        "minutes": str(week.worked_minutes),
                    }
                )
    return rows


def write_history_hours(path: Path | str, rows: list[dict[str, str]]) -> None:
    def write(handle: IO[str]) -> None:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    write_atomic(path, write)


def first_week(instance: Instance, weeks: int) -> dt.date:
    return instance.horizon.start - dt.timedelta(days=7 * weeks)
