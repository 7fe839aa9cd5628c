"""Erlang C (M/M/N): Poisson calls, exponential handle times, N agents, callers never hang up.

The classic contact-centre model. It is exact for its assumptions and what every planning
calculator reports, but it assumes infinite patience: at or above 100 % load (``A >= N``) the
queue grows without bound. Rather than fail there, the metrics take their limits (every call
waits, service level 0, infinite waits), so a surge interval shows up as "not enough agents"
instead of a crash or a NaN in a week-long table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scheduler.staffing.arrays import flat_broadcast, unflatten
from scheduler.staffing.logspace import log_erlang_b
from scheduler.staffing.validation import check_count, check_fraction, check_range

FloatArray = NDArray[np.float64]

_BISECTION_STEPS = 120


@dataclass(frozen=True)
class ErlangCMetrics:
    """Everything a planner reads off an Erlang C calculator, for given agents and load.

    Times are in seconds; each field is a float, or an array shaped like the inputs.
    """

    agents: Any
    load: Any
    p_wait: Any  # probability that a call waits at all (the Erlang C formula)
    service_level: Any  # probability that a call is answered within the target time
    asa_s: Any  # average speed of answer: mean wait over all calls
    avg_delay_delayed_s: Any  # mean wait of the calls that do wait: AHT / (N − A)
    q1_mean_queue: Any  # mean number of calls waiting, over all time
    q2_mean_queue_given_all_busy: Any  # mean number waiting while every agent is busy
    mean_queue_given_queue: Any  # mean number waiting while at least one call waits
    occupancy: Any  # fraction of agent time spent handling calls
    trunk_load_erlangs: Any  # lines in use (talking + waiting): size trunks for this

    def as_dict(self) -> dict[str, Any]:
        """Field name to value, e.g. for JSON output."""
        return asdict(self)


def wait_probability(n: FloatArray, load: FloatArray, blocking: FloatArray) -> FloatArray:
    """Erlang C from Erlang B, ``C = N·B / ((N − A) + A·B)``, valid for ``N > A``.

    Written as a sum of two positive terms so it stays accurate when N is just above A.
    """
    return n * blocking / ((n - load) + load * blocking)


def _stable_metrics(
    n: FloatArray, a: FloatArray, b: FloatArray, aht: FloatArray, t: FloatArray
) -> dict[str, FloatArray]:
    """The closed forms, for intervals with ``N > A > 0``."""
    gap = n - a
    p_wait = wait_probability(n, a, b)
    q1 = p_wait * a / gap
    return {
        "p_wait": p_wait,
        "service_level": 1.0 - p_wait * np.exp(-gap * t / aht),
        "asa_s": p_wait * aht / gap,
        "avg_delay_delayed_s": aht / gap,
        "q1_mean_queue": q1,
        "q2_mean_queue_given_all_busy": a / gap,
        "mean_queue_given_queue": n / gap,
        "occupancy": a / n,
        "trunk_load_erlangs": a + q1,
    }


def _overloaded_metrics(n: FloatArray, a: FloatArray, aht: FloatArray) -> dict[str, FloatArray]:
    """The limits for ``N <= A`` (A > 0): the queue grows forever, every call waits."""
    inf = np.full_like(n, np.inf)
    return {
        "p_wait": np.ones_like(n),
        "service_level": np.zeros_like(n),
        "asa_s": inf,
        "avg_delay_delayed_s": inf,
        "q1_mean_queue": inf,
        "q2_mean_queue_given_all_busy": inf,
        "mean_queue_given_queue": inf,
        "occupancy": np.where(n > 0, 1.0, 0.0),  # no agents: nobody is busy
        "trunk_load_erlangs": inf,
    }


def _idle_metrics(n: FloatArray, aht: FloatArray) -> dict[str, FloatArray]:
    """No calls: nobody waits. A call that did wait would wait AHT/N (forever with no agents)."""
    zero = np.zeros_like(n)
    with np.errstate(divide="ignore"):
        delayed = np.where(n > 0, aht / np.maximum(n, 1.0), np.inf)
    return {
        "p_wait": zero,
        "service_level": np.ones_like(n),
        "asa_s": zero,
        "avg_delay_delayed_s": delayed,
        "q1_mean_queue": zero,
        "q2_mean_queue_given_all_busy": zero,
        "mean_queue_given_queue": np.ones_like(n),
        "occupancy": zero,
        "trunk_load_erlangs": zero,
    }


def erlang_c_arrays(
    n: FloatArray, a: FloatArray, aht: FloatArray, t: FloatArray
) -> dict[str, FloatArray]:
    """All Erlang C metrics on flat, validated arrays (the engine behind the public calls)."""
    out = {name: np.empty_like(n) for name in ErlangCMetrics.__dataclass_fields__}
    del out["agents"], out["load"]
    idle = a <= 0.0
    stable = (n > a) & ~idle
    over = ~stable & ~idle
    b = np.exp(log_erlang_b(n[stable], a[stable]))
    parts = [
        (stable, _stable_metrics(n[stable], a[stable], b, aht[stable], t[stable])),
        (over, _overloaded_metrics(n[over], a[over], aht[over])),
        (idle, _idle_metrics(n[idle], aht[idle])),
    ]
    for mask, values in parts:
        for name, value in values.items():
            out[name][mask] = value
    return out


def erlang_c(agents: ArrayLike, load: ArrayLike) -> Any:
    """Probability that a call has to wait, with ``agents`` agents and ``load`` Erlangs.

    1 when ``agents <= load`` (every call waits), 0 with no load.
    """
    n = check_count("agents", agents)
    a = check_range("load", load, low=0.0)
    shape, (n_flat, a_flat) = flat_broadcast(n, a)
    ones = np.ones_like(n_flat)
    return unflatten(erlang_c_arrays(n_flat, a_flat, ones, ones)["p_wait"], shape)


def erlang_c_metrics(
    agents: ArrayLike, load: ArrayLike, aht_s: ArrayLike, target_time_s: ArrayLike
) -> ErlangCMetrics:
    """Every Erlang C metric for ``agents`` agents, ``load`` Erlangs, handle time ``aht_s``.

    ``target_time_s`` is the answer-time threshold of the service level (the "20" in 80/20).
    """
    n = check_count("agents", agents)
    a = check_range("load", load, low=0.0)
    aht = check_range("aht_s", aht_s, low=0.0, low_open=True)
    t = check_range("target_time_s", target_time_s, low=0.0)
    shape, (n_f, a_f, aht_f, t_f) = flat_broadcast(n, a, aht, t)
    values = erlang_c_arrays(n_f, a_f, aht_f, t_f)
    shaped = {name: unflatten(value, shape) for name, value in values.items()}
    return ErlangCMetrics(agents=unflatten(n_f, shape), load=unflatten(a_f, shape), **shaped)


def erlang_c_max_load(agents: ArrayLike, max_p_wait: ArrayLike) -> Any:
    """Largest load (Erlangs) that ``agents`` agents carry with P(wait) at most ``max_p_wait``.

    P(wait) rises with the load from 0 to 1 at ``A = N``: bisect on ``[0, N]``.
    """
    n = check_count("agents", agents)
    target = check_fraction("max_p_wait", max_p_wait, zero_ok=False, one_ok=True)
    shape, (n_flat, p_flat) = flat_broadcast(n, target)
    lo, hi = np.zeros_like(n_flat), n_flat.copy()
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        blocking = np.exp(log_erlang_b(n_flat, mid))
        with np.errstate(divide="ignore", invalid="ignore"):
            p_wait = np.where(mid > 0, wait_probability(n_flat, mid, blocking), 0.0)
        ok = p_wait <= p_flat
        lo = np.where(ok, mid, lo)
        hi = np.where(ok, hi, mid)
    return unflatten(lo, shape)
