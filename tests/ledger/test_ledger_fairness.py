"""The fairness table counts the same unpopular work the points pay for."""

from __future__ import annotations

from ledger_kit import make_instance, week

from scheduler.ledger import fairness_table


def test_fairness_rows_by_hand() -> None:
    rows = fairness_table(make_instance(), week(), {"A1": 23, "A2": 9})
    table = [
        (r.agent, r.holidays, r.late_shifts, r.weekend_days, r.overtime_minutes, r.balance)
        for r in rows
    ]
    assert table == [
        ("A1", 1, 1, 1, 120, 23),
        ("A2", 0, 1, 1, 0, 9),
        ("B1", 0, 0, 0, 0, 0),
    ]
