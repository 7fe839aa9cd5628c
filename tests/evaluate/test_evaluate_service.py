"""Projected service on cases small enough to check by hand against the Erlang formulas."""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scheduler.commands import service as service_command
from scheduler.evaluate import INTERVAL_COLUMNS, KPI_COLUMNS, daily_kpis, projected_service
from scheduler.models.instance import Agent, Demand, Horizon, Instance, Queue, ShiftTemplate
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.staffing import erlang_a_metrics, erlang_c_metrics

PER_DAY = 48  # 30-minute intervals
NINE = 18  # the 09:00 interval


def _series(values: dict[int, float]) -> tuple[float, ...]:
    out = [0.0] * PER_DAY
    for index, value in values.items():
        out[index] = value
    return tuple(out)


def _instance(
    required: int,
    *,
    agents: int = 14,
    calls: float | None = None,
    aht: float = 180.0,
    queue: Queue | None = None,
) -> Instance:
    """One day, one queue ``q``, 30-minute intervals, demand only at 09:00."""
    forecast = {}
    if calls is not None:
        forecast = {
            "calls": {"q": _series({NINE: calls})},
            "aht_seconds": {"q": _series({NINE: aht})},
        }
    return Instance(
        name="tiny",
        horizon=Horizon(start=dt.date(2026, 11, 30), days=1, interval_minutes=30),
        opening_hours=((0, 1440),) * 7,
        queues=(queue or Queue(id="q"),),
        agents=tuple(Agent(id=f"a{n}", queues=("q",)) for n in range(agents)),
        shift_templates=(
            ShiftTemplate(
                name="t", start_earliest_minute=540, start_latest_minute=540, lengths_minutes=(30,)
            ),
        ),
        demand=Demand(required={"q": tuple(int(v) for v in _series({NINE: required}))}, **forecast),
    )


def _roster(count: int, breaks: dict[int, tuple[int, int]] | None = None) -> Roster:
    """``count`` agents on the phone 09:00-09:30; ``breaks[n]`` puts agent n on a break."""
    breaks = breaks or {}
    days = []
    for n in range(count):
        placed = ()
        if n in breaks:
            placed = (BreakPlacement(start_minute=breaks[n][0], end_minute=breaks[n][1]),)
        days.append(
            AgentDay(
                agent=f"a{n}",
                day=0,
                queue="q",
                shift=Span(start_minute=540, end_minute=570),
                breaks=placed,
            )
        )
    return Roster(instance="tiny", agent_days=tuple(days))


def _nine(frame: pd.DataFrame) -> pd.Series:
    rows = frame[frame["start"] == "09:00"]
    assert len(rows) == 1
    return rows.iloc[0]


def test_erlang_c_textbook_interval() -> None:
    """100 calls per 30 min at 180 s is 10 Erlangs; 14 agents give ~88.9 % in 20 s."""
    frame = projected_service(_instance(14, calls=100), _roster(14))
    assert list(frame.columns) == list(INTERVAL_COLUMNS)
    assert len(frame) == 1  # only the interval with demand or staff
    row = _nine(frame)
    expected = erlang_c_metrics(14, 10.0, 180.0, 20.0)
    assert row["date"] == "2026-11-30" and row["queue"] == "q"
    assert row["scheduled"] == 14.0 and row["agents"] == 14
    assert row["load"] == pytest.approx(10.0)
    assert row["service_level"] == pytest.approx(expected.service_level)
    assert row["service_level"] == pytest.approx(0.8884, abs=1e-4)
    assert row["asa_s"] == pytest.approx(expected.asa_s)
    assert row["occupancy"] == pytest.approx(10 / 14)
    assert row["idle_share"] == pytest.approx(4 / 14)
    assert math.isnan(row["p_abandon"])  # Erlang C: nobody abandons
    assert bool(row["meets_target"])


def test_break_counts_as_part_of_an_agent_and_floor_feeds_erlang() -> None:
    """Two agents, one on a 15-minute break: 1.5 agents scheduled, Erlang sees one."""
    frame = projected_service(_instance(2, agents=2, calls=5, aht=120), _roster(2, {1: (555, 570)}))
    row = _nine(frame)
    assert row["scheduled"] == 1.5
    assert row["agents"] == 1
    expected = erlang_c_metrics(1, 5 * 120 / 1800, 120.0, 20.0)
    assert row["service_level"] == pytest.approx(expected.service_level)
    kpis = daily_kpis(frame)
    assert kpis.loc[0, "under_agent_hours"] == pytest.approx(0.25)  # half an agent for 30 min
    assert kpis.loc[0, "over_agent_hours"] == 0.0


def test_overload_gives_zero_service_and_infinite_wait() -> None:
    """Load 10 Erlangs on 10 agents (and on 9): Erlang C has no steady state."""
    for staff in (10, 9):
        row = _nine(projected_service(_instance(14, calls=100), _roster(staff)))
        assert row["service_level"] == 0.0
        assert math.isinf(row["asa_s"])
        assert row["occupancy"] == 1.0
        assert not bool(row["meets_target"])


def test_no_staff_at_all_has_no_occupancy() -> None:
    row = _nine(projected_service(_instance(3, calls=20), _roster(0)))
    assert row["scheduled"] == 0.0 and row["service_level"] == 0.0
    assert math.isnan(row["occupancy"])


