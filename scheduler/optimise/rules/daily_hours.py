"""Most paid minutes in one day: shift options longer than the cap are closed to everyone."""

from __future__ import annotations

from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    cap = ctx.instance.rules.max_daily_work_minutes
    if ctx.choices is None or cap is None:
        return
    options = ctx.catalogue.options
    for agent in ctx.choices.agents:
        for day, pairs in ctx.choices.x[agent.id].items():
            for (_, o), var in pairs.items():
                if options[o].paid > cap:
                    closed = ctx.model.add(var == 0)
                    ctx.enforce(
                        closed, "daily_hours", agent.id, str(ctx.instance.horizon.date_of(day))
                    )
