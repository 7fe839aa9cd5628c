"""Levels 2 and 1 by late-acceptance search: the past stays, reserves wait for their tier,
every change is priced, and the validator accepts the roster."""

from __future__ import annotations

import datetime as dt
from math import inf

import pytest

from scheduler.check import validate
from scheduler.models.clock import DAY_MINUTES
from scheduler.optimise.best_response import BestResponse
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.replan.apply import revise
from scheduler.replan.bound import level_bounds
from scheduler.replan.changes import read_changes
from scheduler.replan.diff import changed_days
from scheduler.replan.levels import escalate
from scheduler.replan.scope import Level, published_days
from scheduler.replan.search import (
    build_search,
    read_search_roster,
    replan_cost,
    search_level,
    take_plan,
)
from scheduler.replan.solve import fixed_roster
from scheduler.replan.stability import roster_change_cost
from scheduler.replan.subscriptions import add_overtime
from tests.replan.conftest import write_changes
from tests.replan.test_replan_levels import SURGE, _activities_before

NOW = dt.datetime(2026, 12, 1, 11, 0)  # Tuesday 11:00, day 1
MOVES = 4000


def _revision(centre, tmp_path, text: str):
    _, _, instance, published = centre
    changes = read_changes(write_changes(tmp_path, text), instance)
    return changes, revise(instance, changes, NOW, published)


def test_search_keeps_the_past_and_reserves_wait_for_their_tier(centre, tmp_path):
    _, _, instance, published = centre
    changes, revision = _revision(centre, tmp_path, SURGE.format(factor=2.0))
    escalation = escalate(
        instance, revision, published, changes, 60, workers=1, engine="search", max_moves=MOVES
    )
    roster = escalation.roster
    now = revision.now.absolute
    assert escalation.level in (Level.SUPPORT, Level.RESERVES)
    assert any(o.solve and o.solve.status == "late acceptance" for o in escalation.outcomes)
    assert validate(revision.instance, roster).feasible
    assert _activities_before(published, now) == _activities_before(roster, now)
    for d in roster.agent_days:
        tier = instance.agent_by_id[d.agent].reserve_tier
        if tier and d.shift is not None:
            assert d.day * DAY_MINUTES + d.shift.start_minute >= now + tier
    changed = {day for _, day in changed_days(published, roster)}
    assert changed and changed <= revision.affected_days()


def test_search_cost_is_the_validator_plus_the_change_prices(centre, tmp_path):
    _, _, _, published = centre
    changes, revision = _revision(centre, tmp_path, SURGE.format(factor=1.6))
    start = fixed_roster(revision, published)
    solved = search_level(
        revision, published, start, changes, Level.RESERVES, 60, seed=3, max_moves=MOVES
    )
    report = validate(revision.instance, solved.roster)
    assert solved.feasible and report.feasible
    priced = roster_change_cost(
        changes.weights, published_days(published), published_days(solved.roster), revision.now
    )
    assert priced > 0  # the surge called for changes, and each one is priced
    assert solved.objective == report.costs["total"] + priced
    assert solved.objective <= replan_cost(revision, published, start, changes.weights)


def test_search_changes_nothing_when_every_change_costs_more_than_it_buys(centre, tmp_path):
    _, _, _, published = centre
    text = SURGE.format(factor=1.6) + "\n[weights]\nchanged_agent_day = 10000000\n"
    changes, revision = _revision(centre, tmp_path, text)
    start = fixed_roster(revision, published)
    solved = search_level(
        revision, published, start, changes, Level.RESERVES, 60, seed=1, max_moves=MOVES
    )
    assert changed_days(start, solved.roster) == []


def test_search_is_reproducible_for_a_seed_and_move_budget(centre, tmp_path):
    _, _, _, published = centre
    changes, revision = _revision(centre, tmp_path, SURGE.format(factor=1.6))
    start = fixed_roster(revision, published)
    runs = [
        search_level(revision, published, start, changes, Level.RESERVES, 60, 7, max_moves=1500)
        for _ in range(2)
    ]
    assert runs[0].roster == runs[1].roster


def _setup(centre, tmp_path, factor: float):
    _, _, _, published = centre
    changes, revision = _revision(centre, tmp_path, SURGE.format(factor=factor))
    start = fixed_roster(revision, published)
    return build_search(revision, published, start, changes, Level.RESERVES)


def test_change_prices_are_what_change_cost_charges(centre, tmp_path):
    """The best response's whole-day price table against the search's own price, choice by
    choice (the published choice itself is free; breaks moved are priced apart)."""
    builder = _setup(centre, tmp_path, 1.6).builder
    checked = 0
    for (agent_id, day), was in sorted(builder.published.items())[:40]:
        state = builder.states[agent_id]
        held = state.shifts.pop(day, None)
        prices, off = builder.change_prices(agent_id, day)
        assert builder.change_cost(agent_id, day) == off
        for q in state.agent.queues:
            k = builder.queues.index(q)
            for o in sorted(builder.domain(state.agent, day))[:25]:
                if (q, o) == was:
                    assert prices[k, o] == 0
                    continue
                state.shifts[day] = (q, o)
                assert builder.change_cost(agent_id, day) == pytest.approx(prices[k, o])
                checked += 1
        state.shifts.pop(day, None)
        if held is not None:
            state.shifts[day] = held
    assert checked > 100


