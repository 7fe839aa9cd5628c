"""The re-plan neighbourhood: only decisions that can reach a short slot, and a hint CP-SAT
can take as it is (a complete, feasible hint is what makes the first solution immediate)."""

from __future__ import annotations

import datetime as dt

import pytest
from ortools.sat.python import cp_model

from scheduler.models.clock import DAY_MINUTES
from scheduler.replan.apply import revise
from scheduler.replan.changes import read_changes
from scheduler.replan.model import build_model
from scheduler.replan.scope import ESCALATION, Level, build_scope
from scheduler.replan.shortfall import shortfall
from scheduler.replan.solve import fixed_roster
from tests.replan.conftest import write_changes

NOW = dt.datetime(2026, 12, 1, 11, 0)  # Tuesday 11:00, day 1
SURGE = """
[[demand]]
queue = "*"
start = "2026-12-01T11:00"
end = "2026-12-01T17:00"
factor = 2.0
"""


def _setup(centre, tmp_path):
    _, _, instance, published = centre
    changes = read_changes(write_changes(tmp_path, SURGE), instance)
    revision = revise(instance, changes, NOW, published)
    before = fixed_roster(revision, published)
    return revision, changes, published, shortfall(revision.instance, before, revision.now.absolute)


def test_shortfall_is_future_only_and_found_in_the_surge(centre, tmp_path):
    revision, _, _, short = _setup(centre, tmp_path)
    assert short.slots > 0
    queues = revision.instance.queue_ids
    assert all(short.count(q, 0, 0, DAY_MINUTES) == 0 for q in queues)  # Monday is history
    assert all(short.count(q, 1, 0, revision.now.minute) == 0 for q in queues)
    assert any(short.reaches(q, 1, 11 * 60, 17 * 60) for q in queues)


@pytest.mark.parametrize("level", ESCALATION)
def test_hint_is_complete_and_feasible(centre, tmp_path, level: Level):
    revision, changes, published, short = _setup(centre, tmp_path)
    scope = build_scope(revision, published, level)
    rm = build_model(revision, published, scope, changes, short)
    model = rm.ctx.model.clone()
    variables = model.proto.variables
    unhinted = [i for i in range(len(variables)) if i not in rm.hint]
    # Only constants (one-value domains) may go without a hint.
    assert all(variables[i].domain[0] == variables[i].domain[1] for i in unhinted)
    for index, value in rm.hint.items():
        model.add(model.get_int_var_from_proto_index(index) == value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    assert solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_free_choices_reach_a_short_slot_or_keep_the_published_shift(centre, tmp_path):
    revision, changes, published, short = _setup(centre, tmp_path)
    scope = build_scope(revision, published, Level.RESERVES)
    rm = build_model(revision, published, scope, changes, short)
    assert rm.free_pairs
    for (agent_id, day), pairs in rm.free_pairs.items():
        given = rm.published.get((agent_id, day))
        for q, o in pairs:
            option = rm.catalogue.options[o]
            kept = (
                given is not None
                and given.shift is not None
                and (given.queue, given.shift.start_minute, given.shift.end_minute)
                == (q, option.start, option.end)
            )
            assert kept or short.reaches(q, day, option.start, option.end)
            if day == revision.now.day and not kept:
                assert option.start >= revision.now.minute
