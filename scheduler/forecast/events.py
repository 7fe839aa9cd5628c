"""Planner events: known changes that history cannot show.

Two kinds cover what planners ask for:

- an **uplift**: "volume +40 % on 2026-12-01 09:00-14:00 on queue claims" multiplies the
  forecast of the intervals in the window (``uplift=-0.5`` halves them);
- a **launch**: a new season or product whose calls arrive mostly in its first days. Give
  ``half_life_days`` and either an ``uplift`` (the day-one uplift, fading by half every
  half-life) or ``extra_calls`` (the season's total extra calls, spread over the event's open
  days with the same decay and over each day by the forecast's own intraday shape). A half-life
  of 3.5 days puts 94 % of a season's calls in its first two weeks.

Events are applied to the point forecast before the prediction interval is drawn, so the
interval widens with the extra volume.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from scheduler.forecast.errors import ForecastError, HistoryError
from scheduler.forecast.holidays import Calendar

ErrorFactory = Callable[[str, str], Exception]
"""Builds the error for a bad field: ``(field, reason) -> exception``."""

FIELDS = ("name", "queue", "start", "end", "uplift", "half_life_days", "extra_calls")


@dataclass(frozen=True)
class Event:
    """A known event on one queue (``queue=None``: every queue), on the history's clock.

    ``start``/``end`` may be dates (midnight) or datetimes; ``end`` is exclusive.
    """

    start: datetime
    end: datetime | None = None
    queue: str | None = None
    uplift: float = 0.0
    half_life_days: float | None = None
    extra_calls: float = 0.0
    name: str = ""

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, date) and not isinstance(value, datetime):
                object.__setattr__(self, name, datetime.combine(value, time()))
        for problem in self._problems():
            raise ForecastError(f"event {self.label}: {problem}")

    @property
    def label(self) -> str:
        """How messages name the event."""
        return self.name or f"at {self.start.isoformat(sep=' ')}"

    def _problems(self) -> Iterable[str]:
        if self.end is not None and self.end <= self.start:
            yield "end must be after start"
        if self.uplift <= -1.0:
            yield f"uplift {self.uplift:+.0%} would make volume negative"
        if self.half_life_days is not None and self.half_life_days <= 0:
            yield "half_life_days must be positive"
        if self.extra_calls < 0:
            yield "extra_calls must not be negative"
        if self.extra_calls and self.end is None and self.half_life_days is None:
            yield "extra_calls needs an end or a half_life_days to spread them over"
        if not self.uplift and not self.extra_calls:
            yield "give an uplift or extra_calls"

    def decay(self, days_since_start: np.ndarray) -> np.ndarray:
        """Weight of the event at an age in days: 1 without a half-life, else halving."""
        if self.half_life_days is None:
            return np.ones_like(days_since_start, dtype=float)
        return 0.5 ** (np.maximum(days_since_start, 0.0) / self.half_life_days)

    def last_day(self) -> datetime:
        """Where the event stops mattering: its end, or eight half-lives (0.4 % left)."""
        if self.end is not None:
            return self.end
        return self.start + timedelta(days=8 * (self.half_life_days or 0.0))


def apply_events(forecast: pd.DataFrame, events: Sequence[Event], cal: Calendar) -> pd.DataFrame:
    """The forecast with every event applied to ``calls`` (rows: start, queue, calls)."""
    out = forecast.copy()
    for event in events:
        start, end = _on_clock(event.start, out), _on_clock(event.end, out)
        hit = _window(out, event.queue, start, end)
        age = (out.loc[hit, "start"] - start).dt.total_seconds().to_numpy() / 86400.0
        calls = out.loc[hit, "calls"].to_numpy()
        if event.uplift:
            calls = calls * (1.0 + event.uplift * event.decay(age))
        if event.extra_calls:
            calls = calls + _spread_extra(event, out.loc[hit], calls, cal, start)
        out.loc[hit, "calls"] = calls
    return out


def _on_clock(moment: datetime | None, frame: pd.DataFrame) -> pd.Timestamp | None:
    """The event time on the forecast's clock: naive times are read in its time zone."""
    if moment is None:
        return None
    stamp = pd.Timestamp(moment)
    tz = frame["start"].dt.tz
    if tz is not None and stamp.tzinfo is None:
        return stamp.tz_localize(tz)
    if tz is None and stamp.tzinfo is not None:
        return stamp.tz_localize(None)
    return stamp


