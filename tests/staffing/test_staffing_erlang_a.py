"""Erlang A against a brute-force oracle: the truncated birth–death chain and, for the service
levels and the virtual ASA, the caller's own position chain solved with a matrix exponential.

The library uses incomplete-gamma closed forms; the oracle shares none of that derivation.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy.sparse.linalg import expm_multiply
from scipy.special import logsumexp

from scheduler.staffing import (
    erlang_a_abandonment,
    erlang_a_metrics,
    erlang_a_service_level,
    erlang_c_metrics,
)


def _absorbed_by(rates_down: np.ndarray, rate_out: float, t: float) -> np.ndarray:
    """P(a caller at position p = 1..P reaches the head and is served within t).

    Positions fall at ``rates_down[p-1]``; the caller leaves (abandons) at ``rate_out``. The
    column of ``expm(G·t)`` for the served state, for every start, is one expm_multiply.
    """
    size = rates_down.size + 2  # 0 = served, 1..P = positions, P+1 = abandoned
    rows, cols, vals = [], [], []
    for p, down in enumerate(rates_down, start=1):
        rows += [p, p, p]
        cols += [p - 1, size - 1, p]
        vals += [down, rate_out, -(down + rate_out)]
    gen = sparse.csr_matrix((vals, (rows, cols)), shape=(size, size))
    served = np.zeros(size)
    served[0] = 1.0
    return expm_multiply(gen * t, served)[1:-1]


def oracle(n: int, load: float, aht: float, patience: float, t: float) -> dict[str, float]:
    lam, mu, theta = load / aht, 1.0 / aht, 1.0 / patience
    x = lam / theta
    size = n + int(x + 15 * np.sqrt(x + 1) + 40)  # the queue never gets this long
    k = np.arange(size)
    deaths = np.minimum(k[1:], n) * mu + np.maximum(k[1:] - n, 0) * theta
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(lam / deaths))])
    pi = np.exp(log_pi - logsumexp(log_pi))
    queue = np.maximum(k - n, 0)
    waiting = pi[n:]  # a caller finding k >= n busy is at position k - n + 1
    down = n * mu + np.arange(size - n) * theta  # others ahead: served or abandoning
    return {
        "p_wait": waiting.sum(),
        "p_abandon": theta * (pi @ queue) / lam,
        "service_level_virtual": pi[:n].sum() + waiting @ _absorbed_by(down, 0.0, t),
        "service_level_offered": pi[:n].sum() + waiting @ _absorbed_by(down, theta, t),
        "asa_virtual_s": waiting @ np.cumsum(1.0 / down),
        "asa_offered_s": (pi @ queue) / lam,
        "occupancy": (pi @ np.minimum(k, n)) / n,
    }


CASES = [
    (14, 12.0, 3.0, 1.0, 0.333),  # CCmath's example (minutes)
    (13, 10.0, 180.0, 300.0, 20.0),  # pyworkforce's example
    (5, 8.0, 240.0, 60.0, 30.0),  # surge: load far above agents
    (1, 0.3, 300.0, 30.0, 20.0),
    (30, 29.5, 200.0, 900.0, 60.0),  # patient callers near 100 % load
    (20, 14.0, 120.0, 5.0, 10.0),  # impatient: patience much shorter than AHT
]


@pytest.mark.parametrize(("n", "load", "aht", "patience", "t"), CASES)
def test_closed_forms_match_the_chain(
    n: int, load: float, aht: float, patience: float, t: float
) -> None:
    expected = oracle(n, load, aht, patience, t)
    got = erlang_a_metrics(n, load, aht, patience, t).as_dict()
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, rel=1e-8, abs=1e-13), name


def test_tends_to_erlang_c_as_patience_grows() -> None:
    c = erlang_c_metrics(14, 10.0, 180.0, 20.0)
    previous = None
    for patience in (1e2, 1e4, 1e6, 1e8):
        a = erlang_a_metrics(14, 10.0, 180.0, patience, 20.0)
        gap = abs(a.service_level_virtual - c.service_level)
        assert previous is None or gap < previous
        previous = gap
    assert a.service_level_virtual == pytest.approx(c.service_level, rel=1e-6)
    assert a.service_level_offered == pytest.approx(c.service_level, rel=1e-6)
    # the models differ by O(AHT / patience): ~2e-6 here
    assert a.p_wait == pytest.approx(c.p_wait, rel=1e-5)
    assert a.asa_virtual_s == pytest.approx(c.asa_s, rel=1e-5)
    assert a.asa_offered_s == pytest.approx(c.asa_s, rel=1e-5)


def test_defined_everywhere() -> None:
    agents = np.array([0, 1, 5, 50, 5000])
    m = erlang_a_metrics(agents, np.array([[0.0], [40.0], [6000.0]]), 200.0, 60.0, 20.0)
    for name, value in m.as_dict().items():
        assert not np.any(np.isnan(value)), name
    np.testing.assert_array_equal(m.service_level_virtual[0], 1.0)  # no calls
    assert m.p_abandon[1, 0] == 1.0 and m.asa_offered_s[1, 0] == 60.0  # no agents
    assert np.isinf(m.asa_virtual_s[1, 0])
    assert m.p_abandon[2, -1] == pytest.approx(1000 / 6000, rel=1e-6)  # fluid limit of a surge


def test_surge_fluid_limit_of_the_virtual_wait() -> None:
    # 20 % overload with 60 s patience: V concentrates at ln(λ / Nμ) / θ
    m = erlang_a_metrics(5000, 6000.0, 200.0, 60.0, 20.0)
    assert m.asa_virtual_s == pytest.approx(60.0 * np.log(1.2), rel=1e-2)


def test_thin_wrappers_agree_with_metrics() -> None:
    m = erlang_a_metrics(13, 10.0, 180.0, 300.0, 20.0)
    sl = erlang_a_service_level(13, 10.0, 180.0, 300.0, 20.0, definition="offered")
    assert sl == m.service_level("offered")
    assert erlang_a_abandonment(13, 10.0, 180.0, 300.0) == m.p_abandon
    assert m.asa_s("virtual") == m.asa_virtual_s
