"""Forecasting methods: each maps a day x slot history to a day x slot forecast of calls.

A method is a function ``(matrix, days, calendar) -> ndarray`` (one row per target day, one
column per slot) that uses only the rows of ``matrix``; the caller has already cut the history
at the forecast origin, so no method can peek at the future.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from scheduler.forecast.holidays import Calendar
from scheduler.forecast.matrix import DayMatrix
from scheduler.forecast.methods import calendar_profile, mean_of_weeks, seasonal_naive

Method = Callable[[DayMatrix, Sequence[date], Calendar], np.ndarray]

METHODS: dict[str, Method] = {
    "seasonal_naive": seasonal_naive.seasonal_naive,
    "mean_of_weeks": mean_of_weeks.mean_of_weeks,
    "calendar_profile": calendar_profile.calendar_profile,
}
"""Registered methods by name; ``auto`` picks among them per queue by a recent backtest."""

DEFAULT_METHOD = "calendar_profile"

__all__ = ["DEFAULT_METHOD", "METHODS", "Method"]
