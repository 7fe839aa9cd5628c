"""The pattern bound by Lagrangian ascent (above the pattern master's size): valid at every
step, at least the aggregate LP it starts from, and equal to the pattern LP at its duals."""

from __future__ import annotations

import time

import numpy as np

from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.optimise import SolveParams, bound, solve
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.lp_start import place_weeks
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.patterns.generation import generate as generate_patterns
from scheduler.optimise.patterns.lagrangian import LagrangianBound, ascend
from tests.optimise.test_optimise_small import brute_force_case


def _aggregate_prices(instance) -> tuple[float, np.ndarray]:
    prices: list[np.ndarray] = []
    ids = [a.id for a in instance.agents]
    aggregate, _ = bound.aggregate_bound(instance, ids, 30, None, prices)
    assert aggregate is not None and prices
    return aggregate, prices[-1]


def test_every_ascent_bound_is_below_the_brute_force_optimum() -> None:
    instance, best = brute_force_case()
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    aggregate, start = _aggregate_prices(instance)
    ascent = ascend(builder, [a.id for a in instance.agents], start, time.monotonic() + 2)
    assert ascent.steps > 1 and ascent.bound is not None
    assert all(value <= best + 1e-6 for _, value in ascent.history)
    assert aggregate - 1e-6 <= ascent.bound <= best + 1e-6


def test_the_floor_prices_bound_every_roster_and_the_ascent_keeps_them(tmp_path) -> None:
    """At minus the over price everywhere L is the on-the-phone time the contracts force
    beyond what is required: below the brute-force optimum, below a validated roster of a
    generated instance, and never above what the ascent reports."""
    instance, best = brute_force_case()
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    relaxed = LagrangianBound(builder, sorted(builder.states))
    assert relaxed.evaluate(relaxed.floor_prices()).value <= best + 1e-6
    write_instance(tmp_path, generate(GeneratorSpec(agents=25, seed=4)))
    instance = load_instance(tmp_path)
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    ids = sorted(builder.states)
    relaxed = LagrangianBound(builder, ids)
    floor = relaxed.evaluate(relaxed.floor_prices())
    assert floor.value > 0  # the generator's contracts force some over-staffing
    roster = solve(instance, SolveParams(time_limit=2, workers=1), printer=lambda _: None).roster
    assert floor.value <= validate(instance, roster).costs["total"] + 1e-6
    _, start = _aggregate_prices(instance)
    ascent = ascend(builder, ids, start, time.monotonic() + 0.5)
    assert ascent.bound is not None and ascent.bound >= floor.value - 1e-6


def test_at_the_pattern_lps_duals_the_lagrangian_is_the_pattern_bound(tmp_path) -> None:
    """Same relaxation, two ways: priced at the converged master's coverage duals (breaks
    re-placed per shift), L meets the master's bound and stays below a validated roster."""
    write_instance(tmp_path, generate(GeneratorSpec(agents=10, seed=4)))
    # Without offers: the master caps them more tightly than L does.
    instance = load_instance(tmp_path).model_copy(update={"overtime_offers": ()})
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    patterns = generate_patterns(builder, time.monotonic() + 60)
    assert patterns.converged and patterns.master is not None
    master = patterns.master
    duals = master.row_duals()
    prices = np.zeros(master.shape)
    for cell, row in master.rows.items():
        prices[cell] = duals[row]
    relaxed = LagrangianBound(builder, sorted(builder.states))
    value = relaxed.evaluate(relaxed.clip(prices)).value
    assert value >= patterns.bound - 1.0  # the bound is the LP rounded up
    roster = solve(instance, SolveParams(time_limit=2, workers=1), printer=lambda _: None).roster
    report = validate(instance, roster)
    assert report.feasible and value <= report.costs["total"] + 1e-6


def test_large_instances_take_the_group_weeks_and_the_ascent(tmp_path, monkeypatch) -> None:
    write_instance(tmp_path, generate(GeneratorSpec(agents=25, seed=4)))
    instance = load_instance(tmp_path)
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    ids = [a.id for a in instance.agents]
    aggregate, _ = _aggregate_prices(instance)
    monkeypatch.setattr(bound, "PATTERN_AGENTS", 10)
    heard: list[float] = []
    found, stats = bound.lower_bound(
        instance, ids, 6, report=lambda r: heard.append(r[0]), builder=builder
    )
    assert "steps" in stats["bound_ascent"] and "bound_patterns" not in stats
    # The queue groups' LP weeks are the search's second start, reported before any bound
    # and held: one per agent, all legal.
    assert heard[0] is None and stats["bound_groups"] == "done" and stats["weeks_held"]
    assert set(stats["lp_weeks"]) == set(ids)
    placed, refused = place_weeks(builder, stats["lp_weeks"])
    assert refused == 0 and sum(len(s.shifts) for s in placed.states.values()) > 0
    assert found is not None and found > aggregate
    bounds = heard[1:]  # the bounds as they rose, after the weeks' report
    assert None not in bounds and bounds == sorted(bounds) and bounds[-1] == found
    roster = solve(instance, SolveParams(time_limit=2, workers=1), printer=lambda _: None).roster
    assert found <= validate(instance, roster).costs["total"] + 1e-6
