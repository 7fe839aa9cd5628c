"""The overtime rule inside CP-SAT: the model's optimum equals the best roster by brute force.

The brute force lists every roster (each agent-day off or on any shift option, plus any set of
the offer's quarter-hours as overtime), keeps those the validator accepts and takes the
cheapest by the validator's cost. The model must reach exactly that cost, and the roster read
back from it must be that valid and that cheap.
"""

from __future__ import annotations

import itertools

from overtime_kit import EARLY, FOUR_HOURS, agent, hhmm, instance, offer, overtime_of, solve_model

from scheduler.check import validate
from scheduler.models.instance import DayOffRequest, LabourRules, ShiftTemplate
from scheduler.models.roster import AgentDay, Roster, Span
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.subscriptions import use_subscriptions


def _runs(slots: tuple[int, ...]) -> list[Span]:
    """Quarter-hours as spans of consecutive quarters."""
    spans: list[list[int]] = []
    for s in slots:
        if spans and spans[-1][1] == s:
            spans[-1][1] = s + 1
        else:
            spans.append([s, s + 1])
    return [Span(start_minute=a * 15, end_minute=b * 15) for a, b in spans]


def _agent_day_choices(problem, agent_id: str, day: int) -> list[AgentDay | None]:
    catalogue = OptionCatalogue(problem)
    options = [None, *catalogue.domain(problem.agent_by_id[agent_id], day)]
    windows = [o for o in problem.overtime_offers if (o.agent, o.day) == (agent_id, day)]
    quarters = sorted({q for o in windows for q in range(o.start_minute // 15, o.end_minute // 15)})
    choices: list[AgentDay | None] = []
    for option in options:
        for n in range(len(quarters) + 1):
            for taken in itertools.combinations(quarters, n):
                if option is None and not taken:
                    choices.append(None)
                    continue
                shift = None
                if option is not None:
                    o = catalogue.options[option]
                    shift = Span(start_minute=o.start, end_minute=o.end)
                choices.append(
                    AgentDay(
                        agent=agent_id,
                        day=day,
                        queue="q",
                        shift=shift,
                        overtime=tuple(_runs(taken)),
                    )
                )
    return choices


def _brute_force(problem) -> int:
    cells = [
        _agent_day_choices(problem, a.id, d)
        for a in problem.agents
        for d in range(problem.horizon.days)
    ]
    best = None
    for combo in itertools.product(*cells):
        candidate = Roster(instance="tiny", agent_days=tuple(d for d in combo if d is not None))
        report = validate(problem, candidate)
        if report.feasible and (best is None or report.costs["total"] < best):
            best = report.costs["total"]
    assert best is not None
    return best


def _assert_model_matches_brute_force(problem) -> Roster:
    best = _brute_force(problem)
    objective, found = solve_model(problem)
    report = validate(problem, found)
    assert report.feasible, report.violations
    assert objective == best == report.costs["total"]
    return found


def test_one_day_shift_choice_and_overtime_together():
    # Needed 09:00-15:00; a 4 h shift covers part, the offer (13:00-15:00, at most 1 h) more.
    problem = instance(
        1,
        [agent("A")],
        [(0, "09:00", "15:00", 1)],
        shift_templates=(FOUR_HOURS,),
        overtime_offers=(offer("A", 0, "13:00", "15:00", 60),),
    )
    found = _assert_model_matches_brute_force(problem)
    # 09:00-13:00 + 13:00-14:00 and 10:00-14:00 + 14:00-15:00 tie: either way, the full hour.
    (monday,) = found.agent_days
    assert sum(s.minutes for s in monday.overtime) == 60


def test_rest_limits_evening_overtime_before_an_early_shift():
    # Monday evening is short until 20:00, Tuesday needs the 06:00 shift: 11 h rest means
    # Monday's overtime ends by 19:00.
    problem = instance(
        2,
        [agent("A")],
        [(0, "18:00", "20:00", 1), (1, "06:00", "10:00", 1)],
        shift_templates=(EARLY,),
        overtime_offers=(offer("A", 0, "18:00", "20:00", 120),),
    )
    found = _assert_model_matches_brute_force(problem)
    assert overtime_of(found) == {("A", 0): [(hhmm("18:00"), hhmm("19:00"))]}


def test_overtime_cap_and_a_call_in_day():
    # No shift can reach 16:00-18:00 on Monday; the agent may come in for it, within a
    # weekly overtime cap of 45 minutes.
    problem = instance(
        1,
        [agent("A")],
        [(0, "16:00", "18:00", 1)],
        shift_templates=(EARLY,),
        rules=LabourRules(min_days_off_per_week=0, max_weekly_overtime_minutes=45),
        overtime_offers=(offer("A", 0, "16:00", "18:00", 120),),
    )
    found = _assert_model_matches_brute_force(problem)
    (monday,) = found.agent_days
    assert monday.shift is None
    assert sum(s.minutes for s in monday.overtime) == 45


def test_weekly_rest_cuts_evening_overtime_short():
    # 16 h of weekly rest in the two-day block: only Monday 13:00 to Tuesday 06:00 can hold
    # it, so Monday's overtime stops at 14:00 (without the rule it would run to 15:00).
    nine_to_one = ShiftTemplate(
        name="nine", start_earliest_minute=540, start_latest_minute=540, lengths_minutes=(240,)
    )
    problem = instance(
        2,
        [agent("A")],
        [(0, "09:00", "15:00", 1), (1, "06:00", "10:00", 1)],
        shift_templates=(nine_to_one, EARLY),
        rules=LabourRules(min_days_off_per_week=0, min_weekly_rest_minutes=16 * 60),
        overtime_offers=(offer("A", 0, "13:00", "15:00", 120),),
    )
    found = _assert_model_matches_brute_force(problem)
    assert overtime_of(found) == {("A", 0): [(hhmm("13:00"), hhmm("14:00"))]}


def test_a_call_in_day_can_end_the_weekly_rest():
    # 15 h of weekly rest: only the horizon's start to a Monday 16:00 call-in holds it (then
    # 13 h to Tuesday's 06:00 shift, 14 h from its end), so the call-in must be allowed to
    # close the rest, as the validator reads it.
    problem = instance(
        2,
        [agent("A")],
        [(0, "16:00", "17:00", 1), (1, "06:00", "10:00", 1)],
        shift_templates=(EARLY,),
        rules=LabourRules(min_days_off_per_week=0, min_weekly_rest_minutes=15 * 60),
        overtime_offers=(offer("A", 0, "16:00", "17:00", 60),),
    )
    found = _assert_model_matches_brute_force(problem)
    assert overtime_of(found) == {("A", 0): [(hhmm("16:00"), hhmm("17:00"))]}
    assert [d.shift is None for d in found.agent_days] == [True, False]


def test_without_offers_the_model_is_unchanged():
    problem = instance(1, [agent("A")], [(0, "09:00", "13:00", 1)], shift_templates=(FOUR_HOURS,))
    with_rule, _ = solve_model(problem, with_overtime=True)
    without, _ = solve_model(problem, with_overtime=False)
    assert with_rule == without == 0


def test_two_agents_a_bid_and_two_offers():
    # B bid 1 point (30) for Monday off; both offer 14:00-15:00. A call-in for B would deny
    # the bid, so the model weighs that price too.
    problem = instance(
        1,
        [agent("A"), agent("B")],
        [(0, "09:00", "14:00", 1), (0, "12:00", "15:00", 2)],
        shift_templates=(FOUR_HOURS,),
        requests=(DayOffRequest(agent="B", day=0, points=1),),
        overtime_offers=(offer("A", 0, "14:00", "15:00", 60), offer("B", 0, "14:00", "15:00", 30)),
    )
    _assert_model_matches_brute_force(problem)


def test_the_post_pass_never_beats_the_exact_model():
    # The post-pass adds overtime to the best roster without it; the model decides both at
    # once, so it can only be as good or better - and both are valid.
    problem = instance(
        2,
        [agent("A"), agent("B")],
        [(0, "08:00", "19:00", 1), (1, "09:00", "13:00", 2), (1, "13:00", "18:00", 1)],
        shift_templates=(FOUR_HOURS, EARLY),
        overtime_offers=(
            offer("A", 0, "13:00", "19:00", 120),
            offer("B", 1, "13:00", "18:00", 90),
            offer("B", 0, "06:00", "10:00", 60),
        ),
    )
    exact, _ = solve_model(problem)
    without, shifts_only = solve_model(problem, with_overtime=False)
    report = validate(problem, use_subscriptions(problem, shifts_only))
    assert report.feasible
    assert exact <= report.costs["total"] <= without
