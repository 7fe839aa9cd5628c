"""Rolling-origin backtest: forecast each week from its first day with only earlier data.

Each origin (by default every Monday of the last K weeks) gets a forecast of its whole week
from the history strictly before it, exactly as a planner would have made it that morning.
Closed days of the test week (no records) are treated as known holidays: a planner knows
their own holiday calendar in advance. Errors are kept per queue, method, origin and day, so
WAPE and bias can be read per queue, per horizon day and overall.

WAPE = sum |actual - forecast| / sum actual over all intervals; bias = (sum forecast - sum
actual) / sum actual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from scheduler.forecast.errors import ForecastError
from scheduler.forecast.history import History
from scheduler.forecast.holidays import Calendar, build_calendar
from scheduler.forecast.matrix import DayMatrix, build_matrices
from scheduler.forecast.methods import METHODS

ERROR_COLUMNS = [
    "queue",
    "method",
    "origin",
    "horizon_day",
    "date",
    "actual",
    "forecast",
    "abs_error",
]


def rolling_errors(
    m: DayMatrix,
    cal: Calendar,
    method: str,
    origins: Sequence[date],
    horizon_days: int,
) -> pd.DataFrame:
    """Per-day errors of ``method`` on the learnable days of each origin's horizon."""
    predict = METHODS[method]
    index = {d: i for i, d in enumerate(m.days)}
    rows = []
    for origin in origins:
        known = m.before(origin)
        days = [d for d in cal.open_days(origin, horizon_days) if d in index]
        if not known.days or not days:
            continue
        forecast = predict(known, days, cal)
        for day, f in zip(days, forecast, strict=True):
            actual = m.calls[index[day]]
            rows.append(
                (
                    m.queue,
                    method,
                    origin,
                    (day - origin).days + 1,
                    day,
                    actual.sum(),
                    f.sum(),
                    np.abs(actual - f).sum(),
                )
            )
    return pd.DataFrame(rows, columns=ERROR_COLUMNS)


def wape(errors: pd.DataFrame) -> float:
    """Weighted absolute percentage error (a fraction) over the given rows."""
    actual = errors["actual"].sum()
    return float(errors["abs_error"].sum() / actual) if actual > 0 else float("nan")


def bias(errors: pd.DataFrame) -> float:
    """Relative over-forecast (negative: under-forecast) over the given rows."""
    actual = errors["actual"].sum()
    return float((errors["forecast"].sum() - actual) / actual) if actual > 0 else float("nan")


@dataclass(frozen=True)
class BacktestResult:
    """Errors of every method per queue, origin and day, with summaries."""

    errors: pd.DataFrame
    origins: tuple[date, ...]
    interval_minutes: int

    def summary(self) -> pd.DataFrame:
        """WAPE and bias per queue and method over all origins."""
        return self._grouped(["queue", "method"])

    def by_horizon(self) -> pd.DataFrame:
        """WAPE and bias per queue, method and horizon day (1 = the origin's own day)."""
        return self._grouped(["queue", "method", "horizon_day"])

    def best(self) -> dict[str, str]:
        """The lowest-WAPE method of each queue."""
        table = self.summary()
        winners = table.loc[table.groupby("queue")["wape"].idxmin()]
        return dict(zip(winners["queue"], winners["method"], strict=True))

    def _grouped(self, keys: list[str]) -> pd.DataFrame:
        groups = self.errors.groupby(keys, sort=True)
        return pd.DataFrame(
            [(*k, wape(g), bias(g), len(g)) for k, g in groups],
            columns=[*keys, "wape", "bias", "days"],
        )


def backtest(
    history: History,
    weeks: int,
    interval_minutes: int = 15,
    methods: Iterable[str] | None = None,
    holidays: Iterable[date] = (),
    origin_weekday: int = 0,
    horizon_days: int = 7,
) -> BacktestResult:
    """Rolling-origin backtest over the last ``weeks`` origins of the history."""
    names = list(methods or METHODS)
    unknown = sorted(set(names) - set(METHODS))
    if unknown:
        raise ForecastError(f"unknown method {', '.join(unknown)}; known: {', '.join(METHODS)}")
    resampled = history.resample(interval_minutes)
    holiday_set = frozenset(holidays)
    cal = build_calendar(resampled, holiday_set)
    origins = weekly_origins(resampled, weeks, origin_weekday)
    matrices = build_matrices(resampled, skip=holiday_set)
    frames = [
        rolling_errors(m, cal, name, origins, horizon_days)
        for m in matrices.values()
        for name in names
    ]
    return BacktestResult(pd.concat(frames, ignore_index=True), tuple(origins), interval_minutes)


def weekly_origins(history: History, weeks: int, weekday: int = 0) -> list[date]:
    """The last ``weeks`` dates with ``weekday`` up to the history's end, each with history
    before it; refuses when the history is too short for that many."""
    if weeks < 1:
        raise ForecastError("--weeks must be at least 1")
    last = history.last_date - timedelta(days=(history.last_date.weekday() - weekday) % 7)
    origins = [last - timedelta(weeks=k) for k in reversed(range(weeks))]
    if origins[0] <= history.first_date:
        raise ForecastError(
            f"{history.source}: {weeks} weekly origins need history before "
            f"{origins[0].isoformat()}, but it starts {history.first_date.isoformat()}"
        )
    return origins
