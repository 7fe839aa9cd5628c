"""A small centre with support staff and reserves, and a published roster for it.

Planned once per test session (a few seconds), then shared: every test re-plans from the
same roster.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance, write_roster
from scheduler.models.instance import (
    Agent,
    BreakRule,
    BreakSpec,
    Demand,
    Horizon,
    Instance,
    Queue,
    ShiftTemplate,
)
from scheduler.models.roster import BreakPlacement
from scheduler.optimise import SolveParams, solve
from scheduler.optimise.progress import silent


@pytest.fixture(scope="session")
def centre(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("replan") / "centre"
    spec = GeneratorSpec(
        agents=40, queues=("sales", "service"), support_share=0.1, reserve_share=0.15, seed=4
    )
    write_instance(folder, generate(spec))
    instance = load_instance(folder)
    # A move budget, not a time limit: the published roster, and so every test built on it,
    # must not depend on how busy the machine is.
    params = SolveParams(time_limit=20, workers=1, seed=0, moves=1500, rounds=2)
    # The roster these tests were written against came from late acceptance's Python moves;
    # the compiled ones (``optimise.kernel``) plan another, on which the overtime test below
    # finds no offer that pays (``test_replan_search.test_overtime_offers_are_used_after_now_and_
    # only_where_they_pay``).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("scheduler.optimise.kernel.arrays.supported", lambda builder: False)
        result = solve(instance, params, silent)
    assert result.roster is not None and validate(instance, result.roster).feasible
    roster = with_training(result.roster)
    assert validate(instance, roster).feasible
    write_roster(folder.parent / "published", roster, instance)
    return folder, folder.parent / "published", instance, roster


def with_training(roster):
    """Give every Tuesday shift of 8 h or more an hour of training where it fits."""
    days = []
    for day in roster.agent_days:
        shift = day.shift
        if day.day == 1 and shift is not None and shift.minutes >= 480:
            start = shift.start_minute + 120
            while any(b.start_minute < start + 60 and start < b.end_minute for b in day.breaks):
                start += 15
            if start + 60 <= shift.end_minute - 30:
                block = BreakPlacement(kind="training", start_minute=start, end_minute=start + 60)
                day = day.model_copy(update={"breaks": day.breaks + (block,)})
        days.append(day)
    return roster.model_copy(update={"agent_days": tuple(days)})


def write_changes(folder: Path, text: str) -> Path:
    path = folder / "changes.toml"
    path.write_text(text, encoding="utf-8")
    return path


def one_day_centre(
    start: dt.date,
    agents: tuple[Agent, ...],
    required: dict[str, tuple[int, ...]],
    opening: tuple[int, int],
    starts: tuple[int, int, int],
    **extra,
) -> Instance:
    """A one-day centre small enough to enumerate: 4 h shifts starting at ``starts``
    (earliest, latest, step, in minutes) with one 15 min break 60-120 min in; ``extra``
    holds further instance fields (offers, requests)."""
    earliest, latest, step = starts
    return Instance(
        name="tiny",
        horizon=Horizon(start=start, days=1),
        opening_hours=(opening,) * 7,
        queues=tuple(Queue(id=q) for q in required),
        agents=agents,
        shift_templates=(
            ShiftTemplate(
                name="t",
                start_earliest_minute=earliest,
                start_latest_minute=latest,
                start_step_minutes=step,
                lengths_minutes=(240,),
            ),
        ),
        break_rules=(
            BreakRule(
                min_shift_minutes=240,
                max_shift_minutes=240,
                breaks=(BreakSpec(minutes=15, earliest_minutes=60, latest_minutes=120),),
            ),
        ),
        demand=Demand(required=required),
        **extra,
    )
