"""Intraday profiles: the share of a day's calls falling in each interval, per weekday.

One week's shape is mostly Poisson noise at 15-min resolution, so shapes are pooled over many
weeks (recent weeks weigh more) and shrunk toward the all-weekday shape by a James-Stein
weight: a weekday keeps its own shape as far as its difference from the others is larger than
its sampling noise, without inheriting last Tuesday's noise. Shrinking only moves
weight between slots the weekday is open, so a half-day Friday keeps its hours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.forecast.matrix import DayMatrix

PROFILE_WEEKS = 12
PROFILE_HALF_LIFE_WEEKS = 6.0


def intraday_profile(
    m: DayMatrix,
    weekday: int,
    weeks: int = PROFILE_WEEKS,
    half_life_weeks: float = PROFILE_HALF_LIFE_WEEKS,
) -> np.ndarray:
    """Slot shares (summing to 1) for ``weekday``; zeros when the queue never had calls."""
    own = _pooled_shares(m, m.same_weekday(weekday, weeks), half_life_weeks)
    every = _pooled_shares(m, _latest_rows(m, weeks), half_life_weeks * _days_per_week(m))
    if own is None:
        return every.mean if every is not None else np.zeros(m.n_slots)
    if every is None:
        return own.mean
    target = every.mean * (own.mean > 0)
    weight = _shrinkage(own, target)
    blended = (1.0 - weight) * own.mean + weight * target
    return blended / blended.sum()


def _shrinkage(own: _Shares, target: np.ndarray) -> float:
    """James-Stein weight toward ``target``: the share of the weekday's difference from it
    that its sampling noise could explain (0 = keep own shape, 1 = use target)."""
    signal = float(((own.mean - target) ** 2).sum())
    noise = float(own.variance.sum())
    return 1.0 if signal <= 0 else min(1.0, noise / signal)


def open_slots(m: DayMatrix, weekday: int, weeks: int = PROFILE_WEEKS) -> np.ndarray:
    """Slots with calls on any of the weekday's latest ``weeks`` days: its opening hours.

    Shrinking toward the all-weekday shape never moves calls outside these slots, so a
    half-day Friday stays a half day.
    """
    rows = m.same_weekday(weekday, weeks)
    return m.calls[rows].sum(axis=0) > 0


def _latest_rows(m: DayMatrix, weeks: int) -> np.ndarray:
    return np.arange(len(m.days))[-weeks * _days_per_week(m) :]


def _days_per_week(m: DayMatrix) -> int:
    return max(len(set(m.weekdays.tolist())), 1)


@dataclass(frozen=True)
class _Shares:
    mean: np.ndarray
    variance: np.ndarray
    """Sampling variance of ``mean`` per slot (from the day-to-day spread of shares)."""


def _pooled_shares(m: DayMatrix, rows: np.ndarray, half_life: float) -> _Shares | None:
    """Recency-weighted mean of the rows' shares; ``None`` when they hold no calls."""
    totals = m.calls[rows].sum(axis=1)
    rows = rows[totals > 0]
    if len(rows) == 0:
        return None
    shares = m.calls[rows] / totals[totals > 0, None]
    age = np.arange(len(rows))[::-1]
    weights = 0.5 ** (age / half_life)
    weights /= weights.sum()
    mean = weights @ shares
    spread = weights @ (shares - mean) ** 2
    effective = 1.0 / float((weights**2).sum())
    variance = spread / max(effective - 1.0, 1.0)
    return _Shares(mean, variance)
