"""``scheduler trade`` and ``scheduler timeoff`` on a folder: exit codes, and nothing written
when a trade or request is refused or the input is bad."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workflow_kit import make_instance, week

from scheduler.cli import main
from scheduler.io import write_roster

TOML = """\
name = "workflows"
[horizon]
start = 2026-11-30
days = 7
[opening_hours]
default = "07:00-22:00"
[[shift_templates]]
name = "day"
start_earliest = "07:00"
start_latest = "12:00"
lengths_hours = [8]
[[shift_templates]]
name = "late"
start_earliest = "12:00"
start_latest = "14:00"
start_step_minutes = 60
lengths_hours = [8]
[[break_rules]]
min_shift_hours = 8
max_shift_hours = 8
min_gap_minutes = 60
[[break_rules.breaks]]
minutes = 15
earliest_minutes = 60
latest_minutes = 150
[[break_rules.breaks]]
kind = "lunch"
minutes = 30
earliest_minutes = 180
latest_minutes = 300
paid = false
"""


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """The workflow kit's instance as a folder, and its roster in another."""
    instance = tmp_path / "centre"
    instance.mkdir()
    (instance / "instance.toml").write_text(TOML)
    (instance / "queues.csv").write_text("id\nsales\nservice\n")
    rows = [f"{a},{'service' if a == 'E' else 'sales'}" for a in "ABCDEF"]
    (instance / "agents.csv").write_text("id,queues\n" + "\n".join(rows) + "\n")
    need = [
        f"2026-{m:02d}-{d:02d},{h:02d}:{q:02d},sales,1"
        for m, d in [(11, 30), (12, 1), (12, 2), (12, 3), (12, 4)]
        for h in range(9, 17)
        for q in (0, 15, 30, 45)
    ]
    (instance / "requirements.csv").write_text("date,start,queue,agents\n" + "\n".join(need) + "\n")
    roster = tmp_path / "roster"
    write_roster(roster, week(), make_instance())
    return instance, roster


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_trade_accepted_writes_the_roster(folders, capsys):
    instance, roster = folders
    before = _snapshot(roster)
    argv = ["trade", str(instance), str(roster), "--give", "A:2026-12-01", "--take", "D:2026-12-01"]
    assert main([*argv, "--now", "2026-11-20T09:00"]) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["accepted"] and verdict["written_to"] == str(roster)
    text = (roster / "roster.csv").read_text()
    assert _snapshot(roster) != before
    assert "D,2026-12-01,shift,2026-12-01T08:00,2026-12-01T16:00,sales" in text
    assert main(["check", str(instance), str(roster)]) == 0


def test_trade_rejected_writes_nothing(folders, capsys):
    instance, roster = folders
    before = _snapshot(roster)
    argv = ["trade", str(instance), str(roster), "--give", "A:2026-12-01", "--take", "D:2026-12-01"]
    assert main([*argv, "--now", "2026-12-01T06:00", "--out", str(roster.parent / "out")]) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert [b["rule"] for b in verdict["blocked"]] == ["notice"]
    assert _snapshot(roster) == before
    assert not (roster.parent / "out").exists()


@pytest.mark.parametrize(
    "extra",
    [
        ["--give", "A:2026-12-01", "--take", "D:2026-12-02"],
        ["--give", "A:2099-01-01", "--take", "D:2099-01-01"],
        ["--give", "D:2026-12-01", "--take", "A:2026-12-01"],
        ["--take", "D:2026-12-05"],
    ],
)
def test_trade_bad_input_exits_2(folders, extra, capsys):
    instance, roster = folders
    before = _snapshot(roster)
    assert main(["trade", str(instance), str(roster), *extra]) == 2
    assert "scheduler trade:" in capsys.readouterr().err
    assert _snapshot(roster) == before


def test_timeoff_request_cancel_list(folders, capsys, tmp_path):
    instance, roster = folders
    (instance / "allotments.csv").write_text("date,max_off\n2026-12-01,1\n")
    book = tmp_path / "book.json"
    base = [str(instance), str(roster), "--book", str(book)]
    assert main(["timeoff", "request", *base, "--agent", "A", "--date", "2026-12-01"]) == 0
    assert (
        main(["timeoff", "request", *base, "--agent", "B", "--date", "2026-12-01", "--points", "4"])
        == 1
    )
    capsys.readouterr()
    assert main(["timeoff", "cancel", *base, "--id", "R0001"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["book"]["approved"] == ["R0002"]
    assert main(["timeoff", "list", str(instance), "--book", str(book), "--state", "approved"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["agent"]) for r in listed] == [("R0002", "B")]


def test_timeoff_bad_input_writes_no_book(folders, capsys, tmp_path):
    instance, roster = folders
    book = tmp_path / "book.json"
    argv = ["timeoff", "request", str(instance), str(roster), "--book", str(book)]
    assert main([*argv, "--agent", "Z", "--date", "2026-12-01"]) == 2
    assert "unknown agent 'Z'" in capsys.readouterr().err
    assert not book.exists()
    (instance / "allotments.csv").write_text("date,max_off\n2026-12-01,-1\n")
    assert main([*argv, "--agent", "A", "--date", "2026-12-01"]) == 2
    assert "allotments.csv, row 2, field 'max_off': cannot be negative" in capsys.readouterr().err
    assert not book.exists()
