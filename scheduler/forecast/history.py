"""Demand history: validated per-interval counts per queue, on the input's own clock.

Everything downstream (methods, backtest, AHT) works on one shape: rows of
``queue, start, calls, handle_sum, handled`` at a known native interval. Per-call records are
binned to whole minutes, so they can be resampled to any interval; interval files keep their own
step, and can only be resampled to a multiple of it (5-min history -> 15-min forecast, never the
reverse, which would invent an intraday shape).

Days with no records inside the history span are *closed* days (holidays, outages): they are
never learnt from as zero-demand days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, reduce

import numpy as np
import pandas as pd

from scheduler.forecast.errors import ForecastError, HistoryError

COLUMNS = ["queue", "start", "calls", "handle_sum", "handled"]
DEFAULT_QUEUE = "all"
OFFSET = r"(Z|[+-]\d\d:?\d\d)$"
"""A UTC offset at the end of an ISO timestamp. When offsets change inside a file (local time
across a daylight-saving change) the local wall clock is kept and the offsets dropped, so the
forecast stays on the clock the planner reads."""
GAP_MIN_EXPECTED_CALLS = 5.0
"""A missing interval counts as a data gap when that slot usually has at least this many calls:
with a Poisson mean of 5 a true zero has probability below 1 %, so the row was lost, not quiet."""


@dataclass(frozen=True)
class History:
    """Validated demand history.

    ``records`` has one row per queue and interval start with ``calls`` (arrivals),
    ``handle_sum`` (seconds of handle time of the calls whose handle time is known) and
    ``handled`` (how many calls that is), so AHT = handle_sum / handled pools correctly.
    """

    records: pd.DataFrame
    interval_minutes: int
    source: str = "<memory>"
    excluded_dates: frozenset[date] = frozenset()
    warnings: tuple[str, ...] = field(default=())

    @property
    def queues(self) -> list[str]:
        """Queues in the history, sorted."""
        return sorted(self.records["queue"].unique().tolist())

    @property
    def tz(self) -> object:
        """Time zone of the timestamps (``None`` for naive wall-clock input)."""
        return self.records["start"].dt.tz

    @cached_property
    def open_dates(self) -> frozenset[date]:
        """Days with at least one record in any queue: the days the centre was open."""
        return frozenset(self.records["start"].dt.date.unique().tolist())

    @property
    def first_date(self) -> date:
        """First day with records."""
        return min(self.open_dates)

    @property
    def last_date(self) -> date:
        """Last day with records."""
        return max(self.open_dates)

    @property
    def has_handle_times(self) -> bool:
        """Whether any handle time is known (us-bank style arrival files have none)."""
        return bool(self.records["handled"].sum() > 0)

    def closed_dates(self) -> frozenset[date]:
        """Days inside the history span without records: closed, never zero-demand days."""
        span = pd.date_range(self.first_date, self.last_date, freq="D").date
        return frozenset(set(span) - self.open_dates)

    def before(self, day: date) -> History:
        """The history strictly before ``day`` (what a forecaster knew at that origin)."""
        keep = self.records["start"].dt.date < day
        if not keep.any():
            raise ForecastError(f"{self.source}: no history before {day.isoformat()}")
        excluded = frozenset(d for d in self.excluded_dates if d < day)
        return replace(self, records=self.records.loc[keep], excluded_dates=excluded)

    def resample(self, minutes: int) -> History:
        """Sum to ``minutes``-long intervals; it must be a whole multiple of the native step."""
        if minutes <= 0 or 1440 % minutes:
            raise ForecastError(f"interval {minutes} min must divide a day (e.g. 15, 30, 60)")
        if minutes % self.interval_minutes:
            raise ForecastError(
                f"{self.source}: cannot forecast {minutes}-min intervals from "
                f"{self.interval_minutes}-min history (the interval must be a multiple of it)"
            )
        if minutes == self.interval_minutes:
            return self
        frame = self.records.assign(start=self.records["start"].dt.floor(f"{minutes}min"))
        summed = frame.groupby(["queue", "start"], as_index=False)[COLUMNS[2:]].sum()
        return replace(self, records=summed, interval_minutes=minutes)

    @classmethod
    def from_intervals(
        cls, frame: pd.DataFrame, *, source: str = "<memory>", where: Where | None = None
    ) -> History:
        """Build from normalised interval rows: ``start``, ``calls``, optional ``aht``, ``queue``.

        ``where`` maps rows and columns back to the file so errors point at the right place.
        """
        at = where or Where(source)
        _refuse_empty(frame, at, "interval rows")
        rows = _normalise_interval_rows(frame, at)
        _refuse_duplicates(rows, at)
        step = _native_step(rows["start"], at)
        records = rows[COLUMNS].sort_values(["queue", "start"], ignore_index=True)
        excluded, notes = _gap_days(records, step)
        return cls(records, step, at.source, excluded, tuple(f"{at.source}: {n}" for n in notes))

    @classmethod
    def from_calls(
        cls,
        frame: pd.DataFrame,
        *,
        source: str = "<memory>",
        where: Where | None = None,
        max_handle_seconds: float = 3600.0,
    ) -> History:
        """Build from per-call rows: ``time`` (arrival), optional ``handle`` (s) and ``queue``.

        Handle times above ``max_handle_seconds`` are outliers (a forgotten line, a transfer
        loop): the call still counts as an arrival but is left out of the AHT.
        """
        at = where or Where(source)
        _refuse_empty(frame, at, "calls")
        calls = _normalise_call_rows(frame, at)
        long = calls["handle"] > max_handle_seconds
        calls.loc[long, "handle"] = np.nan
        calls["start"] = calls["time"].dt.floor("1min")
        calls["handled"] = calls["handle"].notna().astype(float)
        calls["handle_sum"] = calls["handle"].fillna(0.0)
        calls["calls"] = 1.0
        records = calls.groupby(["queue", "start"], as_index=False)[COLUMNS[2:]].sum()
        notes = ()
        if long.any():
            notes = (
                f"{at.source}: {int(long.sum())} handle times over "
                f"{max_handle_seconds:g} s left out of the AHT",
            )
        return cls(records, 1, at.source, frozenset(), notes)


@dataclass(frozen=True)
class Where:
    """How to name a bad value: the file, its first data line and the file's column names."""

    source: str = "<memory>"
    first_line: int = 2
    columns: dict[str, str] = field(default_factory=dict)

    def error(self, message: str, values: pd.Series, position: int, key: str) -> HistoryError:
        """An error naming the file line of ``values`` at ``position`` and its column."""
        label = values.index[position]
        offset = int(label) if isinstance(label, int | np.integer) else position
        return HistoryError(
            message,
            file=self.source,
            row=self.first_line + offset,
            field=self.columns.get(key, key),
        )


