"""Under- and over-coverage per time-step slot and queue, in agent-minutes.

For every slot: agents on the phone + under - over = required. A neighbourhood model sets
``ctx.need`` to what the fixed part of the roster leaves uncovered (possibly negative).
Shortfall is priced per interval (``Demand.under_weight``) so a planner can make the peak
dearer than the shoulder.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.optimise.context import ModelContext

SlotKey = tuple[int, str, int]  # (day, queue, slot of the day)


def build(ctx: ModelContext) -> None:
    horizon = ctx.instance.horizon
    step = horizon.time_step_minutes
    slots_per_interval = horizon.interval_minutes // step
    on_phone, upper = _slot_terms(ctx, step)
    under_vars: list[cp_model.IntVar] = []
    under_prices: list[int] = []
    over_vars: list[cp_model.IntVar] = []
    for q in ctx.instance.queue_ids:
        required = ctx.instance.demand.required[q]
        weights = ctx.instance.demand.under_weight.get(q)
        for day in range(horizon.days):
            for s in range(horizon.steps_per_day):
                interval = day * horizon.intervals_per_day + s // slots_per_interval
                price = _under_weight(ctx, weights, interval) * step
                need = required[interval] if ctx.need is None else ctx.need[(day, q, s)]
                terms = on_phone.get((day, q, s))
                if not terms:
                    ctx.add_constant("under", max(0, need) * price)
                    ctx.add_constant(
                        "over", max(0, -need) * ctx.instance.costs.over_per_minute * step
                    )
                    continue
                under = ctx.model.new_int_var(0, max(0, need), f"under_{day}_{q}_{s}")
                over = ctx.model.new_int_var(
                    0, upper[(day, q, s)] + max(0, -need), f"over_{day}_{q}_{s}"
                )
                variables, coefficients = zip(*terms, strict=True)
                staffed = cp_model.LinearExpr.weighted_sum(variables, coefficients)
                row = ctx.model.add(staffed + under - over == need)
                ctx.coverage_rows[(day, q, s)] = row.index
                ctx.slots.append((under, over, need, terms))
                under_vars.append(under)
                under_prices.append(price)
                over_vars.append(over)
    if under_vars:
        ctx.add_term("under", 1, cp_model.LinearExpr.weighted_sum(under_vars, under_prices))
    ctx.add_term("over", ctx.instance.costs.over_per_minute * step, sum(over_vars, 0))


def _under_weight(ctx: ModelContext, weights: tuple[int, ...] | None, interval: int) -> int:
    if weights is not None and weights[interval] >= 0:
        return weights[interval]
    return ctx.instance.costs.under_per_minute


def _slot_terms(
    ctx: ModelContext, step: int
) -> tuple[dict[SlotKey, list[tuple[cp_model.IntVar, int]]], dict[SlotKey, int]]:
    """Per slot: [(variable, +1 for a shift group / -1 for a break count)] and a staffing cap."""
    terms: dict[SlotKey, list[tuple[cp_model.IntVar, int]]] = defaultdict(list)
    upper: dict[SlotKey, int] = defaultdict(int)
    for key, size in ctx.group_size.items():
        day, q, o = key
        option = ctx.catalogue.options[o]
        for s in range(option.start // step, option.end // step):
            terms[(day, q, s)].append((size, 1))
            upper[(day, q, s)] += ctx.group_upper[key]
        rule = ctx.instance.break_rule_for(option.length)
        for k, per_offset in enumerate(ctx.break_counts.get(key, [])):
            minutes = rule.breaks[k].minutes if rule else 0
            for offset, var in per_offset.items():
                first = (option.start + offset) // step
                for s in range(first, first + minutes // step):
                    terms[(day, q, s)].append((var, -1))
    for slot, extra in ctx.extra_cover.items():  # overtime: one agent each, when taken
        terms[slot] += [(var, 1) for var in extra]
        upper[slot] += len(extra)
    for slot, more in ctx.cover_terms.items():
        terms[slot] += more
        upper[slot] += ctx.cover_upper.get(slot, 0)
    return terms, upper
