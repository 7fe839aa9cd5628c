"""The library entry point: shape of the output, clocks, holidays, intervals and refusals."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from forecast_synthetic import synthetic_frame

from scheduler.forecast import (
    OUTPUT_COLUMNS,
    Event,
    ForecastError,
    History,
    forecast,
)


def _history(**kwargs) -> History:
    frame = synthetic_frame(**kwargs).rename(columns={"timestamp": "start"})
    return History.from_intervals(frame)


@pytest.fixture(scope="module")
def two_queues() -> History:
    return _history(weeks=12, queues=("claims", "sales"), aht=240.0)


def test_output_columns_and_horizon(two_queues: History) -> None:
    start = two_queues.last_date + timedelta(days=3)  # a Monday
    frame = forecast(two_queues, start, 7, 15)
    assert list(frame.columns) == OUTPUT_COLUMNS
    assert set(frame["queue"]) == {"claims", "sales"}
    assert sorted(set(frame["date"])) == [start + timedelta(days=i) for i in range(5)]
    assert len(frame) == 2 * 5 * 40
    assert ((frame["end"] - frame["start"]) == pd.Timedelta(minutes=15)).all()
    assert (frame["calls_lo"] <= frame["calls"]).all() and (
        frame["calls"] <= frame["calls_hi"]
    ).all()
    assert frame["aht"].to_numpy() == pytest.approx(240.0)


def test_same_clock_as_the_input() -> None:
    frame = synthetic_frame(weeks=4)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"]).dt.tz_localize("UTC")
    history = History.from_intervals(frame.rename(columns={"timestamp": "start"}))
    out = forecast(history, date(2024, 1, 29), 1, 30)
    assert str(out["start"].dt.tz) == "UTC"
    assert out["start"].iloc[0] == pd.Timestamp("2024-01-29 08:00", tz="UTC")


def test_holidays_have_no_rows_and_dampen_nothing(two_queues: History) -> None:
    start = two_queues.last_date + timedelta(days=3)
    out = forecast(two_queues, start, 5, 60, holidays=[start + timedelta(days=1)])
    assert start + timedelta(days=1) not in set(out["date"])
    assert len(set(out["date"])) == 4


def test_horizon_before_history_end_is_refused(two_queues: History) -> None:
    with pytest.raises(ForecastError, match="before the history ends"):
        forecast(two_queues, two_queues.last_date, 7, 15)


def test_bad_requests_are_refused(two_queues: History) -> None:
    start = two_queues.last_date + timedelta(days=3)
    with pytest.raises(ForecastError, match="unknown method"):
        forecast(two_queues, start, 7, 15, method="magic")
    with pytest.raises(ForecastError, match="unknown queue 'billing'"):
        forecast(two_queues, start, 7, 15, queues=["billing"])
    with pytest.raises(ForecastError, match="unknown queue 'billing'"):
        forecast(two_queues, start, 7, 15, events=[Event(start=start, queue="billing", uplift=1)])
    with pytest.raises(ForecastError, match="at least 1"):
        forecast(two_queues, start, 0, 15)


def test_event_raises_the_forecast_and_its_interval(two_queues: History) -> None:
    start = two_queues.last_date + timedelta(days=3)
    plain = forecast(two_queues, start, 1, 15, queues=["claims"])
    event = Event(start=pd.Timestamp(start).to_pydatetime(), uplift=0.5, queue="claims")
    lifted = forecast(two_queues, start, 1, 15, queues=["claims"], events=[event])
    assert lifted["calls"].sum() == pytest.approx(1.5 * plain["calls"].sum())
    assert (lifted["calls_hi"] - lifted["calls"] > plain["calls_hi"] - plain["calls"]).all()


def test_each_method_and_auto_run(two_queues: History) -> None:
    start = two_queues.last_date + timedelta(days=3)
    totals = {
        method: forecast(two_queues, start, 5, 15, method=method, queues=["sales"])["calls"].sum()
        for method in ("auto", "seasonal_naive", "mean_of_weeks", "calendar_profile")
    }
    expected = 6000 * (1.25 + 1.05 + 1.0 + 0.97 + 0.95) / 2
    for method, total in totals.items():
        assert total == pytest.approx(expected, rel=0.05), method


def test_interval_covers_about_eighty_percent() -> None:
    history = _history(weeks=16, seed=7)
    origin = date(2024, 4, 1)
    out = forecast(history.before(origin), origin, 5, 15)
    actual = history.resample(15).records.set_index("start")["calls"]
    observed = actual.reindex(pd.DatetimeIndex(out["start"])).to_numpy()
    inside = (observed >= out["calls_lo"].to_numpy()) & (observed <= out["calls_hi"].to_numpy())
    assert 0.7 <= float(np.mean(inside)) <= 0.97


def test_short_history_still_forecasts_with_default_method() -> None:
    history = _history(weeks=1)
    out = forecast(history, date(2024, 1, 8), 5, 60)
    assert set(out["method"]) == {"calendar_profile"} and out["calls"].sum() > 0


def test_quiet_queue_days_are_zeros_not_closures() -> None:
    frame = synthetic_frame(weeks=6, queues=("big", "tiny"))
    tiny = frame["queue"] == "tiny"
    frame = frame[~tiny | (pd.to_datetime(frame["timestamp"]).dt.day_of_week != 1)]
    history = History.from_intervals(frame.rename(columns={"timestamp": "start"}))
    out = forecast(history, date(2024, 2, 12), 5, 60, queues=["tiny"])
    assert date(2024, 2, 13) not in set(out["date"])  # tiny has no Tuesday calls at all
    assert len(set(out["date"])) == 4 and set(out["queue"]) == {"tiny"}


def test_default_aht_fills_arrival_only_history() -> None:
    history = _history(weeks=3)
    out = forecast(history, date(2024, 1, 22), 1, 60, default_aht=300.0)
    assert (out["aht"] == 300.0).all()
    assert forecast(history, date(2024, 1, 22), 1, 60)["aht"].isna().all()
    with pytest.raises(ForecastError, match="positive"):
        forecast(history, date(2024, 1, 22), 1, 60, default_aht=0)
