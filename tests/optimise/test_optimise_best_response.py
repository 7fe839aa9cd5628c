"""Best response and exact breaks: never for worse, and priced as the validator prices them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scheduler.check import validate
from scheduler.io import load_instance
from scheduler.models.instance import ShiftTemplate
from scheduler.optimise.best_response import BestResponse
from scheduler.optimise.exact_breaks import exact_breaks
from scheduler.optimise.extract import build_roster
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.options import OptionCatalogue, rosterable
from scheduler.optimise.roster_state import RosterBuilder, snapshot
from tests.optimise.test_optimise_small import _agent, _instance

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


def test_responses_never_cost_more_and_the_roster_stays_valid() -> None:
    demo = load_instance(DEMO)
    builder = greedy_builder(OptionCatalogue(demo), [a for a in demo.agents if rosterable(a)])
    costs = LateAcceptance(builder, 0)
    responder = BestResponse(costs, seed=1)
    improved = 0
    for state in list(builder.states.values()):
        before = costs.total()
        improved += responder.respond(state)
        assert costs.total() <= before + 1e-6  # refused responses are undone exactly
    assert improved > 0
    _assert_priced_as_the_validator_prices(demo, builder, costs.total())


def test_a_whole_week_moves_where_single_days_cannot() -> None:
    """Exactly 8 h a week, worked as 4 h on days 0 and 1, while all the demand is 8 h on
    day 0: lengthening day 0 breaks the maximum, dropping day 1 the minimum, so no one-day
    move helps; the best response moves both at once."""
    long_or_short = ShiftTemplate(
        name="t", start_earliest_minute=480, start_latest_minute=480, lengths_minutes=(240, 480)
    )
    agent = _agent("A", min_weekly_minutes=480, max_weekly_minutes=480)
    instance = _instance(2, [agent], {0: [(480, 960, 1)]}, templates=(long_or_short,))
    catalogue = OptionCatalogue(instance)
    builder = RosterBuilder(catalogue, list(instance.agents))
    short = next(o.id for o in catalogue.options if o.length == 240)
    state = builder.states["A"]
    for day in (0, 1):
        builder.place(state, day, 0, short)
    assert BestResponse(LateAcceptance(builder, 0), seed=0).respond(state)
    assert {d: catalogue.options[o].length for d, (_, o) in state.shifts.items()} == {0: 480}
    assert LateAcceptance(builder, 0).total() == 0


def test_exact_breaks_are_never_worse_and_keep_every_shift() -> None:
    demo = load_instance(DEMO)
    agents = [a for a in demo.agents if rosterable(a)]
    builder = greedy_builder(OptionCatalogue(demo), agents)
    search = LateAcceptance(builder, 0)
    search.run(deadline=float("inf"), max_moves=2000)
    before = search.total()
    start = snapshot(builder)
    found = exact_breaks(builder, start, agents, 20, 1, 0)
    assert found is not None
    counts, cost = found
    assert cost <= before + 1e-6
    # The same shifts (the model may not drop one to save cost), new breaks, the cost the
    # validator gives them.
    roster = build_roster(builder.catalogue, start.assignment, counts)
    worked = {(d.agent, d.day) for d in roster.agent_days if d.shift is not None}
    assert worked == {(a, d) for a, days in start.assignment.items() for d in days}
    report = validate(demo, roster)
    assert report.feasible, report.violations[:3]
    assert report.costs["total"] == pytest.approx(cost)


def test_exact_breaks_taken_into_the_builder_cost_what_the_validator_says() -> None:
    """The exact counts replace the builder's own: its cost is then the validator's, and the
    search goes on from them (a start from weeks does this)."""
    demo = load_instance(DEMO)
    agents = [a for a in demo.agents if rosterable(a)]
    builder = greedy_builder(OptionCatalogue(demo), agents)
    search = LateAcceptance(builder, 0)
    search.run(deadline=float("inf"), max_moves=2000)
    found = exact_breaks(builder, snapshot(builder), agents, 20, 1, 0)
    assert found is not None
    builder.take_break_counts(found[0])
    assert search.total() == pytest.approx(found[1])
    for moves in (0, 500):  # after more moves too: the journals still undo exactly
        search.run(deadline=float("inf"), max_moves=moves)
        _assert_priced_as_the_validator_prices(demo, builder, search.total())


def test_holding_hours_never_raises_an_agents_pay() -> None:
    """A held sweep re-plans weeks without paying anyone more than now (or the minimum)."""
    demo = load_instance(DEMO)
    builder = greedy_builder(OptionCatalogue(demo), [a for a in demo.agents if rosterable(a)])
    search = LateAcceptance(builder, 0)
    responder = BestResponse(search, seed=2)
    before = {aid: dict(s.paid) for aid, s in builder.states.items()}
    cost = search.total()
    responder.hold_hours = True
    assert responder.sweep(float("inf")) > 0
    assert search.total() < cost
    for aid, state in builder.states.items():
        for week, paid in state.paid.items():
            least = builder.weekly_min(state.agent, week)
            assert paid <= max(before[aid].get(week, 0), least), aid
    responder.hold_hours = False
    assert responder.sweep(float("inf")) > 0  # free again: some agents now work more
    assert any(
        paid > before[aid].get(week, 0)
        for aid, state in builder.states.items()
        for week, paid in state.paid.items()
    )


def test_week_values_are_the_gains_less_each_break_at_its_cheapest_place() -> None:
    """The week's values, computed for all days, options and breaks at once, equal the
    direct sum: the option's slot gains less, per break, the cheapest window among its
    allowed offsets (break layouts of different sizes padded to one table must not change a
    minimum)."""
    from scheduler.optimise.break_layout import break_layout

    demo = load_instance(DEMO)
    builder = greedy_builder(OptionCatalogue(demo), [a for a in demo.agents if rosterable(a)])
    responder = BestResponse(LateAcceptance(builder, 0), seed=0)
    skills = np.arange(len(builder.queues))
    step = builder.step
    week = responder._week_values(skills)
    for day in range(demo.horizon.days):
        values = week[day]
        for row, k in enumerate(skills):
            gain = builder.slot_gain(day, k)
            for option in builder.catalogue.options:
                first, end = option.start // step, option.end // step
                expected = gain[first:end].sum()
                for slot in break_layout(demo, option.length).slots:
                    width = slot.spec.minutes // step
                    starts = [(option.start + offset) // step for offset in slot.offsets]
                    expected -= min(gain[s : s + width].sum() for s in starts)
                assert values[row, option.id] == pytest.approx(expected)


def test_at_a_fixed_point_a_response_puts_back_exactly_what_was_there() -> None:
    """Near a fixed point most agents' best week is the one they have, and it is put back
    without a trial placement: shifts, break counts and residual must come back exactly."""
    demo = load_instance(DEMO)
    builder = greedy_builder(OptionCatalogue(demo), [a for a in demo.agents if rosterable(a)])
    responder = BestResponse(LateAcceptance(builder, 0), seed=2)
    while responder.sweep(float("inf")):
        pass
    residual, breaks = builder.residual.copy(), snapshot(builder)
    for state in list(builder.states.values()):
        assert not responder.respond(state)
    assert np.array_equal(builder.residual, residual)
    after = snapshot(builder)
    assert after.assignment == breaks.assignment
    assert after.break_counts == breaks.break_counts


def _assert_priced_as_the_validator_prices(instance, builder, cost: float) -> None:
    """The builder's roster is legal and costs ``cost`` by the independent validator."""
    state = snapshot(builder)
    roster = build_roster(builder.catalogue, state.assignment, state.break_counts)
    report = validate(instance, roster)
    assert report.feasible, report.violations[:3]
    assert report.costs["total"] == pytest.approx(cost)
