"""Forecast -> requirements: an instance that holds calls and AHT gets agents per interval.

Requirements given by the planner are taken as they are. A forecast is turned into agents on
the phones with the staffing engine (Erlang A when the queue has a patience, else Erlang C),
then grossed up by the queue's shrinkage. Breaks are not shrinkage here: the roster places
them itself, so a queue's ``shrinkage`` should count absence, training and meetings only.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Demand, Instance, Queue
from scheduler.planning.history_demand import forecast_demand
from scheduler.staffing import QueueTarget, requirements_table


def queue_target(queue: Queue) -> QueueTarget:
    return QueueTarget(
        target_sl=min(queue.service_level, 0.999),
        target_time_s=queue.service_seconds,
        target_asa_s=queue.asa_seconds,
        max_occupancy=queue.max_occupancy,
        patience_s=queue.patience_seconds,
        shrinkage=queue.shrinkage,
    )


def requirements_frame(instance: Instance) -> pd.DataFrame:
    """One row per interval and queue: date, start, queue, calls, aht, agents, expected SL."""
    horizon = instance.horizon
    per_day = horizon.intervals_per_day
    rows = []
    for q in instance.queue_ids:
        calls = instance.demand.calls.get(q)
        aht = instance.demand.aht_seconds.get(q)
        if calls is None or aht is None:
            continue
        for index, (volume, handle) in enumerate(zip(calls, aht, strict=True)):
            day, slot = divmod(index, per_day)
            rows.append(
                {
                    "date": (horizon.start + dt.timedelta(days=day)).isoformat(),
                    "start": format_hhmm(slot * horizon.interval_minutes),
                    "queue": q,
                    "calls": float(volume),
                    "aht": float(handle) if handle > 0 else 1.0,
                }
            )
    frame = pd.DataFrame(rows, columns=["date", "start", "queue", "calls", "aht"])
    targets = {q.id: queue_target(q) for q in instance.queues}
    return requirements_table(frame, targets, horizon.interval_minutes * 60.0)


def prepare_instance(instance: Instance) -> Instance:
    """The instance with ``demand.required`` filled: from its forecast, or from its history
    through a forecast first (forecast -> requirements -> roster)."""
    if instance.demand.required:
        return instance
    if not instance.demand.calls:
        instance = forecast_demand(instance)
    table = requirements_frame(instance)
    required = {
        q: tuple(int(v) for v in group["agents_required"].to_numpy(dtype=np.int64))
        for q, group in table.groupby("queue", sort=False)
    }
    demand = Demand(
        required=required,
        calls=instance.demand.calls,
        aht_seconds=instance.demand.aht_seconds,
    )
    return instance.model_copy(update={"demand": demand})
