"""The library entry point: history -> interval forecast per queue, ready for staffing.

``forecast()`` resamples the history to the wanted interval, learns per queue from open days
only, picks the method (``auto``: the best of a four-week backtest ending at the forecast
start), applies the planner's events and draws 80 % prediction intervals whose width comes
from that same backtest.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from scheduler.forecast.aht import aht_bounds, forecast_aht
from scheduler.forecast.backtest import rolling_errors, wape
from scheduler.forecast.errors import ForecastError
from scheduler.forecast.events import Event, apply_events
from scheduler.forecast.history import History
from scheduler.forecast.holidays import Calendar, build_calendar
from scheduler.forecast.intervals import DEFAULT_DAY_SD, prediction_bounds, slot_noise
from scheduler.forecast.matrix import DayMatrix, build_matrices
from scheduler.forecast.methods import DEFAULT_METHOD, METHODS
from scheduler.forecast.profile import open_slots

OUTPUT_COLUMNS = [
    "date",
    "start",
    "end",
    "queue",
    "calls",
    "calls_lo",
    "calls_hi",
    "aht",
    "aht_lo",
    "aht_hi",
    "method",
]
STALE_DAYS = 28
SELECTION_WEEKS = 4
MIN_SELECTION_DAYS = 3


class StaleHistoryWarning(UserWarning):
    """The history ends long before the horizon starts: the forecast rests on old levels."""


@dataclass(frozen=True)
class Choice:
    """The method used for a queue and the daily-total error it showed in the recent weeks."""

    method: str
    day_sd: float
    recent_wape: float | None


def forecast(
    history: History,
    start: date,
    days: int,
    interval_minutes: int,
    events: Sequence[Event] = (),
    holidays: Iterable[date] = (),
    method: str = "auto",
    queues: Sequence[str] | None = None,
    default_aht: float | None = None,
) -> pd.DataFrame:
    """Forecast calls (with an 80 % interval) and AHT per interval and queue.

    Rows cover the open intervals of the open days in ``[start, start + days)``; closed days
    (holidays, closed weekdays) have no rows. ``start``/``end`` are on the history's clock.
    AHT is learnt from the history; where it has no handle times (arrival-only files) it is
    ``default_aht`` seconds if given, else left blank rather than invented.
    """
    _check_request(history, start, days, method, default_aht)
    resampled = history.resample(interval_minutes)
    holiday_set = frozenset(holidays)
    cal = build_calendar(resampled, holiday_set)
    matrices = _selected(build_matrices(resampled, skip=holiday_set), queues, history.source)
    _check_events(events, sorted(matrices))
    targets = cal.open_days(start, days)
    if not targets:
        return _empty()
    parts = [_queue_forecast(m, cal, targets, method, start, days) for m in matrices.values()]
    frame = pd.concat([p.frame for p in parts], ignore_index=True)
    frame = _timestamps(frame, interval_minutes, resampled.tz)
    frame = apply_events(frame, events, cal)
    noise = {p.matrix.queue: (p.choice.day_sd, slot_noise(p.matrix)) for p in parts}
    frame = _with_bounds(frame, noise)
    if default_aht is not None:
        frame[["aht", "aht_lo", "aht_hi"]] = frame[["aht", "aht_lo", "aht_hi"]].fillna(default_aht)
    return frame


def _selected(
    matrices: dict[str, DayMatrix], queues: Sequence[str] | None, source: str
) -> dict[str, DayMatrix]:
    """The requested queues; the calendar stays the whole centre's, so a quiet queue's
    zero-call days are not mistaken for closed days."""
    if not queues:
        return matrices
    unknown = sorted(set(queues) - set(matrices))
    if unknown:
        raise ForecastError(
            f"{source}: unknown queue {', '.join(repr(q) for q in unknown)}; "
            f"history has {', '.join(matrices)}"
        )
    return {q: matrices[q] for q in queues}


def choose_method(
    m: DayMatrix, cal: Calendar, method: str, start: date, horizon_days: int
) -> Choice:
    """Backtest the candidates on the last four weekly origins before ``start``; ``auto``
    keeps the lowest WAPE. The chosen method's daily-total errors size the interval."""
    names = list(METHODS) if method == "auto" else [method]
    origins = [start - timedelta(weeks=k) for k in range(SELECTION_WEEKS, 0, -1)]
    origins = [o for o in origins if m.days and o > m.days[0]]
    horizon = min(horizon_days, 7)
    errors = {name: rolling_errors(m, cal, name, origins, horizon) for name in names}
    scored = {name: wape(e) for name, e in errors.items() if len(e) >= MIN_SELECTION_DAYS}
    if not scored:
        return Choice(DEFAULT_METHOD if method == "auto" else method, DEFAULT_DAY_SD, None)
    best = min(scored, key=lambda name: scored[name])
    return Choice(best, _day_sd(errors[best]), scored[best])


