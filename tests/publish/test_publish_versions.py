"""Publishing: numbered versions, change lists with notice, points and hours in one transaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from publish_kit import START, database, first_days, make_instance, roster, shift
from sqlalchemy import func, select

from scheduler.ledger import balances, history
from scheduler.models.roster import BreakPlacement, Span
from scheduler.publish import (
    ChangeKind,
    PublishError,
    change_list,
    list_versions,
    publish,
    weekly_hours_history,
)
from scheduler.store import postings, published_hours, versions

EARLY = dt.datetime(2026, 11, 16, 9, 0)  # two weeks ahead: no change is late
NOW = dt.datetime(2026, 11, 25, 12, 0)  # local (UTC) Wednesday noon before the week


def row_counts(db) -> tuple[int, int, int]:
    with db.reading() as connection:
        return tuple(
            connection.execute(select(func.count()).select_from(t)).scalar()
            for t in (versions, postings, published_hours)
        )


def test_version_numbers_increase_per_horizon(tmp_path: Path) -> None:
    db = database(tmp_path)
    instance = make_instance()
    numbers = [publish(db, instance, roster(first_days()), "ana", EARLY).version.version]
    numbers += [publish(db, instance, roster(first_days()), "bo", NOW).version.version]
    numbers += [publish(db, instance, roster(first_days()), "ana", NOW).version.version]
    assert numbers == [1, 2, 3]
    next_week = make_instance(start=START + dt.timedelta(days=7))
    assert publish(db, next_week, roster({}), "ana", NOW).version.version == 1
    stored = [(v.horizon_start, v.version, v.author) for v in list_versions(db, "tiny")]
    assert stored[:3] == [(START, 1, "ana"), (START, 2, "bo"), (START, 3, "ana")]
    assert stored[3][1] == 1 and list_versions(db)[0].roster == roster(first_days())


def test_a_late_change_is_flagged_with_its_notice(tmp_path: Path) -> None:
    db = database(tmp_path)
    instance = make_instance()
    first = publish(db, instance, roster(first_days()), "ana", EARLY)
    assert first.previous_version is None and first.changes == ()
    days = first_days()
    days[("A1", 1)] = shift("A1", 1, "08:00")  # Tuesday 14:00 -> 08:00: notice to 08:00
    days[("A1", 5)] = shift("A1", 5, "12:00", queue="service")
    del days[("A2", 6)]
    days[("B1", 2)] = shift("B1", 2, "10:00")
    second = publish(db, instance, roster(days), "ana", NOW)
    assert second.previous_version == 1
    found = [
        (c.agent, c.date.isoformat(), c.kinds, c.notice_hours, c.late, c.price)
        for c in second.changes
    ]
    assert found == [
        ("A1", "2026-12-01", (ChangeKind.MOVED,), 140.0, True, 28),  # 5 d 20 h
        ("A1", "2026-12-05", (ChangeKind.QUEUE,), 240.0, False, 0),  # 10 d
        ("A2", "2026-12-06", (ChangeKind.REMOVED,), 266.0, False, 0),  # 11 d 2 h
        ("B1", "2026-12-02", (ChangeKind.ADDED,), 166.0, True, 2),  # 6 d 22 h
    ]
    assert second.changes[0].before == "14:00-22:00 sales"
    assert second.changes[0].after == "08:00-16:00 sales"
    assert second.changes[2].after == "off"


def test_notice_horizon_and_weight_are_parameters(tmp_path: Path) -> None:
    db = database(tmp_path)
    instance = make_instance()
    publish(db, instance, roster(first_days()), "ana", EARLY)
    days = first_days()
    days[("A1", 1)] = shift("A1", 1, "08:00")
    second = publish(db, instance, roster(days), "ana", NOW, notice_hours=336, late_change_weight=3)
    assert [(c.late, c.price) for c in second.changes] == [(True, 3 * (336 - 140))]


def test_breaks_and_overtime_changes_are_named() -> None:
    instance = make_instance()
    days = first_days()
    days[("A2", 2)] = shift(
        "A2",
        2,
        "08:00",
        breaks=(BreakPlacement(kind="training", start_minute=600, end_minute=660),),
        overtime=(Span(start_minute=960, end_minute=1020),),
    )
    changes = change_list(instance, roster(first_days()), roster(days), NOW)
    assert [(c.agent, c.kinds) for c in changes] == [
        ("A2", (ChangeKind.BREAKS, ChangeKind.OVERTIME))
    ]
    assert changes[0].after == "08:00-16:00 sales (training 10:00) + overtime 16:00-17:00"


def test_notice_is_counted_in_the_instance_time_zone() -> None:
    instance = make_instance(timezone="America/New_York")
    days = first_days()
    days[("A1", 1)] = shift("A1", 1, "08:00")  # 08:00 New York = 13:00 UTC
    published = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    [change] = change_list(instance, roster(first_days()), roster(days), published)
    assert change.notice_hours == 145.0


def test_points_are_posted_with_the_version(tmp_path: Path) -> None:
    db = database(tmp_path)
    instance = make_instance()
    publication = publish(db, instance, roster(first_days()), "ana", EARLY)
    entries = history(db, "A1")
    assert {(e.version_id, e.run_id) for e in entries} == {
        (publication.version.id, "tiny 2026-11-30 v1")
    }
    # A1: weekend Saturday (2); A2: Sunday weekend (2); no late time set: no late points
    assert balances(db) == {"A1": 2, "A2": 2}
    publish(db, instance, roster(first_days()), "ana", NOW)
    assert balances(db) == {"A1": 2, "A2": 2}  # a second version replaces, never doubles


def test_a_roster_breaking_a_rule_is_not_published(tmp_path: Path) -> None:
    db = database(tmp_path)
    days = first_days()
    days[("A1", 2)] = shift("A1", 2, "08:00")  # 10 h after Tuesday's 22:00 end: rest broken
    with pytest.raises(PublishError, match="rest 10h"):
        publish(db, make_instance(), roster(days), "ana", NOW)
    assert row_counts(db) == (0, 0, 0)


def test_a_crash_before_commit_stores_nothing(tmp_path: Path) -> None:
    db = database(tmp_path)
    instance = make_instance()
    publish(db, instance, roster(first_days()), "ana", EARLY)
    before = row_counts(db)

    def crash(connection, publication) -> None:
        raise OSError("disk full while writing changes.csv")

    with pytest.raises(OSError, match="disk full"):
        publish(db, instance, roster({}), "ana", NOW, before_commit=crash)
    assert row_counts(db) == before
    assert [v.version for v in list_versions(db)] == [1]
    assert balances(db) == {"A1": 2, "A2": 2}


def test_weekly_hours_come_from_the_latest_published_version(tmp_path: Path) -> None:
    db = database(tmp_path)
    instance = make_instance()
    publish(db, instance, roster(first_days()), "ana", EARLY)
    days = first_days()
    days[("A1", 3)] = shift("A1", 3, "08:00", overtime=())
    publish(db, instance, roster(days), "ana", NOW)
    weeks = weekly_hours_history(db, "A1", START + dt.timedelta(days=7), weeks=2)
    assert [(w.week_start, w.paid_minutes, w.covered_days) for w in weeks] == [
        (START - dt.timedelta(days=7), 0, 0),  # nothing published: unknown, not zero work
        (START, 3 * 480, 7),
    ]
    assert weekly_hours_history(db, "B1", START + dt.timedelta(days=7), 1)[0].covered_days == 7
