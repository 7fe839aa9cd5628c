"""From replications to estimates: tallies per queue and interval, means and their intervals.

Estimates pool the calls of all replications (calls answered in time / calls offered); the
interval is a Student t one over replications by the delta method for a ratio, because calls of
one replication are not independent of each other but replications are. For shares the
interval is widened to at least the Wilson interval of all the calls seen: an interval where
every replication answered every call in time would otherwise claim a certainty that 30
callers cannot give.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from scheduler.simulate.arrivals import CallStream
from scheduler.simulate.engine import CallOutcomes

TALLIES = ("offered", "answered", "in_time", "wait_sum", "queue_time_sum", "borrowed", "lent")


@dataclass
class Tallies:
    """Counts per replication (axis 0), queue (axis 1) and interval (axis 2)."""

    shape: tuple[int, int, int]
    values: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in TALLIES:
            self.values[name] = np.zeros(self.shape)

    def add(
        self,
        replication: int,
        calls: CallStream,
        outcomes: CallOutcomes,
        interval_s: float,
        service_s: np.ndarray,
    ) -> None:
        """Count one replication's callers into their arrival interval."""
        intervals = self.shape[2]
        end_s = intervals * interval_s
        index = np.minimum((calls.arrival_s // interval_s).astype(np.intp), intervals - 1)
        answered = ~np.isnan(outcomes.answered_s)
        wait = np.where(answered, outcomes.answered_s - calls.arrival_s, 0.0)
        queue_time = np.where(answered, wait, np.minimum(calls.patience_s, end_s - calls.arrival_s))
        in_time = answered & (wait <= service_s[calls.queue])
        server = outcomes.server_queue
        borrowed = answered & (server != calls.queue)
        where = (calls.queue, index)
        for name, weights in (
            ("offered", np.ones(len(calls))),
            ("answered", answered),
            ("in_time", in_time),
            ("wait_sum", wait),
            ("queue_time_sum", queue_time),
            ("borrowed", borrowed),
        ):
            np.add.at(self.values[name][replication], where, weights)
        np.add.at(self.values["lent"][replication], (server[borrowed], index[borrowed]), 1.0)


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    out = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _ratio_interval(
    numerator: np.ndarray, denominator: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pooled ratio over replications (axis 0) and its Student t interval (delta method).

    Pooling (all calls in time / all calls) estimates the share of *callers*, which is what
    the formulas give; averaging each replication's share would over-weight replications with
    few calls, which are the good ones, and bias service level upwards.
    """
    replications = numerator.shape[0]
    total = denominator.sum(axis=0)
    ratio = _ratio(numerator.sum(axis=0), total)
    residual = numerator - np.nan_to_num(ratio) * denominator
    mean_size = total / replications
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = (residual**2).sum(axis=0) / (replications * (replications - 1) * mean_size**2)
    t = stats.t.ppf(0.5 + confidence / 2, replications - 1)
    half = np.where(total > 0, t * np.sqrt(variance), np.nan)
    return ratio, ratio - half, ratio + half


def _wilson(
    successes: np.ndarray, trials: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    z = stats.norm.ppf(0.5 + confidence / 2)
    n = np.maximum(trials, 1)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    valid = trials > 0
    return np.where(valid, centre - half, np.nan), np.where(valid, centre + half, np.nan)


def _share(
    successes: np.ndarray, trials: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean, low, high = _ratio_interval(successes, trials, confidence)
    w_low, w_high = _wilson(successes.sum(axis=0), trials.sum(axis=0), confidence)
    return mean, np.clip(np.fmin(low, w_low), 0, 1), np.clip(np.fmax(high, w_high), 0, 1)


def estimates(tallies: Tallies, confidence: float) -> dict[str, np.ndarray]:
    """Per queue and interval: offered calls (mean), service level, abandonment, ASA (answered
    calls), time in queue (all calls) and borrowed / lent shares, with interval bounds."""
    v = tallies.values
    offered = v["offered"]
    out: dict[str, np.ndarray] = {"offered": offered.mean(axis=0)}
    out["sl"], out["sl_low"], out["sl_high"] = _share(v["in_time"], offered, confidence)
    lost = offered - v["answered"]
    out["abandon"], out["abandon_low"], out["abandon_high"] = _share(lost, offered, confidence)
    out["asa_s"], out["asa_low_s"], out["asa_high_s"] = _ratio_interval(
        v["wait_sum"], v["answered"], confidence
    )
    out["queue_time_s"] = _ratio(v["queue_time_sum"].sum(axis=0), offered.sum(axis=0))
    total = offered.sum(axis=0)
    out["borrowed_share"] = _ratio(v["borrowed"].sum(axis=0), total)
    out["lent_calls"] = v["lent"].mean(axis=0)
    return out
