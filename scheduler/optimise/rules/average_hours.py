"""Average weekly hours over a reference period, with the weeks before the horizon as history.

Same definition as the validator (``scheduler.check.rules.average_hours``): for every week
block, the paid minutes of the horizon blocks in its window plus the history minutes of the
known earlier weeks stay within ``average_weekly_minutes`` times the window's days / 7. Linear
in the shift choices, so one constraint per agent and block. Overtime is not counted here.
"""

from __future__ import annotations

from scheduler.models.labour_law import history_by_block
from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    rules = ctx.instance.rules
    if ctx.choices is None or rules.average_weekly_minutes is None:
        return
    horizon, options = ctx.instance.horizon, ctx.catalogue.options
    for agent in ctx.choices.agents:
        x = ctx.choices.x[agent.id]
        past = history_by_block(ctx.instance.worked_history, horizon.start, agent.id)
        for week in range(horizon.weeks):
            blocks = range(week - rules.averaging_weeks + 1, week + 1)
            days = [d for b in blocks if b >= 0 for d in horizon.week_days(b)]
            paid = sum((options[o].paid * v for d in days for (_, o), v in x[d].items()), 0)
            n_days = len(days) + 7 * sum(1 for b in blocks if b in past)
            known = sum(past.get(b, 0) for b in blocks if b < 0)
            cap = ctx.model.add(7 * (paid + known) <= rules.average_weekly_minutes * n_days)
            ctx.enforce(
                cap, "average_weekly_hours", agent.id, f"week of {horizon.date_of(7 * week)}"
            )
