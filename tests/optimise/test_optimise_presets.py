"""The preset rule modules accept exactly the rosters the validator accepts.

For random weeks of one agent, the CP-SAT model with every shift choice fixed must be feasible
exactly when the validator finds no weekly-rest, average-hours or daily-hours violation; a
model stricter than the validator would lose rosters, a looser one would produce broken ones.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from ortools.sat.python import cp_model

from scheduler.check import RULES
from scheduler.models.instance import (
    Agent,
    Demand,
    Horizon,
    Instance,
    LabourRules,
    Queue,
    ShiftTemplate,
)
from scheduler.models.labour_law import WorkedWeek
from scheduler.models.roster import AgentDay, Roster, Span
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.roster_model import build_roster_model

PRESET_RULES = ("weekly_rest", "average_weekly_hours", "daily_hours")
START = dt.date(2026, 11, 30)


def _instance(days: int, rng: random.Random) -> Instance:
    prior = rng.choice([None, 0, -120, -600])
    history = tuple(
        WorkedWeek(agent="A", week_start=START - dt.timedelta(days=7 * k), minutes=m)
        for k in (1, 2)
        if (m := rng.choice([0, 1800, 3000, 3600])) or rng.random() < 0.5
    )
    return Instance(
        name="presets",
        horizon=Horizon(start=START, days=days),
        opening_hours=((0, 1440),) * 7,
        queues=(Queue(id="q"),),
        agents=(
            Agent(
                id="A",
                queues=("q",),
                max_days_per_week=7,
                max_weekly_minutes=100 * 60,
                prior_shift_end_minute=prior,
            ),
        ),
        shift_templates=(
            ShiftTemplate(
                name="t",
                start_earliest_minute=0,
                start_latest_minute=840,
                start_step_minutes=120,
                lengths_minutes=(240, 480, 600),
            ),
        ),
        rules=LabourRules(
            min_rest_minutes=0,
            max_weekly_minutes=100 * 60,
            max_consecutive_days=days,
            min_days_off_per_week=0,
            min_weekly_rest_minutes=rng.choice([1440, 2100, 2900]),
            average_weekly_minutes=rng.choice([2400, 2880]),
            averaging_weeks=rng.choice([1, 2, 3]),
            max_daily_work_minutes=rng.choice([480, 600]),
        ),
        worked_history=history,
        demand=Demand(required={"q": (0,) * (days * 96)}),
    )


def _fixed_model_feasible(instance: Instance, choice: dict[int, int | None]) -> bool:
    catalogue = OptionCatalogue(instance)
    ctx = build_roster_model(instance, catalogue, instance.agents, with_coverage=False)
    assert ctx.choices is not None
    for day, pairs in ctx.choices.x["A"].items():
        if choice[day] is not None and ("q", choice[day]) not in pairs:
            return False  # closed by the option domain (the daily cap is applied there too)
        for (_, option), var in pairs.items():
            ctx.model.add(var == int(choice[day] == option))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(ctx.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


@pytest.mark.parametrize("seed", range(40))
def test_model_and_validator_agree_on_preset_rules(seed: int) -> None:
    rng = random.Random(seed)
    instance = _instance(rng.choice([5, 7, 10, 14]), rng)
    options = OptionCatalogue(instance).options
    choice = {
        d: (rng.randrange(len(options)) if rng.random() < 0.8 else None)
        for d in range(instance.horizon.days)
    }
    roster = Roster(
        instance="presets",
        agent_days=tuple(
            AgentDay(
                agent="A",
                day=d,
                queue="q",
                shift=Span(start_minute=options[o].start, end_minute=options[o].end),
            )
            for d, o in choice.items()
            if o is not None
        ),
    )
    broken = {rule for rule in PRESET_RULES if RULES[rule](instance, roster)}
    assert _fixed_model_feasible(instance, choice) == (not broken), broken
