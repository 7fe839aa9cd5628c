"""Weekly limits: paid hours both ways, working days, late shifts."""

from check_kit import broken, day, make_instance, replace_day, roster, rules, span

from scheduler.check import RULES

# A2 works Monday and Tuesday 10:00-18:00: 2 x (8 h - 30 min unpaid lunch) = 900 paid minutes.
A2_PAID = 900
# A1 works Monday to Friday 08:00-16:00: 5 x 450 = 2250 paid minutes.
A1_PAID = 2250


def test_contract_maximum_both_sides(week):
    assert broken(make_instance({"A2": {"max_weekly_minutes": A2_PAID}}), week) == set()
    tight = make_instance({"A2": {"max_weekly_minutes": A2_PAID - 1}})
    assert broken(tight, week) == {"weekly_max_hours"}
    found = RULES["weekly_max_hours"](tight, roster(week))
    assert [(v.agent, v.date) for v in found] == [("A2", "2026-11-30")]
    assert found[0].detail == (
        "week 1 (2026-11-30 to 2026-12-06): 15h paid, contract maximum 14h59"
    )


def test_legal_cap_counts_overtime(week):
    week = replace_day(week, "A1", 0, day("A1", 0, "08:00", overtime=(span("16:00", "18:00"),)))
    assert broken(make_instance(rules=rules(max_weekly_minutes=A1_PAID + 120)), week) == set()
    capped = make_instance(rules=rules(max_weekly_minutes=A1_PAID + 119))
    assert broken(capped, week) == {"weekly_max_hours"}
    detail = RULES["weekly_max_hours"](capped, roster(week))[0].detail
    assert "37h30 paid plus 2h overtime is 39h30, legal maximum 39h29" in detail


def test_contract_minimum_both_sides(week):
    assert broken(make_instance({"A2": {"min_weekly_minutes": A2_PAID}}), week) == set()
    short = make_instance({"A2": {"min_weekly_minutes": A2_PAID + 1}})
    assert broken(short, week) == {"weekly_min_hours"}


def test_leave_credits_the_minimum(week):
    # 40 h over 5 days: Saturday's leave credits 8 h, so 32 h is owed and 37h30 suffices.
    full_time = make_instance({"A1": {"min_weekly_minutes": 2400}})
    assert broken(full_time, week) == set()
    four_days = [d for d in week if (d.agent, d.day) != ("A1", 4)]  # 30 h
    assert broken(full_time, four_days) == {"weekly_min_hours"}
    detail = RULES["weekly_min_hours"](full_time, roster(four_days))[0].detail
    assert detail.endswith("30h paid, contract minimum 32h after 1 leave day(s) credited")


def test_support_and_reserves_are_exempt_from_the_minimum(week):
    # S1 (support, 10 h minimum) never works in the baseline week.
    assert broken(make_instance(), week) == set()
    reserve = make_instance({"A2": {"min_weekly_minutes": 1200, "reserve_tier": 60}})
    assert broken(reserve, week) == set()
    assert broken(make_instance({"S1": {"role": "agent"}}), week) == {"weekly_min_hours"}


def test_days_per_week_both_sides(week):
    assert broken(make_instance({"A2": {"max_days_per_week": 2}}), week) == set()
    assert broken(make_instance({"A2": {"max_days_per_week": 1}}), week) == {"max_days_per_week"}


def test_min_days_off_folds_into_the_day_limit(week):
    # A1 may work 7 days by contract; 2 days off leave 5 (worked), 3 days off leave 4.
    loose = {"A1": {"max_days_per_week": 7}}
    assert broken(make_instance(loose, rules=rules(min_days_off_per_week=2)), week) == set()
    assert broken(make_instance(loose, rules=rules(min_days_off_per_week=3)), week) == {
        "max_days_per_week"
    }


def test_late_shifts_per_week(week):
    # Three shifts 13:00-21:00 end after 20:00; 21:00 to 08:00 the next day is exactly 11 h.
    for d in range(3):
        week = replace_day(week, "A1", d, day("A1", d, "13:00"))
    assert broken(make_instance(rules=rules(max_late_shifts_per_week=3)), week) == set()
    assert broken(make_instance(), week) == {"late_shifts"}
    detail = RULES["late_shifts"](make_instance(), roster(week))[0].detail
    assert detail.endswith("3 shifts ending after 20:00, maximum 2")
    # A shift ending exactly at the threshold is not late.
    at_threshold = make_instance(rules=rules(late_shift_end_minute=1260))
    assert broken(at_threshold, week) == set()
