"""Late acceptance: exact undo, never worse than its start, valid rosters, reproducible budgets.

The search edits one shared roster state through journals of place/unplace; if an undo left
a trace (a break unit at another offset, a paid minute) every later cost would be wrong, so the
state is compared field by field after many rejected moves.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

from scheduler.check import validate
from scheduler.io import load_instance
from scheduler.optimise import SolveParams, solve
from scheduler.optimise.extract import build_roster
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.options import OptionCatalogue, rosterable
from scheduler.optimise.roster_state import RosterBuilder, snapshot

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


@pytest.fixture(scope="module")
def demo():
    return load_instance(DEMO)


def _builder(instance) -> RosterBuilder:
    catalogue = OptionCatalogue(instance)
    return greedy_builder(catalogue, [a for a in instance.agents if rosterable(a)])


def _state(builder: RosterBuilder) -> tuple:
    """Residual, non-empty break groups and shifts: what a move may change."""
    breaks = {
        key: [{p: n for p, n in c.items() if n} for c in per]
        for key, per in builder.breaks.items()
        if any(n for c in per for n in c.values())
    }
    shifts = {
        aid: (dict(s.shifts), {w: p for w, p in s.paid.items() if p})
        for aid, s in builder.states.items()
    }
    return builder.residual.copy(), breaks, shifts


def test_every_move_is_undone_exactly(demo) -> None:
    builder = _builder(demo)
    search = LateAcceptance(builder, seed=5)
    residual, breaks, shifts = _state(builder)
    tried = 0
    for _ in range(600):
        move = search.rng.choices(search.moves, cum_weights=search.cumulative_weights)[0][0]
        search.journal = []
        if move() is not None:
            tried += 1
            search._undo()
    after = _state(builder)
    assert tried > 300
    assert np.array_equal(after[0], residual)
    assert after[1] == breaks
    assert after[2] == shifts


def test_accepted_deltas_add_up_to_the_true_cost(demo) -> None:
    """The delta a move reports is the change of the whole roster's cost."""
    builder = _builder(demo)
    search = LateAcceptance(builder, seed=2)
    cost = search.total()
    for _ in range(300):
        move = search.rng.choices(search.moves, cum_weights=search.cumulative_weights)[0][0]
        search.journal = []
        delta = move()
        if delta is not None:
            cost += delta
    assert search.total() == pytest.approx(cost)


def _each_done(search: LateAcceptance, move, tries: int):
    """``move`` tried ``tries`` times; each time it changed the roster, the assignment before
    and after it (its journal still in ``search.journal``), then a check that its delta is the
    roster's change and that its undo restores the roster."""
    for _ in range(tries):
        before, cost = snapshot(search.b).assignment, search.total()
        search.journal = []
        delta = move()
        if delta is None:
            continue
        yield before, snapshot(search.b).assignment
        assert search.total() == pytest.approx(cost + delta)
        search._undo()
        assert snapshot(search.b).assignment == before


def test_a_hand_over_changes_one_day_of_two_colleagues(demo) -> None:
    """``hand_over`` gives up (or changes) one agent's shift and moves a colleague of the
    same queue, on that day only; its delta is the roster's change and its undo is exact."""
    search = LateAcceptance(_builder(demo), seed=4)
    done = 0
    for before, after in _each_done(search, search.hand_over, 400):
        done += 1
        changed = {
            (aid, day)
            for aid in before
            for day in set(before[aid]) | set(after[aid])
            if before[aid].get(day) != after[aid].get(day)
        }
        assert len({day for _, day in changed}) <= 1 and len(changed) <= 2
        first, second = [e for e in search.journal if e[0] == "unplace"]
        q1 = before[first[1].agent.id][first[2]][0]
        assert first[2] == second[2] and q1 in second[1].agent.queues
    assert done > 100


def _apart(assignment: dict, left_out: set) -> dict:
    """The assignment without the agent-days ``left_out``."""
    return {
        (aid, day): shift
        for aid, days in assignment.items()
        for day, shift in days.items()
        if (aid, day) not in left_out
    }


def test_a_day_trade_swaps_two_colleagues_days_in_a_week(demo) -> None:
    """``trade_days``: one agent leaves ``d`` for ``e``, a colleague of the same queue leaves
    ``e`` for ``d``, nothing else changes; its delta is the roster's change and its undo is
    exact."""
    search = LateAcceptance(_builder(demo), seed=6)
    done = 0
    for before, after in _each_done(search, search.trade_days, 1500):
        done += 1
        (_, first, d, *_), (_, second, e, *_) = search.journal[:2]
        a1, a2 = first.agent.id, second.agent.id
        assert d != e and d // 7 == e // 7
        assert before[a1][d][0] in second.agent.queues
        assert d not in after[a1] and e in after[a1] and e not in before[a1]
        assert e not in after[a2] and d in after[a2] and d not in before[a2]
        traded = {(a, day) for a in (a1, a2) for day in (d, e)}
        assert _apart(after, traded) == _apart(before, traded)  # every other agent-day kept
    assert done > 30


