"""The requirements table: a forecast of many intervals and queues in one call."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scheduler.staffing import (
    QueueTarget,
    StaffingInputError,
    erlang_a_agents,
    erlang_c_agents,
    requirements_table,
)

QUEUES = {
    "sales": QueueTarget(target_sl=0.8, target_time_s=20.0, shrinkage=0.3, max_occupancy=0.85),
    "care": QueueTarget(
        target_sl=0.8, target_time_s=30.0, patience_s=120.0, max_abandon=0.03, shrinkage=0.25
    ),
    "vip": QueueTarget(target_sl=0.9, target_time_s=10.0, patience_s=60.0, sl_definition="offered"),
}


def forecast() -> pd.DataFrame:
    rows = []
    for queue in QUEUES:
        for start, calls in zip(("08:00", "08:15", "08:30"), (0.0, 100.0, 2500.0), strict=True):
            rows.append(
                {
                    "date": "2024-03-04",
                    "start": start,
                    "queue": queue,
                    "calls": calls,
                    "aht": 0.0 if calls == 0 else 240.0,
                }
            )
    return pd.DataFrame(rows)


def test_columns_and_values() -> None:
    df = forecast()
    out = requirements_table(df, QUEUES, 900.0)
    assert list(out.columns) == [*df.columns, "agents_required", "agents_net", "expected_sl"]
    assert out["agents_net"].dtype == np.int64 and out["agents_required"].dtype == np.int64
    load = df["calls"].to_numpy() * 240.0 / 900.0
    sales = (df["queue"] == "sales").to_numpy()
    expected = erlang_c_agents(
        load[sales], 240.0, target_sl=0.8, target_time_s=20.0, max_occupancy=0.85
    )
    np.testing.assert_array_equal(out.loc[sales, "agents_net"], expected)
    care = (df["queue"] == "care").to_numpy()
    expected = erlang_a_agents(
        load[care], 240.0, 120.0, target_sl=0.8, target_time_s=30.0, max_abandon=0.03
    )
    np.testing.assert_array_equal(out.loc[care, "agents_net"], expected)
    closed = (df["calls"] == 0).to_numpy()
    assert (out.loc[closed, "agents_required"] == 0).all()
    assert (out.loc[closed, "expected_sl"] == 1.0).all()
    assert (out.loc[~closed, "expected_sl"] >= 0.8).all()
    np.testing.assert_array_equal(
        out.loc[sales, "agents_required"], np.ceil(out.loc[sales, "agents_net"] / 0.7 - 1e-9)
    )
    pd.testing.assert_frame_equal(df, forecast())  # the input is left alone


def test_per_interval_shrinkage_overrides_the_queue() -> None:
    df = forecast()
    df["shrinkage"] = np.nan
    df.loc[1, "shrinkage"] = 0.5
    out = requirements_table(df, QUEUES, 900.0)
    assert out.loc[1, "agents_required"] == 2 * out.loc[1, "agents_net"]
    assert out.loc[2, "agents_required"] == np.ceil(out.loc[2, "agents_net"] / 0.7 - 1e-9)


@pytest.mark.parametrize(
    ("column", "value", "field"),
    [
        ("calls", -1.0, "calls"),
        ("aht", 0.0, "aht"),
        ("queue", "billing", "queue"),
        ("shrinkage", 1.0, "shrinkage"),
        ("calls", "many", "calls"),
    ],
)
def test_bad_rows_name_the_field(column: str, value: object, field: str) -> None:
    df = forecast()
    df["shrinkage"] = np.nan
    df[column] = df[column].astype(object)
    df.loc[4, column] = value
    with pytest.raises(StaffingInputError, match=f"^{field}: ") as error:
        requirements_table(df, QUEUES, 900.0)
    assert error.value.field == field and "row 4" in str(error.value)


def test_missing_column_and_bad_interval() -> None:
    with pytest.raises(StaffingInputError, match="^forecast: missing column"):
        requirements_table(forecast().drop(columns="aht"), QUEUES, 900.0)
    with pytest.raises(StaffingInputError, match="^interval_s: "):
        requirements_table(forecast(), QUEUES, 0.0)


def test_queue_target_validation() -> None:
    with pytest.raises(ValueError, match="target_sl"):
        QueueTarget(target_sl=1.2, target_time_s=20.0)
    with pytest.raises(ValueError, match="max_abandon needs patience_s"):
        QueueTarget(target_sl=0.8, target_time_s=20.0, max_abandon=0.05)
    with pytest.raises(ValueError, match="patience_s"):
        QueueTarget(target_sl=0.8, target_time_s=20.0, patience_s=0.0)
    target = QueueTarget(target_sl=0.8, target_time_s=20.0)
    with pytest.raises(ValueError):
        target.shrinkage = 0.5  # frozen
    assert target.model == "erlang_c"


def test_empty_forecast() -> None:
    out = requirements_table(forecast().iloc[:0], QUEUES, 900.0)
    assert out.empty and "agents_required" in out.columns
