"""HiGHS on the full per-agent model (``mip_search``): from a complete hint it returns a
roster the validator costs exactly as HiGHS says, its bound never passes the brute-force
optimum, and it reaches that optimum on a case small enough to know it."""

from __future__ import annotations

import threading

import pytest
from ortools.sat.python import cp_model
from test_optimise_small import brute_force_case

from scheduler.check import validate
from scheduler.optimise.extract import build_roster
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.hints import complete_hint, hint_assignment, read_assignment
from scheduler.optimise.mip_search import MipSearch
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.roster_model import build_roster_model
from scheduler.optimise.roster_state import snapshot


def _search(seconds: float, heard=lambda objective: False):
    instance, best = brute_force_case()
    catalogue = OptionCatalogue(instance)
    start = snapshot(greedy_builder(catalogue, list(instance.agents)))
    ctx = build_roster_model(instance, catalogue, list(instance.agents))
    hint_assignment(ctx, start.assignment, start.break_counts)
    ctx.minimise()
    assert complete_hint(ctx, 5.0)
    ended = threading.Event()
    search = MipSearch(ctx.model, seconds, 0, heard, lambda bound: None, ended.set)
    return instance, best, ctx, search, ended


def test_highs_reaches_the_brute_force_optimum_and_its_roster_costs_what_it_says() -> None:
    instance, best, ctx, search, ended = _search(20.0)
    assert ended.wait(30.0)  # ends by itself: proven
    values, objective, bound = search.finish()
    assert values is not None
    counts = {
        key: [{p: values.value(v) for p, v in per.items()} for per in per_break]
        for key, per_break in ctx.break_counts.items()
    }
    roster = build_roster(ctx.catalogue, read_assignment(ctx, values), counts)
    report = validate(instance, roster)
    assert report.feasible
    assert report.costs["total"] == objective == best
    assert bound == best  # ended by itself: proven, its bound rounded up to a whole cost


def test_a_roster_good_enough_for_the_caller_stops_the_search() -> None:
    heard: list[float] = []

    def enough(objective: float) -> bool:
        heard.append(objective)
        return True

    _, best, _, search, ended = _search(60.0, enough)
    assert ended.wait(30.0)  # stopped at its first roster, far inside its time
    values, objective, _ = search.finish()
    assert search.enough and values is not None
    assert heard and objective == heard[-1] >= best


def test_a_model_highs_cannot_take_is_refused() -> None:
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add(x + y == 1).only_enforce_if(x)
    with pytest.raises(ValueError, match="not a plain linear constraint"):
        MipSearch(model, 1.0, 0, lambda o: False, lambda b: None, lambda: None)
