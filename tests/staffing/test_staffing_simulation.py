"""Erlang A against a discrete-event simulation of the same queue (seeded, a few seconds).

Callers arrive as a Poisson process, are served first come first served by N agents with
exponential handle times, and hang up after an exponential patience. With FCFS, a caller's
virtual wait V is simply the time until the earliest agent frees up from the callers served
before them, so each caller takes one heap operation. Every measure is compared with the
closed form within four standard errors estimated by batch means.
"""

from __future__ import annotations

import heapq

import numpy as np
import pytest

from scheduler.staffing import erlang_a_metrics

CUSTOMERS = 120_000
BATCHES = 20


def simulate(n: int, load: float, aht: float, patience: float, t: float, seed: int):
    """Per-caller outcomes after a warm-up: dict of measure -> per-caller values."""
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(aht / load, CUSTOMERS))
    services = rng.exponential(aht, CUSTOMERS)
    patiences = rng.exponential(patience, CUSTOMERS)
    free = [0.0] * n
    virtual = np.empty(CUSTOMERS)
    for i, (arrival, service, limit) in enumerate(
        zip(arrivals.tolist(), services.tolist(), patiences.tolist(), strict=True)
    ):
        wait = max(0.0, free[0] - arrival)
        virtual[i] = wait
        if wait <= limit:
            heapq.heapreplace(free, arrival + wait + service)
    served = virtual <= patiences
    keep = slice(CUSTOMERS // 10, None)
    return {
        "p_wait": (virtual > 0)[keep],
        "p_abandon": (~served)[keep],
        "service_level_virtual": (virtual <= t)[keep],
        "service_level_offered": (served & (virtual <= t))[keep],
        "asa_virtual_s": virtual[keep],
        "asa_offered_s": np.minimum(virtual, patiences)[keep],
        # busy agent-seconds per caller, over N agent-seconds per caller (a ratio estimator)
        "occupancy": np.where(served, services, 0.0)[keep] * load / (n * aht),
    }


@pytest.mark.parametrize(
    ("n", "load", "aht", "patience", "t", "seed"),
    [
        (10, 9.0, 180.0, 120.0, 20.0, 1),  # near 90 % load, patient callers
        (8, 10.0, 240.0, 60.0, 30.0, 2),  # a surge: load above the agents
    ],
)
def test_erlang_a_matches_simulation(
    n: int, load: float, aht: float, patience: float, t: float, seed: int
) -> None:
    exact = erlang_a_metrics(n, load, aht, patience, t).as_dict()
    for name, samples in simulate(n, load, aht, patience, t, seed).items():
        batches = np.array_split(samples.astype(float), BATCHES)
        means = np.array([b.mean() for b in batches])
        error = means.std(ddof=1) / np.sqrt(BATCHES)
        assert abs(means.mean() - exact[name]) <= 4 * error + 1e-3, name