def test_without_forecast_metrics_are_nan_and_target_is_coverage() -> None:
    short = _nine(projected_service(_instance(3), _roster(2)))
    for column in ("calls", "aht", "load", "service_level", "asa_s", "p_abandon", "occupancy"):
        assert math.isnan(short[column]), column
    assert not bool(short["meets_target"])
    assert bool(_nine(projected_service(_instance(3), _roster(3)))["meets_target"])
    kpis = daily_kpis(projected_service(_instance(3), _roster(2)))
    assert math.isnan(kpis.loc[0, "service_level"]) and math.isnan(kpis.loc[0, "calls"])
    assert kpis.loc[0, "intervals_below_target"] == 1
    assert kpis.loc[0, "under_agent_hours"] == pytest.approx(0.5)


def test_erlang_a_when_queue_has_patience() -> None:
    queue = Queue(id="q", patience_seconds=120)
    row = _nine(projected_service(_instance(10, calls=100, queue=queue), _roster(10)))
    expected = erlang_a_metrics(10, 10.0, 180.0, 120.0, 20.0)
    assert row["service_level"] == pytest.approx(expected.service_level_virtual)
    assert row["p_abandon"] == pytest.approx(expected.p_abandon)
    assert 0 < row["p_abandon"] < 1
    kpis = daily_kpis(projected_service(_instance(10, calls=100, queue=queue), _roster(10)))
    assert kpis.loc[0, "answered_share"] == pytest.approx(1 - expected.p_abandon)


def test_daily_kpis_weight_by_calls_and_staff() -> None:
    """Two hand-made intervals: weights are calls for service, scheduled for occupancy."""
    frame = pd.DataFrame(
        {
            "date": ["d", "d"],
            "start": ["09:00", "09:30"],
            "queue": ["q", "q"],
            "required": [2, 4],
            "scheduled": [3.0, 1.0],
            "break_agents": [1.0, 0.0],
            "agents": [3, 1],
            "calls": [10.0, 30.0],
            "aht": [60.0, 60.0],
            "load": [1.0, 1.0],
            "service_level": [1.0, 0.5],
            "asa_s": [0.0, 10.0],
            "p_abandon": [0.0, 0.2],
            "occupancy": [0.4, 0.8],
            "idle_share": [0.6, 0.2],
            "meets_target": [True, False],
        }
    )
    kpis = daily_kpis(frame, interval_minutes=30)
    assert list(kpis.columns) == list(KPI_COLUMNS)
    row = kpis.iloc[0]
    assert row["calls"] == 40
    assert row["service_level"] == pytest.approx((10 * 1.0 + 30 * 0.5) / 40)
    assert row["answered_share"] == pytest.approx(1 - 30 * 0.2 / 40)
    assert row["occupancy"] == pytest.approx((3 * 0.4 + 1 * 0.8) / 4)
    assert row["idle_share"] == pytest.approx(1 - row["occupancy"])
    assert row["intervals_below_target"] == 1
    assert row["under_agent_hours"] == pytest.approx(1.5)
    assert row["over_agent_hours"] == pytest.approx(0.5)
    assert row["asa_s"] == pytest.approx((0 * 10 + 10 * 30) / 40)
    assert row["abandon_share"] == pytest.approx((0 * 10 + 0.2 * 30) / 40)
    assert row["intervals_overstaffed"] == 1  # idle 60 % yes, exactly 20 % no
    assert row["not_ready_share"] == pytest.approx(1 / (3 + 1 + 1))
    assert bool(row["overstaffed"])  # the day: occupancy 50 %
    with pytest.raises(ValueError, match="interval_minutes"):
        daily_kpis(frame)


def test_service_command_prints_and_writes_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    instance, roster = _instance(14, calls=100), _roster(14)
    monkeypatch.setattr(service_command, "load_instance", lambda path: instance)
    monkeypatch.setattr(service_command, "read_roster", lambda path, inst: roster)
    parser = _parser()
    out = tmp_path / "sub" / "service.csv"
    args = parser.parse_args(["service", "inst", "roster.csv", "--out", str(out)])
    assert args.func(args) == 0
    printed = capsys.readouterr().out
    assert "2026-11-30" in printed and "88.8%" in printed and "-0.0" not in printed
    written = pd.read_csv(out)
    assert list(written.columns) == list(INTERVAL_COLUMNS)
    assert written.loc[0, "service_level"] == pytest.approx(0.8884, abs=1e-4)
    assert not list(out.parent.glob(".*.tmp"))


def test_service_command_bad_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _parser().parse_args(["service", str(tmp_path / "missing"), str(tmp_path / "r.csv")])
    assert args.func(args) == 2
    assert "scheduler service:" in capsys.readouterr().err


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scheduler")
    service_command.register(parser.add_subparsers(dest="command", required=True))
    return parser


def test_scheduled_is_exact_for_many_agents() -> None:
    frame = projected_service(_instance(14, calls=100), _roster(14, {0: (540, 570)}))
    assert np.isclose(_nine(frame)["scheduled"], 13.0)


def test_forecast_only_instance_after_prepare(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command fills ``required`` from the forecast before projecting service."""
    forecast_only = _instance(0, calls=100).model_copy(
        update={
            "demand": Demand(
                required={},
                calls={"q": _series({NINE: 100})},
                aht_seconds={"q": _series({NINE: 180})},
            )
        }
    )
    monkeypatch.setattr(service_command, "load_instance", lambda path: forecast_only)
    monkeypatch.setattr(service_command, "read_roster", lambda path, inst: _roster(14))
    args = _parser().parse_args(["service", "inst", "roster.csv"])
    assert args.func(args) == 0
    assert "88.8%" in capsys.readouterr().out
