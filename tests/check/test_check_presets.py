"""Labour-law presets: each new rule just inside and just outside its limit, each preset's rules
caught on a roster that breaks them, and presets picked from ``instance.toml``."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from check_kit import block, broken, day, make_instance, roster, rules

from scheduler.check import RULES
from scheduler.io import InputError, load_instance
from scheduler.models.instance import ShiftTemplate
from scheduler.models.labour_law import BlockKind, BreakEntitlement, WorkedWeek
from scheduler.presets import PRESETS, break_law_problems

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"
EVERY_DAY = rules(min_days_off_per_week=0, max_consecutive_days=7)


def _free(**rule_changes):
    """The kit's instance without A1's leave and granted day off, with some rules changed."""
    return make_instance(absences=(), requests=(), rules=rules(**rule_changes))


def _seven_days():
    """A1 works 08:00-16:00 every day: 16 h of rest between days, 8 h at either end."""
    return [day("A1", d, "08:00") for d in range(7)]


@pytest.mark.parametrize(("minimum", "expected"), [(960, set()), (961, {"weekly_rest"})])
def test_weekly_rest_limit(minimum, expected):
    instance = _free(
        min_days_off_per_week=0,
        max_consecutive_days=7,
        max_weekly_minutes=4000,
        min_weekly_rest_minutes=minimum,
    )
    agents = {"A1": {"max_days_per_week": 7, "max_weekly_minutes": 4000}}
    instance = make_instance(agents, absences=(), requests=(), rules=instance.rules)
    assert broken(instance, _seven_days()) == expected


def test_weekly_rest_message_and_weekend_across_blocks(week):
    instance = _free(min_weekly_rest_minutes=35 * 60)
    assert broken(instance, week) == set()  # Friday 16:00 to the horizon end: 56 h
    agents = {"A1": {"max_days_per_week": 7, "max_weekly_minutes": 4000}}
    tight = make_instance(
        agents,
        absences=(),
        requests=(),
        rules=rules(
            min_days_off_per_week=0,
            max_consecutive_days=7,
            max_weekly_minutes=4000,
            min_weekly_rest_minutes=35 * 60,
        ),
    )
    found = RULES["weekly_rest"](tight, roster(_seven_days()))
    assert [(v.agent, v.date) for v in found] == [("A1", "2026-11-30")]
    assert found[0].detail == (
        "week 1 (2026-11-30 to 2026-12-06): longest uninterrupted rest 16h, minimum 35h"
    )


@pytest.mark.parametrize(("history", "expected"), [(3510, set()), (3511, {"average_weekly_hours"})])
def test_average_weekly_hours_with_history(week, history, expected):
    # A1 works 5 x 7h30 paid = 37h30 (2250 min); over 2 weeks the cap is 2 x 48 h = 5760 min.
    past = (WorkedWeek(agent="A1", week_start=dt.date(2026, 11, 23), minutes=history),)
    instance = make_instance(
        rules=rules(average_weekly_minutes=2880, averaging_weeks=2), worked_history=past
    )
    assert broken(instance, week) == expected


def test_average_without_history_is_over_the_weeks_known(week):
    instance = make_instance(rules=rules(average_weekly_minutes=2250, averaging_weeks=17))
    assert broken(instance, week) == set()
    instance = make_instance(rules=rules(average_weekly_minutes=2249, averaging_weeks=17))
    found = RULES["average_weekly_hours"](instance, roster(week))
    assert found[0].detail == (
        "week 1 (2026-11-30 to 2026-12-06): average 37h30 a week over 1 week(s) known since "
        "2026-08-10, maximum 37h29"
    )


@pytest.mark.parametrize(("cap", "expected"), [(450, set()), (449, {"daily_hours"})])
def test_daily_hours_limit(week, cap, expected):
    assert broken(make_instance(rules=rules(max_daily_work_minutes=cap)), week) == expected


@pytest.mark.parametrize(("limit", "expected"), [(210, set()), (209, {"work_without_break"})])
def test_work_without_break_limit(week, limit, expected):
    # 08:00-16:00 with a break 09:30 and lunch 12:00-12:30: the longest stretch is 12:30-16:00.
    instance = make_instance(rules=rules(max_work_without_break_minutes=limit))
    assert broken(instance, week) == expected


def test_short_breaks_do_not_interrupt_a_stretch(week):
    # Blocks of 16+ min: the 15 min break no longer counts, so 08:00-12:00 is one stretch.
    counted = make_instance(rules=rules(max_work_without_break_minutes=239))
    assert broken(counted, week) == set()
    instance = make_instance(
        rules=rules(max_work_without_break_minutes=239, min_break_block_minutes=16)
    )
    found = RULES["work_without_break"](instance, roster(week))
    assert found[0].detail == "works 08:00-12:00 (4h) without a break of 16+ min, maximum 3h59"
    assert len(found) == 7  # A1 five days, A2 two


@pytest.mark.parametrize(("total", "expected"), [(45, set()), (46, {"break_entitlement"})])
def test_break_entitlement_total(week, total, expected):
    owed = BreakEntitlement(work_over_minutes=360, total_minutes=total, block_minutes=15)
    assert broken(make_instance(rules=rules(break_entitlements=(owed,))), week) == expected


@pytest.mark.parametrize(("latest", "expected"), [(240, set()), (239, {"break_entitlement"})])
def test_meal_must_start_in_time(week, latest, expected):
    meal = BreakEntitlement(
        work_over_minutes=300,
        kind=BlockKind.LUNCH,
        count=1,
        block_minutes=30,
        latest_start_minutes=latest,
        source="test",
    )
    assert broken(make_instance(rules=rules(break_entitlements=(meal,))), week) == expected


def test_entitlement_applies_only_over_its_threshold(week):
    # 7h30 of work: an entitlement over 7h30 does not apply, one over 7h29 does.
    two = BreakEntitlement(work_over_minutes=450, kind=BlockKind.BREAK, count=2, block_minutes=10)
    assert broken(make_instance(rules=rules(break_entitlements=(two,))), week) == set()
    two = two.model_copy(update={"work_over_minutes": 449})
    assert broken(make_instance(rules=rules(break_entitlements=(two,))), week) == {
        "break_entitlement"
    }


# -- each preset, on a roster that breaks it --------------------------------------------------


def _preset_instance(name: str):
    """The kit's instance under a preset's rules and break rules (8 h shifts all day)."""
    preset = PRESETS[name]
    template = ShiftTemplate(
        name="day",
        start_earliest_minute=0,
        start_latest_minute=960,
        start_step_minutes=60,
        lengths_minutes=(480, 600),
    )
    agents = {"A1": {"max_days_per_week": 7, "max_weekly_minutes": 6000}}
    return make_instance(
        agents,
        absences=(),
        requests=(),
        shift_templates=(template,),
        rules=preset.labour_rules({"max_weekly_minutes": 6000, "min_days_off_per_week": 0}),
        break_rules=preset.break_rules,
    )


PRESET_BREACHES = {
    # Seven days 08:00-16:00 with no breaks at all.
    "eu": ({"weekly_rest", "break_entitlement"}, []),
    "uk": ({"weekly_rest", "break_entitlement"}, []),
    "de": ({"weekly_rest", "break_entitlement", "work_without_break"}, []),
    # California: a meal starting 6 h in, rests of 10 minutes only.
    "ca": (
        {"break_entitlement", "max_consecutive_days"},
        [
            block("break", "09:00", "09:15"),
            block("lunch", "14:00", "14:30"),
            block("break", "14:45", "15:00"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(PRESET_BREACHES))
def test_each_preset_is_caught_on_a_roster_that_breaks_it(name):
    expected, breaks = PRESET_BREACHES[name]
    instance = _preset_instance(name)
    days = [day("A1", d, "08:00", breaks=tuple(breaks)) for d in range(7)]
    assert expected <= broken(instance, days)


def test_germany_ten_hour_day_and_average():
    instance = _preset_instance("de")
    # Ten hours 07:00-17:00 with the 15 + 30 min breaks: 9h15 of work is within the day cap,
    # but the 24-week average of 48 h is broken by 6 such days in the week.
    days = [
        day(
            "A1",
            d,
            "07:00",
            10,
            breaks=(block("break", "08:30", "08:45"), block("lunch", "12:00", "12:30")),
        )
        for d in range(6)
    ]
    found = broken(instance, days)
    assert "daily_hours" not in found and "average_weekly_hours" in found
    long_day = make_instance(
        rules=instance.rules.model_copy(update={"max_daily_work_minutes": 554}),
        absences=(),
        requests=(),
        break_rules=instance.break_rules,
    )
    assert "daily_hours" in broken(long_day, days[:1])


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_preset_break_rules_keep_their_own_law(name):
    template = ShiftTemplate(
        name="day",
        start_earliest_minute=0,
        start_latest_minute=600,
        lengths_minutes=tuple(range(180, 631, 15)),
    )
    if name == "de":
        template = template.model_copy(update={"lengths_minutes": tuple(range(180, 646, 15))})
    instance = make_instance(
        shift_templates=(template,),
        rules=PRESETS[name].labour_rules(),
        break_rules=PRESETS[name].break_rules,
    )
    assert break_law_problems(instance) == []


# -- picking a preset in instance.toml ---------------------------------------------------------


def _demo_copy(tmp_path: Path, preset: str, keep_breaks: bool = True) -> Path:
    folder = tmp_path / "centre"
    shutil.copytree(DEMO, folder)
    toml = (folder / "instance.toml").read_text()
    if not keep_breaks:
        toml = toml[: toml.index("[[break_rules]]")]
    (folder / "instance.toml").write_text(f'preset = "{preset}"\n' + toml)
    return folder


def test_preset_from_instance_toml_with_overrides_winning(tmp_path):
    instance = load_instance(_demo_copy(tmp_path, "de", keep_breaks=False))
    assert instance.preset == "de"
    assert instance.rules.max_daily_work_minutes == 600
    assert instance.rules.min_weekly_rest_minutes == 35 * 60
    assert instance.break_rules == PRESETS["de"].break_rules
    # The demo's [rules] set max_consecutive_days = 6 and min_rest_hours = 11: they stay.
    assert instance.rules.max_consecutive_days == 6


def test_override_of_a_preset_value(tmp_path):
    folder = _demo_copy(tmp_path, "eu")
    toml = (folder / "instance.toml").read_text()
    toml = toml.replace(
        "[rules]\n", "[rules]\naverage_weekly_hours = 44\nmin_weekly_rest_hours = 24\n"
    )
    (folder / "instance.toml").write_text(toml)
    instance = load_instance(folder)
    assert instance.rules.average_weekly_minutes == 44 * 60
    assert instance.rules.min_weekly_rest_minutes == 24 * 60
    assert instance.rules.averaging_weeks == 17


def test_unknown_preset_names_the_field(tmp_path):
    with pytest.raises(InputError, match=r"field 'preset': unknown labour-law preset 'xx'"):
        load_instance(_demo_copy(tmp_path, "xx"))


def test_break_rules_weaker_than_the_law_are_refused(tmp_path):
    folder = _demo_copy(tmp_path, "uk")
    toml = (folder / "instance.toml").read_text()
    # The demo's 8-10 h rule has 15 min blocks only: fine for the UK once the lunch is 30 min;
    # make the lunch 15 min and no block reaches the UK's 20 minutes.
    toml = toml.replace(
        "minutes = 30\nearliest_minutes = 180", "minutes = 15\nearliest_minutes = 180"
    )
    (folder / "instance.toml").write_text(toml)
    with pytest.raises(InputError, match=r"field 'break_rules': break law of uk: a 8h shift"):
        load_instance(folder)


def test_history_hours_feed_the_average(tmp_path):
    folder = _demo_copy(tmp_path, "eu")
    (folder / "history_hours.csv").write_text(
        "agent,week_start,minutes\nA0001,2026-11-23,3000\nA0001,2026-11-30,9999\n"
    )
    instance = load_instance(folder)
    assert instance.worked_history == (
        WorkedWeek(agent="A0001", week_start=dt.date(2026, 11, 23), minutes=3000),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A0001,2026-11-24,60", "row 2, field 'week_start': 2026-11-24 does not start a 7-day"),
        ("ZZZ,2026-11-23,60", "row 2, field 'agent': unknown agent 'ZZZ'"),
        ("A0001,2026-11-23,-5", "row 2, field 'minutes': cannot be negative"),
    ],
)
def test_history_hours_errors_name_row_and_field(tmp_path, text, message):
    folder = _demo_copy(tmp_path, "eu")
    (folder / "history_hours.csv").write_text("agent,week_start,minutes\n" + text + "\n")
    with pytest.raises(InputError, match=message):
        load_instance(folder)
