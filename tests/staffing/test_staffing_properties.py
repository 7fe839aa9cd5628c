"""Properties every staffing answer must have, over generated inputs (hypothesis).

More agents never hurt; abandonment only helps the virtual service level, so Erlang A never
asks for more agents than Erlang C for the same targets, and approaches it as patience grows;
and the vectorised searches return exactly what a linear scan from one agent returns.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scheduler.staffing import (
    erlang_a_agents,
    erlang_a_metrics,
    erlang_c_agents,
    erlang_c_metrics,
)
from scheduler.staffing.compare import at_least, at_most
from scheduler.staffing.erlang_a import Definition

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

loads = st.floats(0.05, 300.0)
ahts = st.floats(20.0, 900.0)
times = st.floats(0.0, 120.0)
patiences = st.floats(2.0, 3600.0)
sl_targets = st.floats(0.05, 0.99)
optional_caps = st.none() | st.floats(0.3, 1.0)


def non_increasing(values: np.ndarray) -> bool:
    """Up to rounding: deep in overload 1 − P(abandon) keeps ~1e-12 relative accuracy."""
    finite = np.where(np.isinf(values), np.finfo(float).max, values)
    return bool(np.all(np.diff(finite) <= 1e-9 * np.maximum(1.0, np.abs(finite[:-1]))))


@FAST
@given(load=loads, aht=ahts, t=times)
def test_erlang_c_sl_rises_and_asa_falls_with_agents(load: float, aht: float, t: float) -> None:
    agents = np.arange(0, int(load) + 60)
    m = erlang_c_metrics(agents, load, aht, t)
    assert non_increasing(-m.service_level)
    assert non_increasing(m.asa_s) and non_increasing(m.p_wait)
    assert non_increasing(m.q1_mean_queue)


@FAST
@given(load=st.floats(0.05, 120.0), aht=ahts, patience=patiences, t=times)
def test_erlang_a_metrics_improve_with_agents(
    load: float, aht: float, patience: float, t: float
) -> None:
    agents = np.arange(0, int(2 * load) + 20)
    m = erlang_a_metrics(agents, load, aht, patience, t)
    assert non_increasing(-m.service_level_virtual) and non_increasing(-m.service_level_offered)
    assert non_increasing(m.p_wait) and non_increasing(m.p_abandon)
    assert non_increasing(m.asa_virtual_s) and non_increasing(m.asa_offered_s)
    assert non_increasing(m.occupancy[1:])


@FAST
@given(load=loads, aht=ahts, patience=patiences, sl=sl_targets, t=times, occ=optional_caps)
def test_erlang_a_never_needs_more_than_erlang_c(
    load: float, aht: float, patience: float, sl: float, t: float, occ: float | None
) -> None:
    targets = {"target_sl": sl, "target_time_s": t, "max_occupancy": occ}
    n_c = erlang_c_agents(load, aht, **targets)
    n_a = erlang_a_agents(load, aht, patience, **targets)
    assert 1 <= n_a <= n_c


@FAST
@given(load=st.floats(0.05, 150.0), aht=ahts, sl=sl_targets, t=times)
def test_erlang_a_tends_to_erlang_c_as_patience_grows(
    load: float, aht: float, sl: float, t: float
) -> None:
    n_c = erlang_c_agents(load, aht, target_sl=sl, target_time_s=t)
    near = erlang_c_metrics(np.array([n_c - 1, n_c]), load, aht, t).service_level
    assume(near[0] < sl - 1e-4 and near[1] > sl + 1e-4)  # not balanced on the target
    # at N <= A Erlang C has no steady state; Erlang A reaches that limit only as √patience
    assume(n_c - 1 >= load + 1)
    counts = [
        erlang_a_agents(load, aht, k * aht, target_sl=sl, target_time_s=t)
        for k in (0.1, 1.0, 10.0, 1e3, 1e6)
    ]
    assert counts == sorted(counts)  # more patient callers: longer queues
    assert counts[-1] == n_c


def _first_meeting(meets: np.ndarray) -> int:
    """The answer of a linear scan: the index of the first agent count meeting every target."""
    return int(np.argmax(meets)) if meets.any() else -1


@FAST
@given(
    load=loads,
    aht=ahts,
    sl=st.none() | sl_targets,
    t=times,
    asa=st.none() | st.floats(1.0, 120.0),
    p_wait=st.none() | st.floats(0.05, 1.0),
    occ=optional_caps,
)
def test_erlang_c_search_equals_linear_scan(
    load: float,
    aht: float,
    sl: float | None,
    t: float,
    asa: float | None,
    p_wait: float | None,
    occ: float | None,
) -> None:
    found = erlang_c_agents(
        load,
        aht,
        target_sl=sl,
        target_time_s=t,
        target_asa_s=asa,
        max_p_wait=p_wait,
        max_occupancy=occ,
    )
    agents = np.arange(0, found + 1)  # every count from 0 up to the answer, at once
    m = erlang_c_metrics(agents, load, aht, t)
    meets = (
        (agents > load)
        & at_least(m.service_level, sl or 0.0)
        & at_most(m.asa_s, asa or np.inf)
        & at_most(m.p_wait, p_wait or 1.0)
        & at_most(m.occupancy, occ or 1.0)
    )
    assert _first_meeting(meets) == found


@FAST
@given(
    load=st.floats(0.05, 200.0),
    aht=ahts,
    patience=patiences,
    sl=st.none() | sl_targets,
    t=times,
    asa=st.none() | st.floats(1.0, 120.0),
    abandon=st.none() | st.floats(0.005, 0.5),
    occ=optional_caps,
    definition=st.sampled_from(["virtual", "offered"]),
)
def test_erlang_a_search_equals_linear_scan(
    load: float,
    aht: float,
    patience: float,
    sl: float | None,
    t: float,
    asa: float | None,
    abandon: float | None,
    occ: float | None,
    definition: Definition,
) -> None:
    found = erlang_a_agents(
        load,
        aht,
        patience,
        target_sl=sl,
        target_time_s=t,
        target_asa_s=asa,
        max_abandon=abandon,
        max_occupancy=occ,
        definition=definition,
    )
    agents = np.arange(1, found + 1)
    m = erlang_a_metrics(agents, load, aht, patience, t)
    meets = (
        at_least(m.service_level(definition), sl or 0.0)
        & at_most(m.asa_s(definition), asa or np.inf)
        & at_most(m.p_abandon, abandon or 1.0)
        & at_most(m.occupancy, occ or 1.0)
    )
    assert _first_meeting(meets) + 1 == found
