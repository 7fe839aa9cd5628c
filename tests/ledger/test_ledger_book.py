"""The ledger in a SQLite file: a week posts once, a crash changes nothing, bids are covered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ledger_kit import BEFORE, START, ledger, make_instance, shift, week, week_days

from scheduler.ledger import (
    BidError,
    PostingKind,
    adjust,
    balance,
    balances,
    history,
    post_week,
)
from scheduler.ledger import book as book_module
from scheduler.models.roster import Roster
from scheduler.store import open_database

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def snapshot(db) -> list[tuple]:
    """Every stored posting, all columns: 'exactly as before' means equal snapshots."""
    return [
        tuple(e.model_dump().values()) for agent in ("A1", "A2", "B1") for e in history(db, agent)
    ]


def test_posting_a_week_gives_the_hand_counted_balances(tmp_path: Path) -> None:
    db = ledger(tmp_path)
    post_week(db, make_instance(), week(), run_id="run-1", now=NOW)
    # opening 0 / 9 / 3, then +23 / 0 / -3
    assert balances(db) == {"A1": 23, "A2": 9, "B1": 0}
    assert balance(db, "A2", as_of=START) == 9  # what A2 could bid with this week


def test_running_the_same_week_again_leaves_balances_unchanged(tmp_path: Path) -> None:
    db = ledger(tmp_path)
    post_week(db, make_instance(), week(), run_id="run-1", now=NOW)
    first = balances(db)
    rows = len(snapshot(db))
    post_week(db, make_instance(), week(), run_id="run-2", now=NOW)
    post_week(db, make_instance(), week(), run_id="run-3", now=NOW)
    assert balances(db) == first
    assert len(snapshot(db)) == rows
    assert {e.run_id for e in history(db, "A1")} == {"run-3"}


def test_a_changed_roster_replaces_the_week_instead_of_adding(tmp_path: Path) -> None:
    db = ledger(tmp_path)
    post_week(db, make_instance(), week(), run_id="run-1", now=NOW)
    lighter = [d for d in week_days() if not (d.agent == "A1" and d.day == 5)]
    post_week(db, make_instance(), Roster(instance="tiny", agent_days=tuple(lighter)), "run-2")
    assert balance(db, "A1") == 21  # the Saturday's 2 points are gone, not kept beside


def test_adjustments_survive_a_re_run_of_their_week(tmp_path: Path) -> None:
    db = ledger(tmp_path)
    adjust(db, "A1", 7, "payroll correction", START, by="planner")
    post_week(db, make_instance(), week(), run_id="run-1", now=NOW)
    post_week(db, make_instance(), week(), run_id="run-2", now=NOW)
    kinds = [(e.kind, e.points) for e in history(db, "A1")]
    assert (PostingKind.ADJUSTED, 7) in kinds
    assert balance(db, "A1") == 30


def test_a_crash_inside_the_transaction_loses_nothing(tmp_path: Path, monkeypatch) -> None:
    db = ledger(tmp_path)
    post_week(db, make_instance(), week(), run_id="run-1", now=NOW)
    before = snapshot(db)

    def crash(*args, **kwargs):
        raise RuntimeError("killed after the delete, before the insert")

    monkeypatch.setattr(book_module, "insert", crash)
    roster = Roster(instance="tiny", agent_days=(shift("A1", 0, "08:00"),))
    with pytest.raises(RuntimeError, match="killed"):
        post_week(db, make_instance(), roster, run_id="run-2", now=NOW)
    monkeypatch.undo()
    assert snapshot(db) == before
    # and a fresh connection (another process) sees the same
    assert snapshot(open_database(str(db.engine.url))) == before


def test_bid_above_balance_is_refused_and_nothing_is_posted(tmp_path: Path) -> None:
    db = ledger(tmp_path, opening={"A2": 8, "B1": 3})  # A2 bids 5 + 4 = 9
    before = snapshot(db)
    with pytest.raises(BidError) as caught:
        post_week(db, make_instance(), week(), "run-1", requests_file=tmp_path / "requests.csv")
    error = caught.value
    assert (error.path, error.row, error.field) == (str(tmp_path / "requests.csv"), 3, "points")
    assert "A2 bids 4 points (9 with the 5 bid on earlier rows) but holds 8" in str(error)
    assert snapshot(db) == before


def test_points_of_the_same_week_do_not_pay_for_its_bids(tmp_path: Path) -> None:
    """Bids are covered by earlier weeks only: an agent cannot spend what the week earns."""
    db = ledger(tmp_path, opening={"B1": 3})
    adjust(db, "A2", 9, "a gift dated inside the planned week", START, by="planner")
    with pytest.raises(BidError, match="holds 0"):
        post_week(db, make_instance(), week(), "run-1")


def test_adjust_needs_a_reason_and_points(tmp_path: Path) -> None:
    db = ledger(tmp_path, opening={})
    with pytest.raises(ValueError, match="reason"):
        adjust(db, "A1", 5, "  ", BEFORE, by="planner")
    with pytest.raises(ValueError, match="0 points"):
        adjust(db, "A1", 0, "nothing", BEFORE, by="planner")
    entry = adjust(db, "A1", -4, "bid refunded twice", BEFORE, by="planner")
    assert (entry.kind, entry.points, entry.run_id) == (PostingKind.ADJUSTED, -4, "planner")
    assert [e.id for e in history(db, "A1")] == [entry.id]
    assert balance(db, "A1") == -4


def test_history_is_in_week_order(tmp_path: Path) -> None:
    db = ledger(tmp_path)
    post_week(db, make_instance(), week(), run_id="run-1", now=NOW)
    adjust(db, "A2", 1, "late correction", BEFORE, by="planner")
    weeks = [e.week_start for e in history(db, "A2")]
    assert weeks == sorted(weeks) and weeks[0] == BEFORE
