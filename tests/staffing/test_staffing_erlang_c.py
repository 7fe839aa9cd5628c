"""Erlang C: exact values at scale, the overload limits, and vectorised shapes."""

from __future__ import annotations

import math
from decimal import Decimal, getcontext

import numpy as np
import pytest

from scheduler.staffing import erlang_c, erlang_c_agents, erlang_c_max_load, erlang_c_metrics


def decimal_sl(agents: int, load: float, aht: float, t: float) -> tuple[Decimal, Decimal]:
    """P(wait) and SL in 50-digit decimals via the Erlang B recursion: the oracle."""
    getcontext().prec = 50
    a, b = Decimal(load), Decimal(1)
    for n in range(1, agents + 1):
        b = a * b / (n + a * b)
    n = Decimal(agents)
    c = n * b / (n - a * (1 - b))
    return c, 1 - c * (-(n - a) * Decimal(t) / Decimal(aht)).exp()


def test_five_thousand_agents_exact() -> None:
    load = 5000 * 200 / 900 * 4.4  # ~4,889 Erlangs
    n = erlang_c_agents(load, 200.0, target_sl=0.8, target_time_s=20.0)
    assert 4900 < n < 5100
    p_wait, sl = decimal_sl(n, load, 200.0, 20.0)
    _, sl_fewer = decimal_sl(n - 1, load, 200.0, 20.0)
    assert sl >= Decimal("0.8") > sl_fewer
    m = erlang_c_metrics(n, load, 200.0, 20.0)
    assert m.p_wait == pytest.approx(float(p_wait), rel=1e-9)
    assert m.service_level == pytest.approx(float(sl), rel=1e-12)


def test_overload_is_defined_not_nan() -> None:
    m = erlang_c_metrics(np.array([0, 5, 10, 11]), 10.0, 180.0, 20.0)
    np.testing.assert_array_equal(m.p_wait[:3], 1.0)
    np.testing.assert_array_equal(m.service_level[:3], 0.0)
    assert np.all(np.isinf(m.asa_s[:3])) and np.isfinite(m.asa_s[3])
    np.testing.assert_array_equal(m.occupancy[:3], [0.0, 1.0, 1.0])
    for value in m.as_dict().values():
        assert not np.any(np.isnan(value))


def test_no_calls_needs_no_agents() -> None:
    m = erlang_c_metrics(3, 0.0, 180.0, 20.0)
    assert (m.p_wait, m.service_level, m.asa_s, m.occupancy) == (0.0, 1.0, 0.0, 0.0)
    assert erlang_c_agents(0.0, 180.0, target_sl=0.9, target_time_s=10.0) == 0


def test_closed_forms_are_consistent() -> None:
    agents, load, aht = np.arange(11, 40), 10.0, 180.0
    m = erlang_c_metrics(agents, load, aht, 20.0)
    np.testing.assert_allclose(m.asa_s, m.p_wait * m.avg_delay_delayed_s)
    np.testing.assert_allclose(m.q1_mean_queue, m.asa_s * load / aht)  # Little's law
    np.testing.assert_allclose(m.trunk_load_erlangs, load + m.q1_mean_queue)
    np.testing.assert_allclose(m.mean_queue_given_queue, m.q2_mean_queue_given_all_busy + 1)
    np.testing.assert_allclose(erlang_c(agents, load), m.p_wait)


def test_scalar_in_scalar_out_and_broadcasting() -> None:
    assert isinstance(erlang_c(14, 10.0), float)
    assert isinstance(erlang_c_agents(10.0, 180.0, target_sl=0.8, target_time_s=20.0), int)
    grid = erlang_c_agents(
        np.array([[5.0], [10.0]]), 180.0, target_sl=np.array([0.8, 0.9]), target_time_s=20.0
    )
    assert grid.shape == (2, 2) and grid.dtype == np.int64


def test_max_load_inverts_p_wait() -> None:
    loads = erlang_c_max_load(np.array([1, 30, 1000]), 0.15)
    np.testing.assert_allclose(erlang_c(np.array([1, 30, 1000]), loads), 0.15, rtol=1e-9)
    assert erlang_c_max_load(30, 1.0) == pytest.approx(30.0)


def test_sl_with_zero_answer_time_is_one_minus_p_wait() -> None:
    m = erlang_c_metrics(14, 10.0, 180.0, 0.0)
    assert m.service_level == pytest.approx(1 - m.p_wait)
    assert math.isclose(m.occupancy, 10 / 14)
