"""Reading Curtois & Qu files: the shipped instances, a large one, and errors naming the
file, line and field."""

from __future__ import annotations

import pytest
from shiftcover_kit import CURTOIS, TINY, tiny

from scheduler.io.errors import InputError
from scheduler.shiftcover import parse_problem, read_problem


def test_tiny_instance_fields() -> None:
    problem = tiny()
    assert problem.days == 7
    assert problem.shift_by_id["L"].cannot_follow == ("E",)
    assert problem.staff_by_id["B"].max_shifts == {"E": 7, "L": 0}
    assert problem.staff_by_id["A"].min_consecutive_shifts == 2
    assert problem.days_off == {"B": (2,)}
    assert problem.on_requests[0].weight == 3 and problem.off_requests[0].shift == "E"
    assert problem.weekends == ((5, 6),)


@pytest.mark.skipif(not CURTOIS.exists(), reason="../shared/benchmarks not present")
@pytest.mark.parametrize("number", range(1, 13))
def test_shipped_instances_read(number: int) -> None:
    problem = read_problem(CURTOIS / f"Instance{number}.txt")
    assert problem.name == f"Instance{number}"
    assert problem.days % 7 == 0
    assert len(problem.cover) == problem.days * len(problem.shift_types)


def _large_text(staff: int = 120, types: int = 18, days: int = 364) -> str:
    shifts = [f"S{i}" for i in range(types)]
    lines = ["SECTION_HORIZON", str(days), "SECTION_SHIFTS"]
    lines += [
        f"{s},{420 + 15 * (i % 8)},{shifts[i - 1] if i else ''}" for i, s in enumerate(shifts)
    ]
    limits = "|".join(f"{s}={days}" for s in shifts)
    lines.append("SECTION_STAFF")
    lines += [f"P{i},{limits},120000,90000,5,2,2,26" for i in range(staff)]
    lines.append("SECTION_DAYS_OFF")
    lines += [f"P{i},{i % days},{(i * 7) % days}" for i in range(staff)]
    lines.append("SECTION_SHIFT_ON_REQUESTS")
    lines += [f"P{i},{(3 * i) % days},{shifts[i % types]},2" for i in range(staff)]
    lines.append("SECTION_SHIFT_OFF_REQUESTS")
    lines += [f"P{i},{(5 * i) % days},{shifts[i % types]},3" for i in range(staff)]
    lines.append("SECTION_COVER")
    lines += [f"{d},{s},{(d + i) % 4},100,1" for d in range(days) for i, s in enumerate(shifts)]
    return "\r\n".join(lines) + "\r\n"


def test_large_family_member_reads() -> None:
    """The family's largest shape (120 staff, 18 types, a year) reads, CRLF and all."""
    problem = parse_problem(_large_text(), "Instance24.txt")
    assert (len(problem.staff), len(problem.shift_types), problem.days) == (120, 18, 364)
    assert len(problem.cover) == 364 * 18
    assert len(problem.weekends) == 52


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("A,0,L,3", "A,0,X,3", "ShiftID"),  # on-request names an unknown shift
        ("A,0,L,3", "Z,0,L,3", "EmployeeID"),
        ("B,4,E,2", "B,9,E,2", "Day"),  # outside the 7-day horizon
        ("6,E,1,10,1", "6,E,one,10,1", "Requirement"),
        ("L,480,E", "L,480,Q", "cannot_follow"),
        ("B,E=7|L=0,2400,960,3,1,1,1", "B,E=7|X=0,2400,960,3,1,1,1", "MaxShifts"),
        ("A,E=7|L=7,2400,960,3,2,2,1", "A,E=7|L=7,2400,960,0,2,2,1", "MaxConsecutiveShifts"),
        ("4,E,2,10,1", "3,L,2,10,1", "ShiftID"),  # the same (day, shift) twice
        ("0,E,1,10,1", "0,E,1,10", "cover"),
    ],
)
def test_errors_name_file_line_and_field(old: str, new: str, field: str) -> None:
    assert old in TINY
    text = TINY.replace(old, new)
    line = text.splitlines().index(new) + 1
    with pytest.raises(InputError) as caught:
        parse_problem(text, "bad.txt")
    assert (caught.value.path, caught.value.row, caught.value.field) == ("bad.txt", line, field)
    assert f"bad.txt, row {line}, field '{field}'" in str(caught.value)


def test_missing_sections_and_unreadable_file(tmp_path) -> None:
    with pytest.raises(InputError, match="SECTION_HORIZON"):
        parse_problem(TINY.replace("SECTION_HORIZON\n7\n", ""), "bad.txt")
    with pytest.raises(InputError, match="unknown section"):
        parse_problem(TINY.replace("SECTION_COVER", "SECTION_DEMAND"), "bad.txt")
    with pytest.raises(InputError, match="cannot read"):
        read_problem(tmp_path / "missing.txt")
