"""The optimiser on cases small enough to know the answer: by hand or by brute force.

Every roster is checked by the independent validator, and optimality is judged on the
validator's cost, never on the solver's own objective.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from pathlib import Path

import pytest

from scheduler.check import RULES, validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.models.instance import (
    Absence,
    Agent,
    BreakRule,
    BreakSpec,
    Demand,
    Horizon,
    Instance,
    LabourRules,
    Queue,
    ShiftTemplate,
)
from scheduler.models.result import SolveStatus
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.optimise import SolveParams, solve
from scheduler.optimise.diagnose import explain_infeasible
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.roster_model import ENFORCED_RULES

QUIET = SolveParams(time_limit=20, workers=1, seed=3)


def _instance(
    days: int,
    agents: list[Agent],
    demand: dict[int, list[tuple[int, int, int]]],
    *,
    breaks: tuple[BreakRule, ...] = (),
    templates: tuple[ShiftTemplate, ...] | None = None,
    absences: tuple[Absence, ...] = (),
) -> Instance:
    """``demand[day]`` lists (first minute, last minute, agents) blocks for queue ``q``."""
    required = [0] * (days * 96)
    for day, blocks in demand.items():
        for first, last, count in blocks:
            for minute in range(first, last, 15):
                required[day * 96 + minute // 15] = count
    return Instance(
        name="tiny",
        horizon=Horizon(start=dt.date(2026, 11, 30), days=days),
        opening_hours=((0, 1440),) * 7,
        queues=(Queue(id="q"),),
        agents=tuple(agents),
        shift_templates=templates
        or (
            ShiftTemplate(
                name="t",
                start_earliest_minute=480,
                start_latest_minute=540,
                start_step_minutes=60,
                lengths_minutes=(240, 360),
            ),
        ),
        break_rules=breaks,
        rules=LabourRules(min_days_off_per_week=0),
        demand=Demand(required={"q": tuple(required)}),
        absences=absences,
    )


def _agent(agent_id: str, **fields: object) -> Agent:
    values: dict[str, object] = {"id": agent_id, "queues": ("q",), "max_days_per_week": 7}
    values.update(fields)
    return Agent(**values)


def test_exact_cover_is_found_and_proven() -> None:
    instance = _instance(1, [_agent("A")], {0: [(540, 780, 1)]})
    result = solve(instance, QUIET, printer=lambda _: None)
    report = validate(instance, result.roster)
    assert report.feasible
    assert report.costs["total"] == 0
    assert result.status == SolveStatus.OPTIMAL
    (day,) = result.roster.agent_days
    assert (day.shift.start_minute, day.shift.end_minute) == (540, 780)


ONE_BREAK = (
    BreakRule(
        min_shift_minutes=300,
        max_shift_minutes=600,
        breaks=(BreakSpec(minutes=15, earliest_minutes=120, latest_minutes=150),),
    ),
)


def _every_roster(instance: Instance) -> list[Roster]:
    """All rosters: per agent-day off, or any option with any break placement."""
    catalogue = OptionCatalogue(instance)
    choices: list[list[AgentDay | None]] = []
    for agent in instance.agents:
        for day in range(instance.horizon.days):
            cell: list[AgentDay | None] = [None]
            for o in catalogue.domain(agent, day):
                option = catalogue.options[o]
                rule = instance.break_rule_for(option.length)
                starts = [None]
                if rule is not None:
                    first, last = rule.breaks[0].window(option.length)
                    starts = list(range(first, last + 1, 15))
                for offset in starts:
                    placed = ()
                    if offset is not None:
                        begin = option.start + offset
                        placed = (BreakPlacement(start_minute=begin, end_minute=begin + 15),)
                    cell.append(
                        AgentDay(
                            agent=agent.id,
                            day=day,
                            queue="q",
                            shift=Span(start_minute=option.start, end_minute=option.end),
                            breaks=placed,
                        )
                    )
            choices.append(cell)
    return [
        Roster(instance="tiny", agent_days=tuple(d for d in combo if d is not None))
        for combo in itertools.product(*choices)
    ]


def brute_force_case() -> tuple[Instance, int]:
    """Two agents, two days, breaks and contracts, and its optimum over every roster."""
    agents = [
        _agent("A", max_weekly_minutes=600, min_weekly_minutes=240),
        _agent("B", max_weekly_minutes=360),
    ]
    demand = {
        0: [(480, 600, 2), (600, 840, 1)],
        1: [(540, 660, 1), (660, 780, 2), (780, 900, 1)],
    }
    instance = _instance(2, agents, demand, breaks=ONE_BREAK)
    best = min(
        report.costs["total"]
        for report in (validate(instance, r) for r in _every_roster(instance))
        if report.feasible
    )
    return instance, best


def test_matches_brute_force_with_breaks_and_contracts() -> None:
    instance, best = brute_force_case()
    result = solve(instance, QUIET, printer=lambda _: None)
    report = validate(instance, result.roster)
    assert report.feasible
    assert report.costs["total"] == best
    assert result.lower_bound is not None and result.lower_bound <= best + 1e-6


def test_a_roster_meeting_the_bound_ends_the_full_models_search() -> None:
    # The bound equals the optimum here, so the first roster at that cost is proven: the
    # model stops on it (two workers: the bound comes from its process) instead of running on.
    instance, best = brute_force_case()
    params = SolveParams(time_limit=20, workers=2, seed=3)
    result = solve(instance, params, printer=lambda _: None)
    assert validate(instance, result.roster).costs["total"] == best == result.lower_bound
    assert result.status == SolveStatus.OPTIMAL
    assert result.stats["roster_status"] == "MET_BOUND"


def test_rest_and_absence_shape_the_roster() -> None:
    late = ShiftTemplate(
        name="late", start_earliest_minute=1080, start_latest_minute=1080, lengths_minutes=(360,)
    )
    early = ShiftTemplate(
        name="early", start_earliest_minute=360, start_latest_minute=360, lengths_minutes=(360,)
    )
    demand = {0: [(1080, 1440, 1)], 1: [(360, 720, 1)], 2: [(360, 720, 1)]}
    absence = Absence(agent="A", day=2, start_minute=0, end_minute=1440, reason="leave")
    instance = _instance(3, [_agent("A")], demand, templates=(late, early), absences=(absence,))
    result = solve(instance, QUIET, printer=lambda _: None)
    report = validate(instance, result.roster)
    assert report.feasible
    worked = {d.day for d in result.roster.agent_days}
    assert 2 not in worked  # on leave
    assert not {0, 1} <= worked  # 24:00 -> 06:00 is 6 h rest, under the 11 h minimum


def test_infeasible_contract_names_the_rules_and_days() -> None:
    absences = tuple(
        Absence(agent="A", day=d, start_minute=0, end_minute=1440, reason="unavailable")
        for d in range(1, 7)
    )
    agent = _agent("A", min_weekly_minutes=600, max_weekly_minutes=2400)
    instance = _instance(7, [agent], {0: [(540, 780, 1)]}, absences=absences)
    result = solve(instance, QUIET, printer=lambda _: None)
    assert result.status == SolveStatus.INFEASIBLE
    text = " ".join(result.conflicts)
    assert "agent A" in text
    assert "weekly_min_hours" in text
    assert "availability (2026-12-01)" in text


def test_explanations_stop_at_their_deadline() -> None:
    """The same infeasible agent is explained without a deadline and left unchecked past
    one (the plan's time limit holds; the validator then reports the agent)."""
    absences = tuple(
        Absence(agent="A", day=d, start_minute=0, end_minute=1440, reason="unavailable")
        for d in range(1, 7)
    )
    agent = _agent("A", min_weekly_minutes=600, max_weekly_minutes=2400)
    instance = _instance(7, [agent], {0: [(540, 780, 1)]}, absences=absences)
    catalogue = OptionCatalogue(instance)
    assert explain_infeasible(instance, catalogue, [agent])
    assert explain_infeasible(instance, catalogue, [agent], time.monotonic() - 1.0) == []


def test_same_seed_same_roster() -> None:
    agents = [_agent("A"), _agent("B")]
    demand = {0: [(480, 840, 1), (600, 780, 2)]}
    instance = _instance(1, agents, demand, breaks=ONE_BREAK)
    first = solve(instance, QUIET, printer=lambda _: None).roster
    second = solve(instance, QUIET, printer=lambda _: None).roster
    assert first == second


@pytest.mark.parametrize("rule", ENFORCED_RULES)
def test_every_optimiser_rule_has_an_independent_checker(rule: str) -> None:
    assert rule in RULES


def test_time_limit_returns_a_valid_roster_marked_not_proven() -> None:
    """On the shipped demo a short limit still gives a complete roster, honestly labelled."""
    demo = load_instance(Path(__file__).resolve().parents[2] / "instances" / "demo")
    result = solve(demo, SolveParams(time_limit=4, seed=0), printer=lambda _: None)
    report = validate(demo, result.roster)
    assert report.feasible
    assert result.status == SolveStatus.FEASIBLE
    assert result.lower_bound is not None
    assert result.lower_bound <= report.costs["total"]


def test_full_model_finding_nothing_in_time_keeps_the_search_roster(tmp_path) -> None:
    """With one worker the bound and the search take most of a short limit; when the
    per-agent model then finds nothing in what is left, the search's roster is returned
    (it once came back as an error with no roster)."""
    write_instance(tmp_path, generate(GeneratorSpec(agents=15, seed=4)))
    instance = load_instance(tmp_path)
    result = solve(instance, SolveParams(time_limit=4, workers=1), printer=lambda _: None)
    assert result.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    report = validate(instance, result.roster)
    assert report.feasible and report.costs["total"] == result.objective
