"""History -> forecast demand for an instance that holds call history instead of demand.

The forecast is made for exactly the instance's horizon and interval. History queues map to
the instance's queues by name; a history without queues feeds an instance with one queue.
"""

from __future__ import annotations

import numpy as np

from scheduler.forecast import ForecastError, forecast, load_history
from scheduler.io.errors import InputError
from scheduler.models.instance import Demand, Instance


def forecast_demand(instance: Instance) -> Instance:
    if instance.history_file is None:
        raise InputError(instance.name, "has no demand and no call history")
    horizon = instance.horizon
    try:
        history = load_history(instance.history_file)
        frame = forecast(
            history,
            horizon.start,
            horizon.days,
            horizon.interval_minutes,
            holidays=[h.date for h in instance.holidays],
            default_aht=instance.history_default_aht,
        )
    except ForecastError as exc:
        raise InputError(instance.history_file, str(exc)) from None
    calls, aht = _per_queue(instance, frame)
    demand = Demand(required={}, calls=calls, aht_seconds=aht)
    return instance.model_copy(update={"demand": demand})


def _per_queue(instance: Instance, frame) -> tuple[dict, dict]:
    horizon = instance.horizon
    n = horizon.days * horizon.intervals_per_day
    names = sorted(frame["queue"].unique()) if len(frame) else []
    mapping = {name: name for name in names if name in instance.queue_ids}
    if not mapping and len(names) == 1 and len(instance.queues) == 1:
        mapping = {names[0]: instance.queue_ids[0]}
    if names and not mapping:
        raise InputError(
            instance.history_file or "", f"history queues {names} match none of the instance's"
        )
    calls = {q: np.zeros(n) for q in instance.queue_ids}
    aht = {q: np.zeros(n) for q in instance.queue_ids}
    for row in frame.itertuples(index=False):
        queue = mapping.get(row.queue)
        day = horizon.day_of(row.date if not hasattr(row.date, "date") else row.date.date())
        if queue is None or day is None:
            continue
        minute = row.start.hour * 60 + row.start.minute
        index = day * horizon.intervals_per_day + minute // horizon.interval_minutes
        calls[queue][index] = float(row.calls)
        aht[queue][index] = float(row.aht) if row.aht == row.aht and row.aht else 0.0
    if any(calls[q].sum() > 0 and not aht[q].any() for q in calls):
        raise InputError(
            instance.history_file or "",
            "the history has no handle times: set [demand] default_aht_seconds",
        )
    return (
        {q: tuple(float(v) for v in values) for q, values in calls.items()},
        {q: tuple(float(v) for v in values) for q, values in aht.items()},
    )
