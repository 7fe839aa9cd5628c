"""Small slices of the real data in ../shared/data (skipped when it is not there)."""

from __future__ import annotations

from datetime import date

from scheduler.forecast import ReadOptions, backtest, forecast, load_history

US_BANK = "us-bank-2003/calls_5min_2003-03-03_2003-08-15.csv"


def test_us_bank_week_ahead_beats_both_baselines(shared_data) -> None:
    history = load_history(shared_data / US_BANK)
    assert history.interval_minutes == 5 and str(history.tz) == "UTC"
    assert {date(2003, 5, 26), date(2003, 7, 4)} <= history.closed_dates()
    result = backtest(history, 3, 15).summary().set_index("method")["wape"]
    assert result["calendar_profile"] < 0.85 * result["seasonal_naive"]
    assert result["calendar_profile"] < result["mean_of_weeks"]


def test_us_bank_forecast_is_on_the_input_clock(shared_data) -> None:
    history = load_history(shared_data / US_BANK)
    frame = forecast(history, date(2003, 8, 18), 7, 15)
    assert set(frame["date"]) == {date(2003, 8, d) for d in range(18, 23)}
    first = frame["start"].min()
    assert str(first.tz) == "UTC" and (first.hour, first.minute) == (7, 0)
    daily = frame.groupby("date")["calls"].sum()
    assert ((daily > 25_000) & (daily < 45_000)).all()
    assert frame["aht"].isna().all()  # arrivals only: no handle times to learn from


def test_bank_1999_per_call_month(shared_data) -> None:
    path = shared_data / "anonymous-bank-1999/calls/1999-01.txt"
    history = load_history(path, ReadOptions(queue_column="type"))
    assert {"PS", "NW", "NE", "TT"} <= set(history.queues)
    assert {date(1999, 1, 11), date(1999, 1, 12)} <= history.closed_dates()
    frame = forecast(history, date(1999, 2, 1), 7, 30, queues=["PS"])
    assert set(frame["queue"]) == {"PS"}
    assert 60 < frame["aht"].median() < 400
    assert frame["calls"].sum() > 1000
