"""Actual interval volumes: ``date,start,queue,calls[,aht_seconds][,agents_on_phone]``.

Read with the instance's own CSV rules (errors name file, row and field; rows outside the
horizon are checked, then skipped), into arrays shaped like the instance's demand: one value
per queue and interval, NaN where the file says nothing. Per-call records, when given, fill
the AHT of intervals whose row has none, from the handle times of the calls that arrived then.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scheduler.forecast import History
from scheduler.io.table import Row, read_rows
from scheduler.models.instance import Instance

ACTUALS_COLUMNS = ("date", "start", "queue", "calls", "aht_seconds", "agents_on_phone")


@dataclass(frozen=True)
class Actuals:
    """Per queue (rows, ``Instance.queue_ids`` order) and interval of the horizon.

    ``seen`` marks the intervals the file has a row for; the others are not analysed.
    """

    seen: np.ndarray
    calls: np.ndarray
    aht_s: np.ndarray
    agents: np.ndarray
    source: str = "<memory>"


def _nan(instance: Instance) -> np.ndarray:
    n = instance.horizon.days * instance.horizon.intervals_per_day
    return np.full((len(instance.queues), n), np.nan)


def _index(instance: Instance, row: Row) -> int | None:
    """The row's interval index, or None outside the horizon; off-grid starts are errors."""
    horizon = instance.horizon
    day = horizon.day_of(row.date("date"))
    start = row.clock("start")
    if start % horizon.interval_minutes or start >= 1440:
        raise row.error("start", f"is not on the {horizon.interval_minutes}-minute grid")
    if day is None:
        return None
    return day * horizon.intervals_per_day + start // horizon.interval_minutes


def _read_row(instance: Instance, row: Row) -> tuple[int, float, float, float]:
    queue = row.text("queue")
    if queue not in instance.queue_ids:
        raise row.error("queue", f"unknown queue {queue!r}")
    calls = row.number("calls")
    aht = row.number("aht_seconds", np.nan)
    agents = row.number("agents_on_phone", np.nan)
    for field, value in (("calls", calls), ("agents_on_phone", agents)):
        if value < 0:
            raise row.error(field, f"{value:g} is negative")
    if not np.isnan(aht) and aht <= 0 and calls > 0:
        raise row.error("aht_seconds", "must be > 0 when calls arrive")
    return instance.queue_ids.index(queue), calls, aht, agents


def read_actuals(path: Path | str, instance: Instance) -> Actuals:
    """Read an actuals CSV for ``instance``; raises ``InputError`` naming file, row, field."""
    path = Path(path)
    seen = np.zeros_like(_nan(instance), dtype=bool)
    calls, aht, agents = _nan(instance), _nan(instance), _nan(instance)
    first_row: dict[tuple[int, int], int] = {}
    for row in read_rows(path, ACTUALS_COLUMNS[:4]):
        queue, volume, handle, staff = _read_row(instance, row)
        index = _index(instance, row)
        if index is None:
            continue
        if (queue, index) in first_row:
            raise row.error("start", f"repeats row {first_row[queue, index]} (same queue)")
        first_row[queue, index] = row.line
        seen[queue, index] = True
        calls[queue, index], aht[queue, index], agents[queue, index] = volume, handle, staff
    return Actuals(seen, calls, aht, agents, str(path))


def with_call_records(actuals: Actuals, instance: Instance, history: History) -> Actuals:
    """Fill missing AHT from per-call handle times pooled per queue and interval."""
    records = history.resample(instance.horizon.interval_minutes).records
    starts = records["start"]
    if starts.dt.tz is not None:
        starts = starts.dt.tz_localize(None)
    minute = (starts - pd.Timestamp(instance.horizon.start)) / pd.Timedelta(minutes=1)
    index = (minute // instance.horizon.interval_minutes).astype(int).to_numpy()
    rows = records["queue"].map({q: n for n, q in enumerate(instance.queue_ids)})
    if len(instance.queue_ids) == 1:
        rows = rows.fillna(0)
    keep = rows.notna().to_numpy() & (index >= 0) & (index < actuals.calls.shape[1])
    handle = np.zeros_like(actuals.calls)
    handled = np.zeros_like(actuals.calls)
    where = (rows.to_numpy()[keep].astype(int), index[keep])
    np.add.at(handle, where, records["handle_sum"].to_numpy()[keep])
    np.add.at(handled, where, records["handled"].to_numpy()[keep])
    pooled = np.divide(handle, handled, out=np.full_like(handle, np.nan), where=handled > 0)
    aht = np.where(np.isnan(actuals.aht_s), pooled, actuals.aht_s)
    return Actuals(actuals.seen, actuals.calls, aht, actuals.agents, actuals.source)
