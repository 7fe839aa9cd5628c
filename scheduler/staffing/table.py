"""The requirements table: a whole forecast (every interval of every queue) to agents to roster.

One call staffs a week of 15-minute intervals for every queue: rows are grouped by model
(Erlang C, or Erlang A under either definition) and each group is solved as one vectorised
search, with the targets of each row's queue spread out as per-row arrays.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from scheduler.staffing.erlang_a import DEFINITIONS, ErlangAChain
from scheduler.staffing.erlang_c import erlang_c_arrays
from scheduler.staffing.errors import StaffingInputError
from scheduler.staffing.requirements import Targets, erlang_a_search, erlang_c_search
from scheduler.staffing.shrinkage import ShrinkageMethod, apply_shrinkage
from scheduler.staffing.targets import QueueTarget
from scheduler.staffing.validation import check_range

FloatArray = NDArray[np.float64]
REQUIRED_COLUMNS = ("date", "start", "queue", "calls", "aht")


def _row_error(forecast: pd.DataFrame, field: str, bad: NDArray[np.bool_], rule: str) -> None:
    """Raise for the first bad row, naming it the way a planner would find it in the file."""
    if not bad.any():
        return
    position = int(np.flatnonzero(bad)[0])
    row = forecast.iloc[position]
    value = row[field]
    shown = f"{value:g}" if isinstance(value, int | float | np.number) else repr(value)
    where = f"row {position}: {row['date']} {row['start']}, queue {row['queue']!r}"
    raise StaffingInputError(field, f"{rule} (got {shown} at {where})")


def _numeric_column(forecast: pd.DataFrame, field: str) -> FloatArray:
    values = pd.to_numeric(forecast[field], errors="coerce").to_numpy(dtype=np.float64)
    not_numeric = np.isnan(values) & forecast[field].notna().to_numpy()
    _row_error(forecast, field, not_numeric, "not a number")
    return values


def _check_forecast(forecast: pd.DataFrame) -> tuple[FloatArray, FloatArray]:
    """Calls >= 0 everywhere; AHT > 0 wherever calls arrive (closed intervals may leave it 0)."""
    missing = [c for c in REQUIRED_COLUMNS if c not in forecast.columns]
    if missing:
        raise StaffingInputError("forecast", f"missing column(s) {', '.join(missing)}")
    calls = _numeric_column(forecast, "calls")
    _row_error(forecast, "calls", ~(calls >= 0.0) | ~np.isfinite(calls), "must be >= 0")
    aht = _numeric_column(forecast, "aht")
    bad_aht = (calls > 0.0) & ~((aht > 0.0) & np.isfinite(aht))
    _row_error(forecast, "aht", bad_aht, "must be > 0 seconds where calls > 0")
    return calls, np.where(calls > 0.0, aht, 1.0)


def _queue_targets(
    forecast: pd.DataFrame, queues: Mapping[str, QueueTarget]
) -> tuple[NDArray[np.intp], list[QueueTarget]]:
    """Each row's index into the list of the forecast's queues, and their targets."""
    codes, names = pd.factorize(forecast["queue"])
    _row_error(forecast, "queue", codes < 0, "missing")
    known = np.array([name in queues for name in names], dtype=bool)
    _row_error(forecast, "queue", ~known[codes], "has no QueueTarget")
    return codes, [queues[name] for name in names]


def _per_row(
    targets: list[QueueTarget], codes: NDArray[np.intp], field: str, unset: float
) -> FloatArray:
    """One target field spread over the rows (``unset`` where the queue leaves it unset)."""
    values = [getattr(t, field) for t in targets]
    per_queue = np.array([unset if v is None else v for v in values], dtype=np.float64)
    return per_queue[codes]


def _row_targets(targets: list[QueueTarget], codes: NDArray[np.intp]) -> Targets:
    return Targets(
        sl=_per_row(targets, codes, "target_sl", 0.0),
        time_s=_per_row(targets, codes, "target_time_s", 0.0),
        asa_s=_per_row(targets, codes, "target_asa_s", np.inf),
        p_wait=np.ones(codes.size),
        occupancy=_per_row(targets, codes, "max_occupancy", 1.0),
        abandon=_per_row(targets, codes, "max_abandon", 1.0),
    )


def _row_shrinkage(
    forecast: pd.DataFrame, targets: list[QueueTarget], codes: NDArray[np.intp]
) -> FloatArray:
    """The queue's shrinkage, replaced by the forecast's 'shrinkage' column where it is set."""
    shrinkage = _per_row(targets, codes, "shrinkage", 0.0)
    if "shrinkage" in forecast.columns:
        column = _numeric_column(forecast, "shrinkage")
        shrinkage = np.where(np.isnan(column), shrinkage, column)
        bad = ~((shrinkage >= 0.0) & (shrinkage < 1.0))
        _row_error(forecast, "shrinkage", bad, "must be in [0, 1)")
    return shrinkage


def _solve(
    load: FloatArray, aht: FloatArray, patience: FloatArray, tg: Targets, model: str
) -> tuple[FloatArray, FloatArray]:
    """Agents and the service level they achieve, for one group of rows sharing a model."""
    if model == "erlang_c":
        agents = erlang_c_search(load, aht, tg).astype(np.float64)
        sl = erlang_c_arrays(agents, load, aht, tg.time_s)["service_level"]
        return agents, sl
    agents = erlang_a_search(load, aht, patience, tg, model).astype(np.float64)
    return agents, ErlangAChain(agents, load, aht, patience).service_level(tg.time_s, model)


def requirements_table(
    forecast: pd.DataFrame,
    queues: Mapping[str, QueueTarget],
    interval_s: float,
    *,
    shrinkage_method: ShrinkageMethod = "divide",
) -> pd.DataFrame:
    """Add ``agents_required``, ``agents_net`` and ``expected_sl`` to a forecast.

    ``forecast`` has one row per interval and queue with columns ``date, start, queue, calls,
    aht`` (AHT in seconds, calls per interval of ``interval_s`` seconds) and optionally
    ``shrinkage`` (a per-interval override of the queue's). ``agents_net`` is the fewest agents
    on the phones meeting the queue's targets (Erlang A when the queue has a patience, else
    Erlang C), ``expected_sl`` the service level they achieve, and ``agents_required`` the heads
    to roster once shrinkage is added. Rows without calls need 0 agents. Returns a copy.
    """
    interval = float(check_range("interval_s", interval_s, low=0.0, low_open=True))
    calls, aht = _check_forecast(forecast)
    codes, targets = _queue_targets(forecast, queues)
    tg = _row_targets(targets, codes)
    patience = _per_row(targets, codes, "patience_s", np.inf)
    models = [t.model if t.model == "erlang_c" else t.sl_definition for t in targets]
    row_model = np.array(models, dtype=str)[codes]
    load = calls * aht / interval
    agents, sl = np.zeros(load.size), np.ones(load.size)
    for name in ("erlang_c", *DEFINITIONS):
        rows = np.flatnonzero(row_model == name)
        if rows.size:
            solved = _solve(load[rows], aht[rows], patience[rows], tg.take(rows), name)
            agents[rows], sl[rows] = solved
    out = forecast.copy()
    shrinkage = _row_shrinkage(forecast, targets, codes)
    out["agents_required"] = np.asarray(apply_shrinkage(agents, shrinkage, shrinkage_method))
    out["agents_net"] = agents.astype(np.int64)
    out["expected_sl"] = sl
    return out
