"""At most ``max_late_shifts_per_week`` shifts ending after the late threshold."""

from __future__ import annotations

from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    rules = ctx.instance.rules
    if ctx.choices is None or rules.late_shift_end_minute is None:
        return
    if rules.max_late_shifts_per_week is None:
        return
    options = ctx.catalogue.options
    for agent in ctx.choices.agents:
        x = ctx.choices.x[agent.id]
        for week in range(ctx.instance.horizon.weeks):
            late = [
                v
                for d in ctx.instance.horizon.week_days(week)
                for (_, o), v in x[d].items()
                if options[o].end > rules.late_shift_end_minute
            ]
            if len(late) > rules.max_late_shifts_per_week:
                cap = ctx.model.add(sum(late) <= rules.max_late_shifts_per_week)
                week_start = ctx.instance.horizon.date_of(7 * week)
                ctx.enforce(cap, "late_shifts", agent.id, f"week of {week_start}")
