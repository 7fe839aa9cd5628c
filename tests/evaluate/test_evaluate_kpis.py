"""The planners' KPIs the issue lists, on cases computed by hand: not-ready time, idle with
the 20 % overstaffed flag, abandonment and ASA per day."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from scheduler.evaluate import OVERSTAFFED_IDLE, break_agents, daily_kpis, projected_service
from scheduler.models.instance import Agent, Demand, Horizon, Instance, Queue, ShiftTemplate
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.staffing import erlang_a_metrics

NINE = 18  # the 09:00 interval of 30 minutes


def _instance(agents: int, calls: float, queue: Queue | None = None) -> Instance:
    series = tuple(calls if n == NINE else 0.0 for n in range(48))
    return Instance(
        name="kpi",
        horizon=Horizon(start=dt.date(2026, 11, 30), days=1, interval_minutes=30),
        opening_hours=((0, 1440),) * 7,
        queues=(queue or Queue(id="q"),),
        agents=tuple(Agent(id=f"a{n}", queues=("q",)) for n in range(agents)),
        shift_templates=(
            ShiftTemplate(
                name="t", start_earliest_minute=540, start_latest_minute=540, lengths_minutes=(30,)
            ),
        ),
        demand=Demand(
            required={"q": tuple(1 if n == NINE else 0 for n in range(48))},
            calls={"q": series},
            aht_seconds={"q": tuple(180.0 if n == NINE else 0.0 for n in range(48))},
        ),
    )


def _roster(count: int, on_break: int = 0) -> Roster:
    """``count`` agents 09:00-09:30; the first ``on_break`` take 09:15-09:30 off."""
    days = tuple(
        AgentDay(
            agent=f"a{n}",
            day=0,
            queue="q",
            shift=Span(start_minute=540, end_minute=570),
            breaks=(BreakPlacement(start_minute=555, end_minute=570),) if n < on_break else (),
        )
        for n in range(count)
    )
    return Roster(instance="kpi", agent_days=days)


def test_not_ready_is_break_time_over_shift_time() -> None:
    """Four agents, two on a 15-minute break: 1 agent-interval of 4 off the phones."""
    instance, roster = _instance(4, 10), _roster(4, on_break=2)
    assert break_agents(instance, roster)[0, NINE] == pytest.approx(1.0)
    frame = projected_service(instance, roster)
    row = frame[frame["start"] == "09:00"].iloc[0]
    assert row["scheduled"] == 3.0 and row["break_agents"] == 1.0
    assert daily_kpis(frame).loc[0, "not_ready_share"] == pytest.approx(1 / 4)


def test_idle_above_twenty_percent_is_overstaffed() -> None:
    """100 calls x 180 s in 30 min = 10 Erlangs: 14 agents idle 28.6 %, 12 agents 16.7 %."""
    assert OVERSTAFFED_IDLE == 0.2
    many = daily_kpis(projected_service(_instance(14, 100), _roster(14))).iloc[0]
    assert many["idle_share"] == pytest.approx(4 / 14)
    assert bool(many["overstaffed"]) and many["intervals_overstaffed"] == 1
    few = daily_kpis(projected_service(_instance(12, 100), _roster(12))).iloc[0]
    assert few["idle_share"] == pytest.approx(2 / 12)
    assert not bool(few["overstaffed"]) and few["intervals_overstaffed"] == 0


def test_without_forecast_overstaffing_is_unknown_not_false() -> None:
    instance = _instance(3, 0).model_copy(
        update={"demand": Demand(required={"q": tuple(1 if n == NINE else 0 for n in range(48))})}
    )
    kpis = daily_kpis(projected_service(instance, _roster(3)))
    assert pd.isna(kpis.loc[0, "overstaffed"]) and math.isnan(kpis.loc[0, "idle_share"])


def test_abandonment_and_asa_of_an_erlang_a_day() -> None:
    queue = Queue(id="q", patience_seconds=120)
    kpis = daily_kpis(projected_service(_instance(10, 100, queue), _roster(10))).iloc[0]
    expected = erlang_a_metrics(10, 10.0, 180.0, 120.0, 20.0)
    assert kpis["abandon_share"] == pytest.approx(expected.p_abandon)
    assert kpis["answered_share"] == pytest.approx(1 - expected.p_abandon)
    assert kpis["asa_s"] == pytest.approx(expected.asa_virtual_s)
