"""Day-off requests bid with points: working a requested day costs its points.

Granted requests are hard and already removed from the domain; this prices the others.
"""

from __future__ import annotations

from scheduler.optimise.context import ModelContext


def build(ctx: ModelContext) -> None:
    if ctx.choices is None:
        return
    rostered = {a.id for a in ctx.choices.agents}
    terms = [
        r.points * ctx.choices.works(r.agent, r.day)
        for r in ctx.instance.requests
        if not r.granted and r.points and r.agent in rostered
    ]
    ctx.add_term("requests", ctx.instance.costs.request_point, sum(terms, 0))
