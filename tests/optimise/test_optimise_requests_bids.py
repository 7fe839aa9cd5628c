"""Contested days off: the higher bid wins; equal bids go to fewer recent grants, seniority, id.

Two agents ask for Monday off, but Monday needs one of them 09:00-17:00 (a day short would
cost 4,800, far above any bid), so exactly one request can be granted.
"""

from __future__ import annotations

import itertools

import pytest
from overtime_kit import agent, instance, roster, shift, solve_model

from scheduler.check import validate
from scheduler.models.instance import CostWeights, DayOffRequest
from scheduler.models.requests import denial_cost, denial_costs, priority_key
from scheduler.optimise import SolveParams, solve


def _contest(a: dict, b: dict, seniority: tuple[int, int] = (0, 0)):
    requests = (
        DayOffRequest(agent="A", day=0, **a),
        DayOffRequest(agent="B", day=0, **b),
    )
    agents = [agent("A", seniority=seniority[0]), agent("B", seniority=seniority[1])]
    return instance(1, agents, [(0, "09:00", "17:00", 1)], requests=requests)


def _off(result_roster) -> set[str]:
    return {"A", "B"} - {d.agent for d in result_roster.agent_days if d.works}


@pytest.mark.parametrize(
    ("a", "b", "seniority", "winner"),
    [
        ({"points": 5}, {"points": 3}, (0, 0), "A"),
        ({"points": 2}, {"points": 7}, (9, 0), "B"),  # seniority never beats a point
        ({"points": 4, "recent_granted": 2}, {"points": 4, "recent_granted": 1}, (9, 0), "B"),
        ({"points": 4}, {"points": 4}, (1, 3), "B"),  # equal bids, equal history: seniority
        ({"points": 4}, {"points": 4}, (2, 2), "A"),  # all equal: the smaller id
    ],
)
def test_the_winner_of_a_contested_day(a, b, seniority, winner):
    problem = _contest(a, b, seniority)
    objective, found = solve_model(problem, with_overtime=False)
    assert _off(found) == {winner}
    report = validate(problem, found)
    assert report.feasible and report.costs["total"] == objective
    # The validator prices the other choice higher: the answer is the cost's, not the model's.
    loser = ({"A", "B"} - {winner}).pop()
    other = roster(shift(winner, 0, "09:00", "17:00"))
    assert validate(problem, other).costs["total"] > report.costs["total"]
    assert _off(other) == {loser}


def test_the_pipeline_gives_the_day_to_the_higher_bid():
    problem = _contest({"points": 3}, {"points": 6})
    result = solve(problem, SolveParams(time_limit=5, workers=1, seed=0), printer=lambda _: None)
    assert _off(result.roster) == {"B"}


@pytest.mark.parametrize("bidders", [25, 40])
def test_a_tie_break_is_worth_less_than_one_point(bidders):
    requests = tuple(
        DayOffRequest(agent=f"A{n:02d}", day=0, points=2, recent_granted=n % 3)
        for n in range(bidders)
    )
    agents = [agent(f"A{n:02d}", seniority=n % 5) for n in range(bidders)]
    problem = instance(1, agents, [], requests=requests)
    price = problem.costs.request_point
    costs = denial_costs(problem)
    assert all(2 * price <= c < 3 * price for c in costs)
    ranked = sorted(range(bidders), key=lambda n: priority_key(problem, requests[n]))
    assert ranked[0] == 9  # no recent grants, seniority 4, the smaller id of A09 / A24
    in_order = [costs[n] for n in ranked]
    if bidders < price:  # room for a distinct tie-break each: strictly decreasing
        assert all(a > b for a, b in itertools.pairwise(in_order))
    else:  # more bidders than a point has units: never out of order
        assert all(a >= b for a, b in itertools.pairwise(in_order))
    assert denial_cost(problem, requests[5]) == costs[5]


def test_zero_bids_and_granted_days_have_no_tie_break():
    problem = _contest({"points": 0}, {"points": 3, "granted": True})
    assert denial_costs(problem) == (0, 0)
    free = _contest({"points": 2}, {"points": 2}).model_copy(
        update={"costs": CostWeights(request_point=0)}
    )
    assert denial_costs(free) == (0, 0)
