"""Restarts from the LP's weeks (``restarts``): when a search counts as spent, and that the
searches that restart (the bound's process's and the main one) keep the cheapest roster of
all their starts, legal and at the validator's cost."""

from __future__ import annotations

import itertools
import time

import pytest

from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.optimise import SolveParams, portfolio, restarts, solve
from scheduler.optimise.extract import build_roster
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.lp_start import weeks_by_weight
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.oscillation import Oscillation
from scheduler.optimise.patterns.generation import generate as generate_patterns
from scheduler.optimise.portfolio import SearchPlan, search_weeks
from scheduler.optimise.restarts import Patience


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_search_is_spent_after_rounds_without_gain_and_only_with_time_for_another(
    monkeypatch,
) -> None:
    clock = _Clock()
    monkeypatch.setattr(restarts.time, "monotonic", clock)
    patience = Patience(1_000.0, started=90.0)  # began 10 s ago (its start's settling)
    clock.now = 105.0
    patience.heard(900.0)  # its best, 15 s after it began
    for _ in range(restarts.ROUNDS - 1):
        patience.heard(900.0)
    assert not patience.spent(deadline=200.0)  # one round short of giving up
    patience.heard(950.0)  # a dearer roster is no gain either
    assert patience.spent(deadline=200.0)
    clock.now = 190.0
    assert not patience.spent(deadline=200.0)  # 10 s left, where it took 15 s to its best
    patience.heard(899.0)  # a gain starts the count again
    clock.now = 150.0
    assert not patience.spent(deadline=200.0)


def test_no_restart_with_less_than_its_minimum_left(monkeypatch) -> None:
    clock = _Clock()
    monkeypatch.setattr(restarts.time, "monotonic", clock)
    patience = Patience(10.0)  # its best at once
    for _ in range(restarts.ROUNDS):
        patience.heard(10.0)
    assert not patience.spent(deadline=clock.now + restarts.MIN_SECONDS - 0.1)
    assert patience.spent(deadline=clock.now + restarts.MIN_SECONDS + 0.1)


def test_race_seeds_differ_between_processes_and_solve_seeds() -> None:
    taken = [
        set(itertools.islice(restarts.race_seeds(seed, process), 50))
        for seed in range(4)
        for process in (0, 1)
    ]
    assert sum(len(seeds) for seeds in taken) == len(set().union(*taken)) == 400
    assert next(restarts.race_seeds(0, 0)) == 0  # seed 0's main search starts as before


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """10 agents: the pattern LP converges in about 5 s."""
    folder = tmp_path_factory.mktemp("restarts")
    write_instance(folder, generate(GeneratorSpec(agents=10, seed=4)))
    return load_instance(folder)


def _begun(monkeypatch) -> list[tuple[int, Oscillation]]:
    """Every search begun from the weeks (``restarts.begin``), with its seed, in order."""
    begun: list[tuple[int, Oscillation]] = []
    begin = restarts.begin

    def recorded(builder, weeks, seed, *args, **kwargs):
        started = begin(builder, weeks, seed, *args, **kwargs)
        if started is not None:
            begun.append((seed, started))
        return started

    monkeypatch.setattr(restarts, "begin", recorded)
    return begun


@pytest.fixture(scope="module")
def weeks(instance):
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    patterns = generate_patterns(builder, time.monotonic() + 60)
    assert patterns.converged and patterns.master is not None
    return weeks_by_weight(patterns.master)


def test_a_race_goes_on_with_its_cheapest_start_after_one_round_each(
    instance, weeks, monkeypatch
) -> None:
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    monkeypatch.setattr(restarts, "RACE", 3)
    monkeypatch.setattr(restarts, "RACE_SHARE", 1.0)
    begun = _begun(monkeypatch)
    seeds = iter(range(5, 100, 2))
    raced = restarts.race(builder, weeks, seeds, 50, (time.monotonic() + 30, 0.2))
    assert raced is not None
    rounds, patience, count = raced
    assert count == 3 and [seed for seed, _ in begun] == [5, 7, 9]
    assert all(entrant.search[0].b is not builder for _, entrant in begun)  # its own roster
    assert rounds.best == min(entrant.best for _, entrant in begun)
    assert rounds in [entrant for _, entrant in begun]
    assert patience.best == rounds.best
    assert next(seeds) == 11  # the next race takes the next seed


def test_a_race_with_no_time_to_spare_begins_one_search(instance, weeks, monkeypatch) -> None:
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    monkeypatch.setattr(restarts, "RACE_SHARE", 0.0)
    begun = _begun(monkeypatch)
    raced = restarts.race(builder, weeks, iter([0, 2]), 50, (time.monotonic() + 30, 0.2))
    assert raced is not None and raced[2] == 1 and len(begun) == 1


def test_the_bound_process_search_keeps_the_cheapest_of_its_starts(
    instance, weeks, monkeypatch
) -> None:
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    monkeypatch.setattr(restarts, "ROUNDS", 1)  # give up at the first round without gain
    monkeypatch.setattr(restarts, "MIN_SECONDS", 0.5)
    monkeypatch.setattr(portfolio, "MIN_SECONDS", 0.5)
    begun = _begun(monkeypatch)
    # A restart needs as much time left as the first search took to its best roster.
    until = time.monotonic() + 6.0
    plan = SearchPlan(seed=1, until=until, history=50, round_seconds=0.3)
    found = search_weeks(builder, weeks, plan)
    assert found is not None
    assert found.starts == len(begun) >= 2  # it did start again
    seeds = itertools.islice(restarts.race_seeds(1, 1), len(begun))
    assert [seed for seed, _ in begun] == list(seeds)
    assert found.cost == pytest.approx(min(entrant.best for _, entrant in begun))
    roster = build_roster(builder.catalogue, found.roster.assignment, found.roster.break_counts)
    report = validate(instance, roster)
    assert report.feasible
    assert report.costs["total"] == pytest.approx(found.cost)


def test_the_main_search_restarts_and_returns_a_legal_roster(instance, monkeypatch) -> None:
    monkeypatch.setattr(restarts, "ROUNDS", 1)
    monkeypatch.setattr(restarts, "MIN_SECONDS", 0.5)
    lines: list[str] = []
    # No day polish: its share of the 11 s would leave the search too little to restart.
    params = SolveParams(
        time_limit=11, workers=2, full_model_limit=0, round_seconds=0.5, polish_share=0.0
    )
    result = solve(instance, params, printer=lines.append)
    assert any("restart" in line for line in lines)
    assert result.stats["restarts"] >= 1
    assert result.stats["search_starts"] >= 2
    report = validate(instance, result.roster)
    assert report.feasible
    assert report.costs["total"] == pytest.approx(result.objective)
