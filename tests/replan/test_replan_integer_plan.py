"""The relaxation rounded to a roster (``integer_plan``): a roster every rule allows, which the
relaxation admits, costing by the validator exactly what the rounded programme says, and
never below the level's bound."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from scheduler.check import validate
from scheduler.replan import integer_plan
from scheduler.replan.bound import _solved_bound, level_bounds
from scheduler.replan.integer_plan import _dive, integer_roster
from scheduler.replan.levels import _searched
from scheduler.replan.programme import Programme, highs_model
from scheduler.replan.relaxation import admits, relax
from scheduler.replan.scope import Level, published_days
from scheduler.replan.search import priced, search_level
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
    found = integer_roster(model, solved.highs, 30)
    assert found.stats["status"] == "found" and found.roster is not None
    cost, feasible = priced(revision, published, found.roster, changes.weights)
    assert feasible, validate(revision.instance, found.roster).violations[:3]
    assert admits(relaxation, found.roster) is None
    # The programme at the rounded point (HiGHS's reported objective once differed from its
    # own point's value after the breaks' MIP: 14,490 against 14,640).
    point = np.asarray(solved.highs.getSolution().col_value)
    rounded = float(np.asarray(solved.highs.getLp().col_cost_) @ point) + model.lp.constant
    assert cost == pytest.approx(rounded, abs=0.5)  # realised exactly, breaks included
    assert found.stats["cost"] == round(rounded)
    assert cost >= bound.value
    # Days before ``now`` and days the relaxation pins are as the level started.
    start, rounded_days = published_days(before), published_days(found.roster)
    for key in set(start) | set(rounded_days):
        if relaxation.is_pinned(key):
            assert start.get(key) == rounded_days.get(key), key


def test_level_takes_the_rounded_relaxation_and_only_improves_it(centre, tmp_path):
    """Level 1 takes the rounded relaxation twice: the search restarts from it and keeps only
    what improves it, and it is a candidate of its own; so the level's roster costs at most
    the cheaper of the search's alone and the rounded one, and stays valid with the past
    untouched (a move budget keeps the search's part the same in every run)."""
    _, _, _, published = centre
    changes, revision = _scenario(centre, tmp_path, "surge and sickness")
    before = fixed_roster(revision, published)
    relaxation = relax(revision, published, before, changes, Level.RESERVES)
    _, model, solved = _solved_bound(relaxation, 30)
    rounded = integer_roster(model, solved.highs, 30).roster
    assert rounded is not None
    rounded_cost, _ = priced(revision, published, rounded, changes.weights)
    args = (revision, published, changes, Level.RESERVES, 30.0, 0, before, 300)
    alone = _searched(*args)
    both = _searched(*args, integer=lambda: rounded)
    assert both.objective <= min(alone.objective, rounded_cost)
    cost, feasible = priced(revision, published, both.roster, changes.weights)
    assert feasible and cost == both.objective
    restarted = search_level(
        revision, published, before, changes, Level.RESERVES, 30.0, 0, 300, None, lambda: rounded
    )
    assert restarted.feasible and restarted.objective <= rounded_cost
    start, after = published_days(before), published_days(restarted.roster)
    for key in set(start) | set(after):
        if key[1] < revision.now.day:
            assert start.get(key) == after.get(key), key


def test_a_dearer_restart_roster_does_not_replace_the_search(centre, tmp_path):
    """The level's start itself offered as the rounded roster: once settled it is no cheaper
    than the search's roster (which began from it and searched on), so the search keeps its
    own and says so; the roster stays valid."""
    _, _, _, published = centre
    changes, revision = _scenario(centre, tmp_path, "surge and sickness")
    before = fixed_roster(revision, published)
    solved = search_level(
        revision, published, before, changes, Level.RESERVES, 30.0, 0, 300, None, lambda: before
    )
    assert solved.status == "late acceptance"
    assert solved.feasible
    start_cost, _ = priced(revision, published, before, changes.weights)
    assert solved.objective <= start_cost


@pytest.mark.parametrize("room_known", [True, False], ids=["room known", "LP refuses"])
def test_dive_bars_a_rounding_past_the_weekly_cap_and_takes_the_next_best(room_known):
    """One free day, three options paying 510, 240 and 480 minutes, 480 left in the week:
    the LP works 480/510 of the long shift, clear enough to round. Rounding it up breaks the
    cap, so the dive bars it (before trying, when it knows the week's room; else once the LP
    refuses) and the day takes the 480-minute shift (the best whole choice), not a day off."""
    programme = Programme()
    long, short, fitting = (programme.variable(cost, 1.0) for cost in (-10.0, -4.0, -8.0))
    programme.row([(long, 1.0), (short, 1.0), (fitting, 1.0)], -math.inf, 1.0)
    programme.row([(long, 510.0), (short, 240.0), (fitting, 480.0)], -math.inf, 480.0)
    paid = {0: 510, 1: 240, 2: 480}
    options = [SimpleNamespace(paid=paid[n]) for n in range(3)]
    model = SimpleNamespace(
        lp=programme,
        day_counts={("A1", 0): {("q", 0): long, ("q", 1): short, ("q", 2): fitting}},
        relaxation=SimpleNamespace(catalogue=SimpleNamespace(options=options)),
        weekly_room={("A1", 0): (480, 1)} if room_known else {},
    )
    highs, _ = highs_model(programme, 10.0)
    highs.run()
    values = np.asarray(highs.getSolution().col_value)
    assert values[long] == pytest.approx(480 / 510)
    point, rounds = _dive(model, highs, 10.0)
    assert point is not None and rounds == (3 if room_known else 4)
    assert point[fitting] == pytest.approx(1.0)
    assert point[long] == pytest.approx(0.0) and point[short] == pytest.approx(0.0)


def test_a_failed_rounding_costs_no_bound(centre, tmp_path, monkeypatch):
    """The rounding runs in the bound's child between level 1's bound and level 2's: if it
    fails, level 2's bound still comes, and the failure is reported as a missing roster."""
    _, _, _, published = centre
    changes, revision = _scenario(centre, tmp_path, "surge")
    before = fixed_roster(revision, published)

    def broken(self, seconds, share=0.25):
        raise RuntimeError("no rounding today")

    monkeypatch.setattr(integer_plan.Rounding, "roster", broken)
    heard: list = []
    bounds = level_bounds(revision, published, before, changes, 30, heard.append, rosters=True)
    assert [b.level for b in bounds] == [Level.RESERVES, Level.SUPPORT]
    assert all(b.value is not None for b in bounds)
    failed = [r for r in heard if isinstance(r, integer_plan.IntegerRoster)]
    assert failed and all(r.roster is None and "failed" in r.stats["status"] for r in failed)