def _refuse_empty(frame: pd.DataFrame, at: Where, what: str) -> None:
    if frame.empty:
        raise HistoryError(f"no {what} to learn from", file=at.source)


def _normalise_interval_rows(frame: pd.DataFrame, at: Where) -> pd.DataFrame:
    out = pd.DataFrame({"start": _timestamps(frame["start"], at, "start")})
    out["queue"] = _queues(frame)
    out["calls"] = _non_negative(frame["calls"], at, "calls", allow_blank=False)
    out["handled"] = 0.0
    out["handle_sum"] = 0.0
    if "aht" in frame:
        aht = _non_negative(frame["aht"], at, "aht", allow_blank=True)
        known = aht.notna() & (out["calls"] > 0)
        out["handled"] = np.where(known, out["calls"], 0.0)
        out["handle_sum"] = np.where(known, aht.fillna(0.0) * out["calls"], 0.0)
    return out


def _normalise_call_rows(frame: pd.DataFrame, at: Where) -> pd.DataFrame:
    out = pd.DataFrame({"time": _timestamps(frame["time"], at, "time")})
    out["queue"] = _queues(frame)
    out["handle"] = np.nan
    if "handle" in frame:
        out["handle"] = _non_negative(frame["handle"], at, "handle", allow_blank=True)
    return out


