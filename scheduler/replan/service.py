"""Projected service before and after the re-plan, per interval and queue from ``now`` on.

*Before* is the published roster with only what the changes force (absent agents off), so the
two columns show what the contingency actions bought.
"""

from __future__ import annotations

import pandas as pd

from scheduler.evaluate import projected_service
from scheduler.models.roster import Roster
from scheduler.replan.apply import Revision

KEYS = ["date", "start", "queue"]
SERVICE_COLUMNS = (
    "date",
    "start",
    "queue",
    "required",
    "scheduled_before",
    "scheduled_after",
    "service_level_before",
    "service_level_after",
    "meets_target_before",
    "meets_target_after",
)


def before_after(revision: Revision, before: Roster, after: Roster) -> pd.DataFrame:
    instance = revision.instance
    old = projected_service(instance, before)
    new = projected_service(instance, after)
    frame = old.merge(new, on=KEYS, how="outer", suffixes=("_before", "_after"))
    frame["required"] = frame["required_after"].fillna(frame["required_before"])
    frame = frame[_from_now(frame, revision)]
    for column in ("scheduled_before", "scheduled_after"):
        frame[column] = frame[column].fillna(0.0)
    return frame.loc[:, list(SERVICE_COLUMNS)].sort_values(KEYS).reset_index(drop=True)


def _from_now(frame: pd.DataFrame, revision: Revision) -> pd.Series:
    now_date = revision.instance.horizon.date_of(revision.now.day).isoformat()
    now_time = f"{revision.now.minute // 60:02d}:{revision.now.minute % 60:02d}"
    return (frame["date"] > now_date) | ((frame["date"] == now_date) & (frame["start"] >= now_time))
