"""``history_hours.csv`` written from published versions reads back through the instance loader."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from publish_kit import START, database, first_days, make_instance, roster

from scheduler.cli import main
from scheduler.io.worked_history import read_worked_history
from scheduler.publish import publish
from scheduler.publish.history_file import history_rows, write_history_hours

NEXT = START + dt.timedelta(days=7)
DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


def test_published_weeks_become_history_rows(tmp_path: Path) -> None:
    db = database(tmp_path)
    publish(db, make_instance(), roster(first_days()), "ana", dt.datetime(2026, 11, 20, 9))
    next_week = make_instance(start=NEXT)
    rows = history_rows(db, next_week, weeks=2)
    # the week of 11-23 was never published: no row (unknown), not a zero
    assert rows == [
        {"agent": "A1", "week_start": "2026-11-30", "minutes": "960"},
        {"agent": "A2", "week_start": "2026-11-30", "minutes": "960"},
        {"agent": "B1", "week_start": "2026-11-30", "minutes": "0"},
    ]
    path = tmp_path / "history_hours.csv"
    write_history_hours(path, rows)
    weeks = read_worked_history(path, next_week.horizon, {"A1", "A2", "B1"})
    assert {(w.agent, w.minutes) for w in weeks} == {("A1", 960), ("A2", 960), ("B1", 0)}


def test_hours_command_with_nothing_published(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("*.db", "history_hours.csv"))
    assert main(["hours", str(folder), "--weeks", "3", "--write"]) == 0
    assert "0 agent-weeks published from 2026-11-09 on" in capsys.readouterr().out
    assert (folder / "history_hours.csv").read_text() == "agent,week_start,minutes\n"
