"""Overtime: inside an offer, within its minutes, never on top of the shift."""

from check_kit import broken, day, make_instance, replace_day, roster, span

from scheduler.check import RULES
from scheduler.models.instance import OvertimeOffer


def with_overtime(week, day_index, *spans):
    return replace_day(week, "A1", day_index, day("A1", day_index, "08:00", overtime=spans))


def test_offered_minutes_both_sides(instance, week):
    # Offer: Monday 16:00-20:00, up to 2 h.
    assert broken(instance, with_overtime(week, 0, span("16:00", "18:00"))) == set()
    assert broken(instance, with_overtime(week, 0, span("16:00", "18:15"))) == {"overtime"}
    split = with_overtime(week, 0, span("16:00", "17:00"), span("18:00", "19:15"))
    found = RULES["overtime"](instance, roster(split))
    assert [v.detail for v in found] == ["2h15 overtime in the offer 16:00-20:00, maximum 2h"]


def test_overtime_outside_the_offer_window_or_day(instance, week):
    assert broken(instance, with_overtime(week, 0, span("18:30", "20:30"))) == {"overtime"}
    found = RULES["overtime"](instance, roster(with_overtime(week, 1, span("16:00", "17:00"))))
    assert [(v.agent, v.date) for v in found] == [("A1", "2026-12-01")]
    assert found[0].detail == "overtime 16:00-17:00 lies outside the agent's offers (none that day)"


def test_overtime_may_not_overlap_the_shift(week):
    early_offer = make_instance(
        overtime_offers=(
            OvertimeOffer(agent="A1", day=0, start_minute=900, end_minute=1200, max_minutes=120),
        )
    )
    assert broken(early_offer, with_overtime(week, 0, span("16:00", "17:00"))) == set()
    overlapping = with_overtime(week, 0, span("15:30", "16:30"))
    assert broken(early_offer, overlapping) == {"overtime"}
    detail = RULES["overtime"](early_offer, roster(overlapping))[0].detail
    assert detail == "overtime 15:30-16:30 overlaps the shift 08:00-16:00 by 30 min"


def test_overtime_only_day_is_a_working_day(week):
    # A2 offers Thursday 10:00-14:00; overtime alone makes Thursday a third working day.
    offers = (OvertimeOffer(agent="A2", day=3, start_minute=600, end_minute=840, max_minutes=120),)
    thursday = week + [day("A2", 3, None, overtime=(span("10:00", "12:00"),))]
    three_days = make_instance({"A2": {"max_days_per_week": 3}}, overtime_offers=offers)
    two_days = make_instance({"A2": {"max_days_per_week": 2}}, overtime_offers=offers)
    assert broken(three_days, thursday) == set()
    assert broken(two_days, thursday) == {"max_days_per_week"}
