"""The re-plan's lower bound: below the re-plan cost of every roster a level returns (the
validator's total plus the change prices), below the optimum of a centre small enough to
enumerate, and claimed only for rosters its relaxation admits."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from scheduler.check import validate
from scheduler.cli import main
from scheduler.models.instance import (
    Agent,
    Instance,
    OvertimeOffer,
)
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.replan.apply import revise
from scheduler.replan.bound import best_bound, level_bounds, rebuilt_relaxation
from scheduler.replan.bound_model import BoundModel
from scheduler.replan.changes import AbsenceChange, Changes, DemandChange, read_changes
from scheduler.replan.levels import SEARCH_LEVELS, escalate
from scheduler.replan.programme import Programme, solve
from scheduler.replan.relaxation import admits
from scheduler.replan.scope import Level, published_days
from scheduler.replan.search import replan_cost
from scheduler.replan.shortfall import shortfall
from scheduler.replan.solve import fixed_roster, solve_level
from scheduler.replan.stability import roster_change_cost
from tests.replan.conftest import one_day_centre, write_changes
from tests.replan.test_replan_levels import NOW, SURGE

MOVES = 4000
SICK = """
[[absence]]
agent = "{agent}"
start = "2026-12-01T11:00"
end = "2026-12-02T23:00"
"""
AVAILABLE = """
[[available]]
agent = "{agent}"
start = "2026-12-02T00:00"
end = "2026-12-02T23:59"
"""


def _scenario(centre, tmp_path, name: str):
    _, _, instance, published = centre
    tuesday = [d for d in published.agent_days if d.day == 1 and d.shift is not None]
    working = [d.agent for d in tuesday]
    late = [d.agent for d in tuesday if d.shift.start_minute > 700]
    texts = {
        "surge": SURGE.format(factor=1.6),
        "surge and sickness": SURGE.format(factor=2.0) + SICK.format(agent=late[0]),
        "sickness and availability": SICK.format(agent=working[0])
        + AVAILABLE.format(agent=working[-1]),
    }
    changes = read_changes(write_changes(tmp_path, texts[name]), instance)
    return changes, revise(instance, changes, NOW, published)


@pytest.mark.parametrize(
    ("name", "engine"),
    [
        ("surge", "search"),
        ("surge and sickness", "search"),
        ("surge and sickness", "auto"),
        ("sickness and availability", "search"),
    ],
)
def test_bound_is_below_the_cost_of_every_level_roster(centre, tmp_path, name, engine):
    _, _, instance, published = centre
    changes, revision = _scenario(centre, tmp_path, name)
    escalation = escalate(
        instance, revision, published, changes, 20, workers=1, engine=engine, max_moves=MOVES
    )
    searched = [o.solve for o in escalation.outcomes if o.solve and o.level in SEARCH_LEVELS]
    bounded = [s for s in searched if s.bound is not None and "relaxation" in s.note]
    assert bounded, [s.note for s in searched]
    for solved in bounded:
        cost = replan_cost(revision, published, solved.roster, changes.weights)
        assert solved.objective == cost  # the search path reports the re-plan cost
        assert solved.bound <= cost


def test_bound_holds_for_cp_sat_and_the_level_start(centre, tmp_path):
    _, _, _, published = centre
    changes, revision = _scenario(centre, tmp_path, "surge and sickness")
    before = fixed_roster(revision, published)
    bounds = level_bounds(revision, published, before, changes, 30)
    assert [b.level for b in bounds] == [Level.RESERVES, Level.SUPPORT]
    short = shortfall(revision.instance, before, revision.now.absolute)
    cp_sat = solve_level(revision, published, changes, Level.RESERVES, 3, 1, 0, short, before)
    for roster in (before, cp_sat.roster):
        value, note = best_bound(bounds, roster, revision, published, before, changes)
        assert value is not None, note
        assert value <= replan_cost(revision, published, roster, changes.weights)


def test_no_bound_for_a_roster_that_changes_the_past(centre, tmp_path):
    _, _, _, published = centre
    changes, revision = _scenario(centre, tmp_path, "surge")
    before = fixed_roster(revision, published)
    bounds = level_bounds(revision, published, before, changes, 30)
    monday = next(d for d in before.agent_days if d.day == 0 and d.shift is not None)
    days = [d for d in before.agent_days if d != monday]
    changed = Roster(instance=before.instance, agent_days=tuple(days))
    relaxation = rebuilt_relaxation(bounds[0], revision, published, before, changes)
    assert "pinned day added or removed" in admits(relaxation, changed)
    value, note = best_bound(bounds, changed, revision, published, before, changes)
    assert value is None and "does not admit" in note


def test_the_command_reports_the_search_paths_bound(centre, tmp_path, capsys):
    folder, roster_folder, _, _ = centre
    path = write_changes(tmp_path, SURGE.format(factor=1.6))
    argv = ["replan", str(folder), "--roster", str(roster_folder), "--changes", str(path)]
    argv += ["--now", "2026-12-01T11:00", "--out", str(tmp_path / "out"), "--engine", "search"]
    assert main([*argv, "--time-limit", "5", "--workers", "2"]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    capsys.readouterr()
    assert summary["replan_bound"] is not None
    assert summary["replan_bound"] <= summary["replan_objective"] == summary["replan_cost"]
    assert 0 <= summary["replan_gap"] < 1


# -- a centre small enough to enumerate every roster of a level ------------------------------

START = dt.date(2026, 11, 30)  # a Monday; the horizon is that one day
BREAK = (60, 75, 90, 105, 120)  # start offsets of the 4 h shift's break


def tiny_instance() -> Instance:
    """One queue, 4 h shifts starting 08:00-12:00 on the hour with one 15 min break 60-120
    min in; two regular agents and one support agent; one agent needed 08:00-16:00."""
    required = [0] * 96
    for interval in range(32, 64):
        required[interval] = 1
    agents = (
        Agent(id="A1", queues=("q",)),
        Agent(id="A2", queues=("q",)),
        Agent(id="S1", queues=("q",), role="support"),
    )
    return one_day_centre(START, agents, {"q": tuple(required)}, (480, 1080), (480, 720, 60))


def shift(agent: str, start: int, offset: int) -> AgentDay:
    """A 4 h shift on the horizon's day with its break ``offset`` minutes in."""
    begin = start + offset
    placed = BreakPlacement(kind="break", start_minute=begin, end_minute=begin + 15)
    span = Span(start_minute=start, end_minute=start + 240)
    return AgentDay(agent=agent, day=0, queue="q", shift=span, breaks=(placed,))


