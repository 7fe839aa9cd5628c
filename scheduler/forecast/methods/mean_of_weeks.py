"""Mean of weeks: each slot is the mean of the same weekday and slot over the last k open weeks.

What many planners do by hand; four weeks halve the Poisson noise of seasonal naive but still
lag behind level shifts and ignore calendar effects.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from scheduler.forecast.holidays import Calendar
from scheduler.forecast.matrix import DayMatrix

MEAN_WEEKS = 4


def mean_of_weeks(
    m: DayMatrix, days: Sequence[date], cal: Calendar, weeks: int = MEAN_WEEKS
) -> np.ndarray:
    """Slot-wise mean of the latest ``weeks`` same-weekday days (zeros if there are none)."""
    out = np.zeros((len(days), m.n_slots))
    for i, day in enumerate(days):
        rows = m.same_weekday(day.weekday(), weeks)
        if len(rows):
            out[i] = m.calls[rows].mean(axis=0)
    return out
