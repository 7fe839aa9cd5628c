"""Day-based shift-cover problems: the Curtois & Qu employee-scheduling benchmark family.

This family is not the contact-centre ``Instance``: time is whole days, each staff member works
at most one shift type a day, cover is counted per day and shift type, and staff limits run
over the whole horizon (total minutes, shifts per type, weekends). It gets its own frozen data
so the scorer and the CP-SAT model can state the benchmark's rules exactly;
``scheduler.shiftcover.importer`` maps what can be mapped into an ``Instance``.

Day 0 is a Monday, so days ``7k + 5`` and ``7k + 6`` are weekend ``k``. Cross-references
(staff -> shift type, request -> staff) are checked here, with messages naming the bad item.
"""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, model_validator

OFF = ""  # a day off in a ``ShiftCoverRoster``


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ShiftType(_Frozen):
    id: str = Field(min_length=1)
    minutes: int = Field(gt=0, description="Paid length, counted towards total minutes.")
    cannot_follow: tuple[str, ...] = Field(
        (), description="Shift types that may not be worked the day after this one."
    )


class Staff(_Frozen):
    """One employee's hard limits over the whole horizon."""

    id: str = Field(min_length=1)
    max_shifts: dict[str, int] = Field(description="Most shifts of each type; 0 = never.")
    max_total_minutes: int = Field(ge=0)
    min_total_minutes: int = Field(ge=0)
    max_consecutive_shifts: int = Field(ge=1)
    min_consecutive_shifts: int = Field(ge=1)
    min_consecutive_days_off: int = Field(ge=1)
    max_weekends: int = Field(ge=0, description="Weekends with a shift on Saturday or Sunday.")

    def may_work(self, shift: str) -> bool:
        return self.max_shifts.get(shift, 0) > 0


class ShiftRequest(_Frozen):
    """A wish to work (on-request) or not to work (off-request) a shift type on a day."""

    staff: str
    day: int = Field(ge=0)
    shift: str
    weight: int = Field(ge=0, description="Cost when the wish is not met.")


class Cover(_Frozen):
    """Staff wanted on a shift type on a day, and the cost per person short or extra."""

    day: int = Field(ge=0)
    shift: str
    requirement: int = Field(ge=0)
    under_weight: int = Field(ge=0)
    over_weight: int = Field(ge=0)


class ShiftCoverProblem(_Frozen):
    name: str
    days: int = Field(ge=1, description="Horizon length; day 0 is a Monday.")
    shift_types: tuple[ShiftType, ...] = Field(min_length=1)
    staff: tuple[Staff, ...] = Field(min_length=1)
    days_off: dict[str, tuple[int, ...]] = Field(
        default_factory=dict, description="Days each staff member cannot work (hard)."
    )
    on_requests: tuple[ShiftRequest, ...] = ()
    off_requests: tuple[ShiftRequest, ...] = ()
    cover: tuple[Cover, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> ShiftCoverProblem:
        shift_ids = [s.id for s in self.shift_types]
        staff_ids = [s.id for s in self.staff]
        _unique("shift type", shift_ids)
        _unique("staff", staff_ids)
        known_shifts, known_staff = set(shift_ids), set(staff_ids)
        for shift in self.shift_types:
            for other in shift.cannot_follow:
                if other not in known_shifts:
                    raise ValueError(f"shift {shift.id}: cannot-follow names unknown {other!r}")
        for member in self.staff:
            for shift in member.max_shifts:
                if shift not in known_shifts:
                    raise ValueError(f"staff {member.id}: max shifts names unknown {shift!r}")
        for staff_id, days in self.days_off.items():
            if staff_id not in known_staff:
                raise ValueError(f"days off name unknown staff {staff_id!r}")
            self._check_days(f"days off of {staff_id}", days)
        for kind, requests in (("on", self.on_requests), ("off", self.off_requests)):
            for request in requests:
                where = f"shift {kind}-request of {request.staff} on day {request.day}"
                if request.staff not in known_staff:
                    raise ValueError(f"{where}: unknown staff")
                if request.shift not in known_shifts:
                    raise ValueError(f"{where}: unknown shift {request.shift!r}")
                self._check_days(where, (request.day,))
        seen: set[tuple[int, str]] = set()
        for cover in self.cover:
            if cover.shift not in known_shifts:
                raise ValueError(f"cover of day {cover.day}: unknown shift {cover.shift!r}")
            self._check_days(f"cover of shift {cover.shift}", (cover.day,))
            if (cover.day, cover.shift) in seen:
                raise ValueError(f"cover of day {cover.day}, shift {cover.shift} given twice")
            seen.add((cover.day, cover.shift))
        return self

    def _check_days(self, where: str, days: tuple[int, ...]) -> None:
        for day in days:
            if not 0 <= day < self.days:
                raise ValueError(f"{where}: day {day} is outside the horizon 0..{self.days - 1}")

    # -- look-ups shared by the scorer, the solver and the importer --------------------------

    @cached_property
    def shift_by_id(self) -> dict[str, ShiftType]:
        return {s.id: s for s in self.shift_types}

    @cached_property
    def staff_by_id(self) -> dict[str, Staff]:
        return {s.id: s for s in self.staff}

    @cached_property
    def weekends(self) -> tuple[tuple[int, ...], ...]:
        """Day indexes of each weekend (Saturday, Sunday) that starts inside the horizon."""
        return tuple(
            tuple(d for d in (saturday, saturday + 1) if d < self.days)
            for saturday in range(5, self.days, 7)
        )

    def is_day_off(self, staff: str, day: int) -> bool:
        return day in self._days_off_sets.get(staff, frozenset())

    @cached_property
    def _days_off_sets(self) -> dict[str, frozenset[int]]:
        return {staff: frozenset(days) for staff, days in self.days_off.items()}


class ShiftCoverRoster(_Frozen):
    """The shift type each staff member works on each day (``OFF`` = no shift)."""

    name: str = ""
    shifts: dict[str, tuple[str, ...]] = Field(description="Staff id -> one entry per day.")

    def shift_of(self, staff: str, day: int) -> str:
        return self.shifts[staff][day]


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{what} id {item!r} is given twice")
        seen.add(item)
