"""Projected service of a roster: per interval and queue, and per day.

Coverage comes from the validator's own count (:func:`scheduler.check.costs.coverage`), so the
report and ``scheduler check`` never disagree on who is on the phones. ``scheduled`` is the
average number of agents on the phones over the interval (on-phone agent-minutes / interval
minutes), so a 15-minute break in a 30-minute interval counts as half an agent;
``break_agents`` counts the agents of the queue off the phones inside their shift the same
way (breaks, lunches, other non-phone work: the roster's *not-ready* time).

The queueing formulas get ``floor(scheduled)`` agents: half an agent cannot take a call, and
rounding down keeps the projection on the safe side (the planner sees the risk, not a
flattering interpolation). The model is the one the requirements came from: Erlang A (service
level and ASA of the "virtual" wait, as in :func:`scheduler.planning.queue_target`) when the
queue has a patience, else Erlang C, where ``p_abandon`` is NaN because nobody abandons in
that model. Erlang C at or above 100 % load gives service level 0 and infinite ASA; Erlang A
stays stable there, since callers hang up. Without a forecast for a queue the queueing columns
are NaN and ``meets_target`` is simply ``scheduled >= required``. An interval whose agents are
idle more than ``OVERSTAFFED_IDLE`` (20 %) of their phone time is flagged ``overstaffed``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scheduler.check.costs import coverage
from scheduler.evaluate.breaks import break_agents
from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance, Queue
from scheduler.models.roster import Roster
from scheduler.staffing import erlang_a_metrics, erlang_c_metrics

INTERVAL_COLUMNS = (
    "date",
    "start",
    "queue",
    "required",
    "scheduled",
    "break_agents",
    "agents",
    "calls",
    "aht",
    "load",
    "service_level",
    "asa_s",
    "p_abandon",
    "occupancy",
    "idle_share",
    "overstaffed",
    "meets_target",
)
KPI_COLUMNS = (
    "date",
    "queue",
    "calls",
    "answered_share",
    "abandon_share",
    "service_level",
    "asa_s",
    "occupancy",
    "idle_share",
    "overstaffed",
    "not_ready_share",
    "intervals_below_target",
    "intervals_overstaffed",
    "under_agent_hours",
    "over_agent_hours",
)
_METRICS = ("service_level", "asa_s", "p_abandon", "occupancy")
OVERSTAFFED_IDLE = 0.20
"""Idle share of phone time above which an interval (or a day) counts as overstaffed."""


@dataclass(frozen=True)
class _QueueSeries:
    """One queue's per-interval arrays over the whole horizon (day-major)."""

    required: np.ndarray
    scheduled: np.ndarray
    on_break: np.ndarray
    agents: np.ndarray
    calls: np.ndarray
    aht: np.ndarray


def projected_service(instance: Instance, roster: Roster) -> pd.DataFrame:
    """One row per interval and queue with demand or staff (columns: ``INTERVAL_COLUMNS``).

    Needs ``demand.required`` (run :func:`scheduler.planning.prepare_instance` on a
    forecast-only instance first); raises ``MissingRequirementsError`` otherwise. The frame's
    ``attrs["interval_minutes"]`` lets :func:`daily_kpis` turn agents into agent-hours.
    """
    frames = [
        _queue_frame(instance, queue, series) for queue, series in _series(instance, roster).items()
    ]
    frame = pd.concat(frames, ignore_index=True) if frames else _empty()
    frame = frame.loc[:, list(INTERVAL_COLUMNS)]
    frame.attrs["interval_minutes"] = instance.horizon.interval_minutes
    return frame