def choices(agent: str, starts: list[int], floor: int) -> list[AgentDay | None]:
    """Off, or any of ``starts`` with its break anywhere in its window from ``floor`` on."""
    found: list[AgentDay | None] = [None]
    for start in starts:
        found += [shift(agent, start, p) for p in BREAK if start + p >= floor]
    return found


def optimum(revision, published: Roster, changes: Changes, options) -> tuple[int, Roster]:
    """The cheapest valid roster (validator's total plus change prices) of every combination."""
    best = None
    for days in itertools.product(*options):
        roster = Roster(instance="tiny", agent_days=tuple(d for d in days if d is not None))
        report = validate(revision.instance, roster)
        if not report.feasible:
            continue
        cost = int(report.costs["total"]) + roster_change_cost(
            changes.weights, published_days(published), published_days(roster), revision.now
        )
        if best is None or cost < best[0]:
            best = (cost, roster)
    assert best is not None
    return best


@pytest.mark.parametrize("sick", [False, True])
def test_bound_is_below_the_optimum_found_by_enumeration(sick: bool):
    """At 09:00 demand triples 10:00-14:00. A1 (08:00-12:00) is under way: only its break may
    still move. Level 2 may move A2's breaks (12:00-16:00) and call in S1 from 09:00; level 1
    may also re-time A2 or take A2 off (a new start needs an hour's notice: 10:00). With
    ``sick``, A2 is off sick from 13:00: the shift goes, and no other fits before it."""
    instance = tiny_instance()
    published = Roster(instance="tiny", agent_days=(shift("A1", 480, 90), shift("A2", 720, 90)))
    assert validate(instance, published).feasible
    now = dt.datetime(2026, 11, 30, 9, 0)
    surge = DemandChange(
        queue="q", start=dt.datetime(2026, 11, 30, 10), end=dt.datetime(2026, 11, 30, 14), factor=3
    )
    absence = AbsenceChange(
        agent="A2", start=dt.datetime(2026, 11, 30, 13), end=dt.datetime(2026, 11, 30, 23)
    )
    changes = Changes(demand=(surge,), absences=(absence,) if sick else ())
    revision = revise(instance, changes, now, published)
    before = fixed_roster(revision, published)
    a1 = [shift("A1", 480, p) for p in BREAK if 480 + p >= 540]
    s1 = choices("S1", [540, 600, 660, 720], 540)
    a2 = [None] if sick else [shift("A2", 720, p) for p in BREAK]
    level_two = [a1, a2, s1]
    level_one = [a1, choices("A2", [600, 660, 720], 540), s1]
    bounds = {b.level: b for b in level_bounds(revision, published, before, changes, 30)}
    for level, options in ((Level.SUPPORT, level_two), (Level.RESERVES, level_one)):
        cost, roster = optimum(revision, published, changes, options)
        bound = bounds[level]
        assert bound.value is not None and 0 < bound.value <= cost
        relaxation = rebuilt_relaxation(bound, revision, published, before, changes)
        assert admits(relaxation, roster) is None
    assert bounds[Level.RESERVES].value <= bounds[Level.SUPPORT].value


