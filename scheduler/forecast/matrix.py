"""Day x slot matrices: the one shape every forecasting method learns from.

A row is one open day of one queue that may be learnt from; a column is one interval of the day
on the input's wall clock (slot ``k`` starts ``k * interval`` minutes after midnight). Closed
days, holidays and days with lost data are simply absent, so no method can mistake them for
zero-demand days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from scheduler.forecast.history import History


@dataclass(frozen=True)
class DayMatrix:
    """Calls (and handle-time sums) of one queue, one row per learnable day."""

    queue: str
    days: tuple[date, ...]
    calls: np.ndarray
    handle_sum: np.ndarray
    handled: np.ndarray
    interval_minutes: int

    @property
    def n_slots(self) -> int:
        """Intervals in a day."""
        return self.calls.shape[1]

    @property
    def weekdays(self) -> np.ndarray:
        """Weekday (Monday = 0) of each row."""
        return np.array([d.weekday() for d in self.days], dtype=int)

    @property
    def totals(self) -> np.ndarray:
        """Daily call totals."""
        return self.calls.sum(axis=1)

    def before(self, day: date) -> DayMatrix:
        """Only the rows strictly before ``day``: what was known at a forecast origin."""
        keep = np.array([d < day for d in self.days], dtype=bool)
        return self._rows(keep)

    def same_weekday(self, weekday: int, limit: int | None = None) -> np.ndarray:
        """Row indices of the latest ``limit`` days with this weekday, oldest first."""
        rows = np.flatnonzero(self.weekdays == weekday)
        return rows if limit is None else rows[-limit:]

    def _rows(self, keep: np.ndarray) -> DayMatrix:
        days = tuple(d for d, k in zip(self.days, keep, strict=True) if k)
        return DayMatrix(
            self.queue,
            days,
            self.calls[keep],
            self.handle_sum[keep],
            self.handled[keep],
            self.interval_minutes,
        )


def build_matrices(history: History, skip: Iterable[date] = ()) -> dict[str, DayMatrix]:
    """One matrix per queue over the centre's open days, leaving out ``skip`` and lost days.

    A day open for the centre but without records for a queue is a real zero for that queue.
    """
    step = history.interval_minutes
    leave_out = set(skip) | set(history.excluded_dates)
    days = tuple(sorted(d for d in history.open_dates if d not in leave_out))
    frame = history.records.assign(
        date=history.records["start"].dt.date,
        slot=(history.records["start"].dt.hour * 60 + history.records["start"].dt.minute) // step,
    )
    frame = frame[frame["date"].isin(days)]
    return {
        queue: _matrix(queue, part, days, step) for queue, part in frame.groupby("queue", sort=True)
    }


def _matrix(queue: str, frame: pd.DataFrame, days: tuple[date, ...], step: int) -> DayMatrix:
    slots = range(1440 // step)
    index = pd.Index(days, name="date")

    def grid(column: str) -> np.ndarray:
        table = frame.pivot_table(index="date", columns="slot", values=column, aggfunc="sum")
        return table.reindex(index=index, columns=slots).fillna(0.0).to_numpy(float)

    return DayMatrix(str(queue), days, grid("calls"), grid("handle_sum"), grid("handled"), step)
