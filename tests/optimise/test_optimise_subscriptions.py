"""The subscription post-pass: overtime only where it pays, never past an offer or a rule.

A day shift runs 09:00-17:00; the agent offers overtime after it. Each extra 15 minutes costs
45 in overtime; one that fills a shortfall saves 150 and one that does not adds 15 over-cover,
so a span pays when its short quarters outweigh its idle ones.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from overtime_kit import agent, hhmm, instance, offer, overtime_of, roster, shift

from scheduler.check import validate
from scheduler.models.instance import DayOffRequest, LabourRules, ShiftTemplate
from scheduler.optimise.subscriptions import use_subscriptions

BASE = [(0, "09:00", "17:00", 1)]


def _evening(gap: list[tuple[int, str, str, int]], *offers, **fields):
    return instance(1, [agent("A")], BASE + gap, overtime_offers=tuple(offers), **fields)


def _checked(problem, before):
    """Run the post-pass; the result must be valid and never dearer than its input."""
    after = use_subscriptions(problem, before)
    old, new = validate(problem, before), validate(problem, after)
    assert old.feasible and new.feasible, new.violations
    assert new.costs["total"] <= old.costs["total"]
    return after, old, new


def test_an_offer_fills_the_gap_it_is_worth_filling():
    problem = _evening([(0, "17:00", "18:30", 1)], offer("A", 0, "17:00", "20:00", 180))
    after, old, new = _checked(problem, roster(shift("A", 0, "09:00", "17:00")))
    assert overtime_of(after) == {("A", 0): [(hhmm("17:00"), hhmm("18:30"))]}
    assert new.costs["under"] == 0
    assert old.costs["total"] - new.costs["total"] == 90 * 10 - 90 * 3


def test_without_a_gap_the_offer_stays_unused():
    problem = _evening([], offer("A", 0, "17:00", "20:00", 180))
    before = roster(shift("A", 0, "09:00", "17:00"))
    after, _, _ = _checked(problem, before)
    assert after == before


def test_a_gap_too_far_from_the_shift_does_not_pay():
    # 17:00-20:00 reaches the 19:00-20:00 gap: 4 short quarters save 4 x 105, the 8 idle
    # quarters before them cost 8 x 60; the extension would lose 60, so it is not taken.
    problem = _evening([(0, "19:00", "20:00", 1)], offer("A", 0, "17:00", "20:00", 180))
    before = roster(shift("A", 0, "09:00", "17:00"))
    after, _, _ = _checked(problem, before)
    assert after == before


def test_never_more_than_offered():
    problem = _evening([(0, "17:00", "21:00", 1)], offer("A", 0, "17:00", "21:00", 120))
    after, _, new = _checked(problem, roster(shift("A", 0, "09:00", "17:00")))
    assert overtime_of(after) == {("A", 0): [(hhmm("17:00"), hhmm("19:00"))]}
    assert new.counts["overtime_minutes"] == 120


def test_rest_before_tomorrows_early_shift_is_kept():
    early = shift("A", 1, "06:00", "14:00")
    problem = instance(
        2,
        [agent("A")],
        [(0, "17:00", "21:00", 1), (1, "06:00", "14:00", 1)],
        overtime_offers=(offer("A", 0, "17:00", "21:00", 240),),
        shift_templates=(_template("day", "09:00"), _template("early", "06:00")),
    )
    after, _, _ = _checked(problem, roster(shift("A", 0, "09:00", "17:00"), early))
    # 11 h rest before 06:00 means work ends by 19:00.
    assert overtime_of(after) == {("A", 0): [(hhmm("17:00"), hhmm("19:00"))]}


def test_weekly_caps_hold():
    gap = [(0, "17:00", "21:00", 1)]
    offers = (offer("A", 0, "17:00", "21:00", 240),)
    own_cap = _evening(gap, *offers, rules=LabourRules(max_weekly_overtime_minutes=60))
    after, _, _ = _checked(own_cap, roster(shift("A", 0, "09:00", "17:00")))
    assert overtime_of(after) == {("A", 0): [(hhmm("17:00"), hhmm("18:00"))]}
    legal_cap = _evening(gap, *offers, rules=LabourRules(max_weekly_minutes=480 + 30))
    after, _, _ = _checked(legal_cap, roster(shift("A", 0, "09:00", "17:00")))
    assert overtime_of(after) == {("A", 0): [(hhmm("17:00"), hhmm("17:30"))]}


def _call_in_problem(**fields):
    """A works Monday; Tuesday 12:00-14:00 is short and A offers to come in."""
    return instance(
        2,
        [agent("A", **fields.pop("agent_fields", {}))],
        [*BASE, (1, "12:00", "14:00", 1)],
        overtime_offers=(offer("A", 1, "10:00", "16:00", 180),),
        **fields,
    )


def test_a_call_in_on_a_day_off_covers_the_gap():
    after, _, new = _checked(_call_in_problem(), roster(shift("A", 0, "09:00", "17:00")))
    assert overtime_of(after) == {("A", 1): [(hhmm("12:00"), hhmm("14:00"))]}
    (tuesday,) = [d for d in after.agent_days if d.day == 1]
    assert tuesday.shift is None and tuesday.queue == "q"
    assert new.costs["under"] == 0


def test_a_call_in_respects_days_off_and_requests():
    monday = roster(shift("A", 0, "09:00", "17:00"))
    one_day = _call_in_problem(agent_fields={"max_days_per_week": 1})
    assert _checked(one_day, monday)[0] == monday
    granted = _call_in_problem(requests=(DayOffRequest(agent="A", day=1, granted=True),))
    assert _checked(granted, monday)[0] == monday
    # Filling the gap saves 8 x 105 = 840: a 30-point bid (900) outweighs it, a 20-point
    # bid (600) does not.
    dear = _call_in_problem(requests=(DayOffRequest(agent="A", day=1, points=30),))
    assert _checked(dear, monday)[0] == monday
    cheap = _call_in_problem(requests=(DayOffRequest(agent="A", day=1, points=20),))
    assert overtime_of(_checked(cheap, monday)[0]) == {("A", 1): [(720, 840)]}


def _template(name: str, start: str) -> ShiftTemplate:
    return ShiftTemplate(
        name=name,
        start_earliest_minute=hhmm(start),
        start_latest_minute=hhmm(start),
        lengths_minutes=(480,),
    )


QUARTERS = st.integers(min_value=20, max_value=84)  # 05:00 to 21:00
WINDOWS = st.tuples(
    st.sampled_from("AB"),  # who offers
    st.integers(0, 2),  # day
    QUARTERS,  # window start
    st.integers(1, 16),  # window length, quarters
    st.integers(1, 16),  # most quarters offered
    st.integers(-4, 8),  # where a gap starts, relative to the window
    st.integers(1, 12),  # gap length, quarters
    st.integers(0, 2),  # agents the gap needs
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(windows=st.lists(WINDOWS, max_size=4))
def test_any_offers_keep_the_roster_valid_and_never_dearer(windows):
    offers, blocks = [], []
    for who, day, first, length, most, shift_by, gap, need in windows:
        last = min(first + length, 96)
        offers.append(offer(who, day, _clock(first), _clock(last), 15 * most))
        gap_first = max(0, first + shift_by)
        blocks.append((day, _clock(gap_first), _clock(min(gap_first + gap, 96)), need))
    problem = instance(3, [agent("A"), agent("B")], BASE + blocks, overtime_offers=tuple(offers))
    before = roster(shift("A", 0, "09:00", "17:00"), shift("B", 2, "09:00", "17:00"))
    after, _, _ = _checked(problem, before)
    for (agent_id, day), spans in overtime_of(after).items():
        offered = sum(o.max_minutes for o in offers if (o.agent, o.day) == (agent_id, day))
        assert sum(b - a for a, b in spans) <= offered


def _clock(quarter: int) -> str:
    return f"{quarter * 15 // 60:02d}:{quarter * 15 % 60:02d}"
