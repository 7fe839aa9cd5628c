"""Log-space building blocks: Poisson terms, incomplete gamma and Erlang B without overflow.

Every queueing formula here is a ratio of partial sums of ``A**k / k!``. Written naively these
overflow long before the thousands of agents of a large centre (``1000!`` has 2,568 digits), and
the textbook factorial loop loses all precision well before that. Instead each sum is expressed
through the regularised incomplete gamma function (``scipy.special``, accurate to ~1e-14 and O(1)
in the number of agents) and handled as a logarithm. Where that function underflows (a sum that
is smaller than 1e-280 of its total), the few terms that matter are summed directly: this only
happens far in a tail, where the series converges geometrically.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from scipy import special

FloatArray = NDArray[np.float64]

_HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)
_TINY = 1e-280  # below this, scipy's result is near the denormal range: recompute in logs
_SERIES_EPS = 1e-17  # a series term this small relative to the sum no longer changes a double
_MAX_SERIES_TERMS = 100_000_000  # a guard against an endless loop, never reached in practice
_CHUNK_STEPS = np.arange(1.0, 65.0)


def _stirling_error(a: FloatArray) -> FloatArray:
    """``ln Γ(a+1) − [(a + ½) ln a − a + ½ ln 2π]`` for ``a >= 1``, without cancellation.

    Subtracting two numbers of size ``a ln a`` would leave an absolute error of ``a ln a`` ulps;
    the asymptotic series gives the small difference directly for large ``a``.
    """
    out = np.empty_like(a)
    large = a >= 15.0
    inv = 1.0 / a[large]
    inv2 = inv * inv
    out[large] = inv * (
        1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188)))
    )
    small = a[~large]
    out[~large] = special.gammaln(small + 1.0) - (small + 0.5) * np.log(small) + small
    out[~large] -= _HALF_LOG_2PI
    return out


def log_poisson(a: FloatArray, z: FloatArray) -> FloatArray:
    """``ln(z**a · e**−z / Γ(a+1))``: a Poisson probability, for real ``a >= 0`` and ``z >= 0``.

    For ``a >= 1`` it uses Loader's saddle-point form ``−a·(r − 1 − ln r) − ½ ln(2πa) − stirling``
    with ``r = z/a``, whose rounding error is proportional to ``|z − a|`` rather than to
    ``a ln a``: that keeps 1e-12 relative accuracy even with ``a`` in the millions.
    """
    a, z = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(z, np.float64))
    out = np.empty(a.shape)
    large = a >= 1.0
    al, zl = a[large], z[large]
    ratio = zl / al
    with np.errstate(divide="ignore", invalid="ignore"):
        # a·(r − 1 − ln r): log1p near r = 1 where the terms cancel, a plain log far from it
        # (where 1 + (r − 1) would round r away, e.g. r = 1e-17 to 0)
        near = np.abs(ratio - 1.0) < 0.5
        log_ratio = np.where(near, np.log1p(ratio - 1.0), np.log(ratio))
        deviance = al * ((ratio - 1.0) - log_ratio)
    out[large] = -deviance - _stirling_error(al) - _HALF_LOG_2PI - 0.5 * np.log(al)
    asmall, zsmall = a[~large], z[~large]
    with np.errstate(divide="ignore"):
        out[~large] = special.xlogy(asmall, zsmall) - zsmall - special.gammaln(asmall + 1.0)
    return out


def _log_positive_series(
    log_ratio: Callable[[NDArray[np.intp], FloatArray], FloatArray], count: int
) -> FloatArray:
    """``ln Σ_{j>=0} Π_{i=1..j} r_i`` for ``count`` series at once, ``ln r_i = log_ratio(rows, i)``.

    Only for series whose ratios are below 1 (terms shrinking): then all terms are positive and
    the plain sum is exact. Terms are formed in chunks of 64 from cumulative sums of log ratios,
    so a slowly converging series costs one numpy pass per 64 terms, not one per term.
    """
    total = np.ones(count)
    log_last = np.zeros(count)
    active = np.arange(count)
    offset = 0
    while active.size and offset < _MAX_SERIES_TERMS:
        i = offset + _CHUNK_STEPS
        log_terms = log_last[active, None] + np.cumsum(log_ratio(active, i), axis=1)
        total[active] += np.exp(log_terms).sum(axis=1)
        log_last[active] = log_terms[:, -1]
        offset += _CHUNK_STEPS.size
        active = active[np.exp(log_last[active]) > _SERIES_EPS * total[active]]
    return np.log(total)


def _log_rising_series(a: FloatArray, z: FloatArray) -> FloatArray:
    """``ln Σ_{j>=0} z**j / ((a+1)(a+2)…(a+j))`` summed directly, for ``z`` well below ``a``."""
    with np.errstate(divide="ignore"):
        log_z = np.log(z)  # z = 0 gives -inf: the sum is just its first term, 1

    def log_ratio(rows: NDArray[np.intp], i: FloatArray) -> FloatArray:
        return log_z[rows, None] - np.log(a[rows, None] + i)

    return _log_positive_series(log_ratio, a.size)


def log_rising_sum(a: FloatArray, z: FloatArray) -> FloatArray:
    """``ln S_a(z)`` where ``S_a(z) = Σ_{j>=0} z**j / ((a+1)…(a+j)) = P(a, z) / poisson(a; z)``.

    ``P`` is the regularised lower incomplete gamma. In the Erlang A chain, ``S`` is the total
    weight of the states with a queue relative to the state where every agent has just become
    busy (``a = N·patience/AHT``, ``z = λ·patience``). Where ``P`` underflows (``z`` far below
    ``a``), the series is summed directly rather than recovered from two huge logarithms.
    """
    a, z = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(z, np.float64))
    value = special.gammainc(a, z)
    out = np.empty(a.shape)
    ok = value > _TINY
    out[ok] = np.log(value[ok]) - log_poisson(a[ok], z[ok])
    low = ~ok
    if low.any():
        out[low] = _log_rising_series(a[low], z[low])
    return out


def _log_inverse_b_series(n: FloatArray, load: FloatArray) -> FloatArray:
    """``ln(1/B(n, A)) = ln Σ_{i=0..n} n!/((n−i)!·A**i)`` summed directly, for ``A`` well above n.

    There the ratio of terms ``(n − i + 1)/A`` is below 1 from the start, so few terms matter.
    """
    log_load = np.log(load)

    def log_ratio(rows: NDArray[np.intp], i: FloatArray) -> FloatArray:
        return np.log(np.maximum(n[rows, None] - i + 1.0, 0.0)) - log_load[rows, None]

    with np.errstate(divide="ignore"):
        return _log_positive_series(log_ratio, n.size)


def log_erlang_b(n: FloatArray, load: FloatArray) -> FloatArray:
    """``ln B(n, A)``: log of the Erlang B blocking probability, n >= 0 servers, A >= 0 Erlangs.

    ``B(n, A) = poisson(n; A) / P(Poisson(A) <= n)``; the denominator is the upper incomplete
    gamma ``Q(n+1, A)``, which only underflows under overload far beyond n, where the direct
    series is short. ``A = 0`` gives ``−inf`` (no blocking) except with no servers at all.
    """
    n, load = np.broadcast_arrays(np.asarray(n, np.float64), np.asarray(load, np.float64))
    out = np.empty(n.shape)
    idle = load <= 0.0
    out[idle] = np.where(n[idle] == 0.0, 0.0, -np.inf)
    busy = ~idle
    nb, ab = n[busy], load[busy]
    upper = special.gammaincc(nb + 1.0, ab)
    result = np.empty(nb.shape)
    ok = upper > _TINY
    result[ok] = log_poisson(nb[ok], ab[ok]) - np.log(upper[ok])
    low = ~ok
    if low.any():
        result[low] = -_log_inverse_b_series(nb[low], ab[low])
    out[busy] = result
    return out