def _window(
    frame: pd.DataFrame, queue: str | None, start: pd.Timestamp, end: pd.Timestamp | None
) -> np.ndarray:
    hit = frame["start"] >= start
    if end is not None:
        hit &= frame["start"] < end
    if queue is not None:
        hit &= frame["queue"] == queue
    return hit.to_numpy()


def _spread_extra(
    event: Event, rows: pd.DataFrame, calls: np.ndarray, cal: Calendar, start: pd.Timestamp
) -> np.ndarray:
    """Extra calls per row: a day's share of the season (by decay over the event's open days),
    split over the day's rows by the forecast's intraday shape."""
    days = cal.open_days(
        event.start.date(), (event.last_day().date() - event.start.date()).days + 1
    )
    if not days:
        return np.zeros_like(calls)
    ages = np.array([(d - event.start.date()).days for d in days], dtype=float)
    share = dict(zip(days, event.decay(ages) / event.decay(ages).sum(), strict=True))
    frame = pd.DataFrame({"day": rows["start"].dt.date.to_numpy(), "calls": calls})
    day_total = frame.groupby("day")["calls"].transform("sum").to_numpy()
    day_share = frame["day"].map(share).fillna(0.0).to_numpy()
    rows_in_day = frame.groupby("day")["calls"].transform("size").to_numpy()
    within = np.where(day_total > 0, calls / np.where(day_total > 0, day_total, 1), 1 / rows_in_day)
    return event.extra_calls * day_share * within


def parse_event(text: str) -> Event:
    """An event from ``key=value`` words, e.g.
    ``queue=claims start=2026-12-01T09:00 end=2026-12-01T14:00 uplift=40%``."""
    values: dict[str, str] = {}
    for word in text.split():
        key, sep, value = word.partition("=")
        if not sep or key not in FIELDS:
            raise ForecastError(
                f"event '{text}': expected key=value with keys {', '.join(FIELDS)}; got '{word}'"
            )
        values[key] = value
    return _event(values, lambda key, why: ForecastError(f"event '{text}': {key}: {why}"))


def load_events(path: str | Path) -> list[Event]:
    """Events from a CSV with a header naming some of ``FIELDS`` (start is required)."""
    source = str(path)
    if not Path(path).is_file():
        raise HistoryError("no such file", file=source)
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        unknown = sorted(set(reader.fieldnames or ()) - set(FIELDS))
        if unknown:
            raise HistoryError(f"unknown column {', '.join(unknown)}", file=source, row=1)
        return [_row_event(row, source, line) for line, row in enumerate(reader, start=2)]


def _row_event(row: dict[str, str], source: str, line: int) -> Event:
    """One CSV row as an event; every problem names the file, line and (if known) field."""
    values = {key: value.strip() for key, value in row.items() if value and value.strip()}

    def fail(key: str, why: str) -> HistoryError:
        return HistoryError(why, file=source, row=line, field=key)

    try:
        return _event(values, fail)
    except HistoryError:
        raise
    except ForecastError as exc:
        raise HistoryError(str(exc), file=source, row=line) from exc


def _event(values: dict[str, str], fail: ErrorFactory) -> Event:
    if "start" not in values:
        raise fail("start", "missing")
    return Event(
        start=_moment(values["start"], "start", fail),
        end=_moment(values["end"], "end", fail) if "end" in values else None,
        queue=values.get("queue") or None,
        uplift=_number(values.get("uplift", "0"), "uplift", fail),
        half_life_days=(
            _number(values["half_life_days"], "half_life_days", fail)
            if "half_life_days" in values
            else None
        ),
        extra_calls=_number(values.get("extra_calls", "0"), "extra_calls", fail),
        name=values.get("name", ""),
    )


def _moment(text: str, key: str, fail: ErrorFactory) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise fail(key, f"not a date or time: {text!r}") from exc


def _number(text: str, key: str, fail: ErrorFactory) -> float:
    try:
        return float(text[:-1]) / 100.0 if text.endswith("%") else float(text)
    except ValueError as exc:
        raise fail(key, f"not a number: {text!r}") from exc
