"""The event loop on cases small enough to follow call by call."""

from __future__ import annotations

import math

import numpy as np

from scheduler.simulate.arrivals import CallStream
from scheduler.simulate.engine import run_replication
from scheduler.simulate.phone_time import PhoneSpan

INF = math.inf


def _calls(*rows: tuple[float, int, float, float]) -> CallStream:
    """(arrival, queue, handle, patience) per caller, already in arrival order."""
    arrival, queue, handle, patience = (np.asarray(c, dtype=float) for c in zip(*rows, strict=True))
    return CallStream(arrival, queue.astype(np.intp), handle, patience)


def test_one_agent_first_come_first_served() -> None:
    spans = [PhoneSpan(0, 0.0, 1000.0, (0,))]
    calls = _calls((0, 0, 100, INF), (10, 0, 50, INF), (20, 0, 10, INF))
    out = run_replication(spans, calls, agents=1, queues=1)
    assert out.answered_s.tolist() == [0.0, 100.0, 150.0]
    assert out.server_queue.tolist() == [0, 0, 0]


def test_caller_hangs_up_when_patience_runs_out() -> None:
    spans = [PhoneSpan(0, 0.0, 1000.0, (0,))]
    calls = _calls((0, 0, 100, INF), (10, 0, 50, 60), (20, 0, 10, 200))
    out = run_replication(spans, calls, agents=1, queues=1)
    assert out.answered_s[0] == 0.0
    assert math.isnan(out.answered_s[1])  # would wait 90 s, hangs up after 60 s
    assert out.answered_s[2] == 100.0
    assert out.server_queue[1] == -1


def test_break_finishes_the_call_then_waits_for_the_next_span() -> None:
    """On the phones 0-100 s and 200-400 s: the call in hand runs over the break start."""
    spans = [PhoneSpan(0, 0.0, 100.0, (0,)), PhoneSpan(0, 200.0, 400.0, (0,))]
    calls = _calls((50, 0, 100, INF), (120, 0, 10, INF), (390, 0, 10, INF), (450, 0, 1, INF))
    out = run_replication(spans, calls, agents=1, queues=1)
    assert out.answered_s[0] == 50.0
    assert out.answered_s[1] == 200.0  # nobody takes calls during the break
    assert out.answered_s[2] == 390.0
    assert math.isnan(out.answered_s[3])  # after the last span: never answered


def test_rostered_queue_first_then_other_skills() -> None:
    """Agent 0 rostered on queue 0 with skill 1: takes queue 0's caller first although the
    queue 1 caller waited longer, then the queue 1 caller."""
    spans = [PhoneSpan(0, 100.0, 1000.0, (0, 1))]
    calls = _calls((10, 1, 50, INF), (20, 0, 50, INF))
    out = run_replication(spans, calls, agents=1, queues=2)
    assert out.answered_s.tolist() == [150.0, 100.0]
    assert out.server_queue.tolist() == [0, 0]  # the queue 1 caller was answered by a lender


def test_without_the_skill_a_queue_waits_for_its_own_agent() -> None:
    spans = [PhoneSpan(0, 0.0, 1000.0, (0,)), PhoneSpan(1, 500.0, 1000.0, (1,))]
    calls = _calls(
        (10, 1, 50, INF),
    )
    out = run_replication(spans, calls, agents=2, queues=2)
    assert out.answered_s.tolist() == [500.0]
    assert out.server_queue.tolist() == [1]


def test_idle_agent_rostered_on_the_queue_is_preferred() -> None:
    """Both idle; agent 0 (rostered on 0, skill 1) has idled longer, agent 1 is rostered on 1."""
    spans = [PhoneSpan(0, 0.0, 1000.0, (0, 1)), PhoneSpan(1, 5.0, 1000.0, (1,))]
    calls = _calls((10, 1, 50, INF), (11, 1, 50, INF))
    out = run_replication(spans, calls, agents=2, queues=2)
    assert out.answered_s.tolist() == [10.0, 11.0]
    assert out.server_queue.tolist() == [1, 0]
