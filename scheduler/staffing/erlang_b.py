"""Erlang B (M/M/N/N): blocked calls are lost. Used to size trunks, lines and IVR ports.

Callers who find every line busy get a busy tone, so the question is the blocking probability
for N lines, or the fewest lines (or the most traffic) for a blocking target.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from scheduler.staffing.arrays import flat_broadcast, unflatten
from scheduler.staffing.compare import at_most
from scheduler.staffing.logspace import log_erlang_b
from scheduler.staffing.validation import check_count, check_fraction, check_range

_BISECTION_STEPS = 120


def erlang_b(lines: ArrayLike, load: ArrayLike) -> Any:
    """Blocking probability ``B(N, A)`` for ``lines`` servers offered ``load`` Erlangs.

    Exact for any N (computed in log space, no factorials); vectorised over arrays.
    """
    n = check_count("lines", lines)
    a = check_range("load", load, low=0.0)
    shape, (n_flat, a_flat) = flat_broadcast(n, a)
    return unflatten(np.exp(log_erlang_b(n_flat, a_flat)), shape)


def erlang_b_lines(load: ArrayLike, max_blocking: ArrayLike) -> Any:
    """Fewest lines whose blocking probability is at most ``max_blocking``.

    Starts from ``A·(1 − b)`` (below it, ``B >= 1 − N/A > b``) and steps every interval up
    together with the stable recursion ``B(n+1) = A·B / (n + 1 + A·B)``.
    """
    a = check_range("load", load, low=0.0)
    target = check_fraction("max_blocking", max_blocking, zero_ok=False, one_ok=True)
    shape, (a_flat, b_flat) = flat_broadcast(a, target)
    n = np.maximum(np.floor(a_flat * (1.0 - b_flat) * (1.0 - 1e-9)), 0.0)
    blocking = np.exp(log_erlang_b(n, a_flat))
    result = np.zeros(a_flat.size, dtype=np.int64)
    active = np.flatnonzero(a_flat > 0.0)  # no traffic needs no line
    while active.size:
        done = at_most(blocking[active], b_flat[active])
        result[active[done]] = n[active[done]]
        active = active[~done]
        n[active] += 1.0
        ab = a_flat[active] * blocking[active]
        blocking[active] = ab / (n[active] + ab)
    return unflatten(result, shape)


def erlang_b_max_load(lines: ArrayLike, max_blocking: ArrayLike) -> Any:
    """Largest offered load (Erlangs) that ``lines`` carry with blocking at most ``max_blocking``.

    B grows with the load, so bisection between 0 and ``N / (1 − b)`` (where ``B >= b``) converges
    to full double precision. A 100 % blocking target admits any load (``inf``).
    """
    n = check_count("lines", lines)
    target = check_fraction("max_blocking", max_blocking, zero_ok=False, one_ok=True)
    shape, (n_flat, b_flat) = flat_broadcast(n, target)
    with np.errstate(divide="ignore"):
        high = np.where(b_flat < 1.0, n_flat / (1.0 - b_flat), np.inf)
    low = np.zeros_like(high)
    finite = np.isfinite(high)
    log_target = np.log(b_flat[finite])
    lo, hi, nf = low[finite], high[finite], n_flat[finite]
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        ok = log_erlang_b(nf, mid) <= log_target
        lo = np.where(ok, mid, lo)
        hi = np.where(ok, hi, mid)
    low[finite] = lo
    low[~finite] = np.inf
    return unflatten(low, shape)
