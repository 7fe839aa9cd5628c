"""History loading and validation: formats, resampling, and refusals that name the place."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.forecast import ForecastError, History, HistoryError, ReadOptions, load_history


def test_interval_csv_is_read_with_its_native_step(make_frame, write_csv) -> None:
    history = load_history(write_csv(make_frame(weeks=2)))
    assert history.interval_minutes == 5
    assert history.queues == ["all"]
    assert history.first_date == date(2024, 1, 1)


def test_weekend_and_missing_days_are_closed_not_zero(make_frame, write_csv) -> None:
    history = load_history(write_csv(make_frame(weeks=2, closed=(date(2024, 1, 3),))))
    closed = history.closed_dates()
    assert {date(2024, 1, 3), date(2024, 1, 6), date(2024, 1, 7)} <= closed
    assert date(2024, 1, 3) not in history.open_dates


def test_resample_keeps_totals_and_refuses_finer_intervals(make_frame, write_csv) -> None:
    history = load_history(write_csv(make_frame(weeks=1)))
    fifteen = history.resample(15)
    assert fifteen.records["calls"].sum() == history.records["calls"].sum()
    assert set(fifteen.records["start"].dt.minute) == {0, 15, 30, 45}
    with pytest.raises(ForecastError, match="cannot forecast 5-min intervals from 15-min"):
        fifteen.resample(5)
    with pytest.raises(ForecastError, match="must divide a day"):
        history.resample(7)


@settings(max_examples=25, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=500), min_size=12, max_size=60),
    minutes=st.sampled_from([10, 15, 30, 60]),
)
def test_resampling_never_loses_or_invents_calls(counts: list[int], minutes: int) -> None:
    starts = pd.date_range("2024-03-04 08:00", periods=len(counts), freq="5min", tz="UTC")
    history = History.from_intervals(pd.DataFrame({"start": starts, "calls": counts}))
    assert history.resample(minutes).records["calls"].sum() == sum(counts)


def test_duplicate_timestamp_is_refused_with_both_lines(write_csv) -> None:
    path = write_csv(
        "DateTime,Calls\n2024-01-01T08:00Z,3\n2024-01-01T08:05Z,4\n2024-01-01T08:00Z,5\n"
    )
    with pytest.raises(HistoryError) as caught:
        load_history(path)
    message = str(caught.value)
    assert str(path) in message and "line 4" in message and "'DateTime'" in message
    assert "first seen on line 2" in message


@pytest.mark.parametrize(
    ("body", "line", "field", "reason"),
    [
        ("2024-01-01T08:00Z,3\n2024-01-01T08:05Z,-1\n", 3, "Calls", "negative value"),
        ("2024-01-01T08:00Z,3\nyesterday,4\n", 3, "DateTime", "not a timestamp"),
        ("2024-01-01T08:00Z,3\n2024-01-01T08:05Z,many\n", 3, "Calls", "not a number"),
        ("2024-01-01T08:00Z,\n", 2, "Calls", "not a number"),
    ],
)
def test_bad_interval_values_name_file_line_and_field(
    write_csv, body: str, line: int, field: str, reason: str
) -> None:
    path = write_csv("DateTime,Calls\n" + body)
    with pytest.raises(HistoryError, match=reason) as caught:
        load_history(path)
    assert (caught.value.file, caught.value.row, caught.value.field) == (str(path), line, field)


def test_negative_handle_time_is_refused(write_csv) -> None:
    path = write_csv("arrival,handle_time\n2024-01-01 08:00:10,120\n2024-01-01 08:01:00,-5\n")
    with pytest.raises(HistoryError, match="negative value") as caught:
        load_history(path)
    assert caught.value.row == 3 and caught.value.field == "handle_time"


def test_missing_busy_interval_is_a_gap_day_left_out(make_frame, write_csv) -> None:
    frame = make_frame(weeks=3)
    lost = frame["timestamp"] == "2024-01-10T11:00:00"
    history = load_history(write_csv(frame[~lost]))
    assert history.excluded_dates == frozenset({date(2024, 1, 10)})
    assert "left out" in history.warnings[0]


def test_per_call_records_with_column_options(write_csv) -> None:
    text = (
        "when;dur;result;line\n"
        "2024-01-01 08:00:10;0:02:00;served;sales\n"
        "2024-01-01 08:07:00;240;served;sales\n"
        "2024-01-01 08:20:00;30;abandoned;sales\n"
        "2024-01-01 08:21:00;0;phantom;care\n"
        "2024-01-01 09:00:00;7200;served;care\n"
    )
    options = ReadOptions(
        time_column="when",
        handle_column="dur",
        outcome_column="result",
        queue_column="line",
        exclude_outcomes=("phantom",),
        handled_outcomes=("served",),
    )
    history = load_history(write_csv(text, "calls.csv"), options)
    assert history.interval_minutes == 1 and history.queues == ["care", "sales"]
    fifteen = history.resample(15).records.set_index(["queue", "start"])
    sales = fifteen.loc["sales"]
    assert sales["calls"].tolist() == [2.0, 1.0]
    assert sales["handle_sum"].iloc[0] / sales["handled"].iloc[0] == pytest.approx(180.0)
    assert fifteen.loc["care", "handled"].sum() == 0  # 2 h handle time is an outlier
    assert any("over 3600 s" in w for w in history.warnings)


def test_bank_1999_layout_is_detected(write_csv) -> None:
    header = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\t"
    header += "vru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n"
    rows = [
        "AA0101\t1\t0\t2\tPS\t990103\t7:00:31\t7:00:36\t5\t7:00:36\t7:01:09\t33\tAGENT\t"
        "7:01:09\t7:03:09\t120\tMICHAL\n",
        "AA0101\t2\t0\t0\tPS\t990103\t7:04:12\t7:04:23\t11\t0:00:00\t0:00:00\t0\tHANG\t"
        "0:00:00\t0:00:00\t0\tNO_SERVER\n",
        "AA0101\t3\t0\t0\tNW\t990103\t7:05:12\t7:05:20\t8\t7:05:20\t7:06:00\t40\tHANG\t"
        "0:00:00\t0:00:00\t0\tNO_SERVER\n",
        "AA0101\t4\t0\t0\tNW\t990103\t7:06:12\t7:06:20\t8\t7:06:20\t7:06:20\t0\tPHANTOM\t"
        "0:00:00\t0:00:00\t0\tNO_SERVER\n",
    ]
    history = load_history(write_csv(header + "".join(rows), "1999-01.txt"))
    records = history.resample(15).records
    assert records["calls"].sum() == 2  # the voice-menu hang-up and the phantom do not count
    assert records["handle_sum"].sum() == 120 and records["handled"].sum() == 1
    assert records["start"].iloc[0] == pd.Timestamp("1999-01-03 07:00")


def test_date_and_time_of_day_columns_are_joined(write_csv) -> None:
    text = "date,interval_start,calls,mean_handle_s\n1999-01-01,07:00,4,100\n1999-01-01,07:30,2,\n"
    history = load_history(write_csv(text))
    assert history.interval_minutes == 30
    assert history.records["start"].tolist() == [
        pd.Timestamp("1999-01-01 07:00"),
        pd.Timestamp("1999-01-01 07:30"),
    ]
    assert history.records["handle_sum"].tolist() == [400.0, 0.0]


def test_missing_file_and_column_are_clear(tmp_path, write_csv) -> None:
    with pytest.raises(HistoryError, match="no such file"):
        load_history(tmp_path / "nope.csv")
    with pytest.raises(HistoryError, match="no column 'stamp'"):
        load_history(write_csv("a,calls\n1,2\n"), ReadOptions(time_column="stamp"))


def test_local_clock_across_daylight_saving_keeps_wall_time(write_csv) -> None:
    text = "timestamp,calls\n2024-03-08T08:00:00-05:00,3\n2024-03-11T08:00:00-04:00,4\n"
    history = load_history(write_csv(text))
    assert history.tz is None
    assert [t.hour for t in history.records["start"]] == [8, 8]
