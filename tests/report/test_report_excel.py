"""The workbook reads back with openpyxl: sheets, shift texts, timeline and paid hours."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.report import write_roster_xlsx


def _write(tmp_path: Path, demo: Instance, roster: Roster):
    path = tmp_path / "out" / "roster.xlsx"
    write_roster_xlsx(path, demo, roster)
    assert [p.name for p in path.parent.iterdir()] == ["roster.xlsx"]  # no temp file left
    return load_workbook(path)


def test_one_sheet_per_date_and_agents(tmp_path: Path, demo: Instance, small_roster: Roster):
    wb = _write(tmp_path, demo, small_roster)
    dates = [demo.horizon.date_of(d).isoformat() for d in range(demo.horizon.days)]
    assert wb.sheetnames == ["Agents", *dates]


def test_day_sheet_rows_sorted_by_start(tmp_path: Path, demo: Instance, small_roster: Roster):
    sheet = _write(tmp_path, demo, small_roster)["2026-11-30"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("Agent", "Name", "Queue", "Start", "End", "Breaks", "Paid hours")
    assert [r[0] for r in rows[1:]] == ["A0001", "A0002"]
    assert rows[1][3:6] == ("08:00", "16:30", "10:15-10:30, 12:00-12:30 (lunch)")
    assert rows[1][6] == demo.paid_minutes(510) / 60
    assert rows[2][4] == "18:00"  # overtime extends the day
    assert sheet.freeze_panes == "D2"
    assert sheet["A1"].font.b


def test_timeline_marks_phone_break_lunch(tmp_path: Path, demo: Instance, small_roster: Roster):
    sheet = _write(tmp_path, demo, small_roster)["2026-11-30"]
    header = [c.value for c in sheet[1]]
    row = {title: cell for title, cell in zip(header, sheet[2], strict=True)}
    assert header[7] == "08"  # Monday opens at 08:00
    assert (row["09"].value, row["10"].value, row["12"].value) == ("P", "B", "L")
    assert row["17"].value is None and row["17"].fill.fill_type is None
    assert row["12"].fill.fgColor.rgb != row["09"].fill.fgColor.rgb


def test_agents_sheet_texts_leave_and_totals(tmp_path: Path, demo: Instance, small_roster: Roster):
    sheet = _write(tmp_path, demo, small_roster)["Agents"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == len(demo.agents)
    assert rows["A0001"][2:5] == ("08:00-16:30 sales", "10:00-18:00 sales", "off")
    assert rows["A0002"][2] == "09:00-17:00 service + OT 17:00-18:00"
    assert rows["A0019"][2] == "leave"
    expected = (demo.paid_minutes(510) + demo.paid_minutes(480)) / 60
    assert rows["A0001"][-1] == round(expected, 2)
    assert rows["A0002"][-1] == round((demo.paid_minutes(480) + 60) / 60, 2)
    assert sheet.freeze_panes == "C2"
