"""Shift trades: every refusal names its rule, agent and day; accepted trades pass the validator."""

from __future__ import annotations

import datetime as dt

import pytest
from workflow_kit import make_instance, shift, week

from scheduler.check import validate
from scheduler.models.clock import parse_hhmm
from scheduler.models.roster import Span
from scheduler.workflows.trade import TradeInputError, TradeLeg, TradePolicy, trade

EARLY = dt.datetime(2026, 11, 20, 9, 0)  # well before the week: no notice problem
TUESDAY = "2026-12-01"


def _blocked(result) -> set[tuple[str, str, str]]:
    return {(b.rule, b.agent, b.date) for b in result.blocked}


def test_give_away_to_a_free_agent_is_accepted_and_valid():
    instance, roster = make_instance(), week()
    result = trade(instance, roster, [TradeLeg(giver="A", taker="D", day=1)], TradePolicy(), EARLY)
    assert result.accepted and not result.blocked
    moved = [d for d in result.roster.agent_days if d.day == 1 and d.agent in ("A", "D")]
    assert [(d.agent, d.shift is not None) for d in moved] == [("D", True)]
    assert validate(instance, result.roster).feasible


def test_swap_on_two_days_is_accepted():
    roster = week([shift("D", 5)])
    legs = [TradeLeg(giver="A", taker="D", day=1), TradeLeg(giver="D", taker="A", day=5)]
    result = trade(make_instance(), roster, legs, TradePolicy(), EARLY)
    assert result.accepted
    days = {(d.agent, d.day) for d in result.roster.agent_days if d.shift}
    assert ("D", 1) in days and ("A", 5) in days and ("A", 1) not in days
    assert validate(make_instance(), result.roster).feasible


def test_rest_names_the_rule():
    # D works Monday 14:00-22:00; A's Tuesday 08:00 shift leaves D 10 h of rest.
    roster = week([shift("D", 0, "14:00")])
    result = trade(
        make_instance(), roster, [TradeLeg(giver="A", taker="D", day=1)], TradePolicy(), EARLY
    )
    assert not result.accepted
    assert _blocked(result) == {("rest", "D", TUESDAY)}
    assert result.roster == roster


def test_weekly_hours_name_the_rule():
    instance = make_instance({"D": {"max_weekly_minutes": 450}})  # one 7.5 h paid shift a week
    roster = week([shift("D", 0)])
    result = trade(instance, roster, [TradeLeg(giver="A", taker="D", day=1)], TradePolicy(), EARLY)
    assert _blocked(result) == {("weekly_max_hours", "D", "2026-11-30")}


def test_giver_below_contract_minimum_names_the_rule():
    instance = make_instance({"A": {"min_weekly_minutes": 5 * 450}})
    result = trade(instance, week(), [TradeLeg(giver="A", taker="D", day=1)], TradePolicy(), EARLY)
    assert _blocked(result) == {("weekly_min_hours", "A", "2026-11-30")}


def test_consecutive_days_name_the_rule():
    instance = make_instance({"D": {"prior_consecutive_days": 5}})
    roster = week([shift("D", 0)])
    result = trade(instance, roster, [TradeLeg(giver="A", taker="D", day=1)], TradePolicy(), EARLY)
    assert _blocked(result) == {("max_consecutive_days", "D", TUESDAY)}


def test_queue_skill_names_the_rule_when_queues_stay():
    policy = TradePolicy(reassign_queue=False)
    result = trade(make_instance(), week(), [TradeLeg(giver="A", taker="E", day=1)], policy, EARLY)
    assert _blocked(result) == {("queue_skill", "E", TUESDAY)}


def test_taker_without_the_skill_serves_their_own_queue_and_is_told():
    result = trade(
        make_instance(), week(), [TradeLeg(giver="A", taker="E", day=1)], TradePolicy(), EARLY
    )
    assert result.accepted
    assert result.notes == (
        "E does not serve sales; the shift on 2026-12-01 is worked on service instead",
    )
    taken = next(d for d in result.roster.agent_days if d.agent == "E")
    assert taken.queue == "service"


def test_notice_names_the_rule():
    now = dt.datetime(2026, 12, 1, 0, 0)  # 8 h before A's Tuesday shift
    result = trade(
        make_instance(), week(), [TradeLeg(giver="A", taker="D", day=1)], TradePolicy(), now
    )
    assert _blocked(result) == {("notice", "A", TUESDAY)}
    assert "8.0 h from now; trades need 24 h notice" in result.blocked[0].detail
    later = TradePolicy(notice_minutes=8 * 60)
    assert trade(
        make_instance(), week(), [TradeLeg(giver="A", taker="D", day=1)], later, now
    ).accepted


def test_coverage_floor_names_the_rule():
    # E takes A's shift on the service queue: sales drops from 3 to 2 agents at 08:00.
    policy = TradePolicy(floor_agents=3)
    result = trade(make_instance(), week(), [TradeLeg(giver="A", taker="E", day=1)], policy, EARLY)
    rules = {b.rule for b in result.blocked}
    assert rules == {"coverage_floor"}
    assert all(b.date == TUESDAY for b in result.blocked)
    assert "would drop from 3 to 2 agents, floor 3" in result.blocked[0].detail


def test_under_coverage_cap_names_the_rule():
    instance = make_instance(sales=dict.fromkeys(range(5), 3))
    result = trade(instance, week(), [TradeLeg(giver="A", taker="E", day=1)], TradePolicy(), EARLY)
    assert {b.rule for b in result.blocked} == {"under_coverage"}
    relaxed = TradePolicy(max_under_increase_minutes=None)
    assert trade(instance, week(), [TradeLeg(giver="A", taker="E", day=1)], relaxed, EARLY).accepted


def test_pick_up_places_breaks_by_the_rule():
    # Earliest offsets: break 60 min in (10:00), lunch 180 min in (12:00), 105 min after it.
    leg = TradeLeg(
        taker="D",
        day=5,
        shift=Span(start_minute=parse_hhmm("09:00"), end_minute=parse_hhmm("17:00")),
    )
    result = trade(make_instance(), week(), [leg], TradePolicy(), EARLY)
    assert result.accepted
    picked = next(d for d in result.roster.agent_days if d.agent == "D")
    assert [(b.kind, b.start_minute) for b in picked.breaks] == [("break", 600), ("lunch", 720)]


def test_bad_input_raises_before_anything_changes():
    with pytest.raises(TradeInputError, match="D has no shift on 2026-12-01"):
        trade(
            make_instance(), week(), [TradeLeg(giver="D", taker="A", day=1)], TradePolicy(), EARLY
        )
    with pytest.raises(TradeInputError, match="unknown agent 'Z'"):
        trade(
            make_instance(), week(), [TradeLeg(giver="A", taker="Z", day=1)], TradePolicy(), EARLY
        )
