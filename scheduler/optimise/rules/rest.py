"""Minimum rest between the end of one working day and the start of the next.

Shifts end by midnight, so only neighbouring days can be too close whenever the rest is under
a day. With ``end_d`` = end of day d's shift (0 when off) and ``start_e`` = start of day e's
shift (a full day later when off), ``start_e + 1440 (e - d) - end_d >= rest`` is linear.
"""

from __future__ import annotations

from scheduler.models.clock import DAY_MINUTES
from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    assert ctx.choices is not None
    rest = ctx.instance.rules.min_rest_minutes
    options = ctx.catalogue.options
    days = ctx.instance.horizon.days
    for agent in ctx.choices.agents:
        x = ctx.choices.x[agent.id]
        ends = [sum((options[o].end * v for (_, o), v in x[d].items()), 0) for d in range(days)]
        starts = [
            sum((options[o].start * v for (_, o), v in x[d].items()), 0)
            + DAY_MINUTES * (1 - ctx.choices.works(agent.id, d))
            for d in range(days)
        ]
        if agent.prior_shift_end_minute is not None and x[0]:
            first = ctx.model.add(starts[0] - agent.prior_shift_end_minute >= rest)
            ctx.enforce(first, "rest", agent.id, str(ctx.instance.horizon.date_of(0)))
        for d in range(days - 1):
            if x[d] and x[d + 1] and _can_clash(ctx, x[d], x[d + 1], rest):
                between = ctx.model.add(starts[d + 1] + DAY_MINUTES - ends[d] >= rest)
                ctx.enforce(between, "rest", agent.id, str(ctx.instance.horizon.date_of(d + 1)))


def _can_clash(ctx: ModelContext, today: dict, tomorrow: dict, rest: int) -> bool:
    """Skip the constraint when no pair of allowed options can break the rest."""
    options = ctx.catalogue.options
    latest_end = max(options[o].end for _, o in today)
    earliest_start = min(options[o].start for _, o in tomorrow)
    return earliest_start + DAY_MINUTES - latest_end < rest
