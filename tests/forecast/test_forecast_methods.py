"""Methods on synthetic histories with known structure."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from forecast_synthetic import WEEKDAY_FACTOR, synthetic_frame

from scheduler.forecast import METHODS, History, build_calendar
from scheduler.forecast.matrix import build_matrices
from scheduler.forecast.methods.calendar_profile import daily_totals
from scheduler.forecast.profile import intraday_profile, open_slots


def _matrix(frame, step: int = 15):
    history = History.from_intervals(frame.rename(columns={"timestamp": "start"})).resample(step)
    cal = build_calendar(history)
    return build_matrices(history)["all"], cal


def test_seasonal_naive_copies_last_open_same_weekday() -> None:
    frame = synthetic_frame(weeks=3, closed=(date(2024, 1, 17),))
    m, cal = _matrix(frame)
    forecast = METHODS["seasonal_naive"](m, [date(2024, 1, 22), date(2024, 1, 24)], cal)
    assert np.array_equal(forecast[0], m.calls[m.days.index(date(2024, 1, 15))])
    # last Wednesday was closed: the one before is copied, never a zero day
    assert np.array_equal(forecast[1], m.calls[m.days.index(date(2024, 1, 10))])


def test_mean_of_weeks_averages_four_weeks() -> None:
    m, cal = _matrix(synthetic_frame(weeks=6))
    forecast = METHODS["mean_of_weeks"](m, [date(2024, 2, 12)], cal)
    mondays = [m.days.index(date(2024, 1, d)) for d in (15, 22, 29)] + [
        m.days.index(date(2024, 2, 5))
    ]
    assert np.allclose(forecast[0], m.calls[mondays].mean(axis=0))


def test_calendar_profile_recovers_weekday_level_and_shape() -> None:
    m, cal = _matrix(synthetic_frame(weeks=16, noise=False))
    days = [date(2024, 4, 22), date(2024, 4, 24)]
    totals = daily_totals(m, days, cal)
    expected = [6000 * WEEKDAY_FACTOR[0], 6000 * WEEKDAY_FACTOR[2]]
    assert totals == pytest.approx(expected, rel=0.01)
    monday = intraday_profile(m, 0)
    assert monday.sum() == pytest.approx(1.0)
    assert np.argmax(monday) < np.argmax(intraday_profile(m, 2))  # Monday peaks earlier
    assert open_slots(m, 0).sum() == 40  # 08:00-18:00 in 15-min slots


def test_calendar_profile_learns_the_month_turn() -> None:
    m, cal = _matrix(synthetic_frame(weeks=26, month_turn=0.15, noise=False))
    turn, plain = daily_totals(m, [date(2024, 7, 2), date(2024, 7, 9)], cal)
    assert turn / plain == pytest.approx(1.15, rel=0.03)


def test_calendar_profile_beats_naive_on_noisy_data() -> None:
    m, cal = _matrix(synthetic_frame(weeks=20, seed=3))
    known = m.before(date(2024, 5, 6))
    days = [d for d in m.days if d >= date(2024, 5, 6)]
    actual = m.calls[[m.days.index(d) for d in days]]

    def error(name: str) -> float:
        return float(np.abs(METHODS[name](known, days, cal) - actual).sum() / actual.sum())

    assert error("calendar_profile") < error("mean_of_weeks") < error("seasonal_naive")


def test_queue_without_history_for_a_weekday_forecasts_zero() -> None:
    m, cal = _matrix(synthetic_frame(weeks=3))
    empty = m._rows(m.weekdays != 0)
    assert METHODS["calendar_profile"](empty, [date(2024, 1, 22)], cal).sum() == 0