def test_programme_bound_is_its_dual_value_and_none_without_an_optimum():
    programme = Programme()
    x, y = programme.variable(1.0, 5.0), programme.variable(2.0, 5.0)
    programme.row([(x, 1.0), (y, 1.0)], 2.5, float("inf"))
    programme.row([(x, 1.0)], -float("inf"), 1.0)
    programme.constant = 10.0
    solved = solve(programme, 5.0)
    assert solved.status == "optimal"
    assert solved.objective == pytest.approx(14.0)  # x = 1, y = 1.5
    assert 14.0 - 1e-4 <= solved.bound <= 14.0
    programme.row([(y, 1.0)], 6.0, float("inf"))  # beyond its upper bound: infeasible
    assert solve(programme, 5.0).bound is None


def test_no_bound_for_overtime_on_the_agents_own_shift(centre, tmp_path):
    """The programme counts no overtime on the day's shift or during an absence (the
    validator forbids both), so a roster with such overtime gets no bound, even inside an
    offer."""
    _, _, _, published = centre
    changes, revision = _scenario(centre, tmp_path, "surge")
    before = fixed_roster(revision, published)
    bounds = level_bounds(revision, published, before, changes, 30)
    relaxation = rebuilt_relaxation(bounds[0], revision, published, before, changes)
    day = next(d for d in before.agent_days if d.day == 2 and d.shift is not None)
    start, end = day.shift.start_minute, day.shift.end_minute
    offer = OvertimeOffer(
        agent=day.agent, day=2, start_minute=start, end_minute=end, max_minutes=60
    )
    relaxation.offers[(day.agent, 2)] = [offer]
    span = Span(start_minute=end - 15, end_minute=end)
    on_shift = day.model_copy(update={"overtime": (span,)})
    days = tuple(on_shift if d is day else d for d in before.agent_days)
    roster = Roster(instance=before.instance, agent_days=days)
    assert "overtime on the shift" in admits(relaxation, roster)
    assert validate(revision.instance, roster).violations  # the validator agrees


def _row_values(programme: Programme, values: dict[int, float]) -> list[tuple[float, float]]:
    """(row activity, row upper) of every row at ``values`` (missing variables 0)."""
    activity = [0.0] * len(programme.row_upper)
    for row, column, value in zip(programme.rows, programme.columns, programme.values, strict=True):
        activity[row] += value * values.get(column, 0.0)
    return list(zip(activity, programme.row_upper, strict=True))


