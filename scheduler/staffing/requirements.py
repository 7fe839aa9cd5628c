"""Minimum agents: the smallest head count on the phones that meets every target at once.

Targets combine as a planner states them: a service level (e.g. 80 % within 20 s), an ASA cap,
a P(wait) cap, an occupancy cap (agents burn out above ~85-90 %) and, for Erlang A, an
abandonment cap. All of them improve monotonically with more agents, so the answer is the
first agent count that meets them all, and the searches below return exactly what a linear scan
from one agent would, only for every interval at once:

* Erlang C steps all intervals up together from ``max(⌊A⌋ + 1, ⌊A / max occupancy⌋)`` (no
  fewer agents can be stable or meet the cap), carrying Erlang B by its stable recursion, so
  each step costs a few array operations on the intervals still short;
* Erlang A has no such floor (a surge can need fewer agents than Erlangs), so it brackets the
  answer by doubling and then bisects, all intervals at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scheduler.staffing.arrays import flat_broadcast, unflatten
from scheduler.staffing.compare import at_least, at_most
from scheduler.staffing.erlang_a import DEFINITIONS, Definition, ErlangAChain
from scheduler.staffing.erlang_c import wait_probability
from scheduler.staffing.errors import StaffingInputError
from scheduler.staffing.logspace import log_erlang_b
from scheduler.staffing.validation import check_choice, check_fraction, check_range

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Targets:
    """Per-interval targets as flat arrays; a target that is not set holds a value always met."""

    sl: FloatArray  # minimum service level (0: none)
    time_s: FloatArray  # answer time of the service level
    asa_s: FloatArray  # maximum ASA (inf: none)
    p_wait: FloatArray  # maximum P(wait) (1: none)
    occupancy: FloatArray  # maximum occupancy (1: none)
    abandon: FloatArray  # maximum P(abandon), Erlang A only (1: none)

    def take(self, index: NDArray[np.intp]) -> Targets:
        """The targets of a subset of intervals."""
        return Targets(*(getattr(self, f)[index] for f in self.__dataclass_fields__))


def check_targets(
    target_sl: ArrayLike | None,
    target_time_s: ArrayLike | None,
    target_asa_s: ArrayLike | None,
    max_p_wait: ArrayLike | None,
    max_occupancy: ArrayLike | None,
    max_abandon: ArrayLike | None = None,
) -> list[FloatArray]:
    """Validate the targets a planner set and fill in the ones left unset.

    A 100 % service level or a zero ASA are never reached while calls arrive at random, so they
    are refused rather than searched for forever.
    """
    if target_sl is not None and target_time_s is None:
        raise StaffingInputError("target_time_s", "required with target_sl (the 20 in 80/20)")

    def pick(value: ArrayLike | None, default: float) -> ArrayLike:
        return default if value is None else value

    return [
        check_fraction("target_sl", pick(target_sl, 0.0), zero_ok=True, one_ok=False),
        check_range("target_time_s", pick(target_time_s, 0.0), low=0.0),
        check_range(
            "target_asa_s", pick(target_asa_s, np.inf), low=0.0, low_open=True, finite=False
        ),
        check_fraction("max_p_wait", pick(max_p_wait, 1.0), zero_ok=False, one_ok=True),
        check_fraction("max_occupancy", pick(max_occupancy, 1.0), zero_ok=False, one_ok=True),
        check_fraction("max_abandon", pick(max_abandon, 1.0), zero_ok=False, one_ok=True),
    ]


def _erlang_c_meets(
    n: FloatArray, a: FloatArray, b: FloatArray, aht: FloatArray, tg: Targets
) -> NDArray[np.bool_]:
    """Whether N agents (N > A, Erlang B value ``b``) meet every target."""
    gap = n - a
    p_wait = wait_probability(n, a, b)
    sl = 1.0 - p_wait * np.exp(-gap * tg.time_s / aht)
    asa = p_wait * aht / gap
    return (
        at_least(sl, tg.sl)
        & at_most(asa, tg.asa_s)
        & at_most(p_wait, tg.p_wait)
        & at_most(a / n, tg.occupancy)
    )


def erlang_c_search(load: FloatArray, aht: FloatArray, targets: Targets) -> IntArray:
    """Minimum agents under Erlang C, on flat validated arrays (no load: 0 agents)."""
    result = np.zeros(load.size, dtype=np.int64)
    index = np.flatnonzero(load > 0.0)
    a, ahts, tg = load[index], aht[index], targets.take(index)
    n = np.maximum(np.floor(a) + 1.0, np.floor(a / tg.occupancy * (1.0 - 1e-9)))
    b = np.exp(log_erlang_b(n, a))
    while index.size:
        done = _erlang_c_meets(n, a, b, ahts, tg)
        if done.any():
            result[index[done]] = n[done]
            keep = ~done
            index, n, a, b, ahts = index[keep], n[keep], a[keep], b[keep], ahts[keep]
            tg = tg.take(np.flatnonzero(keep))
        n = n + 1.0
        ab = a * b
        b = ab / (n + ab)
    return result


def _erlang_a_meets(
    n: FloatArray,
    a: FloatArray,
    aht: FloatArray,
    patience: FloatArray,
    tg: Targets,
    definition: Definition,
) -> NDArray[np.bool_]:
    """Whether N agents meet every target under Erlang A (ASA computed only where capped)."""
    chain = ErlangAChain(n, a, aht, patience)
    ok = (
        at_least(chain.service_level(tg.time_s, definition), tg.sl)
        & at_most(chain.p_wait, tg.p_wait)
        & at_most(chain.p_abandon, tg.abandon)
        & at_most(chain.occupancy(), tg.occupancy)
    )
    capped = np.flatnonzero(ok & np.isfinite(tg.asa_s))
    if capped.size:
        sub = ErlangAChain(n[capped], a[capped], aht[capped], patience[capped])
        ok[capped] = at_most(sub.asa(definition), tg.asa_s[capped])
    return ok


def erlang_a_search(
    load: FloatArray,
    aht: FloatArray,
    patience: FloatArray,
    targets: Targets,
    definition: Definition,
) -> IntArray:
    """Minimum agents (at least 1 when calls arrive) under Erlang A, on flat validated arrays.

    Doubling finds a feasible upper bound, then bisection keeps ``lo`` infeasible and ``hi``
    feasible until they are adjacent; monotonicity of every metric in N makes this exact.
    """
    result = np.zeros(load.size, dtype=np.int64)
    index = np.flatnonzero(load > 0.0)
    a, ah, pat, tg = load[index], aht[index], patience[index], targets.take(index)
    lo = np.zeros_like(a)
    hi = np.maximum(np.ceil(a), 1.0)
    step = np.ceil(np.sqrt(a)) + 1.0
    short = np.arange(a.size)
    while short.size:
        ok = _erlang_a_meets(hi[short], a[short], ah[short], pat[short], tg.take(short), definition)
        short = short[~ok]
        lo[short] = hi[short]
        hi[short] += step[short]
        step[short] *= 2.0
    open_ = np.flatnonzero(hi - lo > 1.0)
    while open_.size:
        mid = np.floor(0.5 * (lo[open_] + hi[open_]))
        ok = _erlang_a_meets(mid, a[open_], ah[open_], pat[open_], tg.take(open_), definition)
        hi[open_] = np.where(ok, mid, hi[open_])
        lo[open_] = np.where(ok, lo[open_], mid)
        open_ = open_[hi[open_] - lo[open_] > 1.0]
    result[index] = hi
    return result


def erlang_c_agents(
    load: ArrayLike,
    aht_s: ArrayLike,
    *,
    target_sl: ArrayLike | None = None,
    target_time_s: ArrayLike | None = None,
    target_asa_s: ArrayLike | None = None,
    max_p_wait: ArrayLike | None = None,
    max_occupancy: ArrayLike | None = None,
) -> Any:
    """Fewest agents meeting every given target under Erlang C (always more agents than Erlangs).

    All arguments broadcast (one value per interval and queue, or one for all); unset targets
    are not applied. Returns an int, or an int64 array of the broadcast shape.
    """
    a = check_range("load", load, low=0.0)
    aht = check_range("aht_s", aht_s, low=0.0, low_open=True)
    checked = check_targets(target_sl, target_time_s, target_asa_s, max_p_wait, max_occupancy)
    shape, (a_f, aht_f, *tg) = flat_broadcast(a, aht, *checked)
    return unflatten(erlang_c_search(a_f, aht_f, Targets(*tg)), shape)


def erlang_a_agents(
    load: ArrayLike,
    aht_s: ArrayLike,
    patience_s: ArrayLike,
    *,
    target_sl: ArrayLike | None = None,
    target_time_s: ArrayLike | None = None,
    target_asa_s: ArrayLike | None = None,
    max_abandon: ArrayLike | None = None,
    max_p_wait: ArrayLike | None = None,
    max_occupancy: ArrayLike | None = None,
    definition: Definition = "virtual",
) -> Any:
    """Fewest agents meeting every given target under Erlang A (mean patience ``patience_s``).

    ``definition`` picks how service level and ASA are measured: ``"virtual"`` (Koole/CCmath)
    or ``"offered"`` (pyworkforce); see :mod:`scheduler.staffing.erlang_a`. At least one agent
    is required whenever calls arrive. Under ``"virtual"`` the answer never exceeds Erlang C's
    for the same targets (abandons only shorten the queue); under ``"offered"`` it can, since a
    caller who hangs up counts as a miss. Patience beyond ~1e6 × AHT is Erlang C in all but
    name and only slows the series down: use :func:`erlang_c_agents` there.
    """
    a = check_range("load", load, low=0.0)
    aht = check_range("aht_s", aht_s, low=0.0, low_open=True)
    patience = check_range("patience_s", patience_s, low=0.0, low_open=True)
    check_choice("definition", definition, DEFINITIONS)
    checked = check_targets(
        target_sl, target_time_s, target_asa_s, max_p_wait, max_occupancy, max_abandon
    )
    shape, (a_f, aht_f, pat_f, *tg) = flat_broadcast(a, aht, patience, *checked)
    return unflatten(erlang_a_search(a_f, aht_f, pat_f, Targets(*tg), definition), shape)
