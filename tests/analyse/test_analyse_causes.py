"""After-surge analysis on a hand-built morning where each cause is forced in its own interval.

One queue, Erlang C, 80 % in 20 s; forecast 100 calls per 30 minutes at 180 s (10 Erlangs,
14 agents needed). Fifteen agents work 09:00-11:30, two of them on a break 10:30-11:00.
Actuals: 09:00 half as many calls again, 09:30 AHT 30 % longer, 10:00 only 11 agents on the
phones, 10:30 as forecast (13 on the phones: the break), 11:00 as forecast.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from scheduler.analyse import ANALYSIS_COLUMNS, analyse, read_actuals
from scheduler.analyse.actuals import with_call_records
from scheduler.commands import analyse as analyse_command
from scheduler.forecast import load_history
from scheduler.io import InputError
from scheduler.models.instance import Agent, Demand, Horizon, Instance, Queue, ShiftTemplate
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.staffing import erlang_c_agents, erlang_c_metrics

PER_DAY = 48
MORNING = range(18, 23)  # 09:00 .. 11:00
HEADER = "date,start,queue,calls,aht_seconds,agents_on_phone\n"
ACTUALS = HEADER + (
    "2026-11-30,09:00,q,150,180,\n"
    "2026-11-30,09:30,q,100,234,\n"
    "2026-11-30,10:00,q,100,,11\n"
    "2026-11-30,10:30,q,100,180,\n"
    "2026-11-30,11:00,q,100,180,15\n"
)


def _series(value: float) -> tuple[float, ...]:
    return tuple(value if n in MORNING else 0.0 for n in range(PER_DAY))


@pytest.fixture(scope="module")
def inst() -> Instance:
    return Instance(
        name="surge",
        horizon=Horizon(start=dt.date(2026, 11, 30), days=1, interval_minutes=30),
        opening_hours=((0, 1440),) * 7,
        queues=(Queue(id="q"),),
        agents=tuple(Agent(id=f"a{n}", queues=("q",)) for n in range(15)),
        shift_templates=(
            ShiftTemplate(
                name="t", start_earliest_minute=540, start_latest_minute=540, lengths_minutes=(150,)
            ),
        ),
        demand=Demand(
            required={"q": tuple(int(v) for v in _series(14))},
            calls={"q": _series(100)},
            aht_seconds={"q": _series(180)},
        ),
    )


@pytest.fixture(scope="module")
def roster() -> Roster:
    days = []
    for n in range(15):
        placed = (BreakPlacement(start_minute=630, end_minute=660),) if n < 2 else ()
        shift = Span(start_minute=540, end_minute=690)
        days.append(AgentDay(agent=f"a{n}", day=0, queue="q", shift=shift, breaks=placed))
    return Roster(instance="surge", agent_days=tuple(days))


@pytest.fixture
def actuals_csv(tmp_path: Path) -> Path:
    path = tmp_path / "actuals.csv"
    path.write_text(ACTUALS)
    return path


def _row(frame: pd.DataFrame, start: str) -> pd.Series:
    return frame.set_index("start").loc[start]


def test_each_forced_cause_is_named(inst: Instance, roster: Roster, actuals_csv: Path) -> None:
    frame = analyse(inst, roster, read_actuals(actuals_csv, inst))
    assert list(frame.columns) == list(ANALYSIS_COLUMNS)
    assert frame["start"].tolist() == ["09:00", "09:30", "10:00", "10:30", "11:00"]
    assert frame["missed"].tolist() == [True, True, True, True, False]
    assert _row(frame, "09:00")["causes"] == "volume above forecast (+50%)"
    assert _row(frame, "09:30")["causes"] == "AHT above forecast (+30%)"
    assert _row(frame, "10:00")["causes"] == "staff below roster (4.0 agents short)"
    assert _row(frame, "10:30")["causes"] == (
        "breaks at the peak (2.0 agents on break); roster below requirement"
    )
    assert _row(frame, "11:00")["causes"] == ""


def test_service_achieved_and_agents_lacking(
    inst: Instance, roster: Roster, actuals_csv: Path
) -> None:
    """Hand numbers: Erlang C 80/20 at 10 Erlangs needs 14 agents (13 give 79.6 %)."""
    frame = analyse(inst, roster, read_actuals(actuals_csv, inst)).set_index("start")
    assert frame.loc["09:00", "actual_sl"] == 0.0  # 15 Erlangs on 15 agents: no steady state
    assert frame.loc["09:30", "actual_sl"] == pytest.approx(
        erlang_c_metrics(15, 13.0, 234, 20).service_level
    )
    assert frame.loc["10:00", "actual_sl"] == pytest.approx(0.3896, abs=1e-4)  # 11 agents
    assert frame.loc["10:30", "actual_sl"] == pytest.approx(0.7956, abs=1e-4)  # 13 agents
    assert frame.loc["10:30", "rostered"] == 13 and frame.loc["10:30", "break_agents"] == 2
    assert frame.loc["11:00", "planned_sl"] == pytest.approx(0.9415, abs=1e-4)  # 15 agents
    targets = {"target_sl": 0.8, "target_time_s": 20, "max_occupancy": 0.9}
    assert frame.loc["09:00", "agents_needed"] == erlang_c_agents(15.0, 180, **targets) == 19
    assert frame["extra_agents"].tolist() == [4, 2, 3, 1, 0]


def test_command_prints_missed_intervals_and_writes_csv(
    inst: Instance,
    roster: Roster,
    actuals_csv: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(analyse_command, "load_instance", lambda path: inst)
    monkeypatch.setattr(analyse_command, "read_roster", lambda path, i: roster)
    out = tmp_path / "out" / "analysis.csv"
    argv = ["analyse", str(actuals_csv), "--roster", "run", "--instance", "x", "--out", str(out)]
    args = _parser().parse_args(argv)
    assert args.func(args) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("5 intervals analysed, 4 missed their target; 10 agent-intervals")
    assert "volume above forecast (+50%)" in printed and "150" in printed
    assert pd.read_csv(out)["extra_agents"].tolist() == [4, 2, 3, 1, 0]


def test_command_bad_actuals_exit_2_and_nothing_written(
    inst: Instance,
    roster: Roster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(analyse_command, "load_instance", lambda path: inst)
    monkeypatch.setattr(analyse_command, "read_roster", lambda path, i: roster)
    bad = tmp_path / "actuals.csv"
    bad.write_text(HEADER + "2026-11-30,09:00,q,lots,,\n")
    out = tmp_path / "analysis.csv"
    argv = ["analyse", str(bad), "--roster", "run", "--instance", "x", "--out", str(out)]
    args = _parser().parse_args(argv)
    assert args.func(args) == 2
    assert "actuals.csv, row 2, field 'calls'" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("2026-11-30,09:00,sales,10,,", "queue", "unknown queue"),
        ("2026-11-30,09:10,q,10,,", "start", "grid"),
        ("2026-11-30,09:00,q,-1,,", "calls", "negative"),
        ("2026-11-30,09:00,q,10,0,", "aht_seconds", "> 0"),
        ("2026-11-30,nine,q,10,,", "start", "time of day"),
    ],
)
def test_bad_rows_name_file_row_and_field(
    inst: Instance, tmp_path: Path, line: str, field: str, message: str
) -> None:
    path = tmp_path / "actuals.csv"
    path.write_text(HEADER + "2026-11-30,08:00,q,1,,\n" + line + "\n")
    with pytest.raises(InputError, match=message) as caught:
        read_actuals(path, inst)
    assert (caught.value.row, caught.value.field) == (3, field)


def test_repeated_interval_and_missing_column(inst: Instance, tmp_path: Path) -> None:
    path = tmp_path / "actuals.csv"
    path.write_text(HEADER + "2026-11-30,09:00,q,1,,\n2026-11-30,09:00,q,2,,\n")
    with pytest.raises(InputError, match="repeats row 2") as caught:
        read_actuals(path, inst)
    assert caught.value.row == 3
    path.write_text("date,start,calls\n2026-11-30,09:00,1\n")
    with pytest.raises(InputError, match="missing column") as caught:
        read_actuals(path, inst)
    assert caught.value.field == "queue"


def test_rows_outside_the_horizon_are_skipped(inst: Instance, tmp_path: Path) -> None:
    path = tmp_path / "actuals.csv"
    path.write_text(HEADER + "2026-12-01,09:00,q,100,,\n2026-11-30,09:00,q,90,,\n")
    actuals = read_actuals(path, inst)
    assert int(actuals.seen.sum()) == 1 and actuals.calls[0, 18] == 90


def test_per_call_records_fill_missing_aht(
    inst: Instance, roster: Roster, actuals_csv: Path, tmp_path: Path
) -> None:
    """10:00 has no AHT in the actuals: two calls of 200 s and 400 s make it 300 s."""
    calls = tmp_path / "calls.csv"
    calls.write_text(
        "arrival,handle_time,queue\n2026-11-30T10:05:00,200,q\n2026-11-30T10:20:00,400,q\n"
    )
    actuals = with_call_records(read_actuals(actuals_csv, inst), inst, load_history(calls))
    frame = analyse(inst, roster, actuals).set_index("start")
    assert frame.loc["10:00", "actual_aht"] == 300
    assert frame.loc["09:30", "actual_aht"] == 234  # the interval file's own value wins


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scheduler")
    analyse_command.register(parser.add_subparsers(dest="command", required=True))
    return parser
