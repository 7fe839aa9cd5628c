"""Alternate day re-optimisation (CP-SAT) and local search until time runs out or nothing moves."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from scheduler.optimise.day_model import reoptimise_day
from scheduler.optimise.local_search import LocalSearch
from scheduler.optimise.roster_state import RosterBuilder

MAX_FREE = 240  # agents re-opened at once: keeps each day model solvable in about a second


def sweep(
    builder: RosterBuilder,
    search: LocalSearch,
    deadline: float,
    workers: int,
    seed: int,
    report: Callable[[float], None],
) -> float:
    """Improve the builder's roster in place; returns the final cost."""
    rng = random.Random(seed)
    days = builder.instance.horizon.days
    cost = search.total()
    while time.monotonic() < deadline - 0.2:
        saved_pass = 0.0
        order = sorted(range(days), key=lambda d: -_row_costs(search, d))
        for day in order:
            if time.monotonic() >= deadline - 0.2:
                break
            for free in _groups(builder, day, rng):
                seconds = min(3.0, max(0.1, deadline - time.monotonic() - 0.1))
                saved = reoptimise_day(
                    builder, day, free, search.request_cost, seconds, workers, seed
                )
                if saved:
                    saved_pass += saved
                    cost -= saved
                    report(cost)
                if time.monotonic() >= deadline - 0.2:
                    break
        if time.monotonic() < deadline - 0.2:
            cost = search.run(min(deadline, time.monotonic() + 2.0))
            report(cost)
        if saved_pass <= 1e-6:
            break
    return search.total()


def _row_costs(search: LocalSearch, day: int) -> float:
    return sum(search.row_cost(day, k) for k in range(len(search.b.queues)))


def _groups(builder: RosterBuilder, day: int, rng: random.Random) -> list[list]:
    """The agents who could work ``day``, in random groups of at most ``MAX_FREE``."""
    candidates = [s for s in builder.states.values() if builder.domain(s.agent, day)]
    rng.shuffle(candidates)
    return [candidates[i : i + MAX_FREE] for i in range(0, len(candidates), MAX_FREE)]
