"""Day-off requests bid with points: working a requested day costs the request's denial cost.

Granted requests are hard and already removed from the domain; this prices the others with
``models.requests.denial_costs`` (the bid plus a sub-point tie-break), the same price the
validator charges.
"""

from __future__ import annotations

from scheduler.models.requests import denial_costs
from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    if ctx.choices is None:
        return
    rostered = {a.id for a in ctx.choices.agents}
    requests = ctx.instance.requests
    terms = [
        price * ctx.choices.works(r.agent, r.day)
        for r, price in zip(requests, denial_costs(ctx.instance), strict=True)
        if price and r.agent in rostered
    ]
    ctx.add_term("requests", 1, sum(terms, 0))
