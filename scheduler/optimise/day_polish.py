"""Day polish: CP-SAT re-plans one day of the whole roster at a time, every other day fixed.

Why: the late-acceptance search settles in rosters that no move of one or two agents
improves but a day re-planned for everyone at once does. On gen-200 (seed 0) a 30-s plan
ended at 11,370 with no shortfall, 4,440 agent-minutes on the phone above what the agents'
contracts force, against 1,322 in the converged pattern LP: 2,250 of them from the 25
afternoon agents working three 4-h shifts where the LP gives them two, while full-timers
start earlier than the LP's. Moving a full-timer later *and* dropping an afternoon shift is
one change for CP-SAT and two uphill moves for the search. With one day free for every
agent (any option or off, the week's rules holding against the fixed days) and every
break free, CP-SAT proves each day optimal in 1-8 s: one sweep of the seven days took
that roster from 11,370 to 9,645 (39 s); the demo's 30-s roster went from 6,375 to 5,955
in two sweeps (20 s). At 1,000 agents one day's model did not reach its optimum in 30 s,
so the polish runs up to ``POLISH_AGENTS``, and only when its time allows a sweep
(``worth_polishing``).

Each day's model is ``build_roster_model`` with the other days' shifts fixed, hinted with
the current roster; its objective is the search's own cost (no overtime: the post-pass adds
it), so a day's answer is kept only when cheaper. Sweeps repeat until one keeps nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from scheduler.check.costs import coverage
from scheduler.models.instance import Agent
from scheduler.optimise.exact_breaks import read_break_counts, solve_hinted
from scheduler.optimise.extract import build_roster
from scheduler.optimise.hints import read_assignment
from scheduler.optimise.roster_model import build_roster_model
from scheduler.optimise.roster_state import RosterBuilder, RosterSnapshot

POLISH_AGENTS = 500  # above this, one day's model is too large to solve in a plan's time
# CP-SAT's time to re-plan one day, per agent, with two workers, at the slow end of what
# was measured: the demo's days (60 agents) 0.9-1.8 s, gen-200's 3.4-7.4 s. A polish that
# cannot re-plan every day once at this rate costs the search more than it gains: 30-s
# plans with 9 s of polish, against none (validator costs, seeds 0-3): gen-200 11,400 /
# 13,995 / 16,110 / 9,736 against 11,145 / 12,510 / 15,705 / 9,919 (no day kept), the demo
# the same mean over eight seeds (6,786); at 60 s the demo gained 3.6-5.4 % (two seeds).
SECONDS_PER_AGENT_DAY = 0.03
MIN_DAY_SECONDS = 0.5  # a day's solve gets at least this, or the polish stops
DAY_SHARE = 0.5  # of the polish's time left, at most, for one day


def worth_polishing(agents: int, days: int, seconds: float) -> bool:
    """Whether ``seconds`` of polish can re-plan every day once (``SECONDS_PER_AGENT_DAY``)."""
    return agents <= POLISH_AGENTS and seconds >= SECONDS_PER_AGENT_DAY * agents * days


@dataclass(frozen=True)
class Polished:
    roster: RosterSnapshot
    cost: float
    days_solved: int  # day models solved, kept or not
    days_kept: int  # of which cheaper than the roster they started from


def polish_days(
    builder: RosterBuilder,
    start: RosterSnapshot,
    cost: float,
    agents: list[Agent],
    deadline: float,
    workers: int,
    seed: int,
    enough: float = -1.0,
) -> Polished:
    """Re-plan each day in turn for every agent until a sweep keeps nothing, ``deadline``,
    or the cost is down to ``enough`` (a plan's gap target)."""
    roster, solved, kept = start, 0, 0
    days = builder.instance.horizon.days
    unchanged = 0  # days in a row re-planned without a gain
    order: list[int] = []
    while unchanged < days and deadline - time.monotonic() >= MIN_DAY_SECONDS:
        if cost <= enough:
            break
        if not order:
            order = costliest_first(builder, roster)
        day = order.pop(0)
        # A day CP-SAT cannot close must not take all the other days' time.
        until = time.monotonic() + max(MIN_DAY_SECONDS, (deadline - time.monotonic()) * DAY_SHARE)
        found = replan_day(builder, roster, agents, day, min(until, deadline), workers, seed)
        solved += 1
        if found is not None and found[1] < cost - 1e-6:
            roster, cost, unchanged = found[0], found[1], 0
            kept += 1
        else:
            unchanged += 1
    return Polished(roster, cost, solved, kept)


def costliest_first(builder: RosterBuilder, roster: RosterSnapshot) -> list[int]:
    """The days by what their coverage costs, dearest first: a polish cut short by the time
    limit has re-planned where the most was to gain."""
    instance = builder.instance
    built = build_roster(builder.catalogue, roster.assignment, roster.break_counts)
    cover = coverage(instance, built)
    over = cover.excess * instance.costs.over_per_minute
    per_step = (cover.shortfall * cover.under_weight + over).sum(axis=0)
    per_day = per_step.reshape(instance.horizon.days, -1).sum(axis=1)
    return sorted(range(instance.horizon.days), key=lambda d: (-per_day[d], d))


def replan_day(
    builder: RosterBuilder,
    roster: RosterSnapshot,
    agents: list[Agent],
    day: int,
    deadline: float,
    workers: int,
    seed: int,
) -> tuple[RosterSnapshot, float] | None:
    """The best roster with only ``day`` open for everyone, or None when CP-SAT had none.
    (For plans, as ``exact_breaks``: a re-plan's frozen shifts are in no model here.)"""
    allowed: dict[str, dict[int, set[tuple[str, int]]]] = {}
    for agent in agents:
        worked = roster.assignment.get(agent.id, {})
        allowed[agent.id] = {d: {pair} for d, pair in worked.items() if d != day}
        options = builder.domain(agent, day)
        allowed[agent.id][day] = {(q, o) for q in agent.queues for o in options}
    ctx = build_roster_model(builder.instance, builder.catalogue, agents, allowed=allowed)
    assert ctx.choices is not None
    for agent in agents:
        for d, pair in roster.assignment.get(agent.id, {}).items():
            if d != day:
                ctx.model.add(ctx.choices.x[agent.id][d][pair] == 1)
    solver = solve_hinted(ctx, roster, deadline - time.monotonic(), workers, seed)
    if solver is None:
        return None
    found = RosterSnapshot(read_assignment(ctx, solver), read_break_counts(ctx, solver))
    return found, solver.objective_value
