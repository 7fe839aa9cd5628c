"""Callers for the simulation: Poisson around the forecast, or replayed from real history.

Both sources become an :class:`ArrivalPlan` (a call count per queue and time bin, the AHT of
each bin, the queue's patience); :func:`draw_calls` then draws one replication's callers with
numpy: arrival times spread uniformly inside their bin (a Poisson process given the count),
exponential handle times and exponential patience, the assumptions Erlang C and A make, so a
disagreement with the formulas comes from the roster and not from the callers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scheduler.forecast.history import DEFAULT_QUEUE, History
from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Instance
from scheduler.simulate.errors import SimulationInputError


@dataclass(frozen=True)
class ArrivalPlan:
    """Calls per queue (rows, ``Instance.queue_ids`` order) and bin of ``bin_seconds``.

    ``poisson`` draws each bin's count around ``counts`` (a forecast); otherwise ``counts`` are
    the replayed calls themselves, the same in every replication.
    """

    bin_seconds: float
    counts: np.ndarray
    aht_s: np.ndarray
    patience_s: np.ndarray
    poisson: bool


@dataclass(frozen=True)
class CallStream:
    """One replication's callers, sorted by arrival (seconds from the horizon start)."""

    arrival_s: np.ndarray
    queue: np.ndarray
    handle_s: np.ndarray
    patience_s: np.ndarray

    def __len__(self) -> int:
        return int(self.arrival_s.size)


def _patience(instance: Instance) -> np.ndarray:
    return np.array([q.patience_seconds or math.inf for q in instance.queues], dtype=float)


def forecast_arrivals(instance: Instance) -> ArrivalPlan:
    """Poisson arrivals around ``demand.calls`` with ``demand.aht_seconds``, per interval."""
    demand = instance.demand
    known = [q for q in instance.queue_ids if q in demand.calls and q in demand.aht_seconds]
    if not known:
        raise SimulationInputError(
            f"instance {instance.name} gives agents required but no calls and AHT per interval "
            "(forecast.csv or a call history): the simulation needs callers to simulate"
        )
    n = instance.horizon.days * instance.horizon.intervals_per_day
    counts = np.zeros((len(instance.queues), n))
    aht = np.ones((len(instance.queues), n))
    for row, q in enumerate(instance.queue_ids):
        if q in known:
            counts[row] = demand.calls[q]
            aht[row] = np.where(np.asarray(demand.aht_seconds[q]) > 0, demand.aht_seconds[q], 1)
    return ArrivalPlan(
        bin_seconds=60.0 * instance.horizon.interval_minutes,
        counts=counts,
        aht_s=aht,
        patience_s=_patience(instance),
        poisson=True,
    )