def test_fairness_is_priced_like_the_validator(demo) -> None:
    """With unpopular shifts priced, the search's cost is still the validator's cost."""
    rules = demo.rules.model_copy(update={"late_shift_end_minute": 18 * 60})
    costs = demo.costs.model_copy(update={"fairness_per_shift": 200})
    fair = demo.model_copy(update={"rules": rules, "costs": costs})
    builder = _builder(fair)
    search = LateAcceptance(builder, seed=3)
    before = search.total()
    assert builder.fairness_cost() > 0
    best = search.run(deadline=float("inf"), max_moves=3000)
    state = snapshot(builder)
    roster = build_roster(builder.catalogue, state.assignment, state.break_counts)
    report = validate(fair, roster)
    assert report.feasible
    assert report.costs["fairness"] == builder.fairness_cost()
    assert report.costs["total"] == pytest.approx(best)
    assert best <= before


@pytest.mark.parametrize(
    ("rule", "price"),
    [("weekly_min_hours", 1), ("max_consecutive_days", 5)],
)
def test_a_soft_rule_is_priced_like_the_validator(demo, rule: str, price: int) -> None:
    """With a rule soft and cheap, moves may break it and pay the validator's price (demo
    agents bring up to 6 days worked before the horizon, so long runs do appear)."""
    soft = demo.model_copy(update={"soft_rules": {rule: price}})
    builder = _builder(soft)
    search = LateAcceptance(builder, seed=6)
    best = search.run(deadline=float("inf"), max_moves=3000)
    state = snapshot(builder)
    roster = build_roster(builder.catalogue, state.assignment, state.break_counts)
    report = validate(soft, roster)
    assert report.feasible, report.violations[:3]
    assert report.costs["total"] == pytest.approx(best)
    assert report.costs[f"soft_{rule}"] > 0


def test_frozen_days_stay_and_changes_are_priced(demo) -> None:
    """The re-plan hooks: frozen agent-days never move; with a high enough price for changing
    the published roster, the search changes nothing; the cost it reports counts changes."""
    builder = _builder(demo)
    published = {
        (aid, day): s.shifts.get(day)
        for aid, s in builder.states.items()
        for day in range(demo.horizon.days)
    }
    frozen = {(aid, day) for aid, day in published if day < 2}
    builder.frozen |= frozen
    builder.published = {key: value for key, value in published.items() if key not in frozen}
    builder.change_day_price = 10**7
    search = LateAcceptance(builder, seed=8)
    start = search.total()
    best = search.run(deadline=float("inf"), max_moves=3000)
    assert best == pytest.approx(search.total())
    now = {(aid, day): s.shifts.get(day) for aid, s in builder.states.items() for day in range(7)}
    assert all(now[key] == published[key] for key in frozen)
    assert best <= start
    assert now == published  # every change would cost more than any coverage it buys


def test_search_keeps_the_best_roster_and_it_is_valid(demo) -> None:
    builder = _builder(demo)
    search = LateAcceptance(builder, seed=1)
    start = search.total()
    best = search.run(deadline=float("inf"), max_moves=4000)
    assert best <= start
    assert best == search.total()
    state = snapshot(builder)
    roster = build_roster(builder.catalogue, state.assignment, state.break_counts)
    report = validate(demo, roster)
    assert report.feasible, report.violations[:3]
    assert report.costs["total"] == pytest.approx(best)


def test_a_move_budget_gives_the_same_roster_twice(demo) -> None:
    # The moves fix the roster; the limit only cuts short the bound the solve waits for
    # (the exact break placement, one worker, finishes well inside it).
    params = SolveParams(time_limit=5, seed=4, moves=1500, rounds=2)
    first = solve(demo, params, printer=lambda _: None)
    second = solve(demo, params, printer=lambda _: None)
    assert first.roster == second.roster
    assert first.objective == second.objective