def _queues(rows: pd.DataFrame) -> pd.Series:
    if "queue" not in rows:
        return pd.Series(DEFAULT_QUEUE, index=rows.index, dtype="str")
    return rows["queue"].astype("str").str.strip().replace("", DEFAULT_QUEUE)


def _timestamps(values: pd.Series, at: Where, key: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values
    else:
        try:
            parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
        except ValueError:  # mixed UTC offsets: a local clock across daylight-saving changes
            wall = values.astype("str").str.replace(OFFSET, "", regex=True)
            parsed = pd.to_datetime(wall, errors="coerce", format="ISO8601")
    bad = parsed.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise at.error(f"not a timestamp: {values.iloc[i]!r}", values, i, key)
    return parsed


def _non_negative(values: pd.Series, at: Where, key: str, allow_blank: bool) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    blank = values.isna() | values.astype("str").str.strip().isin(["", "nan", "NaN", "None"])
    bad = ((numbers.isna() & ~blank) | (blank & (not allow_blank)) | (numbers < 0)).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what = "negative value" if numbers.iloc[i] < 0 else "not a number"
        raise at.error(f"{what}: {values.iloc[i]!r}", values, i, key)
    return numbers.astype(float)


def _refuse_duplicates(rows: pd.DataFrame, at: Where) -> None:
    dup = rows.duplicated(["queue", "start"], keep=False).to_numpy()
    if not dup.any():
        return
    first, second = (int(i) for i in np.flatnonzero(dup)[:2])
    first_line = at.first_line + int(rows.index[first])
    raise at.error(
        f"duplicate timestamp {rows['start'].iloc[first]} for queue "
        f"'{rows['queue'].iloc[first]}' (first seen on line {first_line})",
        rows["start"],
        second,
        "start",
    )


def _native_step(starts: pd.Series, at: Where) -> int:
    """The history's interval: the gcd of the minute-of-day offsets (and 1440)."""
    off_minute = ((starts.dt.second != 0) | (starts.dt.microsecond != 0)).to_numpy()
    if off_minute.any():
        i = int(np.flatnonzero(off_minute)[0])
        raise at.error("interval timestamps must fall on whole minutes", starts, i, "start")
    minutes = (starts.dt.hour * 60 + starts.dt.minute).unique().tolist()
    return max(reduce(math.gcd, [int(m) for m in minutes], 1440), 1)


def _gap_days(records: pd.DataFrame, step: int) -> tuple[frozenset[date], list[str]]:
    """Days with a missing row where that slot normally has calls: lost data, not quiet time.

    Such days are kept out of learning (they would drag levels down) and reported.
    """
    grid = _slot_grid(records, step)
    weekday = grid.index.get_level_values("weekday")
    expected = grid.groupby(weekday).median().reindex(weekday).to_numpy()
    gap_rows = (grid.isna().to_numpy() & (expected >= GAP_MIN_EXPECTED_CALLS)).any(axis=1)
    days = sorted(grid.index.get_level_values("date")[gap_rows])
    if not days:
        return frozenset(), []
    shown = ", ".join(d.isoformat() for d in days[:5]) + (" ..." if len(days) > 5 else "")
    return frozenset(days), [f"{len(days)} day(s) with missing intervals left out: {shown}"]


def _slot_grid(records: pd.DataFrame, step: int) -> pd.DataFrame:
    """Calls by (date, weekday) x slot, NaN where a row is missing inside the day's open span."""
    frame = records.assign(
        date=records["start"].dt.date,
        weekday=records["start"].dt.day_of_week,
        slot=(records["start"].dt.hour * 60 + records["start"].dt.minute) // step,
    )
    grid = frame.groupby(["date", "weekday", "slot"])["calls"].sum().unstack("slot")
    present = grid.notna()
    inside = present.cummax(axis=1) & present.iloc[:, ::-1].cummax(axis=1).iloc[:, ::-1]
    return grid.where(inside, 0.0)
