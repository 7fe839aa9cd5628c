"""Seasonal naive: each day repeats the latest open day with the same weekday.

The baseline every other method must beat; a closed day last week (a holiday) is skipped, so
the baseline never copies a zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from scheduler.forecast.holidays import Calendar
from scheduler.forecast.matrix import DayMatrix
from scheduler.forecast.methods.mean_of_weeks import mean_of_weeks


def seasonal_naive(m: DayMatrix, days: Sequence[date], cal: Calendar) -> np.ndarray:
    """Same weekday last (open) week, slot by slot."""
    return mean_of_weeks(m, days, cal, weeks=1)
