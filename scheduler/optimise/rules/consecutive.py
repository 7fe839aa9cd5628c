"""At most ``max_consecutive_days`` working days in a row, counting the days before day 0."""

from __future__ import annotations

from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    assert ctx.choices is not None
    limit = ctx.instance.rules.max_consecutive_days
    days = ctx.instance.horizon.days
    for agent in ctx.choices.agents:
        works = [ctx.choices.works(agent.id, d) for d in range(days)]
        prior = min(agent.prior_consecutive_days, limit)
        # A window of limit+1 days may not be all worked; the prior run fills its start.
        for first in range(-prior, days - limit):
            window = [works[d] for d in range(max(first, 0), first + limit + 1)]
            cap = ctx.model.add(sum(window, 0) <= len(window) - 1)
            last = ctx.instance.horizon.date_of(first + limit)
            ctx.enforce(cap, "max_consecutive_days", agent.id, f"run ending {last}")