def _day_sd(errors: pd.DataFrame) -> float:
    ratio = np.log1p(errors["forecast"].to_numpy()) - np.log1p(errors["actual"].to_numpy())
    return float(np.sqrt(np.mean(ratio**2)))


def _check_request(
    history: History, start: date, days: int, method: str, default_aht: float | None
) -> None:
    if days < 1:
        raise ForecastError(f"--days must be at least 1, got {days}")
    if default_aht is not None and not default_aht > 0:
        raise ForecastError(f"the default AHT must be positive seconds, got {default_aht}")
    if method != "auto" and method not in METHODS:
        raise ForecastError(f"unknown method '{method}'; known: auto, {', '.join(METHODS)}")
    if start - history.last_date > timedelta(days=STALE_DAYS):
        warnings.warn(
            f"{history.source}: the history ends {history.last_date.isoformat()}, "
            f"{(start - history.last_date).days} days before the horizon: levels may be stale",
            StaleHistoryWarning,
            stacklevel=3,
        )
    if start <= history.last_date:
        raise ForecastError(
            f"{history.source}: the horizon starts {start.isoformat()}, before the history "
            f"ends ({history.last_date.isoformat()}); start on "
            f"{(history.last_date + timedelta(days=1)).isoformat()} or later"
        )


def _check_events(events: Sequence[Event], queues: list[str]) -> None:
    for event in events:
        if event.queue is not None and event.queue not in queues:
            raise ForecastError(
                f"event {event.label}: unknown queue '{event.queue}'; "
                f"history has {', '.join(queues)}"
            )


@dataclass(frozen=True)
class _QueueForecast:
    frame: pd.DataFrame
    matrix: DayMatrix
    choice: Choice


def _queue_forecast(
    m: DayMatrix, cal: Calendar, targets: list[date], method: str, start: date, days: int
) -> _QueueForecast:
    """Long rows (date, slot, calls, aht, ...) of one queue's open intervals."""
    choice = choose_method(m, cal, method, start, days)
    calls = METHODS[choice.method](m, targets, cal)
    aht = forecast_aht(m, targets)
    aht_lo, aht_hi = aht_bounds(m, targets)
    open_mask = np.array([open_slots(m, d.weekday()) for d in targets]) | (calls > 0)
    day_index, slot = np.nonzero(open_mask)
    frame = pd.DataFrame(
        {
            "date": [targets[i] for i in day_index],
            "slot": slot,
            "queue": m.queue,
            "calls": calls[day_index, slot],
            "aht": aht[day_index, slot],
            "aht_lo": aht_lo[day_index, slot],
            "aht_hi": aht_hi[day_index, slot],
            "method": choice.method,
        }
    )
    return _QueueForecast(frame, m, choice)


def _timestamps(frame: pd.DataFrame, minutes: int, tz: object) -> pd.DataFrame:
    midnight = pd.to_datetime(frame["date"].astype("str"))
    start = midnight + pd.to_timedelta(frame["slot"] * minutes, unit="min")
    if tz is not None:
        start = start.dt.tz_localize(tz, nonexistent="shift_forward", ambiguous=True)
    return frame.assign(start=start, end=start + pd.Timedelta(minutes=minutes)).drop(columns="slot")


def _with_bounds(frame: pd.DataFrame, noise: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """Add ``calls_lo``/``calls_hi`` from each queue's (day SD, slot SD)."""
    lo = np.zeros(len(frame))
    hi = np.zeros(len(frame))
    for queue, part in frame.groupby("queue"):
        rows = part.index.to_numpy()
        lo[rows], hi[rows] = prediction_bounds(part["calls"].to_numpy(), *noise[queue])
    return frame.assign(calls_lo=lo, calls_hi=hi)[OUTPUT_COLUMNS]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=OUTPUT_COLUMNS)