def test_best_response_keeps_frozen_days_and_never_costs_more(centre, tmp_path):
    setup = _setup(centre, tmp_path, 2.0)
    builder = setup.builder
    search = LateAcceptance(builder, 0)
    frozen = {key: builder.states[key[0]].shifts.get(key[1]) for key in builder.frozen}
    before = search.total()
    improved = BestResponse(search, seed=0).sweep(float("inf"))
    assert improved > 0  # the surge leaves room: free days called in, whole weeks re-planned
    assert search.total() < before
    assert {key: builder.states[key[0]].shifts.get(key[1]) for key in frozen} == frozen


def test_overtime_offers_are_used_after_now_and_only_where_they_pay(centre, tmp_path):
    _, _, _, published = centre
    text = SURGE.format(factor=2.0) + "\n[weights]\nchanged_agent_day = 1\n"
    changes, revision = _revision(centre, tmp_path, text)
    start = fixed_roster(revision, published)
    earliest = {a.id: revision.now.minute + 60 for a in revision.instance.agents}
    after = add_overtime(revision, start, published, changes.weights, earliest)
    was = {(d.agent, d.day): set(d.overtime) for d in start.agent_days}
    added = [
        (d.day, span)
        for d in after.agent_days
        for span in set(d.overtime) - was.get((d.agent, d.day), set())
    ]
    assert added  # a doubled afternoon with offers on it: some pay for themselves
    now = revision.now
    for day, span in added:
        assert day > now.day or (day == now.day and span.start_minute >= now.minute + 60)
    assert validate(revision.instance, after).feasible
    weights = changes.weights
    cost = replan_cost(revision, published, after, weights)
    assert cost < replan_cost(revision, published, start, weights)
    # Dear changes: the same offers no longer pay.
    dear = weights.model_copy(update={"changed_agent_day": 10_000_000})
    assert add_overtime(revision, start, published, dear, earliest) == start


def test_training_cut_by_an_earlier_level_comes_back_when_it_no_longer_pays(centre, tmp_path):
    """A start roster with Tuesday afternoon training cut (level 3's tool) where nothing is
    short: the search puts it back, saving the change price."""
    _, _, _, published = centre
    changes, revision = _revision(centre, tmp_path, SURGE.format(factor=1.0))
    start = fixed_roster(revision, published)
    now = revision.now.minute
    cut = next(
        d
        for d in start.agent_days
        if d.day == 1 and any(b.kind == "training" and b.start_minute >= now for b in d.breaks)
    )
    without = cut.model_copy(
        update={"breaks": tuple(b for b in cut.breaks if b.kind != "training")}
    )
    days = tuple(without if d is cut else d for d in start.agent_days)
    start = start.model_copy(update={"agent_days": days})
    solved = search_level(
        revision, published, start, changes, Level.RESERVES, 60, seed=0, max_moves=MOVES
    )
    back = {(d.agent, d.day): d for d in solved.roster.agent_days}[(cut.agent, cut.day)]
    assert back == cut
    assert solved.objective < replan_cost(revision, published, start, changes.weights)


def test_the_relaxations_plan_lowers_the_cost_or_leaves_the_roster_as_it_was(centre, tmp_path):
    """Level 1's relaxation decides most free agent-days; taken as a start it lowers the
    search's total from the level's start here, and a plan that only drops people in a surge
    (every free day off, no time to respond) is refused with the roster restored exactly."""
    _, _, _, published = centre
    changes, revision = _revision(centre, tmp_path, SURGE.format(factor=2.0))
    before = fixed_roster(revision, published)
    bounds = level_bounds(revision, published, before, changes, 30)
    plan = next(b for b in bounds if b.level == Level.RESERVES).plan
    assert plan and any(choice is not None for choice in plan.values())
    for chosen, taken, deadline in ((plan, True, inf), (dict.fromkeys(plan), False, 0.0)):
        setup = build_search(revision, published, before, changes, Level.RESERVES)
        search = LateAcceptance(setup.builder, 0)
        responder = BestResponse(search, seed=0)
        cost, roster = search.total(), read_search_roster(revision, setup)
        assert take_plan(setup, search, responder, chosen, deadline) is taken
        after = read_search_roster(revision, setup)
        assert validate(revision.instance, after).feasible
        if taken:
            assert search.total() < cost
        else:
            assert search.total() == cost and after == roster
