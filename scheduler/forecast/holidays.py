"""The business calendar: which days are open, and the calendar effects that move daily volume.

Closed days come from two places: days inside the history with no records (the history itself
says the centre was shut) and the planner's holiday list for the horizon. Two calendar effects
are modelled because they recur at every bank and every utility and are large (5-15 %):

- *month turn*: the last open day of a month and the first three open days of the next
  (statements, salaries, direct debits);
- *after closure*: the first open day after a closed weekday (the calls of the closed day
  arrive the day after; a normal weekend does not count).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from scheduler.forecast.errors import HistoryError
from scheduler.forecast.history import History

FEATURE_NAMES = ("month_turn", "after_closure")
MONTH_START_DAYS = 3
OPEN_WEEKDAY_WEEKS = 8


@dataclass(frozen=True)
class Calendar:
    """Open weekdays plus known closed dates; answers 'is this day open?' and its features."""

    open_weekdays: frozenset[int]
    closed: frozenset[date]

    def is_open(self, day: date) -> bool:
        """Open on a regular weekday and not a known closure."""
        return day.weekday() in self.open_weekdays and day not in self.closed

    def open_days(self, start: date, days: int) -> list[date]:
        """The open days among ``days`` consecutive calendar days from ``start``."""
        span = (start + timedelta(days=i) for i in range(days))
        return [d for d in span if self.is_open(d)]

    def with_closed(self, extra: Iterable[date]) -> Calendar:
        """The same calendar with more closed dates (a planner's holiday list)."""
        return Calendar(self.open_weekdays, self.closed | frozenset(extra))

    def features(self, days: Sequence[date]) -> np.ndarray:
        """One row per day: ``month_turn`` and ``after_closure`` indicators (0/1)."""
        return np.array([[self._month_turn(d), self._after_closure(d)] for d in days], float)

    def _month_turn(self, day: date) -> bool:
        return self._open_rank_in_month(day) <= MONTH_START_DAYS or self._last_open_of_month(day)

    def _open_rank_in_month(self, day: date) -> int:
        first = day.replace(day=1)
        return sum(self.is_open(first + timedelta(days=i)) for i in range(day.day))

    def _last_open_of_month(self, day: date) -> bool:
        nxt = day + timedelta(days=1)
        while nxt.month == day.month:
            if self.is_open(nxt):
                return False
            nxt += timedelta(days=1)
        return True

    def _after_closure(self, day: date) -> bool:
        """A normally open weekday was closed since the previous open day (within 2 weeks)."""
        for back in range(1, 15):
            prev = day - timedelta(days=back)
            if self.is_open(prev):
                return False
            if prev.weekday() in self.open_weekdays:
                return True
        return False


def build_calendar(history: History, holidays: Iterable[date] = ()) -> Calendar:
    """Calendar of a history: its open weekdays, its closed days, and the given holidays."""
    return Calendar(open_weekdays(history), history.closed_dates() | frozenset(holidays))


def open_weekdays(history: History) -> frozenset[int]:
    """Weekdays open on at least half of their dates in the history's last eight weeks.

    Recent weeks decide, so a centre that stopped opening on Saturdays is forecast closed.
    """
    last = history.last_date
    first = max(history.first_date, last - timedelta(weeks=OPEN_WEEKDAY_WEEKS) + timedelta(1))
    span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    opened = history.open_dates
    result = set()
    for weekday in range(7):
        dates = [d for d in span if d.weekday() == weekday]
        if dates and sum(d in opened for d in dates) * 2 >= len(dates):
            result.add(weekday)
    return frozenset(result)


def load_holidays(path: str | Path) -> frozenset[date]:
    """Dates from a file: one ISO date per line, or a CSV whose first column (or ``date``) holds
    them; blank lines and lines starting with ``#`` are ignored."""
    source = str(path)
    if not Path(path).is_file():
        raise HistoryError("no such file", file=source)
    with Path(path).open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    column = _date_column(rows)
    dates = set()
    for line, row in enumerate(rows, start=1):
        if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
            continue
        if line == 1 and column.header:
            continue
        dates.add(_parse_date(row[column.index].strip(), source, line, column.name))
    return frozenset(dates)


@dataclass(frozen=True)
class _Column:
    index: int
    name: str
    header: bool


def _date_column(rows: list[list[str]]) -> _Column:
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if "date" in header:
        return _Column(header.index("date"), "date", True)
    has_header = bool(header) and not header[0][:1].isdigit() and not header[0].startswith("#")
    return _Column(0, header[0] if has_header else "date", has_header)


def _parse_date(text: str, source: str, line: int, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise HistoryError(f"not a date: {text!r}", file=source, row=line, field=name) from exc


def us_federal_holidays(years: Iterable[int]) -> frozenset[date]:
    """US federal (and Federal Reserve) holidays, with weekend dates moved to the observed day.

    Offered for US centres through ``--holiday-calendar us``; never applied by default, since
    many centres stay open on some of them.
    """
    wanted = set(years)
    days: set[date] = set()
    for year in sorted(wanted | {y + 1 for y in wanted}):
        fixed = [date(year, 1, 1), date(year, 7, 4), date(year, 11, 11), date(year, 12, 25)]
        if year >= 2021:
            fixed.append(date(year, 6, 19))
        days |= {_observed(d) for d in fixed}
        days |= {
            _nth_weekday(year, 1, 0, 3),
            _nth_weekday(year, 2, 0, 3),
            _last_weekday(year, 5, 0),
            _nth_weekday(year, 9, 0, 1),
            _nth_weekday(year, 10, 0, 2),
            _nth_weekday(year, 11, 3, 4),
        }
    return frozenset(d for d in days if d.year in wanted)


def _observed(day: date) -> date:
    shift = {5: -1, 6: 1}.get(day.weekday(), 0)
    return day + timedelta(days=shift)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


HOLIDAY_CALENDARS = {"us": us_federal_holidays}
