"""Which intervals missed their target, why, and how many more agents they needed.

Service achieved is the Erlang projection (A with patience, else C, as the requirements were
made) on the *actual* calls, AHT and agents on the phones, so it answers "with what really
arrived and who really answered, was the target reachable". Missed intervals get their causes:

* **volume above forecast** and **AHT above forecast** (beyond ``CauseThresholds``' share);
* **staff below roster**: fewer agents on the phones than the roster put there;
* **breaks at the peak**: the roster put agents of the queue on a break in a short interval;
* **roster below requirement**: the plan itself was short of the requirement there.

Agents needed come from the staffing engine on the actual calls and AHT with the queue's
targets (agents on the phones, no shrinkage), so ``extra_agents`` is what the floor lacked.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from scheduler.analyse.actuals import Actuals
from scheduler.evaluate.breaks import break_agents
from scheduler.evaluate.service import projected_service
from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance, Queue
from scheduler.models.roster import Roster
from scheduler.staffing import erlang_a_agents, erlang_a_metrics, erlang_c_agents, erlang_c_metrics

ANALYSIS_COLUMNS = (
    "date",
    "start",
    "queue",
    "forecast_calls",
    "actual_calls",
    "forecast_aht",
    "actual_aht",
    "required",
    "rostered",
    "actual_agents",
    "break_agents",
    "target_sl",
    "planned_sl",
    "actual_sl",
    "missed",
    "agents_needed",
    "extra_agents",
    "causes",
)


class CauseThresholds(BaseModel):
    """How far actuals must stray before a cause is named (noise is not a cause)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    volume_share: float = Field(0.05, ge=0, description="Calls above forecast by this share.")
    aht_share: float = Field(0.05, ge=0, description="AHT above forecast by this share.")
    staff_agents: float = Field(0.5, ge=0, description="Agents on the phones below roster.")


def _service_level(queue: Queue, agents: np.ndarray, load: np.ndarray, aht: np.ndarray):
    """Erlang service level for whole agents; NaN where load is unknown."""
    out = np.full(agents.shape, np.nan)
    known = ~np.isnan(load) & ~np.isnan(aht)
    if not known.any():
        return out
    n = np.floor(agents[known] + 1e-9)
    handle = np.where(aht[known] > 0, aht[known], 1.0)
    if queue.patience_seconds is None:
        sl = erlang_c_metrics(n, load[known], handle, queue.service_seconds).service_level
    else:
        sl = erlang_a_metrics(
            n, load[known], handle, queue.patience_seconds, queue.service_seconds
        ).service_level_virtual
    out[known] = sl
    return out


def _agents_needed(queue: Queue, load: np.ndarray, aht: np.ndarray) -> np.ndarray:
    """Fewest agents on the phones meeting the queue's targets; NaN where load is unknown."""
    out = np.full(load.shape, np.nan)
    known = ~np.isnan(load) & ~np.isnan(aht)
    if not known.any():
        return out
    handle = np.where(aht[known] > 0, aht[known], 1.0)
    targets = {
        "target_sl": min(queue.service_level, 0.999),
        "target_time_s": queue.service_seconds,
        "target_asa_s": queue.asa_seconds,
        "max_occupancy": queue.max_occupancy,
    }
    if queue.patience_seconds is None:
        needed = erlang_c_agents(load[known], handle, **targets)
    else:
        needed = erlang_a_agents(load[known], handle, queue.patience_seconds, **targets)
    out[known] = np.where(load[known] > 0, needed, 0)
    return out