def test_break_order_rows_hold_for_every_ordered_roster_and_cut_a_disordered_one():
    """Two breaks of three equal shifts, the second at least 30 minutes after the first: the
    rows ``_in_order`` adds hold for the counts of every roster that keeps the order (so the
    bound stays valid), and cut counts no roster can have (all first breaks late, all second
    breaks early), which the counts alone allowed."""
    firsts, seconds, delta = (60, 75, 90, 105), (90, 105, 120, 135), 30
    model = BoundModel.__new__(BoundModel)  # only its programme is used
    model.lp, model.keepers = Programme(), {}
    first = [((model.lp.variable(0.0, 3), 1.0), p) for p in firsts]
    then = [((model.lp.variable(0.0, 3), 1.0), p) for p in seconds]
    model._in_order(GROUP, 1, first, then, delta)
    assert model.lp.size[1] > 0
    pairs = [(a, b) for a in firsts for b in seconds if b >= a + delta]
    for roster in itertools.combinations_with_replacement(pairs, 3):
        counts: dict[int, float] = {}
        for a, b in roster:
            var_a = next(v for (v, _), p in first if p == a)
            var_b = next(v for (v, _), p in then if p == b)
            counts[var_a] = counts.get(var_a, 0) + 1
            counts[var_b] = counts.get(var_b, 0) + 1
        assert all(value <= upper + 1e-9 for value, upper in _row_values(model.lp, counts))
    disordered = {first[-1][0][0]: 3, then[0][0][0]: 3}  # every first at 105, second at 90
    assert any(value > upper for value, upper in _row_values(model.lp, disordered))


GROUP = (0, "sales", 480, 480)  # any group key: only the keepers' lookup reads it


def test_break_order_rows_leave_the_members_not_keeping_their_day_in_order():
    """With a member keeping its published breaks (60, 135), the order rows hold for the rest:
    every ordered roster in which the keeper keeps them meets the rows (the bound stays
    valid), and counts that pair in order only if the keeper gives them up (first breaks
    60 and 105, second 105 and 135: the rest would be (105, 105)) are cut, which the rows
    over all members allowed. ``integer_plan`` relies on this to lay whole counts out."""
    firsts, seconds, delta = (60, 75, 90, 105), (90, 105, 120, 135), 30
    model = BoundModel.__new__(BoundModel)
    model.lp = Programme()
    first = [((model.lp.variable(0.0, 3), 1.0), p) for p in firsts]
    then = [((model.lp.variable(0.0, 3), 1.0), p) for p in seconds]
    keeper = model.lp.variable(0.0, 1)
    model.keepers = {(GROUP, 0, 60): [keeper], (GROUP, 1, 135): [keeper]}
    model._in_order(GROUP, 1, first, then, delta)
    var = {("first", p): v for (v, _), p in first} | {("then", p): v for (v, _), p in then}
    pairs = [(a, b) for a in firsts for b in seconds if b >= a + delta]
    for others in itertools.combinations_with_replacement(pairs, 2):
        counts: dict[int, float] = {keeper: 1.0}
        for a, b in ((60, 135), *others):
            counts[var[("first", a)]] = counts.get(var[("first", a)], 0) + 1
            counts[var[("then", b)]] = counts.get(var[("then", b)], 0) + 1
        assert all(value <= upper + 1e-9 for value, upper in _row_values(model.lp, counts))
    pairable_only_without_keeping = {
        var[("first", 60)]: 1.0,
        var[("first", 105)]: 1.0,
        var[("then", 105)]: 1.0,
        var[("then", 135)]: 1.0,
    }
    assert all(
        value <= upper + 1e-9
        for value, upper in _row_values(model.lp, pairable_only_without_keeping)
    )
    kept = {**pairable_only_without_keeping, keeper: 1.0}
    assert any(value > upper + 1e-9 for value, upper in _row_values(model.lp, kept))
