"""Rolling-origin backtest: origins, metrics and method choice."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from forecast_synthetic import synthetic_frame

from scheduler.forecast import ForecastError, History, backtest, bias, wape


@pytest.fixture(scope="module")
def history() -> History:
    frame = synthetic_frame(weeks=14, closed=(date(2024, 3, 27),), seed=11)
    return History.from_intervals(frame.rename(columns={"timestamp": "start"}))


def test_metrics() -> None:
    rows = pd.DataFrame({"actual": [100.0, 50.0], "forecast": [90.0, 70.0], "abs_error": [10, 20]})
    assert wape(rows) == pytest.approx(30 / 150)
    assert bias(rows) == pytest.approx(10 / 150)


def test_weekly_origins_and_tables(history: History) -> None:
    result = backtest(history, 3, 15)
    assert result.origins == (date(2024, 3, 18), date(2024, 3, 25), date(2024, 4, 1))
    summary = result.summary()
    assert set(summary["method"]) == {"seasonal_naive", "mean_of_weeks", "calendar_profile"}
    assert (summary["days"] == 14).all()  # 15 weekdays, one of them closed
    horizon = result.by_horizon()
    assert set(horizon["horizon_day"]) == {1, 2, 3, 4, 5}
    assert date(2024, 3, 27) not in set(result.errors["date"])
    naive = summary.set_index("method")["wape"]
    assert result.best() == {"all": naive.idxmin()}
    assert naive["calendar_profile"] < naive["seasonal_naive"]


def test_only_earlier_data_is_used(history: History) -> None:
    full = backtest(history, 2, 15).errors
    cut = backtest(history.before(date(2024, 4, 6)), 2, 15).errors
    merged = full.merge(cut, on=["method", "date"], suffixes=("", "_cut"))
    assert len(merged) == len(cut) > 0
    assert merged["forecast"].to_numpy() == pytest.approx(merged["forecast_cut"].to_numpy())


def test_refusals(history: History) -> None:
    with pytest.raises(ForecastError, match="history before"):
        backtest(history, 30, 15)
    with pytest.raises(ForecastError, match="unknown method"):
        backtest(history, 2, 15, methods=["magic"])
