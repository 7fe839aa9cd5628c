"""Day polish: each day re-planned for everyone by CP-SAT, never for worse, priced as the
validator prices it, and exact where a day is the whole problem."""

from __future__ import annotations

import time

import pytest

from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.optimise.day_polish import polish_days, replan_day, worth_polishing
from scheduler.optimise.extract import build_roster
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.options import OptionCatalogue, rosterable
from scheduler.optimise.roster_state import snapshot
from tests.optimise.test_optimise_small import ONE_BREAK, _agent, _every_roster, _instance


def _generated(folder):
    """Six agents, one queue, no overtime offers: a day's model solves in about a second."""
    spec = GeneratorSpec(agents=6, queues=("q1",), offer_share=0.0, seed=3)
    write_instance(folder, generate(spec))
    return load_instance(folder)


def _three_days():
    """Three agents, three days of uneven demand: polished in a twentieth of a second."""
    agents = [_agent(a, min_weekly_minutes=480, max_weekly_minutes=720) for a in "ABC"]
    demand = {
        0: [(480, 720, 2), (720, 900, 1)],
        1: [(480, 600, 1), (600, 840, 3)],
        2: [(540, 900, 2)],
    }
    return _instance(3, agents, demand, breaks=ONE_BREAK)


def _start(instance):
    agents = [a for a in instance.agents if rosterable(a)]
    builder = greedy_builder(OptionCatalogue(instance), agents)
    return builder, agents, LateAcceptance(builder, 0).total()


def test_a_one_day_horizon_is_polished_to_its_brute_forced_optimum() -> None:
    """With one day, that day's model is the whole problem: the polish must end at the
    least cost over every roster (breaks included)."""
    agents = [_agent("A", max_weekly_minutes=360), _agent("B", max_weekly_minutes=360)]
    instance = _instance(1, agents, {0: [(480, 720, 2), (720, 840, 1)]}, breaks=ONE_BREAK)
    builder, agents, cost = _start(instance)
    done = polish_days(builder, snapshot(builder), cost, agents, time.monotonic() + 20, 1, 0)
    best = min(validate(instance, r).costs["total"] for r in _every_roster(instance))
    roster = build_roster(builder.catalogue, done.roster.assignment, done.roster.break_counts)
    report = validate(instance, roster)
    assert report.feasible
    assert report.costs["total"] == best == pytest.approx(done.cost)
    assert done.cost < cost  # the greedy start (1,200) is not optimal (150)


def test_a_day_replanned_changes_that_day_only_and_costs_what_the_validator_says(tmp_path) -> None:
    instance = _generated(tmp_path)
    builder, agents, cost = _start(instance)
    start = snapshot(builder)
    found = replan_day(builder, start, agents, 2, time.monotonic() + 20, 1, 0)
    assert found is not None
    roster, model_cost = found
    assert model_cost <= cost + 1e-6  # the start is the hint
    for agent_id, days in start.assignment.items():
        kept = {d: p for d, p in roster.assignment[agent_id].items() if d != 2}
        assert kept == {d: p for d, p in days.items() if d != 2}
    report = validate(instance, build_roster(builder.catalogue, *_parts(roster)))
    assert report.feasible, report.violations[:3]
    assert report.costs["total"] == pytest.approx(model_cost)


def test_sweeps_never_cost_more_and_stop_once_a_sweep_keeps_nothing() -> None:
    instance = _three_days()
    builder, agents, cost = _start(instance)
    deadline = time.monotonic() + 60
    done = polish_days(builder, snapshot(builder), cost, agents, deadline, 1, 0)
    assert done.cost < cost  # a greedy roster leaves days to gain on
    assert done.days_kept > 0
    assert time.monotonic() < deadline  # it ended by itself: after a sweep without a gain
    assert done.days_solved >= done.days_kept + instance.horizon.days
    report = validate(instance, build_roster(builder.catalogue, *_parts(done.roster)))
    assert report.feasible, report.violations[:3]
    assert report.costs["total"] == pytest.approx(done.cost)


def test_no_time_left_keeps_the_roster_as_it_was() -> None:
    instance = _three_days()
    builder, agents, cost = _start(instance)
    start = snapshot(builder)
    done = polish_days(builder, start, cost, agents, time.monotonic(), 1, 0)
    assert (done.roster, done.cost, done.days_solved) == (start, cost, 0)


def _parts(roster):
    return roster.assignment, roster.break_counts


def test_the_polish_runs_only_where_its_time_covers_every_day_once() -> None:
    """A pass over the demo's days (60 agents) needs about 12.6 s: a 30-s plan's 9 s of
    polish is too little, a 60-s plan's 18 s enough; above 500 agents never."""
    assert not worth_polishing(60, 7, 9.0)
    assert worth_polishing(60, 7, 18.0)
    assert not worth_polishing(501, 7, 1e9)


def test_a_roster_at_its_target_is_not_polished() -> None:
    instance = _three_days()
    builder, agents, cost = _start(instance)
    start = snapshot(builder)
    done = polish_days(builder, start, cost, agents, time.monotonic() + 60, 1, 0, enough=cost)
    assert (done.roster, done.days_solved) == (start, 0)
