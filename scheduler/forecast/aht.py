"""Average handle time per interval: pooled handle seconds over pooled handled calls.

AHT of one 15-min interval rests on few calls, so each slot's estimate is pulled toward the
weekday's whole-day AHT with the weight of ``PRIOR_CALLS`` calls: busy slots keep their own
value, quiet early-morning slots borrow strength from the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from scheduler.forecast.matrix import DayMatrix

AHT_WEEKS = 8
PRIOR_CALLS = 20.0
QUANTILES = (0.1, 0.9)


def forecast_aht(m: DayMatrix, days: Sequence[date]) -> np.ndarray:
    """AHT (seconds) per target day and slot; NaN where no handle time was ever recorded."""
    out = np.full((len(days), m.n_slots), np.nan)
    for weekday in {d.weekday() for d in days}:
        rows = _rows(m, weekday)
        value = _shrunk_aht(m, rows) if len(rows) else np.full(m.n_slots, np.nan)
        for i, day in enumerate(days):
            if day.weekday() == weekday:
                out[i] = value
    return out


def aht_bounds(m: DayMatrix, days: Sequence[date]) -> tuple[np.ndarray, np.ndarray]:
    """An 80 % range of interval AHT: 10th and 90th percentiles of recent same-slot values."""
    lo = np.full((len(days), m.n_slots), np.nan)
    hi = lo.copy()
    for i, day in enumerate(days):
        rows = _rows(m, day.weekday())
        with np.errstate(invalid="ignore", divide="ignore"):
            daily = np.where(m.handled[rows] > 0, m.handle_sum[rows] / m.handled[rows], np.nan)
        if len(rows) and np.isfinite(daily).any():
            quantiles = _nan_quantiles(daily)
            lo[i], hi[i] = quantiles
    return lo, hi


def _rows(m: DayMatrix, weekday: int) -> np.ndarray:
    rows = m.same_weekday(weekday, AHT_WEEKS)
    if len(rows) == 0 or m.handled[rows].sum() == 0:
        rows = np.arange(len(m.days))[-AHT_WEEKS * 5 :]
    return rows if m.handled[rows].sum() > 0 else np.array([], dtype=int)


def _shrunk_aht(m: DayMatrix, rows: np.ndarray) -> np.ndarray:
    handle = m.handle_sum[rows].sum(axis=0)
    handled = m.handled[rows].sum(axis=0)
    day_aht = handle.sum() / handled.sum()
    return (handle + PRIOR_CALLS * day_aht) / (handled + PRIOR_CALLS)


def _nan_quantiles(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    columns = np.isfinite(values).any(axis=0)
    lo = np.full(values.shape[1], np.nan)
    hi = lo.copy()
    lo[columns], hi[columns] = np.nanquantile(values[:, columns], QUANTILES, axis=0)
    return lo, hi
