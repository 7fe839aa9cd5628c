"""Read a Curtois & Qu instance file (``InstanceN.txt``) into a ``ShiftCoverProblem``.

The format is sections of comma-separated lines (``SECTION_HORIZON``, ``SECTION_SHIFTS``,
``SECTION_STAFF``, ``SECTION_DAYS_OFF``, ``SECTION_SHIFT_ON_REQUESTS``,
``SECTION_SHIFT_OFF_REQUESTS``, ``SECTION_COVER``); ``#`` starts a comment and line ends may be
CRLF. Every error is an ``InputError`` naming the file, the line and the field, and is raised
before anything is returned, so a bad file never yields a half-read problem. References
(a request naming an unknown shift, a day past the horizon) are checked with the line they
came from, which the model's own validation could not report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from scheduler.io.errors import InputError
from scheduler.shiftcover.model import (
    Cover,
    ShiftCoverProblem,
    ShiftRequest,
    ShiftType,
    Staff,
)

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
STAFF_FIELDS = (
    "ID",
    "MaxShifts",
    "MaxTotalMinutes",
    "MinTotalMinutes",
    "MaxConsecutiveShifts",
    "MinConsecutiveShifts",
    "MinConsecutiveDaysOff",
    "MaxWeekends",
)


@dataclass(frozen=True)
class _Line:
    number: int
    fields: list[str]


def read_problem(path: Path | str) -> ShiftCoverProblem:
    """Parse one instance file; the problem is named after the file's stem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the file: {exc}") from exc
    return parse_problem(text, path)


def parse_problem(text: str, path: Path | str = "<text>") -> ShiftCoverProblem:
    sections = _split_sections(text, path)
    parser = _Parser(Path(path))
    days = parser.horizon(sections["SECTION_HORIZON"])
    shifts = parser.shifts(sections["SECTION_SHIFTS"])
    shift_ids = {s.id for s in shifts}
    staff = parser.staff(sections["SECTION_STAFF"], shift_ids)
    staff_ids = {s.id for s in staff}
    refs = _Refs(days, shift_ids, staff_ids)
    try:
        return ShiftCoverProblem(
            name=Path(path).stem,
            days=days,
            shift_types=tuple(shifts),
            staff=tuple(staff),
            days_off=parser.days_off(sections["SECTION_DAYS_OFF"], refs),
            on_requests=parser.requests(sections["SECTION_SHIFT_ON_REQUESTS"], refs),
            off_requests=parser.requests(sections["SECTION_SHIFT_OFF_REQUESTS"], refs),
            cover=parser.cover(sections["SECTION_COVER"], refs),
        )
    except ValidationError as exc:
        raise InputError(path, _first_error(exc)) from exc


def _split_sections(text: str, path: Path | str) -> dict[str, list[_Line]]:
    sections: dict[str, list[_Line]] = {name: [] for name in SECTIONS}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("SECTION_"):
            if line not in sections:
                raise InputError(path, f"unknown section {line!r}", row=number, field="section")
            current = line
            continue
        if current is None:
            raise InputError(path, "data before the first SECTION_ line", row=number)
        sections[current].append(_Line(number, [f.strip() for f in line.split(",")]))
    if not sections["SECTION_HORIZON"]:
        raise InputError(path, "no SECTION_HORIZON with the number of days", field="horizon")
    for required in ("SECTION_SHIFTS", "SECTION_STAFF"):
        if not sections[required]:
            raise InputError(path, f"{required} is missing or empty", field=required)
    return sections


@dataclass(frozen=True)
class _Refs:
    days: int
    shifts: set[str]
    staff: set[str]


