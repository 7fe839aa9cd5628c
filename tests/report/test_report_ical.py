"""Calendars parse strictly by hand and with ``icalendar``; the command's exit codes."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

import icalendar

from scheduler.commands import export as command
from scheduler.io import roster_rows
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.report import write_agent_calendars
from scheduler.report.ical import fold

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


def _strict_lines(raw: bytes) -> list[str]:
    """Check CRLF, line length and BEGIN/END balance; return the unfolded lines."""
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    physical = raw[:-2].split(b"\r\n")
    assert all(len(line) <= 75 for line in physical)
    text = raw.decode("utf-8").replace("\r\n ", "")
    lines = text[:-2].split("\r\n")
    stack = []
    for line in lines:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack.pop() == line[4:]
    assert not stack
    return lines


def test_one_file_per_working_agent(tmp_path: Path, demo: Instance, small_roster: Roster):
    written = write_agent_calendars(tmp_path, demo, small_roster)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A0001.ics", "A0002.ics"]
    assert written == [tmp_path / "A0001.ics", tmp_path / "A0002.ics"]


def test_strict_parse_and_event_count(tmp_path: Path, demo: Instance, small_roster: Roster):
    write_agent_calendars(tmp_path, demo, small_roster)
    lines = _strict_lines((tmp_path / "A0001.ics").read_bytes())
    assert lines.count("BEGIN:VEVENT") == 2 + 3  # two shifts, three breaks
    starts = [line.split(":")[1] for line in lines if line.startswith("DTSTART;TZID")]
    ends = [line.split(":")[1] for line in lines if line.startswith("DTEND;TZID")]
    assert all(s < e for s, e in zip(starts, ends, strict=True))
    assert "UID:A0001-20261130-lunch-1200@scheduler" in lines


def test_icalendar_reads_local_times(tmp_path: Path, demo: Instance, small_roster: Roster):
    write_agent_calendars(tmp_path, demo, small_roster)
    calendar = icalendar.Calendar.from_ical((tmp_path / "A0002.ics").read_bytes())
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Shift (service)", "Break", "Overtime (service)"}
    start = events["Shift (service)"].decoded("DTSTART")
    assert start.replace(tzinfo=None) == dt.datetime(2026, 11, 30, 9, 0)
    assert str(start.tzinfo) == "Europe/London"


def test_same_roster_gives_same_bytes(tmp_path: Path, demo: Instance, small_roster: Roster):
    write_agent_calendars(tmp_path / "a", demo, small_roster)
    write_agent_calendars(tmp_path / "b", demo, small_roster)
    assert (tmp_path / "a/A0001.ics").read_bytes() == (tmp_path / "b/A0001.ics").read_bytes()


def test_fold_never_splits_a_character():
    folded = fold("SUMMARY:" + "é" * 80)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 80


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["export", *argv])
    return args.func(args)


def _roster_csv(folder: Path, demo: Instance, roster: Roster) -> Path:
    folder.mkdir()
    path = folder / "roster.csv"
    rows = roster_rows(roster, demo)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_command_writes_next_to_roster(tmp_path: Path, demo: Instance, small_roster: Roster):
    folder = tmp_path / "run"
    _roster_csv(folder, demo, small_roster)
    assert _run(str(DEMO), str(folder)) == 0
    assert (folder / "roster.xlsx").is_file()
    assert sorted(p.name for p in (folder / "calendars").iterdir()) == ["A0001.ics", "A0002.ics"]


def test_command_explicit_outputs(tmp_path: Path, demo: Instance, small_roster: Roster):
    path = _roster_csv(tmp_path / "run", demo, small_roster)
    xlsx, ics = tmp_path / "x.xlsx", tmp_path / "cal"
    assert _run(str(DEMO), str(path), "--xlsx", str(xlsx), "--ics", str(ics)) == 0
    assert xlsx.is_file() and (ics / "A0001.ics").is_file()


def test_bad_roster_exits_two_and_writes_nothing(tmp_path: Path, capsys):
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "roster.csv").write_text(
        "agent,date,activity,start,end,queue\nNOBODY,2026-11-30,shift,"
        "2026-11-30T08:00,2026-11-30T16:00,sales\n"
    )
    assert _run(str(DEMO), str(folder)) == 2
    assert "NOBODY" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["roster.csv"]


def test_missing_instance_exits_two(tmp_path: Path, capsys):
    assert _run(str(tmp_path / "nowhere"), str(tmp_path)) == 2
    assert "scheduler export" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