def _series(instance: Instance, roster: Roster) -> dict[Queue, _QueueSeries]:
    """Per queue: required, scheduled, answering agents and forecast, one value per interval."""
    horizon = instance.horizon
    n = horizon.days * horizon.intervals_per_day
    steps = horizon.interval_minutes // horizon.time_step_minutes
    staffed = coverage(instance, roster).staffed.reshape(len(instance.queues), n, steps).sum(2)
    demand = instance.demand
    breaks = break_agents(instance, roster)
    out = {}
    for row, queue in enumerate(instance.queues):
        has_forecast = queue.id in demand.calls and queue.id in demand.aht_seconds
        nan = np.full(n, np.nan)
        out[queue] = _QueueSeries(
            required=np.asarray(demand.required.get(queue.id, (0,) * n), dtype=np.int64),
            scheduled=staffed[row] / horizon.interval_minutes,
            on_break=breaks[row],
            agents=staffed[row] // horizon.interval_minutes,  # exact integer floor
            calls=np.asarray(demand.calls[queue.id], dtype=float) if has_forecast else nan,
            aht=np.asarray(demand.aht_seconds[queue.id], dtype=float) if has_forecast else nan,
        )
    return out


def _queue_frame(instance: Instance, queue: Queue, series: _QueueSeries) -> pd.DataFrame:
    """The rows of one queue, keeping only intervals with demand, calls or staff."""
    horizon = instance.horizon
    interval_s = horizon.interval_minutes * 60.0
    load = series.calls * series.aht / interval_s
    metrics = _queue_metrics(queue, series.agents, load, series.aht)
    index = np.arange(series.required.size)
    day, slot = np.divmod(index, horizon.intervals_per_day)
    if np.isnan(series.calls).all():
        meets = series.scheduled >= series.required
    else:
        meets = metrics["service_level"] >= queue.service_level
    frame = pd.DataFrame(
        {
            "date": [horizon.date_of(int(d)).isoformat() for d in day],
            "start": [format_hhmm(int(s) * horizon.interval_minutes) for s in slot],
            "queue": queue.id,
            "required": series.required,
            "scheduled": series.scheduled,
            "break_agents": series.on_break,
            "agents": series.agents,
            "calls": series.calls,
            "aht": series.aht,
            "load": load,
            **metrics,
            "idle_share": 1.0 - metrics["occupancy"],
            "overstaffed": _overstaffed(metrics["occupancy"]),
            "meets_target": meets,
        }
    )
    keep = (series.required > 0) | (series.scheduled > 0) | (np.nan_to_num(series.calls) > 0)
    return frame[keep]


def _queue_metrics(
    queue: Queue, agents: np.ndarray, load: np.ndarray, aht: np.ndarray
) -> dict[str, np.ndarray]:
    """Service level, ASA, abandonment and occupancy; all NaN where there is no forecast.

    Occupancy is NaN with nobody answering (a busy share of zero agents means nothing), which
    also keeps those intervals out of the daily occupancy.
    """
    out = {name: np.full(agents.size, np.nan) for name in _METRICS}
    known = ~np.isnan(load)
    if not known.any():
        return out
    n, a = agents[known].astype(float), load[known]
    handle = np.where(aht[known] > 0, aht[known], 1.0)  # no handle time: no load either
    if queue.patience_seconds is None:
        m = erlang_c_metrics(n, a, handle, queue.service_seconds)
        values = (m.service_level, m.asa_s, np.full(n.size, np.nan), m.occupancy)
    else:
        m = erlang_a_metrics(n, a, handle, queue.patience_seconds, queue.service_seconds)
        values = (m.service_level_virtual, m.asa_virtual_s, m.p_abandon, m.occupancy)
    for name, value in zip(_METRICS, values, strict=True):
        out[name][known] = value
    out["occupancy"][known & (agents == 0)] = np.nan
    return out


def _overstaffed(occupancy: np.ndarray | pd.Series) -> pd.Series:
    """Idle above ``OVERSTAFFED_IDLE``; unknown (NA) where occupancy is unknown."""
    values = pd.Series(np.asarray(occupancy, dtype=float))
    flags = pd.Series(1.0 - values > OVERSTAFFED_IDLE, dtype="boolean").mask(values.isna())
    if isinstance(occupancy, pd.Series):
        flags.index = occupancy.index
    return flags


def _empty() -> pd.DataFrame:
    return pd.DataFrame({name: [] for name in INTERVAL_COLUMNS})