class _Parser:
    """Section readers; each names the file, line and field of the first bad value."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, line: _Line, field: str, message: str) -> InputError:
        return InputError(self.path, message, row=line.number, field=field)

    def integer(self, line: _Line, index: int, field: str, minimum: int = 0) -> int:
        if index >= len(line.fields) or not line.fields[index]:
            raise self.fail(line, field, f"{field} is missing")
        value = line.fields[index]
        try:
            number = int(value)
        except ValueError:
            raise self.fail(line, field, f"{value!r} is not a whole number") from None
        if number < minimum:
            raise self.fail(line, field, f"{number} is below the minimum {minimum}")
        return number

    def columns(self, line: _Line, count: int, section: str) -> None:
        if len(line.fields) != count:
            raise self.fail(
                line, section, f"expected {count} comma-separated fields, got {len(line.fields)}"
            )

    def horizon(self, lines: list[_Line]) -> int:
        if len(lines) != 1 or len(lines[0].fields) != 1:
            raise self.fail(lines[0], "horizon", "SECTION_HORIZON holds one number of days")
        return self.integer(lines[0], 0, "horizon", minimum=1)

    def shifts(self, lines: list[_Line]) -> list[ShiftType]:
        ids = [line.fields[0] for line in lines]
        out = []
        for line in lines:
            self.columns(line, 3, "shift")
            follow = tuple(f.strip() for f in line.fields[2].split("|") if f.strip())
            for other in follow:
                if other not in ids:
                    raise self.fail(line, "cannot_follow", f"unknown shift {other!r}")
            if not line.fields[0]:
                raise self.fail(line, "ShiftID", "ShiftID is empty")
            if ids.count(line.fields[0]) > 1:
                raise self.fail(line, "ShiftID", f"shift {line.fields[0]!r} is given twice")
            minutes = self.integer(line, 1, "length", minimum=1)
            out.append(ShiftType(id=line.fields[0], minutes=minutes, cannot_follow=follow))
        return out

    def staff(self, lines: list[_Line], shift_ids: set[str]) -> list[Staff]:
        out, seen = [], set()
        for line in lines:
            self.columns(line, len(STAFF_FIELDS), "staff")
            staff_id = line.fields[0]
            if not staff_id or staff_id in seen:
                raise self.fail(line, "ID", f"staff id {staff_id!r} is empty or given twice")
            seen.add(staff_id)
            ints = [self.integer(line, i, STAFF_FIELDS[i]) for i in range(2, 8)]
            for i in (4, 5, 6):
                if ints[i - 2] < 1:
                    raise self.fail(line, STAFF_FIELDS[i], f"{STAFF_FIELDS[i]} must be at least 1")
            out.append(
                Staff(
                    id=staff_id,
                    max_shifts=self.max_shifts(line, shift_ids),
                    max_total_minutes=ints[0],
                    min_total_minutes=ints[1],
                    max_consecutive_shifts=ints[2],
                    min_consecutive_shifts=ints[3],
                    min_consecutive_days_off=ints[4],
                    max_weekends=ints[5],
                )
            )
        return out

    def max_shifts(self, line: _Line, shift_ids: set[str]) -> dict[str, int]:
        limits: dict[str, int] = {}
        for item in filter(None, (f.strip() for f in line.fields[1].split("|"))):
            shift, sep, value = item.partition("=")
            if not sep or shift not in shift_ids:
                raise self.fail(line, "MaxShifts", f"{item!r} is not SHIFT=count of a known shift")
            try:
                limits[shift] = int(value)
            except ValueError:
                raise self.fail(line, "MaxShifts", f"{item!r}: count is not a number") from None
            if limits[shift] < 0:
                raise self.fail(line, "MaxShifts", f"{item!r}: count is negative")
        return limits

    def day(self, line: _Line, index: int, field: str, refs: _Refs) -> int:
        day = self.integer(line, index, field)
        if day >= refs.days:
            raise self.fail(line, field, f"day {day} is outside the horizon 0..{refs.days - 1}")
        return day

    def known(self, line: _Line, index: int, field: str, pool: set[str], what: str) -> str:
        value = line.fields[index] if index < len(line.fields) else ""
        if value not in pool:
            raise self.fail(line, field, f"unknown {what} {value!r}")
        return value

    def days_off(self, lines: list[_Line], refs: _Refs) -> dict[str, tuple[int, ...]]:
        out: dict[str, tuple[int, ...]] = {}
        for line in lines:
            staff = self.known(line, 0, "EmployeeID", refs.staff, "staff")
            days = [self.day(line, i, "DayIndexes", refs) for i in range(1, len(line.fields))]
            out[staff] = tuple(sorted(set(out.get(staff, ()) + tuple(days))))
        return out

    def requests(self, lines: list[_Line], refs: _Refs) -> tuple[ShiftRequest, ...]:
        out = []
        for line in lines:
            self.columns(line, 4, "request")
            out.append(
                ShiftRequest(
                    staff=self.known(line, 0, "EmployeeID", refs.staff, "staff"),
                    day=self.day(line, 1, "Day", refs),
                    shift=self.known(line, 2, "ShiftID", refs.shifts, "shift"),
                    weight=self.integer(line, 3, "Weight"),
                )
            )
        return tuple(out)

    def cover(self, lines: list[_Line], refs: _Refs) -> tuple[Cover, ...]:
        out, seen = [], set()
        for line in lines:
            self.columns(line, 5, "cover")
            day = self.day(line, 0, "Day", refs)
            shift = self.known(line, 1, "ShiftID", refs.shifts, "shift")
            if (day, shift) in seen:
                raise self.fail(line, "ShiftID", f"cover of day {day}, shift {shift} given twice")
            seen.add((day, shift))
            out.append(
                Cover(
                    day=day,
                    shift=shift,
                    requirement=self.integer(line, 2, "Requirement"),
                    under_weight=self.integer(line, 3, "Weight for under"),
                    over_weight=self.integer(line, 4, "Weight for over"),
                )
            )
        return tuple(out)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error.get("loc", ()))
    return f"{where}: {error['msg']}" if where else str(error["msg"])