class _Ticks:
    """A clock for ``solve``'s module: time moves only when a round runs."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now


class _Costs:
    """A search whose cost falls by ``drop`` a round."""

    def __init__(self, drop: float) -> None:
        self.cost, self.drop = 1_000_000.0, drop
        self.b = _Board(self)

    def total(self) -> float:
        return self.cost

    def reprice(self) -> None:
        pass


class _Board:
    """What ``oscillation`` asks of the fake search's builder: its roster is its cost."""

    def __init__(self, search: _Costs) -> None:
        self.search, self.states = search, {}
        self.under_price = np.ones(1)

    def save(self) -> float:
        return self.search.cost

    def restore(self, cost: float) -> None:
        self.search.cost = cost

    def price_shortfall(self, price: np.ndarray) -> None:
        self.under_price = price


class _NoBound:
    def known(self):
        return None

    def lp_weeks(self):
        return None


def _played_rounds(monkeypatch, solving) -> list[float]:
    """The solve's clock moved only by rounds, each cutting its search's cost by its
    ``drop``; the list collects the time at each round's end."""
    ticks = _Ticks()
    monkeypatch.setattr(solving, "time", ticks)
    played: list[float] = []

    def one_round(search, deadline, round_seconds, moves=None, interrupt=None) -> None:
        ticks.now = min(deadline, ticks.now + round_seconds)
        search[0].cost -= search[0].drop
        played.append(ticks.now)

    monkeypatch.setattr(
        importlib.import_module("scheduler.optimise.oscillation"), "search_round", one_round
    )
    return played


@pytest.mark.parametrize(("drop", "rounds"), [(0.0, 6), (1_000.0, 6), (20_000.0, 12)])
def test_rounds_go_past_their_share_only_while_the_cost_falls_fast(monkeypatch, drop, rounds):
    """60 s, half of it for late acceptance, 5-s rounds: a flat or slowly falling search
    (0.02 % a second) stops at its share; one still falling 0.4 % a second runs on to the
    limit less the reserve, leaving the exact breaks no time."""
    solving = importlib.import_module("scheduler.optimise.solve")
    played = _played_rounds(monkeypatch, solving)
    clock = solving._Clock(60.0, None)
    search = _Costs(drop)
    _, _, ran_on = solving._late_acceptance(
        search, None, _NoBound(), clock, SolveParams(round_seconds=5.0), lambda *a: None, share=0.5
    )
    assert len(played) == rounds
    assert ran_on == (rounds > 6)  # then the exact breaks are skipped
    assert played[-1] == pytest.approx(30.0 - 0.1 if rounds == 6 else 60.0 - 1.0)


class _WeeksAtOnce(_NoBound):
    def lp_weeks(self):
        return {}

    def weeks_held(self) -> bool:
        return True


@pytest.mark.parametrize(("drop", "rounds"), [(0.0, 3), (1_000.0, 6)])
def test_small_instances_hand_over_once_the_search_stalls(monkeypatch, drop, rounds) -> None:
    """60 s, at most half of it for late acceptance, 5-s rounds: on a small instance a
    search from the LP's weeks that finds nothing better for ``STALL_ROUNDS`` rounds hands
    over to the full model at once; one still falling runs to its share."""
    solving = importlib.import_module("scheduler.optimise.solve")
    assert solving.STALL_ROUNDS == 3
    played = _played_rounds(monkeypatch, solving)
    monkeypatch.setattr(solving, "start_from_weeks", lambda *a, **k: (_Costs(drop), None))
    clock = solving._Clock(60.0, None)
    params = SolveParams(round_seconds=5.0)
    solving._late_acceptance(
        _Costs(drop), None, _WeeksAtOnce(), clock, params, lambda *a: None, 0.5, small=True
    )
    assert len(played) == rounds
    assert played[-1] == pytest.approx(15.0 if rounds == 3 else 30.0 - 0.1)


@pytest.mark.parametrize("limit", [0, 1_000_000])
def test_late_acceptance_gets_its_share_not_the_first_sweeps(monkeypatch, demo, limit) -> None:
    """The share handed to late acceptance is the search's (all but the exact breaks' or,
    on small instances, half), whatever share the first best-response sweeps had."""
    solving = importlib.import_module("scheduler.optimise.solve")
    seen: list[float] = []

    class Enough(Exception):
        pass

    def record(search, responder, job, clock, params, trail, share, small=False, stats=None):
        seen.append(share)
        job.wait(0.0)
        raise Enough

    monkeypatch.setattr(solving, "_late_acceptance", record)
    params = SolveParams(time_limit=5, workers=1, full_model_limit=limit, descent_share=0.2)
    with pytest.raises(Enough):
        solve(demo, params, printer=lambda _: None)
    expected = params.full_model_search_share if limit else 1.0 - params.break_share
    assert seen == [pytest.approx(expected)]
