"""Every shipped instance can be rostered, and the sanity checks catch ones that cannot.

For each rosterable agent (role agent, reserve tier 0): some allowed shift fits between their
earliest start and latest end, and their weekly minimum is reachable with their day limit's
worth of their longest paid shifts. Each check is also tested on both sides of its limit.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from scheduler.generate import contract_problems, uncovered_demand, weekly_load
from scheduler.io import load_instance
from scheduler.models import Agent, Instance

INSTANCES = Path(__file__).resolve().parents[2] / "instances"
SHIPPED = ("demo", "insurance-surge", "voucher-hotline")


@cache
def shipped(name: str) -> Instance:
    return load_instance(INSTANCES / name)


def with_agent(instance: Instance, **fields: object) -> Instance:
    """The instance with only one agent, of the given contract."""
    agent = Agent(id="T1", queues=(instance.queue_ids[0],), **fields)
    data = instance.model_dump()
    data.update(agents=[agent.model_dump()], absences=[], requests=[], overtime_offers=[])
    return Instance.model_validate(data)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_contract_can_be_met(name: str) -> None:
    assert contract_problems(shipped(name)) == []


@pytest.mark.parametrize("name", SHIPPED)
def test_every_interval_with_demand_can_be_covered(name: str) -> None:
    assert uncovered_demand(shipped(name)) == []


@pytest.mark.parametrize("name", SHIPPED)
def test_demand_fits_the_staff_at_their_maximum(name: str) -> None:
    for week in weekly_load(shipped(name)):
        assert 0 < week.required_hours <= week.max_contract_hours


def test_agent_whose_hours_no_template_fits_is_reported() -> None:
    demo = shipped("demo")  # "early" starts 08:00-10:00 and lasts 8-9 h
    late_starter = with_agent(demo, templates=("early",), earliest_start_minute=12 * 60)
    assert "no allowed shift" in contract_problems(late_starter)[0]
    assert (
        contract_problems(with_agent(demo, templates=("early",), earliest_start_minute=600)) == []
    )


def test_weekly_minimum_beyond_reach_is_reported() -> None:
    """Only 4 h shifts (paid in full), 3 days at most: 12 h is reachable, 12.25 h is not."""
    demo = shipped("demo")
    contract = {"templates": ("short",), "max_days_per_week": 3, "max_weekly_minutes": 20 * 60}
    assert contract_problems(with_agent(demo, min_weekly_minutes=12 * 60, **contract)) == []
    problems = contract_problems(with_agent(demo, min_weekly_minutes=12 * 60 + 15, **contract))
    assert problems == ["agent T1, week 1: needs 12.25 h, at most 12 h fit in allowed shifts"]


def test_reserves_and_support_staff_are_not_checked() -> None:
    demo = shipped("demo")
    impossible = {"templates": ("early",), "earliest_start_minute": 12 * 60}
    assert contract_problems(with_agent(demo, reserve_tier=60, **impossible)) == []
    assert contract_problems(with_agent(demo, role="support", **impossible)) == []


def test_demand_no_allowed_shift_covers_is_reported() -> None:
    demo = shipped("demo")  # afternoon-only staff cannot take the 08:00 calls
    afternoon = with_agent(demo, earliest_start_minute=12 * 60)
    assert any("08:00" in problem for problem in uncovered_demand(afternoon))
