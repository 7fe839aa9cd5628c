"""At most ``max_consecutive_days`` working days in a row, counting the days before day 0.

Soft (``[soft] max_consecutive_days``): each window of limit + 1 days may be all worked at
the price. A run of r > limit days holds r - limit such windows, exactly the validator's
count of days past the limit.
"""

from __future__ import annotations

from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    assert ctx.choices is not None
    limit = ctx.instance.rules.max_consecutive_days
    days = ctx.instance.horizon.days
    price = ctx.instance.soft_run_price()
    past = []
    for agent in ctx.choices.agents:
        works = [ctx.choices.works(agent.id, d) for d in range(days)]
        prior = min(agent.prior_consecutive_days, limit)
        # A window of limit+1 days may not be all worked; the prior run fills its start.
        for first in range(-prior, days - limit):
            window = [works[d] for d in range(max(first, 0), first + limit + 1)]
            if price is not None:
                over = ctx.model.new_bool_var(f"run_{agent.id}_{first}")
                ctx.model.add(sum(window, 0) <= len(window) - 1 + over)
                past.append(over)
                continue
            cap = ctx.model.add(sum(window, 0) <= len(window) - 1)
            last = ctx.instance.horizon.date_of(first + limit)
            ctx.enforce(cap, "max_consecutive_days", agent.id, f"run ending {last}")
    if price is not None:
        ctx.add_term("soft_max_consecutive_days", price, sum(past, 0))
