"""Column generation over week patterns: pricing (numpy and compiled) against brute force and
each other, the bound against known optima and the aggregate bound it must dominate, and the
LP's weeks as a start for the search."""

from __future__ import annotations

import datetime as dt
import itertools
import time

import numpy as np
import pytest

from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.models.instance import (
    Agent,
    Demand,
    Horizon,
    Instance,
    LabourRules,
    Queue,
    ShiftTemplate,
)
from scheduler.optimise import SolveParams, solve
from scheduler.optimise.bound import aggregate_bound
from scheduler.optimise.extract import build_roster
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.kernel import week_dp
from scheduler.optimise.lp_start import place_weeks, share_out, weeks_by_weight
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.patterns.generation import generate as generate_patterns
from scheduler.optimise.patterns.master import Master
from scheduler.optimise.patterns.pricing import (
    AgentRules,
    OptionGrid,
    _WeekDP,
    best_pattern,
    compiled_pattern,
)
from scheduler.optimise.roster_state import RosterBuilder, snapshot
from scheduler.optimise.rounds import start_from_weeks
from tests.optimise.test_optimise_small import _agent, brute_force_case

TEMPLATES = (
    ShiftTemplate(
        name="day",
        start_earliest_minute=420,
        start_latest_minute=600,
        start_step_minutes=90,
        lengths_minutes=(240, 480),
    ),
    ShiftTemplate(
        name="late", start_earliest_minute=960, start_latest_minute=960, lengths_minutes=(480,)
    ),
)


