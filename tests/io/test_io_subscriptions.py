"""Bad subscriptions and bid rows stop the load, naming subscriptions.csv, the row and the field.

Each test copies the shipped demo (Monday 2026-11-30 is a public holiday open 10:00-16:00,
weekdays 08:00-20:00), breaks one cell, and checks the error points at it; ``plan`` then exits
with status 2 and writes nothing.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.io import InputError, load_instance

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"
Rows = list[dict[str, str]]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    return folder


def edit(path: Path, change: Callable[[Rows], None]) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    change(rows)
    columns += [c for row in rows for c in row if c not in columns]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def error_at(folder: Path, file: str, row: int, field: str) -> str:
    with pytest.raises(InputError) as info:
        load_instance(folder)
    error = info.value
    assert (Path(error.path).name, error.row, error.field) == (file, row, field)
    return str(error)


@pytest.mark.parametrize(
    ("row", "change", "field", "message"),
    [
        (0, {"agent": "Z999"}, "agent", "unknown agent 'Z999'"),
        (1, {"end": "15:00"}, "end", "ends before it starts"),
        (1, {"start": "07:00"}, "start", "before the centre opens (open 08:00-20:00)"),
        (1, {"end": "21:00"}, "end", "after the centre closes (open 08:00-20:00)"),
        (0, {"start": "09:00"}, "start", "(open 10:00-16:00)"),  # the holiday's hours
        (1, {"max_minutes": "300"}, "max_minutes", "do not fit in the 240 min window"),
        (1, {"max_minutes": "0"}, "max_minutes", "must be positive"),
    ],
)
def test_bad_subscription_cell(demo: Path, row: int, change: dict, field: str, message: str):
    edit(demo / "subscriptions.csv", lambda rows: rows[row].update(change))
    assert message in error_at(demo, "subscriptions.csv", row + 2, field)


def test_a_closed_day_takes_no_subscription(demo: Path):
    toml = demo / "instance.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('holidays = "10:00-16:00"', 'holidays = "closed"'), "utf-8")
    assert "closed on this day" in error_at(demo, "subscriptions.csv", 2, "date")


def test_rows_outside_the_horizon_are_still_checked(demo: Path):
    late = {"agent": "A0006", "date": "2027-01-05", "start": "06:00", "end": "09:00"}
    edit(demo / "subscriptions.csv", lambda rows: rows.append({**late, "max_minutes": "60"}))
    error_at(demo, "subscriptions.csv", 11, "start")


def test_a_negative_recent_grant_count_is_refused(demo: Path):
    edit(demo / "requests.csv", lambda rows: rows[2].update(recent_granted="-1"))
    error_at(demo, "requests.csv", 4, "recent_granted")


def test_new_optional_settings_load(demo: Path):
    edit(demo / "requests.csv", lambda rows: rows[0].update(recent_granted="2"))
    toml = demo / "instance.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace(
        "min_days_off_per_week = 1", "min_days_off_per_week = 1\nmax_weekly_overtime_hours = 6.5"
    )
    text = text.replace("request_point = 30", "request_point = 30\nfairness_per_shift = 40")
    toml.write_text(text, encoding="utf-8")
    instance = load_instance(demo)
    assert instance.rules.max_weekly_overtime_minutes == 390
    assert instance.costs.fairness_per_shift == 40
    assert [r.recent_granted for r in instance.requests] == [2, 0, 0]


def test_plan_refuses_a_bad_subscription_and_writes_nothing(demo: Path, tmp_path: Path, capsys):
    edit(demo / "subscriptions.csv", lambda rows: rows[3].update(end="23:00"))
    out = tmp_path / "run"
    assert main(["plan", str(demo), "--out", str(out), "--quiet"]) == 2
    assert "subscriptions.csv, row 5, field 'end'" in capsys.readouterr().err
    assert not out.exists()
