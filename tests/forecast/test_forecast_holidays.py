"""Business calendar: public holidays, holiday files, open weekdays and calendar features."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from scheduler.forecast import (
    Calendar,
    HistoryError,
    build_calendar,
    load_history,
    load_holidays,
    us_federal_holidays,
)

WEEKDAYS = frozenset(range(5))


def test_us_federal_holidays_2003_and_observed_days() -> None:
    days = us_federal_holidays([2003, 2004])
    for expected in (
        date(2003, 5, 26),
        date(2003, 7, 4),
        date(2003, 9, 1),
        date(2003, 11, 27),
        date(2003, 10, 13),
        date(2004, 1, 19),
        date(2004, 12, 31),
    ):
        assert expected in days
    assert date(2004, 7, 5) in days  # 4 July 2004 was a Sunday
    assert date(2003, 6, 19) not in days  # Juneteenth only from 2021
    assert date(2021, 6, 18) in us_federal_holidays([2021])  # a Saturday, observed Friday


def test_month_turn_and_after_closure_features() -> None:
    cal = Calendar(WEEKDAYS, frozenset({date(2003, 7, 4), date(2003, 5, 26)}))
    days = [
        date(2003, 6, 30),
        date(2003, 7, 1),
        date(2003, 7, 3),
        date(2003, 7, 7),
        date(2003, 7, 8),
        date(2003, 5, 27),
        date(2003, 6, 9),
    ]
    expected = [[1, 0], [1, 0], [1, 0], [0, 1], [0, 0], [0, 1], [0, 0]]
    assert cal.features(days).tolist() == expected
    # the first open days of a month skip the closures: 1 Sep 2003 (Labor Day) is closed
    labour = Calendar(WEEKDAYS, frozenset({date(2003, 9, 1)}))
    assert labour.features([date(2003, 9, 4), date(2003, 9, 5)])[:, 0].tolist() == [1, 0]


def test_open_days_skip_weekends_and_holidays() -> None:
    cal = Calendar(WEEKDAYS, frozenset({date(2003, 7, 4)}))
    assert cal.open_days(date(2003, 6, 30), 7) == [date(2003, 6, d) for d in (30,)] + [
        date(2003, 7, d) for d in (1, 2, 3)
    ]


def test_open_weekdays_are_learnt_from_recent_weeks(make_frame, write_csv) -> None:
    cal = build_calendar(load_history(write_csv(make_frame(weeks=4))), [date(2024, 2, 1)])
    assert cal.open_weekdays == WEEKDAYS
    assert not cal.is_open(date(2024, 2, 1)) and cal.is_open(date(2024, 2, 2))


def test_holiday_files(write_csv) -> None:
    plain = write_csv("# closed\n2026-12-25\n\n2026-12-26\n", "plain.txt")
    assert load_holidays(plain) == {date(2026, 12, 25), date(2026, 12, 26)}
    table = write_csv("name,date\nChristmas,2026-12-25\n", "table.csv")
    assert load_holidays(table) == {date(2026, 12, 25)}
    bad = write_csv("date\n2026-12-25\n25/12/2026\n", "bad.csv")
    with pytest.raises(HistoryError, match="not a date") as caught:
        load_holidays(bad)
    assert caught.value.row == 3 and caught.value.field == "date"


def test_features_are_zero_one_arrays() -> None:
    values = Calendar(WEEKDAYS, frozenset()).features([date(2024, 1, 15)])
    assert isinstance(values, np.ndarray) and values.shape == (1, 2)