@pytest.fixture(params=["numpy", "compiled"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """``best_pattern`` by the numpy DP, then by the compiled one."""
    compiled = request.param == "compiled"
    if compiled:
        week_dp.compile_now()
    monkeypatch.setattr(week_dp, "ready", lambda: compiled)
    return request.param


def _pricing_case(agent: Agent, days: int, max_run: int = 3) -> Instance:
    return Instance(
        name="pricing",
        horizon=Horizon(start=dt.date(2026, 11, 30), days=days),
        opening_hours=((0, 1440),) * 7,
        queues=(Queue(id="q"),),
        agents=(agent,),
        shift_templates=TEMPLATES,
        rules=LabourRules(
            min_rest_minutes=660, max_consecutive_days=max_run, min_days_off_per_week=0
        ),
        demand=Demand(required={"q": (0,) * (days * 96)}),
    )


def _brute_force(instance: Instance, values: np.ndarray) -> float:
    """The best profit over every legal week, the rules written out here from scratch."""
    agent, catalogue = instance.agents[0], OptionCatalogue(instance)
    options, rules = catalogue.options, instance.rules
    cells = [[None, *catalogue.domain(agent, d)] for d in range(instance.horizon.days)]
    best = -np.inf
    for week in itertools.product(*cells):
        worked = [(d, options[o]) for d, o in enumerate(week) if o is not None]
        paid = sum(o.paid for _, o in worked)
        if not agent.min_weekly_minutes <= paid <= agent.max_weekly_minutes:
            continue
        if len(worked) > agent.max_days_per_week:
            continue
        run, longest = agent.prior_consecutive_days, agent.prior_consecutive_days
        previous_end = agent.prior_shift_end_minute
        legal = True
        for d, o in enumerate(week):
            run = run + 1 if o is not None else 0
            longest = max(longest, run)
            if o is None:
                previous_end = None
                continue
            start = d * 1440 + options[o].start
            if previous_end is not None and start - previous_end < rules.min_rest_minutes:
                legal = False
            previous_end = d * 1440 + options[o].end
        if not legal or longest > rules.max_consecutive_days:
            continue
        best = max(best, sum(values[d, o.id] for d, o in worked))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_pricing_finds_the_best_legal_week(seed: int, engine: str) -> None:
    agent = _agent(
        "A",
        min_weekly_minutes=720,
        max_weekly_minutes=1440,
        max_days_per_week=4,
        prior_consecutive_days=seed % 3,
        prior_shift_end_minute=-120 if seed % 2 else None,
    )
    instance = _pricing_case(agent, days=5)
    catalogue = OptionCatalogue(instance)
    builder = RosterBuilder(catalogue, list(instance.agents))
    grid = OptionGrid.of(builder)
    rules = AgentRules.of(builder, grid, agent)
    values = np.random.default_rng(seed).normal(0, 100, (5, len(catalogue.options)))
    priced = best_pattern(grid, rules, values, np.zeros(values.shape, dtype=int))
    expected = _brute_force(instance, values)
    assert priced is not None
    assert priced.profit == pytest.approx(expected)
    # The pattern returned is the one priced: its own values add up to the profit.
    assert sum(values[d, o] for d, (_, o) in priced.pattern.items()) == pytest.approx(expected)


@pytest.mark.parametrize("prior", range(5))
def test_pricing_keeps_the_run_limit_from_prior_days(prior: int, engine: str) -> None:
    """One week, days per week within the run limit: the DP tracks only whether the run
    from before the horizon is still unbroken (two run states for max_run + 1), and still
    finds the brute-force optimum whether the prior run allows 0, some or all days."""
    agent = _agent(
        "A",
        min_weekly_minutes=480,
        max_weekly_minutes=1920,
        max_days_per_week=4,
        prior_consecutive_days=prior,
    )
    instance = _pricing_case(agent, days=6, max_run=4)
    catalogue = OptionCatalogue(instance)
    builder = RosterBuilder(catalogue, list(instance.agents))
    grid = OptionGrid.of(builder)
    rules = AgentRules.of(builder, grid, agent)
    for seed in range(4):
        # Early days worth most, so the best week would extend the prior run if it could.
        noise = np.random.default_rng(seed).normal(0, 100, (6, len(catalogue.options)))
        values = noise + np.arange(6, 0, -1)[:, None] * 200
        priced = best_pattern(grid, rules, values, np.zeros(values.shape, dtype=int))
        expected = _brute_force(instance, values)
        assert priced is not None
        assert priced.profit == pytest.approx(expected)
        assert sum(values[d, o] for d, (_, o) in priced.pattern.items()) == pytest.approx(expected)


def test_prior_days_the_dp_cannot_tell_apart_share_a_pricing_class() -> None:
    """A prior run no week can take past the limit is priced as none, and so is a prior
    shift that ends early enough to block no start: those agents pool; a prior run that
    can pass the limit, or a late prior shift, keeps its own class."""
    fresh = _agent("A", min_weekly_minutes=480, max_weekly_minutes=1920, max_days_per_week=4)
    instance = _pricing_case(fresh, days=6, max_run=6)
    builder = RosterBuilder(OptionCatalogue(instance), list(instance.agents))
    grid = OptionGrid.of(builder)
    skills = np.zeros(1, dtype=int)

    def key(**prior: object) -> tuple:
        agent = fresh.model_copy(update=prior)
        return AgentRules.of(builder, grid, agent).alike(skills)

    assert key(prior_consecutive_days=2) == key()  # 2 + 4 days stays within 6
    assert key(prior_consecutive_days=3) != key()  # 3 + 4 could pass it
    assert key(prior_shift_end_minute=-600) == key()  # 14:00 + 11 h rest: before any start
    assert key(prior_shift_end_minute=-120) != key()  # 22:00 + 11 h: blocks 07:00 and 08:30


def test_one_grid_prices_agents_with_different_first_days(engine: str) -> None:
    """The grid keeps the DP's rest classes per earliest first-day start: an agent with no
    prior shift and one whose last shift ended late, priced in turn on one grid, each get
    their own brute-force optimum."""
    fresh = _agent("A", min_weekly_minutes=720, max_weekly_minutes=1440, max_days_per_week=4)
    tired = fresh.model_copy(update={"prior_shift_end_minute": -120})
    grid = None
    for agent in (fresh, tired, fresh):
        instance = _pricing_case(agent, days=5)
        builder = RosterBuilder(OptionCatalogue(instance), list(instance.agents))
        grid = grid or OptionGrid.of(builder)
        values = np.random.default_rng(3).normal(0, 100, (5, len(builder.catalogue.options)))
        rules = AgentRules.of(builder, grid, agent)
        priced = best_pattern(grid, rules, values, np.zeros(values.shape, dtype=int))
        assert priced is not None
        assert priced.profit == pytest.approx(_brute_force(instance, values))
    assert grid is not None and len(grid._layers) == 2


def test_pricing_says_when_no_week_is_legal(engine: str) -> None:
    agent = _agent("A", min_weekly_minutes=2400, max_weekly_minutes=2400, max_days_per_week=2)
    instance = _pricing_case(agent, days=3)
    builder = RosterBuilder(OptionCatalogue(instance), list(instance.agents))
    grid = OptionGrid.of(builder)
    values = np.zeros((3, len(builder.catalogue.options)))
    rules = AgentRules.of(builder, grid, agent)
    assert best_pattern(grid, rules, values, np.zeros(values.shape, dtype=int)) is None


@pytest.mark.parametrize(
    ("days", "max_run", "prior_run", "prior_end", "soft"),
    [
        (14, 3, 2, -120, False),  # two weeks: runs counted day by day, a late prior shift
        (21, 6, 5, None, True),  # three weeks, a soft minimum priced per short minute
        (7, 6, 4, -120, False),  # one week: only an unbroken prior run is told apart
        (7, 3, 0, None, False),  # one week, more days allowed than in a row
        (7, 6, 0, None, False),  # one week within the run limit: no run to count
    ],
)
def test_compiled_pricing_is_the_numpy_dp(
    days: int, max_run: int, prior_run: int, prior_end: int | None, soft: bool
) -> None:
    """Over several weeks and every run mode, the compiled DP returns the numpy DP's week:
    the same profit, own cost and days (ties broken alike), or none for both."""
    agent = _agent(
        "A",
        min_weekly_minutes=960,
        max_weekly_minutes=2400,
        max_days_per_week=5,
        prior_consecutive_days=prior_run,
        prior_shift_end_minute=prior_end,
    )
    instance = _pricing_case(agent, days=days, max_run=max_run)
    if soft:
        instance = instance.model_copy(update={"soft_rules": {"weekly_min_hours": 2}})
    builder = RosterBuilder(OptionCatalogue(instance), list(instance.agents))
    grid = OptionGrid.of(builder)
    rules = AgentRules.of(builder, grid, agent)
    rng = np.random.default_rng(days)
    for _ in range(20):
        values = rng.normal(0, 100, (days, len(builder.catalogue.options))).round()
        queues = rng.integers(0, 3, values.shape)
        expected = _WeekDP(grid, rules, values, queues).solve()
        found = compiled_pattern(grid, rules, values, queues)
        assert (found is None) == (expected is None)
        if expected is not None:
            assert found.profit == pytest.approx(expected.profit)
            assert found.cost == pytest.approx(expected.cost)
            assert found.pattern == expected.pattern


def test_pattern_bound_is_below_the_brute_force_optimum() -> None:
    instance, best = brute_force_case()
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    result = generate_patterns(builder, time.monotonic() + 20)
    assert result.converged
    assert result.bound is not None and result.bound <= best + 1e-6


@pytest.fixture(scope="module")
def converged25(tmp_path_factory):
    """A generated 25-agent instance, its greedy roster and the pattern LP converged from it
    (the slow part, shared by the tests that only read it)."""
    folder = tmp_path_factory.mktemp("gen25")
    write_instance(folder, generate(GeneratorSpec(agents=25, seed=4)))
    instance = load_instance(folder)
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    return instance, builder, generate_patterns(builder, time.monotonic() + 60)


def test_pattern_bound_dominates_the_aggregate_and_stays_below_a_roster(converged25) -> None:
    instance, _, patterns = converged25
    aggregate, _ = aggregate_bound(instance, [a.id for a in instance.agents], 30)
    assert patterns.converged and aggregate is not None
    assert patterns.bound >= aggregate - 1e-6
    roster = solve(instance, SolveParams(time_limit=4, workers=1), printer=lambda _: None).roster
    report = validate(instance, roster)
    assert report.feasible
    assert patterns.bound <= report.costs["total"] + 1e-6
    # Every Lagrangian bound on the way was valid too.
    assert all(bound <= report.costs["total"] + 1e-6 for _, _, bound in patterns.history if bound)


def test_pooling_alike_agents_keeps_the_lp_value(tmp_path) -> None:
    """A row per class of alike agents (their weights summing to the class's size) is the
    per-agent LP with interchangeable agents merged: the converged pooled LP's columns,
    given to every member of their class in a master of one-agent classes, solve to the
    same value."""
    write_instance(tmp_path, generate(GeneratorSpec(agents=10, seed=4)))
    instance = load_instance(tmp_path)
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    patterns = generate_patterns(builder, time.monotonic() + 60)
    pooled = patterns.master
    assert patterns.converged and pooled is not None
    assert any(len(members) > 1 for members in pooled.classes)  # something was pooled
    single = Master(builder, [[aid] for aid in pooled.agent_ids])
    for members, columns in zip(pooled.classes, pooled.columns, strict=True):
        for aid in members:
            for _, pattern, cost in columns:
                single.add(pooled.agent_ids.index(aid), pattern, cost)
    assert single.solve() == pytest.approx(pooled.solve(), abs=1e-4)


def test_members_share_out_their_class_columns_by_weight() -> None:
    ranked = [(0, "a", 0.0), (1, "b", 0.0), (2, "c", 0.0)]
    assert share_out(ranked, [1.6, 1.2, 0.2], 3) == ["a", "a", "b"]
    assert share_out(ranked, [0.5, 0.3, 0.2], 1) == ["a"]
    assert share_out(ranked, [2.0, 1.0, 0.0], 3) == ["a", "a", "b"]
    assert share_out(ranked, [0.4, 0.35, 0.25], 2) == ["a", "b"]


def test_a_held_start_from_the_lp_weeks_is_legal_and_priced_as_the_validator_prices_it(
    converged25,
) -> None:
    """Held sweeps, exact breaks, then free sweeps (or free sweeps only): a valid roster at
    the search's own cost either way."""
    instance, builder, patterns = converged25
    weeks = weeks_by_weight(patterns.master)
    for held in (True, False):
        found = start_from_weeks(builder, weeks, 0, 50, time.monotonic() + 30, hold_hours=held)
        assert found is not None
        search = found[0]
        state = snapshot(search.b)
        report = validate(
            instance, build_roster(search.b.catalogue, state.assignment, state.break_counts)
        )
        assert report.feasible, report.violations[:3]
        assert report.costs["total"] == pytest.approx(search.total())


def test_lp_weeks_give_a_legal_roster_and_the_solve_uses_them(converged25) -> None:
    """The LP's weeks are placed as a second start; with one worker the bound (and
    so the weeks) comes before the search, and the roster it returns is valid."""
    instance, builder, patterns = converged25
    assert patterns.converged and patterns.master is not None
    weeks = weeks_by_weight(patterns.master)
    assert set(weeks) == {a.id for a in instance.agents}
    placed, refused = place_weeks(builder, weeks)
    assert refused == 0
    assert {a: dict(s.shifts) for a, s in placed.states.items()} == {
        a: {d: (placed.queues[k], o) for d, (k, o) in weeks[a].items()} for a in weeks
    }
    params = SolveParams(time_limit=12, workers=1, bound_share=0.7)
    lines: list[str] = []
    result = solve(instance, params, printer=lines.append)
    assert any("lp weeks" in line for line in lines)  # the second search ran
    assert validate(instance, result.roster).feasible
    assert "lp_weeks" not in result.stats