def _series(instance: Instance, roster: Roster) -> tuple[np.ndarray, np.ndarray]:
    """Required and rostered (average on the phones) agents per queue and interval."""
    horizon = instance.horizon
    frame = projected_service(instance, roster)
    shape = (len(instance.queues), horizon.days * horizon.intervals_per_day)
    required, rostered = np.zeros(shape), np.zeros(shape)
    if frame.empty:
        return required, rostered
    rows = frame["queue"].map({q: n for n, q in enumerate(instance.queue_ids)}).to_numpy()
    days = pd.to_datetime(frame["date"]).dt.date.map(lambda d: (d - horizon.start).days)
    slots = frame["start"].map(lambda s: (int(s[:2]) * 60 + int(s[3:])) // horizon.interval_minutes)
    index = (days * horizon.intervals_per_day + slots).to_numpy(dtype=np.intp)
    required[rows, index] = frame["required"].to_numpy(dtype=float)
    rostered[rows, index] = frame["scheduled"].to_numpy(dtype=float)
    return required, rostered


def _forecast(instance: Instance, name: str) -> np.ndarray:
    horizon = instance.horizon
    table = getattr(instance.demand, name)
    n = horizon.days * horizon.intervals_per_day
    return np.array(
        [table.get(q, (math.nan,) * n) for q in instance.queue_ids], dtype=float
    ).reshape(len(instance.queues), n)


def analyse(
    instance: Instance,
    roster: Roster,
    actuals: Actuals,
    thresholds: CauseThresholds | None = None,
) -> pd.DataFrame:
    """One row per interval and queue the actuals cover (columns ``ANALYSIS_COLUMNS``).

    ``instance`` must carry requirements (``prepare_instance`` a forecast-only one first).
    """
    thresholds = thresholds or CauseThresholds()
    interval_s = 60.0 * instance.horizon.interval_minutes
    required, rostered = _series(instance, roster)
    f_calls, f_aht = _forecast(instance, "calls"), _forecast(instance, "aht_seconds")
    aht = np.where(np.isnan(actuals.aht_s), f_aht, actuals.aht_s)
    agents = np.where(np.isnan(actuals.agents), rostered, actuals.agents)
    load = actuals.calls * aht / interval_s
    planned_load = f_calls * f_aht / interval_s
    values = {
        "forecast_calls": f_calls,
        "actual_calls": actuals.calls,
        "forecast_aht": f_aht,
        "actual_aht": aht,
        "required": required,
        "rostered": rostered,
        "actual_agents": agents,
        "break_agents": break_agents(instance, roster),
        "target_sl": np.repeat(
            [[q.service_level] for q in instance.queues], required.shape[1], axis=1
        ),
    }
    planned, achieved, needed = (np.full(required.shape, np.nan) for _ in range(3))
    for row, queue in enumerate(instance.queues):
        planned[row] = _service_level(queue, rostered[row], planned_load[row], f_aht[row])
        achieved[row] = _service_level(queue, agents[row], load[row], aht[row])
        needed[row] = _agents_needed(queue, load[row], aht[row])
    values.update(planned_sl=planned, actual_sl=achieved, agents_needed=needed)
    with np.errstate(invalid="ignore"):
        missed = np.where(
            np.isnan(achieved), agents < required - 1e-9, achieved < values["target_sl"] - 1e-12
        )
        extra = np.ceil(np.maximum(needed - agents, 0) - 1e-9)
    values.update(missed=missed, extra_agents=extra)
    return _frame(instance, actuals, values, thresholds)


def _causes(values: dict[str, np.ndarray], thresholds: CauseThresholds) -> list[list[str]]:
    """The named causes per cell (row-major), for missed intervals only."""
    with np.errstate(invalid="ignore", divide="ignore"):
        volume = values["actual_calls"] / values["forecast_calls"] - 1
        handle = values["actual_aht"] / values["forecast_aht"] - 1
        staff_gap = values["rostered"] - values["actual_agents"]
        checks = [
            (volume > thresholds.volume_share,
             lambda i: f"volume above forecast ({volume[i]:+.0%})"),
            (handle > thresholds.aht_share, lambda i: f"AHT above forecast ({handle[i]:+.0%})"),
            (staff_gap >= thresholds.staff_agents,
             lambda i: f"staff below roster ({staff_gap[i]:.1f} agents short)"),
            (values["break_agents"] > 0,
             lambda i: f"breaks at the peak ({values['break_agents'][i]:.1f} agents on break)"),
            (values["rostered"] < values["required"] - 1e-9,
             lambda i: "roster below requirement"),
        ]  # fmt: skip
    out = []
    for index in np.ndindex(values["missed"].shape):
        if not values["missed"][index]:
            out.append([])
            continue
        found = [describe(index) for mask, describe in checks if mask[index]]
        out.append(found or ["none of the listed causes (random variation?)"])
    return out


def _frame(
    instance: Instance,
    actuals: Actuals,
    values: dict[str, np.ndarray],
    thresholds: CauseThresholds,
) -> pd.DataFrame:
    horizon = instance.horizon
    queues, intervals = actuals.calls.shape
    day, slot = np.divmod(np.tile(np.arange(intervals), queues), horizon.intervals_per_day)
    columns: dict[str, object] = {
        "date": [horizon.date_of(int(d)).isoformat() for d in day],
        "start": [format_hhmm(int(s) * horizon.interval_minutes) for s in slot],
        "queue": np.repeat(np.asarray(instance.queue_ids, dtype=object), intervals),
        "causes": ["; ".join(c) for c in _causes(values, thresholds)],
    }
    for name in ANALYSIS_COLUMNS:
        if name not in columns:
            columns[name] = values[name].ravel()
    frame = pd.DataFrame(columns).loc[:, list(ANALYSIS_COLUMNS)]
    frame["missed"] = frame["missed"].astype(bool)
    frame = frame[actuals.seen.ravel()].reset_index(drop=True)
    frame.attrs["interval_minutes"] = horizon.interval_minutes
    return frame