def replayed_arrivals(instance: Instance, history: History) -> ArrivalPlan:
    """The calls a history records on the horizon's dates, on the history's own bins.

    History queues map to the instance's by id; a history without queues feeds a one-queue
    instance. AHT comes from the history's handle times where it has them, else from the
    instance's forecast; with neither there is nothing to simulate.
    """
    minutes = history.interval_minutes
    if instance.horizon.interval_minutes % minutes:
        raise SimulationInputError(
            f"{history.source}: {minutes}-minute counts cannot be replayed on "
            f"{instance.horizon.interval_minutes}-minute intervals (that would invent a shape)"
        )
    rows = _history_rows(instance, history)
    bins = instance.horizon.days * DAY_MINUTES // minutes
    counts = np.zeros((len(instance.queues), bins))
    np.add.at(counts, (rows["row"].to_numpy(), rows["minute"].to_numpy() // minutes), rows["calls"])
    return ArrivalPlan(
        bin_seconds=60.0 * minutes,
        counts=counts,
        aht_s=_replay_aht(instance, rows, minutes, bins),
        patience_s=_patience(instance),
        poisson=False,
    )


def _history_rows(instance: Instance, history: History) -> pd.DataFrame:
    """History records inside the horizon with their queue row and minute from the start."""
    records = history.records
    starts = records["start"]
    if starts.dt.tz is not None:
        starts = starts.dt.tz_localize(None)  # keep the local wall clock the planner reads
    origin = pd.Timestamp(instance.horizon.start)
    minute = ((starts - origin) / pd.Timedelta(minutes=1)).astype(int)
    rows = records.assign(minute=minute, row=_queue_rows(instance, records["queue"], history))
    inside = (rows["minute"] >= 0) & (rows["minute"] < instance.horizon.days * DAY_MINUTES)
    rows = rows.loc[inside]
    if rows.empty or rows["calls"].sum() <= 0:
        raise SimulationInputError(
            f"{history.source}: no calls on the horizon's dates "
            f"({instance.horizon.start} for {instance.horizon.days} days)"
        )
    return rows


def _queue_rows(instance: Instance, queues: pd.Series, history: History) -> np.ndarray:
    ids = list(instance.queue_ids)
    lookup = {q: n for n, q in enumerate(ids)}
    if len(ids) == 1:
        lookup[DEFAULT_QUEUE] = 0
    unknown = sorted(set(queues.unique()) - set(lookup))
    if unknown:
        raise SimulationInputError(
            f"{history.source}: queue {unknown[0]!r} is not a queue of instance {instance.name}"
        )
    return queues.map(lookup).to_numpy(dtype=np.intp)


def _replay_aht(instance: Instance, rows: pd.DataFrame, minutes: int, bins: int) -> np.ndarray:
    """AHT per queue and bin: the history's pooled handle time in the instance interval, else
    the forecast's."""
    interval = instance.horizon.interval_minutes
    n = instance.horizon.days * instance.horizon.intervals_per_day
    handle = np.zeros((len(instance.queues), n))
    handled = np.zeros_like(handle)
    where = (rows["row"].to_numpy(), rows["minute"].to_numpy() // interval)
    np.add.at(handle, where, rows["handle_sum"].to_numpy())
    np.add.at(handled, where, rows["handled"].to_numpy())
    aht = np.divide(handle, handled, out=np.full_like(handle, np.nan), where=handled > 0)
    for row, q in enumerate(instance.queue_ids):
        if q in instance.demand.aht_seconds:
            fallback = np.asarray(instance.demand.aht_seconds[q], dtype=float)
            aht[row] = np.where(np.isnan(aht[row]), fallback, aht[row])
    calls_per_interval = np.zeros_like(handle)
    np.add.at(calls_per_interval, where, rows["calls"].to_numpy())
    missing = np.isnan(aht) & (calls_per_interval > 0)
    if missing.any():
        row, index = (int(v[0]) for v in np.nonzero(missing))
        raise SimulationInputError(
            f"no handle time for queue {instance.queue_ids[row]} at interval {index}: the "
            "history has arrivals only and the instance has no forecast AHT"
        )
    aht = np.where(np.isnan(aht) | (aht <= 0), 1.0, aht)
    bin_interval = np.arange(bins) * minutes // interval
    return aht[:, bin_interval]


def draw_calls(plan: ArrivalPlan, rng: np.random.Generator) -> CallStream:
    """One replication's callers: counts, uniform times in the bin, exponential durations."""
    counts = rng.poisson(plan.counts) if plan.poisson else np.rint(plan.counts).astype(np.int64)
    rows, bins = np.nonzero(counts)
    per_cell = counts[rows, bins]
    queue = np.repeat(rows, per_cell)
    cell_bin = np.repeat(bins, per_cell)
    arrival = (cell_bin + rng.random(queue.size)) * plan.bin_seconds
    handle = rng.exponential(plan.aht_s[queue, cell_bin])
    patience = plan.patience_s[queue]
    finite = np.isfinite(patience)
    patience = patience.copy()
    patience[finite] = rng.exponential(patience[finite])
    order = np.argsort(arrival, kind="stable")
    return CallStream(arrival[order], queue[order], handle[order], patience[order])
