"""A second search on the bound's core once the pattern bound has converged.

Up to ``bound.PATTERN_AGENTS`` agents the pattern LP converges well before the time limit
(on a 2-vCPU Xeon: the demo in about 10 s, gen-200 in about 15 s), and the bound's process
then sat idle while the search ran on the other core alone. Now it searches too: from the
converged LP's weeks (``lp_start``) with its own seeds, best-response sweeps and late
acceptance in rounds as the main search does (trims and soft rounds too: ``trim``,
``oscillation``); the cheapest of a race of starts from the weeks goes on, and a new race
follows whenever it has stopped improving (``restarts``), until the main search's late
acceptance ends (``SearchPlan.until``); then it sends its cheapest roster, and the solve
keeps the cheaper of the two (``solve``). Costs are the search's own model costs on both
sides, so they compare.

Not under a move budget (its rosters depend on the clock) nor with one worker (no second
core); above ``PATTERN_AGENTS`` the Lagrangian ascent keeps the bound's core to the end.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from scheduler.optimise.lp_start import Weeks
from scheduler.optimise.restarts import race, race_seeds
from scheduler.optimise.roster_state import RosterBuilder, RosterSnapshot, snapshot

MIN_SECONDS = 2.0  # a second search with less time than this is not started


@dataclass(frozen=True)
class SearchPlan:
    """What the bound's process needs to search beside the main search."""

    seed: int  # the solve's: its races take ``restarts.race_seeds(seed, 1)``
    until: float  # time.monotonic() by which the roster must be sent
    history: int
    round_seconds: float


@dataclass(frozen=True)
class FoundRoster:
    """A roster from the bound's process and its cost in the search's own terms."""

    cost: float
    roster: RosterSnapshot
    starts: int = 1  # searches begun from the weeks (``restarts``)


def search_weeks(builder: RosterBuilder, weeks: Weeks, plan: SearchPlan) -> FoundRoster | None:
    """Best responses then late-acceptance rounds from ``weeks`` until ``plan.until``, the
    cheapest of a race of starts going on (``restarts.race``), raced again whenever it has
    stopped improving; the cheapest roster found, or None when too little time is left or
    a week breaks a rule the builder checks."""
    found: FoundRoster | None = None
    seeds = race_seeds(plan.seed, 1)
    starts = 0
    while plan.until - time.monotonic() >= MIN_SECONDS:
        limits = (plan.until, plan.round_seconds)
        raced = race(builder, weeks, seeds, plan.history, limits)
        if raced is None:
            break
        rounds, patience, began = raced
        starts += began
        while time.monotonic() < plan.until and not patience.spent(plan.until):
            patience.heard(rounds.round(plan.until, plan.round_seconds))
        cost = rounds.finish()
        if found is None or cost < found.cost - 1e-6:
            found = FoundRoster(cost, snapshot(rounds.search[0].b), starts)
        else:
            found = FoundRoster(found.cost, found.roster, starts)
    return found
