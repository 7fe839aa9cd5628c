"""The relaxation rounded to a roster (``integer_plan``): a roster every rule allows, which the
relaxation admits, costing by the validator exactly what the rounded programme says, and
never below the level's bound."""

from __future__ import annotations

import pytest

from scheduler.check import validate
from scheduler.replan.bound import _solved_bound
from scheduler.replan.integer_plan import integer_roster
from scheduler.replan.levels import _searched
from scheduler.replan.relaxation import admits, relax
from scheduler.replan.scope import Level, published_days
from scheduler.replan.search import priced
from scheduler.replan.solve import fixed_roster
from tests.replan.test_replan_bound import _scenario


@pytest.mark.parametrize("name", ["surge", "surge and sickness", "sickness and availability"])
def test_rounded_relaxation_is_a_valid_roster_at_the_rounded_programmes_cost(
    centre, tmp_path, name
):
    _, _, _, published = centre
    changes, revision = _scenario(centre, tmp_path, name)
    before = fixed_roster(revision, published)
    relaxation = relax(revision, published, before, changes, Level.RESERVES)
    bound, model, solved = _solved_bound(relaxation, 30)
    assert bound.value is not None and solved.highs is not None
    found = integer_roster(model, solved.highs, solved.values, 30)
    assert found.stats["status"] == "found" and found.roster is not None
    cost, feasible = priced(revision, published, found.roster, changes.weights)
    assert feasible, validate(revision.instance, found.roster).violations[:3]
    assert admits(relaxation, found.roster) is None
    rounded = solved.highs.getInfo().objective_function_value + model.lp.constant
    assert cost == pytest.approx(rounded, abs=0.5)  # realised exactly, breaks included
    assert cost >= bound.value
    # Days before ``now`` and days the relaxation pins are as the level started.
    start, rounded_days = published_days(before), published_days(found.roster)
    for key in set(start) | set(rounded_days):
        if relaxation.is_pinned(key):
            assert start.get(key) == rounded_days.get(key), key


def test_level_keeps_the_cheaper_of_the_search_and_the_rounded_relaxation(centre, tmp_path):
    """Level 1 compares the rounded relaxation with its other candidates by the same re-plan
    cost, and returns it only when it is cheaper (a move budget keeps the search's roster
    the same in both runs)."""
    _, _, _, published = centre
    changes, revision = _scenario(centre, tmp_path, "surge and sickness")
    before = fixed_roster(revision, published)
    relaxation = relax(revision, published, before, changes, Level.RESERVES)
    _, model, solved = _solved_bound(relaxation, 30)
    rounded = integer_roster(model, solved.highs, solved.values, 30).roster
    assert rounded is not None
    rounded_cost, _ = priced(revision, published, rounded, changes.weights)
    args = (revision, published, changes, Level.RESERVES, 30.0, 0, before, 300)
    alone = _searched(*args)
    both = _searched(*args, integer=lambda: rounded)
    assert both.objective == min(alone.objective, rounded_cost)
    if rounded_cost < alone.objective:
        assert both.roster == rounded and "relaxation" in both.status
    else:
        assert both.roster == alone.roster
