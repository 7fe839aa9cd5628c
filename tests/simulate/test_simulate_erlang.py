"""On one queue with constant staff the simulation must agree with the closed forms.

Ten agents all day, 160 calls an hour at 180 s (8 Erlangs): Erlang C gives 67.2 % in 20 s and
an ASA of 36.8 s. The first hour starts with an empty queue and is a transient, so the check
uses the six hours after it, ending before the last hour, whose late callers meet agents going
home. Replications are seeded, so the run is the same every time.
"""

from __future__ import annotations

import pytest
from simulate_kit import instance, roster

from scheduler.simulate import SIMULATION_COLUMNS, SimulationParams, simulate_roster
from scheduler.staffing import erlang_a_metrics, erlang_c_metrics

AGENTS = {f"a{n}": ("q",) for n in range(10)}
STEADY = slice(1, 7)


def _within(value, low, high) -> int:
    return int(((low <= value + 1e-9) & (value - 1e-9 <= high)).sum())


def test_simulation_agrees_with_erlang_c_within_its_confidence_interval() -> None:
    frame = simulate_roster(
        instance({"q": 160.0}, AGENTS),
        roster({a: "q" for a in AGENTS}),
        SimulationParams(replications=40, seed=0),
    )
    assert list(frame.columns) == list(SIMULATION_COLUMNS)
    expected = erlang_c_metrics(10, 8.0, 180.0, 20.0)
    steady = frame.iloc[STEADY]
    assert steady["sl_formula"].tolist() == pytest.approx([expected.service_level] * 6)
    assert (steady["sl_high"] - steady["sl_low"]).max() < 0.2  # an interval that says something
    assert _within(expected.service_level, steady["sl_low"], steady["sl_high"]) >= 5
    assert _within(expected.asa_s, steady["asa_low_s"], steady["asa_high_s"]) >= 5
    assert steady["sl"].mean() == pytest.approx(expected.service_level, abs=0.02)
    assert (steady["abandon"] == 0).all()  # nobody hangs up in Erlang C
    assert steady["offered"].mean() == pytest.approx(160, rel=0.03)


def test_simulation_agrees_with_offered_erlang_a() -> None:
    """Patience 120 s, 180 calls an hour: offered service level and abandonment."""
    frame = simulate_roster(
        instance({"q": 180.0}, AGENTS, patience=120.0),
        roster({a: "q" for a in AGENTS}),
        SimulationParams(replications=40, seed=0),
    )
    expected = erlang_a_metrics(10, 9.0, 180.0, 120.0, 20.0)
    steady = frame.iloc[STEADY]
    assert _within(expected.service_level_offered, steady["sl_low"], steady["sl_high"]) >= 5
    assert _within(expected.p_abandon, steady["abandon_low"], steady["abandon_high"]) >= 5
    assert steady["abandon"].mean() == pytest.approx(expected.p_abandon, abs=0.015)
    assert steady["abandon_formula"].tolist() == pytest.approx([expected.p_abandon] * 6)
