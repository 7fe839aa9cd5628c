"""A rule the instance marks soft is priced, not enforced: the roster exists and pays for it.

The same week that is infeasible with a hard contract minimum (the agent can work one day of
six hours against ten hours owed) must, with ``[soft] weekly_min_hours = price``, give a
roster whose validator cost charges ``price`` per minute short, and the optimiser must weigh
that price against coverage like any other cost.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_optimise_small import _agent, _instance

from scheduler.check import validate
from scheduler.io import InputError, load_instance
from scheduler.models.instance import Absence
from scheduler.models.result import SolveStatus
from scheduler.optimise import SolveParams, solve

QUIET = SolveParams(time_limit=20, workers=1, seed=3)


def _week(soft_price: int | None):
    absences = tuple(
        Absence(agent="A", day=d, start_minute=0, end_minute=1440, reason="unavailable")
        for d in range(1, 7)
    )
    agent = _agent("A", min_weekly_minutes=600, max_weekly_minutes=2400)
    instance = _instance(7, [agent], {0: [(540, 780, 1)]}, absences=absences)
    if soft_price is None:
        return instance
    return instance.model_copy(update={"soft_rules": {"weekly_min_hours": soft_price}})


def test_hard_minimum_is_infeasible() -> None:
    assert solve(_week(None), QUIET, printer=lambda _: None).status == SolveStatus.INFEASIBLE


@pytest.mark.parametrize("price", [0, 1, 50])
def test_soft_minimum_is_priced_per_minute_short(price: int) -> None:
    instance = _week(price)
    result = solve(instance, QUIET, printer=lambda _: None)
    assert result.roster is not None
    report = validate(instance, result.roster)
    assert report.feasible, report.violations[:3]
    worked = sum(d.shift.minutes for d in result.roster.agent_days if d.shift is not None)
    assert report.costs["soft_weekly_min_hours"] == price * (600 - worked)
    assert result.objective == pytest.approx(report.costs["total"])
    # By hand: the 4 h shift covers the demand exactly and leaves 360 minutes short; the
    # 6 h shift adds 120 minutes over (1 each) and leaves 240 short.
    assert report.costs["total"] == min(360 * price, 120 + 240 * price)
    assert result.status == SolveStatus.OPTIMAL
    if price == 0:
        assert worked == 240
    if price == 50:
        assert worked == 360


def test_unknown_soft_rule_names_the_field(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[2] / "instances" / "demo"
    folder = tmp_path / "demo"
    folder.mkdir()
    for item in demo.iterdir():
        if item.is_file():
            (folder / item.name).write_bytes(item.read_bytes())
    toml = folder / "instance.toml"
    toml.write_text(toml.read_text() + "\n[soft]\nrest = 5\n")
    with pytest.raises(InputError) as caught:
        load_instance(folder)
    assert caught.value.field == "soft.rest"
    assert "instance.toml" in str(caught.value)


def _run(soft_price: int | None):
    """Five days worked before day 0, a run limit of 6, and 4 h wanted on days 0, 1 and 2:
    working all three makes a run of 8 (days 1 and 2 past the limit)."""
    agent = _agent("A", prior_consecutive_days=5)
    demand = {day: [(540, 780, 1)] for day in range(3)}
    instance = _instance(3, [agent], demand)
    if soft_price is None:
        return instance
    return instance.model_copy(update={"soft_rules": {"max_consecutive_days": soft_price}})


@pytest.mark.parametrize("price", [None, 100, 5000])
def test_run_limit_soft_or_hard(price: int | None) -> None:
    instance = _run(price)
    result = solve(instance, QUIET, printer=lambda _: None)
    report = validate(instance, result.roster)
    assert report.feasible, report.violations[:3]
    worked = {d.day for d in result.roster.agent_days if d.shift is not None}
    # By hand: a day off costs its 240 minutes under (10 each); each day past the limit
    # costs the price. Hard, or dearer than a day's shortfall: one day off (day 0 or day 1)
    # ends the run, and the other two days are worked within the limit.
    if price is not None and 2 * price < 2400:
        assert worked == {0, 1, 2}
        assert report.costs["soft_max_consecutive_days"] == 2 * price
        assert report.costs["total"] == 2 * price
    else:
        assert worked in ({0, 2}, {1, 2})
        assert report.costs["total"] == 2400
        assert report.costs.get("soft_max_consecutive_days", 0) == 0
    assert result.status == SolveStatus.OPTIMAL
