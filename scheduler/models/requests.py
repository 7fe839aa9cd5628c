"""What denying a day-off request costs: its bid, plus a tie-break worth less than one point.

One function prices a denial for the validator's cost, the CP-SAT request rule and the local
search, so every layer agrees on who wins a contested day:

1. the higher bid wins: a bid of ``p`` points costs ``p * request_point`` when denied;
2. between equal bids on the same day, the agent with fewer requests granted recently wins,
   then the more senior agent, then the smaller agent id. Each request gets a tie-break of
   ``0 .. request_point - 1`` extra cost units from its rank among that day's bids, so the
   tie-break never outweighs a single point.

Why per day: a contested day is where two bids meet; ranking all requests of the horizon
together would squeeze the tie-breaks of a busy week into too few integer cost units. A
zero-point request gets no tie-break: whoever bids nothing asks for nothing, and instances
without bids keep the costs they always had. Requests the planner already granted are hard
days off and cost nothing here.
"""

from __future__ import annotations

from scheduler.models.instance import DayOffRequest, Instance


def priority_key(instance: Instance, request: DayOffRequest) -> tuple[int, int, str]:
    """Sort key among equal bids: smaller wins (fewer recent grants, more senior, smaller id)."""
    agent = instance.agent_by_id.get(request.agent)
    seniority = agent.seniority if agent is not None else 0
    return (request.recent_granted, -seniority, request.agent)


def denial_costs(instance: Instance) -> tuple[int, ...]:
    """The cost of denying each of ``instance.requests``, in the same order."""
    price = instance.costs.request_point
    ties = _tie_breaks(instance, price)
    return tuple(
        0 if r.granted else r.points * price + ties.get(n, 0)
        for n, r in enumerate(instance.requests)
    )


def denial_cost(instance: Instance, request: DayOffRequest) -> int:
    """The cost of denying one request of ``instance`` (see the module docstring)."""
    for candidate, cost in zip(instance.requests, denial_costs(instance), strict=True):
        if candidate == request:
            return cost
    raise ValueError(f"request of {request.agent} on day {request.day} is not in the instance")


def _tie_breaks(instance: Instance, price: int) -> dict[int, int]:
    """Request index -> tie-break in ``0 .. price - 1``; the day's favourite gets the most."""
    if price <= 1:
        return {}
    by_day: dict[int, list[int]] = {}
    for n, request in enumerate(instance.requests):
        if request.points > 0 and not request.granted:
            by_day.setdefault(request.day, []).append(n)
    ties: dict[int, int] = {}
    for indices in by_day.values():
        ranked = sorted(indices, key=lambda n: priority_key(instance, instance.requests[n]))
        last = len(ranked) - 1
        for rank, n in enumerate(ranked):
            above = last - rank  # how many of the day's bids this one beats
            ties[n] = above if last < price else (price - 1) * above // last
    return ties