def daily_kpis(frame: pd.DataFrame, interval_minutes: int | None = None) -> pd.DataFrame:
    """Per date and queue (columns: ``KPI_COLUMNS``) from a :func:`projected_service` frame.

    Service level and answered share are weighted by calls, because a quiet interval below
    target costs fewer callers than a busy one; occupancy is weighted by scheduled agents,
    because it is a share of agent time. Under and over agent-hours compare ``scheduled`` with
    ``required`` interval by interval, so a surplus in one interval never hides a gap in another.
    ``not_ready_share`` is break agent-time over the agents' whole shift time (on the phones
    plus breaks); a day is ``overstaffed`` when its idle share exceeds ``OVERSTAFFED_IDLE``.
    ``interval_minutes`` defaults to the frame's ``attrs["interval_minutes"]``.
    """
    minutes = interval_minutes or frame.attrs.get("interval_minutes")
    if not minutes:
        raise ValueError("interval_minutes is unknown: pass it, or use projected_service's frame")
    if frame.empty:
        return pd.DataFrame({name: [] for name in KPI_COLUMNS})
    hours = minutes / 60.0
    surplus = frame["scheduled"] - frame["required"]
    shortfall = frame["required"] - frame["scheduled"]  # not -surplus: that prints -0.0
    on_break = frame.get("break_agents", np.nan)
    idle = frame["idle_share"] > OVERSTAFFED_IDLE
    flags = frame["overstaffed"].fillna(False).astype(bool) if "overstaffed" in frame else idle
    work = frame.assign(
        _sl_calls=frame["service_level"] * frame["calls"],
        _asa_calls=(frame["asa_s"] * frame["calls"]).where(frame["calls"] > 0),
        _break=on_break,
        _idle=flags,
        _ab_calls=frame["p_abandon"] * frame["calls"],
        _occ_weight=frame["scheduled"].where(frame["occupancy"].notna(), 0.0),
        _occ_sched=(frame["occupancy"] * frame["scheduled"]).fillna(0.0),
        _below=~frame["meets_target"].astype(bool),
        _under=shortfall.clip(lower=0) * hours,
        _over=surplus.clip(lower=0) * hours,
    )
    sums = work.groupby(["date", "queue"], sort=True).agg(
        calls=("calls", lambda s: s.sum(min_count=1)),
        sl_calls=("_sl_calls", lambda s: s.sum(min_count=1)),
        ab_calls=("_ab_calls", lambda s: s.sum(min_count=1)),
        asa_calls=("_asa_calls", lambda s: s.sum(min_count=1)),
        break_agents=("_break", lambda s: s.sum(min_count=1)),
        scheduled=("scheduled", "sum"),
        intervals_overstaffed=("_idle", "sum"),
        occ_weight=("_occ_weight", "sum"),
        occ_sched=("_occ_sched", "sum"),
        intervals_below_target=("_below", "sum"),
        under_agent_hours=("_under", "sum"),
        over_agent_hours=("_over", "sum"),
    )
    return _ratios(sums).reset_index().loc[:, list(KPI_COLUMNS)]


def _ratios(sums: pd.DataFrame) -> pd.DataFrame:
    """Weighted means from the grouped sums; NaN where the weight is zero or unknown."""
    calls = sums["calls"].where(sums["calls"] > 0)
    weight = sums["occ_weight"].where(sums["occ_weight"] > 0)
    occupancy = sums["occ_sched"] / weight
    shift_time = (sums["scheduled"] + sums["break_agents"]).where(lambda t: t > 0)
    return sums.assign(
        answered_share=1.0 - sums["ab_calls"] / calls,
        abandon_share=sums["ab_calls"] / calls,
        service_level=sums["sl_calls"] / calls,
        asa_s=sums["asa_calls"] / calls,
        occupancy=occupancy,
        idle_share=1.0 - occupancy,
        overstaffed=_overstaffed(occupancy),
        not_ready_share=sums["break_agents"] / shift_time,
        intervals_below_target=sums["intervals_below_target"].astype(int),
        intervals_overstaffed=sums["intervals_overstaffed"].astype(int),
    )
