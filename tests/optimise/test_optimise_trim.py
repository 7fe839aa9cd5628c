"""Trimming a stalled search: which shift each agent gives up, and the roster after it."""

from __future__ import annotations

import importlib
import time
from pathlib import Path

import pytest

from scheduler.check import validate
from scheduler.check.costs import coverage
from scheduler.io import load_instance
from scheduler.models.roster import Roster
from scheduler.optimise.best_response import BestResponse
from scheduler.optimise.extract import build_roster
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.options import OptionCatalogue, rosterable
from scheduler.optimise.roster_state import snapshot
from scheduler.optimise.trim import spare_day, trim

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


@pytest.fixture
def search():
    """The demo's greedy roster swept once with best responses: many agents work weeks
    above their minimum (the demo has part-timers), so there is something to trim."""
    instance = load_instance(DEMO)
    builder = greedy_builder(
        OptionCatalogue(instance), [a for a in instance.agents if rosterable(a)]
    )
    acceptance = LateAcceptance(builder, seed=5)
    responder = BestResponse(acceptance, seed=5)
    responder.sweep(time.monotonic() + 30)
    return acceptance, responder


def _roster(builder) -> Roster:
    shot = snapshot(builder)
    return build_roster(builder.catalogue, shot.assignment, shot.break_counts)


def _over_per_paid_minute(builder, excess, agent_id: str, day: int) -> float:
    """Over-staffing in the agent's shift's span by the validator's coverage, per paid
    minute of the shift."""
    queue, o = builder.states[agent_id].shifts[day]
    option = builder.catalogue.options[o]
    row = builder.instance.queue_ids.index(queue)
    per_day = builder.instance.horizon.steps_per_day
    step = builder.instance.horizon.time_step_minutes
    first, last = day * per_day + option.start // step, day * per_day + option.end // step
    return float(excess[row, first:last].sum()) / option.paid


def _without(roster: Roster, agent_id: str, day: int) -> Roster:
    days = tuple(d for d in roster.agent_days if (d.agent, d.day) != (agent_id, day))
    return Roster(instance=roster.instance, agent_days=days)


def test_the_spare_shift_is_the_most_over_staffed_one_the_minimum_can_spare(search) -> None:
    """Checked against the validator: the roster without the spare shift still meets the
    agent's contract minimum, and of the agent's shifts whose removal the validator lets
    pass, none has more over-staffing per paid minute; agents with none to spare are those
    for whom every removal breaks the minimum."""
    builder = search[0].b
    instance = builder.instance
    roster = _roster(builder)
    assert validate(instance, roster).feasible
    excess = coverage(instance, roster).excess
    spared = 0
    for agent_id, state in builder.states.items():
        legal = [
            day
            for day in sorted(state.shifts)
            if validate(instance, _without(roster, agent_id, day)).feasible
        ]
        day = spare_day(builder, state)
        if day is None:
            assert legal == []
            continue
        spared += 1
        assert day in legal
        over = _over_per_paid_minute(builder, excess, agent_id, day)
        assert all(over >= _over_per_paid_minute(builder, excess, agent_id, d) for d in legal)
    assert spared > 0


def test_trimming_takes_each_spare_shift_and_breaks_no_rule(monkeypatch, search) -> None:
    """Without the sweeps after it: each agent with a shift to spare loses exactly one of
    their shifts (which one depends on the agents trimmed before them, whose shifts left the
    over-staffing), everyone else keeps their week, and the validator finds no rule broken."""
    builder = search[0].b
    spares = {aid: spare_day(builder, s) is not None for aid, s in builder.states.items()}
    before = {aid: dict(s.shifts) for aid, s in builder.states.items()}
    monkeypatch.setattr(importlib.import_module("scheduler.optimise.trim"), "settle", _no_sweeps)
    taken = trim(search, seed=5, deadline=time.monotonic() + 30)
    assert taken == sum(spares.values()) > 0
    for aid, state in builder.states.items():
        lost = set(before[aid]) - set(state.shifts)
        assert len(lost) == spares[aid]
        assert state.shifts == {d: s for d, s in before[aid].items() if d not in lost}
    assert validate(builder.instance, _roster(builder)).feasible


def _no_sweeps(*args, **kwargs) -> None:
    pass


def test_after_trimming_the_roster_settles_and_stays_legal(search) -> None:
    """With the sweeps (hours held, exact breaks, then free): a legal roster, whose cost the
    search reports as the validator does."""
    acceptance = search[0]
    assert trim(search, seed=5, deadline=time.monotonic() + 20) > 0
    report = validate(acceptance.b.instance, _roster(acceptance.b))
    assert report.feasible
    assert report.costs["total"] == pytest.approx(acceptance.total())


def test_a_re_plan_s_frozen_roster_is_not_trimmed(search) -> None:
    builder = search[0].b
    agent_id, state = next((aid, s) for aid, s in builder.states.items() if s.shifts)
    builder.frozen.add((agent_id, min(state.shifts)))
    before = {aid: dict(s.shifts) for aid, s in builder.states.items()}
    assert trim(search, seed=5, deadline=time.monotonic() + 5) == 0
    assert {aid: dict(s.shifts) for aid, s in builder.states.items()} == before
