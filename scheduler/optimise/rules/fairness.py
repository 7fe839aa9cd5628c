"""Spread unpopular shifts evenly: each agent's count above the fair share costs a weight.

A shift is unpopular when it ends late, falls on a weekend or on a public holiday
(``models.unpopular``, the definition the validator uses too). ``share`` is forced to the
ceiling of the mean count over the modelled agents (``n * share`` between ``total`` and
``total + n - 1``), and every agent pays ``costs.fairness_per_shift`` per unpopular shift above
it. Off (not built at all) when the weight is 0. Exact on a model of every rostered agent; a
neighbourhood that models a few agents spreads their unpopular shifts among themselves.
"""

from __future__ import annotations

from scheduler.models.unpopular import counts_for_fairness, is_unpopular
from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    weight = ctx.instance.costs.fairness_per_shift
    if ctx.choices is None or not weight:
        return
    agents = [a for a in ctx.choices.agents if counts_for_fairness(a)]
    if len(agents) < 2:
        return  # one agent always works exactly the fair share
    model, days = ctx.model, ctx.instance.horizon.days
    counts = {a.id: _unpopular_count(ctx, a.id) for a in agents}
    share = model.new_int_var(0, days, "fair_share")
    total = sum(counts.values(), 0)
    model.add(len(agents) * share >= total)
    model.add(len(agents) * share <= total + len(agents) - 1)
    excess = []
    for agent_id, count in counts.items():
        above = model.new_int_var(0, days, f"unpopular_excess_{agent_id}")
        model.add(above >= count - share)
        excess.append(above)
    ctx.add_term("fairness", weight, sum(excess, 0))


def _unpopular_count(ctx: ModelContext, agent_id: str):  # -> cp_model.LinearExprT
    options = ctx.catalogue.options
    x = ctx.choices.x[agent_id]  # type: ignore[union-attr]
    return sum(
        (
            var
            for day, pairs in x.items()
            for (_, o), var in pairs.items()
            if is_unpopular(ctx.instance, day, options[o].end)
        ),
        0,
    )
