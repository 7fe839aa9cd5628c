"""LP weeks for large instances: column generation per group of queues, a start for the search.

Above ``bound.PATTERN_AGENTS`` the pattern master LP over every queue is too slow to use in a
plan (gen-1000, 8,746 rows: 21-44 s of HiGHS a round, 21-42k primal simplex iterations, its
LP still falling at round 18 after 15 minutes), yet its weeks are what start the search
best: from the weeks of its 5th / 10th / 15th round, held hours and 30 s of search gave
88,378 / 80,693 / 78,978 on gen-1000, against 91,541 from the Lagrangian ascent's weeks
(and ~93,000 for a whole 60-s plan). Faster masters were tried and dropped: interior point
without crossover (a round 3-28 s, the LP falling slowly: 167,725 after 15 rounds), an
iteration cap (no usable duals), 10,566 of the ascent's weeks as first columns (the first
solve 337 s), PDLP (not within 10^-3 in 120 s), breaks spread evenly instead of their rows
(a different LP: the demo's converged at 20,452 against 5,086).

So the queues are split into groups of ``GROUP_QUEUES`` (queues that share the most agents
together) and each agent into its primary queue's group, serving only that group's queues
there; each group's master is gen-200's size (2 queues), whose column generation converges
in seconds. The groups share the time; each one's LP weeks (``lp_start.weeks_by_weight``)
are merged into one week per agent. gen-1000, 30 s for the five groups: held hours and 30
s of search from them gave 81,293. The weeks serve one of each agent's own queues, so every
rule the full builder checks still holds; the split is a heuristic only, never a bound.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter

from scheduler.models.instance import Agent
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.lp_start import Weeks, roster_weeks, weeks_by_weight
from scheduler.optimise.patterns.generation import generate
from scheduler.optimise.roster_state import RosterBuilder

GROUP_QUEUES = 2  # queues per group: gen-200's master, which converges in ~12 s


def queue_groups(
    agents: list[Agent], queues: list[str], size: int = GROUP_QUEUES
) -> list[list[str]]:
    """Groups of at most ``size`` queues, each grown from its first queue (in the instance's
    order) by the queue sharing the most agents with it, so few agents lose a queue."""
    shared: Counter[tuple[str, str]] = Counter()
    for agent in agents:
        shared.update(itertools.combinations(sorted(set(agent.queues)), 2))
    left, groups = list(queues), []
    while left:
        group = [left.pop(0)]
        while len(group) < size and left:
            best = max(left, key=lambda q: sum(shared[tuple(sorted((q, g)))] for g in group))
            group.append(best)
            left.remove(best)
        groups.append(group)
    return groups


def group_weeks(builder: RosterBuilder, deadline: float) -> Weeks:
    """One week per agent from column generation per queue group, the groups sharing the
    time until ``deadline`` (a group left with none keeps its greedy weeks)."""
    agents = [state.agent for state in builder.states.values()]
    groups = queue_groups(agents, builder.queues)
    weeks: Weeks = {}
    for g, group in enumerate(groups):
        mine = _restricted(agents, set(group))
        if not mine:
            continue
        share = (deadline - time.monotonic()) / (len(groups) - g)
        members = greedy_builder(builder.catalogue, mine)
        generation = generate(members, time.monotonic() + max(0.0, share))
        if generation.lp is not None and generation.master is not None:
            weeks.update(weeks_by_weight(generation.master))
        else:
            weeks.update(roster_weeks(members))
    return weeks


def _restricted(agents: list[Agent], group: set[str]) -> list[Agent]:
    """The agents whose primary queue is in ``group``, serving only its queues."""
    return [
        agent.model_copy(update={"queues": tuple(q for q in agent.queues if q in group)})
        for agent in agents
        if agent.queues[0] in group
    ]
