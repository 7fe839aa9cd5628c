"""The lossy importer into the contact-centre Instance: what maps is checked by our validator."""

from __future__ import annotations

import datetime as dt

import pytest
from shiftcover_kit import tiny

from scheduler.check import validate
from scheduler.shiftcover import check, score
from scheduler.shiftcover.importer import NOT_MAPPED, queue_id, to_instance, to_roster
from scheduler.shiftcover.solver import SolverParams, solve


def test_solved_roster_passes_the_validator_on_the_imported_instance() -> None:
    """The import relaxes the benchmark's hard rules, so a feasible roster stays feasible."""
    problem = tiny()
    result = solve(problem, SolverParams(time_limit=5, workers=1))
    assert result.roster is not None and check(problem, result.roster).feasible
    instance = to_instance(problem)
    report = validate(instance, to_roster(problem, result.roster))
    assert report.violations == ()
    # Shortfall maps to agent-minutes: each person short costs weight x the shift's minutes.
    staffed: dict[tuple[int, str], int] = {}
    for shifts in result.roster.shifts.values():
        for day, shift in enumerate(shifts):
            if shift:
                staffed[day, shift] = staffed.get((day, shift), 0) + 1
    expected_under = sum(
        c.under_weight
        * max(0, c.requirement - staffed.get((c.day, c.shift), 0))
        * problem.shift_by_id[c.shift].minutes
        for c in problem.cover
    )
    assert report.costs["under"] == expected_under
    off_requests = score(problem, result.roster).off_requests
    assert report.costs["requests"] == off_requests  # B works E only: exact mapping here


def test_import_keeps_days_off_and_eligibility() -> None:
    problem = tiny()
    instance = to_instance(problem)
    assert instance.horizon.start.weekday() == 0 and instance.horizon.days == problem.days
    b = instance.agent_by_id["B"]
    assert b.queues == (queue_id("E"),) and b.templates == ("E",)
    assert [(a.agent, a.day) for a in instance.absences] == [("B", 2)]
    assert len(NOT_MAPPED) >= 5


def test_import_refuses_what_it_cannot_represent() -> None:
    with pytest.raises(ValueError, match="not a Monday"):
        to_instance(tiny(), start=dt.date(2024, 1, 2))
    odd = tiny().model_copy(
        update={"shift_types": (tiny().shift_types[0].model_copy(update={"minutes": 470}),)}
    )
    with pytest.raises(ValueError, match="470 min"):
        to_instance(odd)
