"""Contract hours and working days per week.

Regular paid minutes stay between the contract minimum (less leave credit; a soft minimum is
priced per minute short instead) and the lower of the contract and legal maximum; working
days stay within the contract's days, which also keeps the legal minimum of days off.
"""

from __future__ import annotations

from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    assert ctx.choices is not None
    instance, options = ctx.instance, ctx.catalogue.options
    soft_price = instance.soft_min_price()
    shorts: list = []
    for agent in ctx.choices.agents:
        x = ctx.choices.x[agent.id]
        for week in range(instance.horizon.weeks):
            days = instance.horizon.week_days(week)
            paid = sum((options[o].paid * var for d in days for (_, o), var in x[d].items()), 0)
            worked = sum((var for d in days for var in x[d].values()), 0)
            label = f"week of {instance.horizon.date_of(7 * week)}"
            least = instance.weekly_min_minutes(agent, week)
            if soft_price is None:
                minimum = ctx.model.add(paid >= least)
                ctx.enforce(minimum, "weekly_min_hours", agent.id, label)
            elif least > 0:
                short = ctx.model.new_int_var(0, least, f"short_{agent.id}_{week}")
                ctx.model.add(paid + short >= least)
                shorts.append(short)
            maximum = ctx.model.add(paid <= instance.weekly_max_minutes(agent))
            ctx.enforce(maximum, "weekly_max_hours", agent.id, label)
            days_cap = ctx.model.add(worked <= instance.weekly_max_days(agent, week))
            ctx.enforce(days_cap, "max_days_per_week", agent.id, label)
    if shorts and soft_price:
        ctx.add_term("soft_weekly_min_hours", soft_price, sum(shorts, 0))
