"""Postings computed from the roster alone, checked against the hand count in ``ledger_kit``."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from ledger_kit import START, make_instance, week

from scheduler.io import InputError, load_instance
from scheduler.ledger import PostingKind, postings_for

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


def test_postings_match_the_hand_count() -> None:
    found = [(p.agent, p.kind, p.points, p.reason) for p in postings_for(make_instance(), week())]
    earned, spent = PostingKind.EARNED, PostingKind.SPENT
    assert found == [
        ("A1", earned, 10, "public holiday worked on 2026-11-30"),
        ("A1", earned, 8, "120 min overtime on 2026-11-30"),
        ("A1", earned, 3, "late shift on 2026-12-01"),
        ("A1", earned, 2, "weekend day worked on 2026-12-05"),
        ("A2", earned, 2, "weekend day worked on 2026-12-06"),
        ("A2", earned, 3, "late shift on 2026-12-06"),
        ("A2", spent, -5, "day off on 2026-12-03 granted"),
        ("B1", spent, -3, "day off on 2026-12-05 granted"),
    ]


def test_every_posting_belongs_to_the_week_of_its_day() -> None:
    postings = postings_for(make_instance(), week())
    assert {p.week_start for p in postings} == {START}


def test_a_second_week_posts_to_its_own_block() -> None:
    instance = make_instance(days=14)
    days = week().agent_days + (week().agent_days[2].model_copy(update={"day": 12}),)
    roster = week().model_copy(update={"agent_days": days})
    later = [p for p in postings_for(instance, roster) if p.week_start != START]
    assert [(p.agent, p.points, p.week_start) for p in later] == [
        ("A1", 2, START + dt.timedelta(days=7))
    ]


def test_policy_without_late_time_falls_back_to_the_rules() -> None:
    base = make_instance()
    no_late = base.points.model_copy(update={"late_shift_end_minute": None})
    assert not any("late" in p.reason for p in postings_for(make_instance(points=no_late), week()))
    rules = base.rules.model_copy(update={"late_shift_end_minute": 21 * 60})
    late = [p for p in postings_for(make_instance(points=no_late, rules=rules), week())]
    assert sum("late" in p.reason for p in late) == 2  # 22:00 ends, after 21:00


def test_points_table_is_read_from_instance_toml(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("*.db"))
    with (folder / "instance.toml").open("a") as handle:
        handle.write('\n[points]\nholiday_shift_points = 7\nlate_shift_end = "19:30"\n')
    policy = load_instance(folder).points
    assert policy.holiday_shift_points == 7 and policy.late_shift_end_minute == 19 * 60 + 30
    assert policy.weekend_day_points == 2  # the default
    assert load_instance(DEMO).requests[0].row == 2


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('late_shift_end = "8pm"', "points.late_shift_end"),
        ("weekend_day_points = -1", "points.weekend_day_points"),
        ("bonus_points = 1", "points.bonus_points"),
    ],
)
def test_bad_points_table_names_the_field(tmp_path: Path, line: str, field: str) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("*.db"))
    with (folder / "instance.toml").open("a") as handle:
        handle.write(f"\n[points]\n{line}\n")
    with pytest.raises(InputError) as caught:
        load_instance(folder)
    assert caught.value.field == field and "instance.toml" in caught.value.path
