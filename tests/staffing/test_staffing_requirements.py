"""Minimum-agent searches with combined targets, and shrinkage."""

from __future__ import annotations

import numpy as np
import pytest

from scheduler.staffing import (
    apply_shrinkage,
    erlang_a_agents,
    erlang_a_metrics,
    erlang_c_agents,
    erlang_c_metrics,
    rostered_staff_factor,
)


def test_textbook_example() -> None:
    # 100 calls in 30 min, AHT 180 s, 80 % in 20 s: 13 agents give 79.6 %, 14 give 88.8 %
    assert erlang_c_agents(10.0, 180.0, target_sl=0.8, target_time_s=20.0) == 14


def test_every_target_binds_in_turn() -> None:
    base = {"target_sl": 0.8, "target_time_s": 20.0}
    assert erlang_c_agents(10.0, 180.0, **base, max_occupancy=0.6) == 17  # ceil(10 / 0.6)
    assert erlang_c_agents(10.0, 180.0, **base, target_asa_s=2.0) == 16
    assert erlang_c_agents(10.0, 180.0, **base, max_p_wait=0.05) == 17
    assert erlang_c_agents(10.0, 180.0) == 11  # no target: just a stable queue


def test_occupancy_cap_on_the_boundary_does_not_add_an_agent() -> None:
    load = 70 * 180 / 1800  # 7.000000000000001 Erlangs in floating point
    assert erlang_c_agents(load, 180.0, max_occupancy=0.7) == 10


def test_asa_target_is_met_and_tight() -> None:
    loads = np.linspace(0.5, 400.0, 60)
    n = erlang_c_agents(loads, 240.0, target_asa_s=15.0)
    assert np.all(erlang_c_metrics(n, loads, 240.0, 0.0).asa_s <= 15.0)
    assert np.all(erlang_c_metrics(n - 1, loads, 240.0, 0.0).asa_s > 15.0)


def test_erlang_a_abandon_cap() -> None:
    n = erlang_a_agents(333.3, 300.0, 120.0, target_sl=0.5, target_time_s=20.0, max_abandon=0.01)
    assert erlang_a_metrics(n, 333.3, 300.0, 120.0, 20.0).p_abandon <= 0.01
    assert erlang_a_metrics(n - 1, 333.3, 300.0, 120.0, 20.0).p_abandon > 0.01


def test_erlang_a_in_a_surge_needs_fewer_than_the_load() -> None:
    # 2,000 calls in 30 min at 300 s (333 Erlangs), impatient callers, a modest target
    n = erlang_a_agents(333.3, 300.0, 30.0, target_sl=0.5, target_time_s=20.0)
    assert n < 333
    assert erlang_c_agents(333.3, 300.0, target_sl=0.5, target_time_s=20.0) > 333


def test_erlang_a_vectorised_over_queues_and_definitions() -> None:
    loads = np.array([0.0, 0.2, 10.0, 333.0, 1500.0])
    virtual = erlang_a_agents(loads, 300.0, 180.0, target_sl=0.8, target_time_s=20.0)
    offered = erlang_a_agents(
        loads, 300.0, 180.0, target_sl=0.8, target_time_s=20.0, definition="offered"
    )
    assert virtual[0] == offered[0] == 0
    assert np.all(virtual[1:] >= 1) and np.all(offered >= virtual)  # abandons count as misses


def test_shrinkage() -> None:
    assert apply_shrinkage(14, 0.3) == 20  # 14 / 0.7 = 20.000000000000004 in floating point
    assert apply_shrinkage(14, 0.3, method="markup") == 19  # ceil(18.2)
    assert rostered_staff_factor(0.3) == pytest.approx(1 / 0.7)
    np.testing.assert_array_equal(apply_shrinkage(np.array([0, 10, 11]), 0.0), [0, 10, 11])
    np.testing.assert_array_equal(apply_shrinkage(10, np.array([0.1, 0.35])), [12, 16])


def test_offered_definition_can_need_more_than_erlang_c() -> None:
    # impatient callers (5 s) and a long answer time: under "offered" every abandon is a miss
    targets = {"target_sl": 0.95, "target_time_s": 600.0}
    assert erlang_c_agents(10.0, 180.0, **targets) == 11
    assert erlang_a_agents(10.0, 180.0, 5.0, **targets, definition="offered") == 15
    assert erlang_a_agents(10.0, 180.0, 5.0, **targets, definition="virtual") == 1
