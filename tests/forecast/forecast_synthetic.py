"""Synthetic interval histories with known structure, for the forecast tests.

A module with a unique name (not ``conftest``) so that test files can import it directly even
when other test folders have their own ``conftest.py``.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

WEEKDAY_FACTOR = {0: 1.25, 1: 1.05, 2: 1.0, 3: 0.97, 4: 0.95}


def synthetic_frame(
    start: date = date(2024, 1, 1),
    weeks: int = 16,
    step: int = 5,
    daily_calls: float = 6000.0,
    closed: tuple[date, ...] = (),
    queues: tuple[str, ...] = ("all",),
    month_turn: float = 0.0,
    aht: float | None = None,
    seed: int = 0,
    noise: bool = True,
) -> pd.DataFrame:
    """Weekday-only interval history open 08:00-18:00 with a weekday-dependent intraday shape.

    ``month_turn`` adds that relative uplift on the last weekday of a month and the first three
    of the next.
    """
    rng = np.random.default_rng(seed)
    slots = np.arange(8 * 60, 18 * 60, step)
    rows = []
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        if day.weekday() >= 5 or day in closed:
            continue
        total = daily_calls * WEEKDAY_FACTOR[day.weekday()]
        if _month_turn(day):
            total *= 1.0 + month_turn
        peak = 10.5 * 60 if day.weekday() == 0 else 13.5 * 60
        shape = np.exp(-(((slots - peak) / 150.0) ** 2)) + 0.3
        mean = total * shape / shape.sum()
        for queue_index, queue in enumerate(queues):
            counts = rng.poisson(mean / (queue_index + 1)) if noise else mean / (queue_index + 1)
            for minute, calls in zip(slots, counts, strict=True):
                stamp = pd.Timestamp(day) + pd.Timedelta(minutes=int(minute))
                rows.append((stamp.isoformat(), queue, calls))
    frame = pd.DataFrame(rows, columns=["timestamp", "queue", "calls"])
    if aht is not None:
        frame["aht"] = aht
    return frame


def _month_turn(day: date) -> bool:
    first = day.replace(day=1)
    weekdays = [first + timedelta(days=i) for i in range(7) if (first + timedelta(i)).weekday() < 5]
    later = [day + timedelta(days=i) for i in range(1, 4)]
    last = all(d.month != day.month or d.weekday() >= 5 for d in later)
    return day in weekdays[:3] or last
