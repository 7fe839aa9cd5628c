"""Bad input must stop the load with an ``InputError`` naming the file, the row and the field.

Each test copies the shipped demo, breaks one thing in one file, and checks the error points a
planner at exactly that cell (rows as a spreadsheet shows them: the header is row 1).
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from scheduler.io import InputError, load_instance

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"
Rows = list[dict[str, str]]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    return folder


def edit_csv(path: Path, change: Callable[[Rows], None], drop: str | None = None) -> None:
    """Rewrite a CSV file after ``change`` edits its rows; ``drop`` removes a whole column."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = [c for c in reader.fieldnames or [] if c != drop]
        rows = list(reader)
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_toml(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the demo no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(folder: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_instance(folder)
    return info.value


def assert_points_at(error: InputError, file: str, row: int | None, field: str) -> None:
    assert Path(error.path).name == file
    assert (error.row, error.field) == (row, field)
    text = str(error)
    assert file in text and f"field '{field}'" in text
    assert (f"row {row}" in text) if row is not None else ", row" not in text


def test_missing_column_points_at_the_header(demo: Path) -> None:
    edit_csv(demo / "agents.csv", lambda rows: None, drop="queues")
    error = load_error(demo)
    assert_points_at(error, "agents.csv", 1, "queues")
    assert "missing column" in str(error)


def test_unknown_agent_in_requests(demo: Path) -> None:
    edit_csv(demo / "requests.csv", lambda rows: rows[1].update(agent="Z999"))
    error = load_error(demo)
    assert_points_at(error, "requests.csv", 3, "agent")
    assert "unknown agent 'Z999'" in str(error)


def test_unknown_agent_in_availability(demo: Path) -> None:
    edit_csv(demo / "availability.csv", lambda rows: rows[0].update(agent="Z999"))
    error = load_error(demo)
    assert_points_at(error, "availability.csv", 2, "agent")
    assert "unknown agent 'Z999'" in str(error)


def test_unknown_queue_in_agents(demo: Path) -> None:
    edit_csv(demo / "agents.csv", lambda rows: rows[4].update(queues="sales|claims"))
    error = load_error(demo)
    assert_points_at(error, "agents.csv", 6, "queues")
    assert "unknown queue 'claims'" in str(error)


def test_unknown_queue_in_requirements(demo: Path) -> None:
    edit_csv(demo / "requirements.csv", lambda rows: rows[10].update(queue="claims"))
    error = load_error(demo)
    assert_points_at(error, "requirements.csv", 12, "queue")
    assert "unknown queue 'claims'" in str(error)


def test_template_shift_longer_than_the_day(demo: Path) -> None:
    edit_toml(demo / "instance.toml", "lengths_hours = [8, 9]", "lengths_hours = [8, 25]")
    error = load_error(demo)
    assert_points_at(error, "instance.toml", None, "shift_templates[0]")
    assert "1500 min shift" in str(error) and "after midnight" in str(error)


def test_break_window_outside_its_shift(demo: Path) -> None:
    edit_toml(demo / "instance.toml", "earliest_minutes = 90", "earliest_minutes = 300")
    error = load_error(demo)
    assert_points_at(error, "instance.toml", None, "break_rules[0].breaks[0]")
    assert "break window lies outside a 4 h shift" in str(error)


def test_unparsable_time(demo: Path) -> None:
    edit_csv(demo / "agents.csv", lambda rows: rows[2].update(earliest_start="9am"))
    error = load_error(demo)
    assert_points_at(error, "agents.csv", 4, "earliest_start")
    assert "'9am' is not a time of day (HH:MM)" in str(error)


# -- loader edge cases found in review ------------------------------------------------------


def test_wrong_type_in_toml_is_an_input_error(demo: Path) -> None:
    edit_toml(demo / "instance.toml", "lengths_hours = [8, 9]", 'lengths_hours = ["8", 9]')
    assert load_error(demo).field.startswith("shift_templates[0]")


def test_duplicate_queue_id_is_rejected(demo: Path) -> None:
    edit_csv(demo / "queues.csv", lambda rows: rows.append(dict(rows[0])))
    assert_points_at(load_error(demo), "queues.csv", 4, "id")


def test_row_numbers_count_blank_lines(demo: Path) -> None:
    path = demo / "agents.csv"
    edit_csv(path, lambda rows: rows[1].update(earliest_start="9am"))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:2], "\n", *lines[2:]]), encoding="utf-8")
    assert load_error(demo).row == 4  # header, A0001, blank line, then the broken A0002


def test_non_utf8_csv_is_an_input_error(demo: Path) -> None:
    path = demo / "agents.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Ada", "Zoé").encode("cp1252"))
    assert Path(load_error(demo).path).name == "agents.csv"


def test_requirement_at_midnight_is_rejected(demo: Path) -> None:
    with (demo / "requirements.csv").open("a", encoding="utf-8") as handle:
        handle.write("2026-11-30,24:00,sales,5\n")
    assert load_error(demo).field == "start"
