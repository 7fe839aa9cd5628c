"""The forecast and backtest sub-commands, through their own argparse parser."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest
from forecast_synthetic import synthetic_frame

from scheduler.commands import backtest as backtest_command
from scheduler.commands import forecast as forecast_command


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scheduler")
    sub = parser.add_subparsers(dest="command", required=True)
    forecast_command.register(sub)
    backtest_command.register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def history_csv(tmp_path: Path) -> Path:
    path = tmp_path / "history.csv"
    synthetic_frame(weeks=8, queues=("claims", "sales")).to_csv(path, index=False)
    return path


def test_forecast_writes_the_csv(history_csv: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "forecast.csv"
    code = _run(
        [
            "forecast",
            str(history_csv),
            "--start",
            "2024-02-26",
            "--days",
            "7",
            "--interval",
            "15",
            "--out",
            str(out),
            "--event",
            "queue=claims start=2024-02-27T09:00 end=2024-02-27T14:00 uplift=40%",
            "--holiday",
            "2024-02-29",
        ]
    )
    assert code == 0
    frame = pd.read_csv(out)
    assert list(frame.columns[:5]) == ["date", "start", "end", "queue", "calls"]
    assert set(frame["date"]) == {"2024-02-26", "2024-02-27", "2024-02-28", "2024-03-01"}
    assert frame["start"].iloc[0] == "2024-02-26T08:00:00"
    assert "wrote 320 intervals" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_forecast_to_stdout(history_csv: Path, capsys) -> None:
    argv = ["forecast", str(history_csv), "--start", "2024-02-26", "--days", "1"]
    assert _run([*argv, "--default-aht", "280"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("date,start,end,queue,calls") and len(lines) == 1 + 2 * 40
    assert lines[1].split(",")[7] == "280.0"


@pytest.mark.parametrize(
    ("content", "extra", "expected"),
    [
        (
            "timestamp,calls\n2024-01-01T08:00,3\n2024-01-01T08:00,4\n",
            [],
            "line 3: field 'timestamp'",
        ),
        ("timestamp,calls\n2024-01-01T08:00,-3\n", [], "line 2: field 'calls': negative"),
        (None, ["--start", "2024-02-20"], "before the history ends"),
        (None, ["--event", "start=2024-02-26 uplift=lots"], "uplift: not a number"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    history_csv: Path, tmp_path: Path, capsys, content, extra, expected
) -> None:
    source = history_csv
    if content is not None:
        source = tmp_path / "bad.csv"
        source.write_text(content)
    out = tmp_path / "forecast.csv"
    start = [] if "--start" in extra else ["--start", "2024-02-26"]
    code = _run(["forecast", str(source), *start, "--out", str(out), *extra])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and expected in err[0]
    assert not out.exists()


def test_missing_output_folder_is_refused(history_csv: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "nowhere" / "f.csv"
    assert _run(["forecast", str(history_csv), "--start", "2024-02-26", "--out", str(out)]) == 2
    assert "output folder does not exist" in capsys.readouterr().err


def test_backtest_prints_tables(history_csv: Path, capsys) -> None:
    assert _run(["backtest", str(history_csv), "--weeks", "2", "--interval", "30"]) == 0
    out = capsys.readouterr().out
    assert "2 weekly origins 2024-02-12 .. 2024-02-19" in out
    assert "calendar_profile" in out and "seasonal_naive" in out and "mean_of_weeks" in out
    assert "WAPE by horizon day" in out and "best method per queue: claims:" in out


def test_backtest_refuses_too_many_weeks(history_csv: Path, capsys) -> None:
    assert _run(["backtest", str(history_csv), "--weeks", "20"]) == 2
    assert "history before" in capsys.readouterr().err


def test_stale_history_is_warned_about(history_csv: Path, capsys) -> None:
    assert _run(["forecast", str(history_csv), "--start", "2024-06-03", "--days", "1"]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "days before the horizon" in err
