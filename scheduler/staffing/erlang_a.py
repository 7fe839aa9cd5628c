"""Erlang A (M/M/N+M): Erlang C plus callers who hang up after an exponential patience.

In a surge Erlang C says the queue is infinite and asks for more agents than are needed: real
callers abandon, which shortens the wait of those behind them. Erlang A models that with a mean
patience, so it stays defined at any load, and is what a planner should use when abandonment is
material (or to cap it).

Notation: arrival rate λ = A/AHT, service rate μ = 1/AHT, abandonment rate θ = 1/patience. Above
the N agents, the queue is the birth–death chain with death rate Nμ + jθ. With ``y = Nμ/θ`` and
``x = λ/θ``, the weight of the queued states relative to "all agents just busy" is
``S_y(x) = Σ_j x**j / ((y+1)…(y+j)) = P(y, x) / poisson(y; x)``, an incomplete gamma, so every
metric below is O(1) per interval in log space, for any N and any patience.

Two service-level (and ASA) definitions are in use and both are provided, named:

* ``"virtual"`` — the wait V a caller *would* have if they never hung up (Koole, CCmath,
  "Erlang X"): SL = P(V <= t), ASA = E[V]. Given that the call waits, V = ln(x/T)/θ with T a
  Gamma(y) variable conditioned on T <= x, which gives the closed form P(y, x·e^−θt) / P(y, x).
* ``"offered"`` — over all offered calls (pyworkforce): SL = P(answered within t), so a caller
  who abandons counts as a failure; ASA = E[time in queue] = E[queue]/λ, which by Little's law
  and the abandonment rate is P(abandon)·patience.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from scheduler.staffing.arrays import flat_broadcast, unflatten
from scheduler.staffing.logspace import log_erlang_b, log_poisson, log_rising_sum
from scheduler.staffing.validation import check_choice, check_count, check_range

FloatArray = NDArray[np.float64]
Definition = Literal["virtual", "offered"]
DEFINITIONS: tuple[Definition, ...] = ("virtual", "offered")

_WINDOW_SDS = 10.0  # the queue-length window for E[V]: ± this many standard deviations
_CHUNK = 256


@dataclass(frozen=True)
class ErlangAMetrics:
    """Erlang A metrics for given agents, load and patience (times in seconds)."""

    agents: Any
    load: Any
    patience_s: Any
    p_wait: Any  # probability that an arriving call finds every agent busy
    p_abandon: Any  # fraction of offered calls that hang up before being answered
    service_level_virtual: Any  # P(V <= t), V the wait of a caller who would never hang up
    service_level_offered: Any  # P(answered within t) over all offered calls
    asa_virtual_s: Any  # E[V]
    asa_offered_s: Any  # mean time in queue over all offered calls, = E[queue] / λ
    mean_queue: Any  # mean number of calls waiting
    occupancy: Any  # answered-call occupancy: (1 − P(abandon))·A / N

    def service_level(self, definition: Definition) -> Any:
        """The service level under the named definition."""
        return getattr(self, f"service_level_{check_choice('definition', definition, DEFINITIONS)}")

    def asa_s(self, definition: Definition) -> Any:
        """The ASA under the named definition."""
        return getattr(self, f"asa_{check_choice('definition', definition, DEFINITIONS)}_s")

    def as_dict(self) -> dict[str, Any]:
        """Field name to value, e.g. for JSON output."""
        return asdict(self)


class ErlangAChain:
    """The stationary chain of flat, validated arrays, with the shared quantities precomputed.

    Three cases are kept apart so that none of them produces a NaN: no calls (nobody waits),
    no agents (every caller waits until abandoning) and the general case ``N >= 1, λ > 0``.
    """

    def __init__(self, n: FloatArray, a: FloatArray, aht: FloatArray, patience: FloatArray):
        self.n, self.a, self.aht, self.patience = n, a, aht, patience
        self.idle = a <= 0.0
        self.unstaffed = (n <= 0.0) & ~self.idle
        self.normal = ~self.idle & ~self.unstaffed
        m = self.normal
        self.y = n[m] * patience[m] / aht[m]  # Nμ/θ
        self.x = a[m] * patience[m] / aht[m]  # λ/θ
        self._log_s = {0.0: log_rising_sum(self.y, self.x), 1.0: log_rising_sum(self.y + 1, self.x)}
        self.p_wait = self._fill(1.0, 0.0, self._wait_probability())
        # P(abandon | wait) = 1 − (y/(y+1))·S_{y+1}/S_y: the share of waiting callers not served
        log_ratio = np.log(self.y / (self.y + 1.0)) + self._log_s[1.0] - self._log_s[0.0]
        self._p_abandon_if_wait = -np.expm1(log_ratio)
        self.p_abandon = self._fill(1.0, 0.0, self.p_wait[m] * self._p_abandon_if_wait)

    def _fill(
        self, unstaffed: float, idle: float, normal: FloatArray, probability: bool = True
    ) -> FloatArray:
        """Assemble a full-length array from the three cases (probabilities clipped to [0, 1])."""
        out = np.empty(self.n.shape)
        out[self.unstaffed], out[self.idle] = unstaffed, idle
        out[self.normal] = np.clip(normal, 0.0, 1.0) if probability else normal
        return out

    def _wait_probability(self) -> FloatArray:
        """P(wait) = (A/N)·S / (1/B(N−1, A) + (A/N)·S), evaluated as a log-sum."""
        m = self.normal
        log_inverse_b = -log_erlang_b(self.n[m] - 1.0, self.a[m])
        log_queue = np.log(self.a[m] / self.n[m]) + self._log_s[0.0]
        return np.exp(log_queue - np.logaddexp(log_inverse_b, log_queue))

    def _still_unserved(self, t: FloatArray, shift: float) -> FloatArray:
        """``P(a, x·e^−θt) / P(a, x)`` for ``a = y + shift``: see the module docstring.

        Written as a Poisson ratio (closed form, no cancellation) times a ratio of rising sums,
        so it neither underflows when ``x·e^−θt`` does nor loses digits when patience is long.
        """
        m = self.normal
        theta_t = t[m] / self.patience[m]
        a = self.y + shift
        log_poisson_ratio = -a * theta_t - self.x * np.expm1(-theta_t)
        log_sum_t = log_rising_sum(a, self.x * np.exp(-theta_t))
        return np.exp(log_poisson_ratio + log_sum_t - self._log_s[shift])

    def service_level(self, t: FloatArray, definition: Definition) -> FloatArray:
        """SL at answer time ``t`` under either definition (see the module docstring)."""
        p_wait = self.p_wait[self.normal]
        if definition == "virtual":
            sl = 1.0 - p_wait * self._still_unserved(t, 0.0)
        else:
            answered = p_wait * (1.0 - self._p_abandon_if_wait)
            sl = 1.0 - p_wait + answered * (1.0 - self._still_unserved(t, 1.0))
        return self._fill(0.0, 1.0, sl)

    def asa(self, definition: Definition) -> FloatArray:
        """ASA in seconds under either definition."""
        if definition == "offered":
            return self.p_abandon * self.patience
        m = self.normal
        harmonic = _expected_harmonic(self.y, self.x)
        return self._fill(np.inf, 0.0, self.p_wait[m] * self.patience[m] * harmonic, False)

    def occupancy(self) -> FloatArray:
        """Answered-call occupancy: busy agents / N = (1 − P(abandon))·A/N (0 with no agents)."""
        out = np.zeros(self.n.shape)
        m = self.normal
        out[m] = np.minimum((1.0 - self.p_abandon[m]) * self.a[m] / self.n[m], 1.0)
        return out


def _expected_harmonic(y: FloatArray, x: FloatArray) -> FloatArray:
    """``E[Σ_{i=0..J} 1/(y+i)]`` with ``P(J = j) ∝ poisson(y + j; x)``: θ·E[V | the call waits].

    A caller who finds j others queued waits for j+1 departures at rates Nμ + iθ. J is summed
    over a window of ±10 standard deviations around its mode, in chunks of all intervals at
    once; outside that window the weights are below e^−50 of the mode's.
    """
    mode = np.maximum(np.floor(x - y), 0.0)
    half = np.ceil(_WINDOW_SDS * np.sqrt(x + 1.0)) + 30.0
    with np.errstate(divide="ignore"):
        # with x < y the mode is j = 0 and the weights fall at least as fast as (x/(y+1))**j
        geometric = np.ceil(0.5 * _WINDOW_SDS**2 / np.log((y + 1.0) / x)) + 30.0
    half = np.where(x < y, np.minimum(half, geometric), half)
    start = np.maximum(mode - half, 0.0)
    stop = mode + half
    log_ref = log_poisson(y + mode, x)
    carry = special.digamma(y + start) - special.digamma(y)  # Σ_{i < start} 1/(y+i)
    weight_sum, weighted = np.zeros_like(y), np.zeros_like(y)
    steps = np.arange(_CHUNK, dtype=np.float64)
    active = np.arange(y.size)
    offset = 0.0
    while active.size:
        j = start[active, None] + offset + steps
        yj = y[active, None] + j
        harmonic = carry[active, None] + np.cumsum(1.0 / yj, axis=1)
        log_w = log_poisson(yj, np.broadcast_to(x[active, None], yj.shape))
        w = np.exp(log_w - log_ref[active, None]) * (j <= stop[active, None])
        weight_sum[active] += w.sum(axis=1)
        weighted[active] += (w * harmonic).sum(axis=1)
        carry[active] = harmonic[:, -1]
        offset += _CHUNK
        active = active[start[active] + offset <= stop[active]]
    return weighted / weight_sum


def _inputs(
    agents: ArrayLike, load: ArrayLike, aht_s: ArrayLike, patience_s: ArrayLike, *extra: FloatArray
) -> tuple[tuple[int, ...], list[FloatArray]]:
    n = check_count("agents", agents)
    a = check_range("load", load, low=0.0)
    aht = check_range("aht_s", aht_s, low=0.0, low_open=True)
    patience = check_range("patience_s", patience_s, low=0.0, low_open=True)
    return flat_broadcast(n, a, aht, patience, *extra)


def erlang_a_metrics(
    agents: ArrayLike,
    load: ArrayLike,
    aht_s: ArrayLike,
    patience_s: ArrayLike,
    target_time_s: ArrayLike,
) -> ErlangAMetrics:
    """Every Erlang A metric, both definitions, for the given agents, load and mean patience."""
    t = check_range("target_time_s", target_time_s, low=0.0)
    shape, (n, a, aht, patience, t_f) = _inputs(agents, load, aht_s, patience_s, t)
    chain = ErlangAChain(n, a, aht, patience)
    lam = np.divide(a, aht)
    asa_offered = chain.asa("offered")
    values = {
        "agents": n,
        "load": a,
        "patience_s": patience,
        "p_wait": chain.p_wait,
        "p_abandon": chain.p_abandon,
        "service_level_virtual": chain.service_level(t_f, "virtual"),
        "service_level_offered": chain.service_level(t_f, "offered"),
        "asa_virtual_s": chain.asa("virtual"),
        "asa_offered_s": asa_offered,
        "mean_queue": lam * asa_offered,
        "occupancy": chain.occupancy(),
    }
    return ErlangAMetrics(**{name: unflatten(v, shape) for name, v in values.items()})


def erlang_a_service_level(
    agents: ArrayLike,
    load: ArrayLike,
    aht_s: ArrayLike,
    patience_s: ArrayLike,
    target_time_s: ArrayLike,
    definition: Definition = "virtual",
) -> Any:
    """Erlang A service level at answer time ``target_time_s`` under the named definition."""
    check_choice("definition", definition, DEFINITIONS)
    t = check_range("target_time_s", target_time_s, low=0.0)
    shape, (n, a, aht, patience, t_f) = _inputs(agents, load, aht_s, patience_s, t)
    return unflatten(ErlangAChain(n, a, aht, patience).service_level(t_f, definition), shape)


def erlang_a_abandonment(
    agents: ArrayLike, load: ArrayLike, aht_s: ArrayLike, patience_s: ArrayLike
) -> Any:
    """Fraction of offered calls that abandon (hang up before an agent answers)."""
    shape, (n, a, aht, patience) = _inputs(agents, load, aht_s, patience_s)
    return unflatten(ErlangAChain(n, a, aht, patience).p_abandon, shape)
