"""Unpopular shifts and their fair share: the definition the optimiser and validator share.

A shift is unpopular when it ends late (after ``rules.late_shift_end_minute``, when set), falls
on a weekend day or on a public holiday; a shift that is several of these still counts once,
since it costs the agent one evening or one day. Fairness looks at the agents the weekly plan
rosters (role ``agent``, not a reserve): each of them should work at most the ceiling of the
mean number of unpopular shifts, and every shift above it is charged
``costs.fairness_per_shift``. The ceiling, not the mean itself, keeps a perfectly even spread
free of charge when the total does not divide evenly.
"""

from __future__ import annotations

from scheduler.models.instance import Agent, Instance, Role

WEEKEND = (5, 6)  # Saturday, Sunday


def counts_for_fairness(agent: Agent) -> bool:
    """Agents whose unpopular shifts are spread: the ones the weekly plan rosters."""
    return agent.role == Role.AGENT and agent.reserve_tier == 0


def is_unpopular(instance: Instance, day: int, end_minute: int) -> bool:
    """A late, weekend or public-holiday shift ending at ``end_minute`` on ``day``."""
    late = instance.rules.late_shift_end_minute
    return (
        (late is not None and end_minute > late)
        or instance.weekday(day) in WEEKEND
        or day in instance.holiday_days
    )


def fair_share(counts: list[int]) -> int:
    """The ceiling of the mean count (0 for nobody)."""
    return -(-sum(counts) // len(counts)) if counts else 0


def excess_over_fair_share(counts: list[int]) -> int:
    """Unpopular shifts worked above the fair share, summed over agents."""
    share = fair_share(counts)
    return sum(max(0, c - share) for c in counts)
