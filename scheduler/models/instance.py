"""The planning instance: one week (or more) of demand, people and rules.

All models are frozen so a loaded instance can be shared by the optimiser, the validator and
the reports without anyone changing it under the others' feet. Times are integer minutes:
``*_minute`` fields count from midnight of their day, ``day`` fields count days from the
horizon's first date. Cross-references (agent -> queue, request -> agent) are checked here, so
every later layer can trust them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scheduler.models.clock import DAY_MINUTES, parse_hhmm
from scheduler.models.labour_law import BreakEntitlement, WorkedWeek


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Role(StrEnum):
    AGENT = "agent"
    SUPPORT = "support"  # QA, trainers, team leads: put on the phones only in a surge


class AbsenceReason(StrEnum):
    LEAVE = "leave"  # approved leave: credits contract hours
    UNAVAILABLE = "unavailable"
    SICK = "sick"
    TRAINING = "training"


class BreakKind(StrEnum):
    BREAK = "break"
    LUNCH = "lunch"


class Horizon(Frozen):
    start: dt.date = Field(description="First planned date (local).")
    days: int = Field(7, ge=1, le=366, description="Number of planned days.")
    interval_minutes: int = Field(15, description="Length of a demand interval (15, 30 or 60).")
    time_step_minutes: int = Field(
        15, description="Grid for shift starts, lengths and breaks; divides the interval."
    )
    timezone: str = Field("UTC", description="IANA zone of all local times (DST is not modelled).")

    @model_validator(mode="after")
    def _grid(self) -> Horizon:
        if self.interval_minutes not in (15, 30, 60):
            raise ValueError("interval_minutes must be 15, 30 or 60")
        if self.time_step_minutes <= 0 or self.interval_minutes % self.time_step_minutes:
            raise ValueError("time_step_minutes must divide interval_minutes")
        return self

    @property
    def intervals_per_day(self) -> int:
        return DAY_MINUTES // self.interval_minutes

    @property
    def steps_per_day(self) -> int:
        return DAY_MINUTES // self.time_step_minutes

    @property
    def weeks(self) -> int:
        """Number of 7-day blocks, the last one possibly partial."""
        return -(-self.days // 7)

    def date_of(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    def day_of(self, date: dt.date) -> int | None:
        """Day index of ``date``, or None when it falls outside the horizon."""
        day = (date - self.start).days
        return day if 0 <= day < self.days else None

    def week_days(self, week: int) -> range:
        return range(7 * week, min(7 * week + 7, self.days))


class Queue(Frozen):
    id: str
    name: str = ""
    service_level: float = Field(0.8, gt=0, le=1, description="Target fraction answered in time.")
    service_seconds: float = Field(20, ge=0, description="Answer-time threshold of the target.")
    asa_seconds: float | None = Field(None, gt=0, description="Optional average-speed target.")
    max_occupancy: float = Field(0.9, gt=0, le=1)
    patience_seconds: float | None = Field(None, gt=0, description="Mean caller patience.")
    shrinkage: float = Field(0.0, ge=0, lt=1, description="Share of paid time off the phones.")


class Agent(Frozen):
    id: str
    name: str = ""
    queues: tuple[str, ...] = Field(min_length=1, description="Queues served, primary first.")
    site: str = ""
    role: Role = Role.AGENT
    reserve_tier: int = Field(0, description="Call-out minutes (0 = not a reserve; 30/60/120).")
    min_weekly_minutes: int = Field(0, ge=0)
    max_weekly_minutes: int = Field(40 * 60, ge=0)
    max_days_per_week: int = Field(5, ge=0, le=7)
    earliest_start_minute: int = Field(0, ge=0, le=DAY_MINUTES)
    latest_end_minute: int = Field(DAY_MINUTES, ge=0, le=DAY_MINUTES)
    templates: tuple[str, ...] = Field((), description="Allowed shift templates; empty = all.")
    seniority: int = 0
    prior_consecutive_days: int = Field(0, ge=0, description="Days worked in a row before day 0.")
    prior_shift_end_minute: int | None = Field(
        None, le=0, description="End of the last shift before the horizon, minutes from day 0."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Agent:
        if self.reserve_tier not in (0, 30, 60, 120):
            raise ValueError("reserve_tier must be 0, 30, 60 or 120")
        if self.min_weekly_minutes > self.max_weekly_minutes:
            raise ValueError("min weekly hours exceed max weekly hours")
        if self.earliest_start_minute >= self.latest_end_minute:
            raise ValueError("earliest_start must be before latest_end")
        return self


class ShiftTemplate(Frozen):
    """A family of shifts: starts on a staggered grid ("layered"), several lengths."""

    name: str
    start_earliest_minute: int = Field(ge=0, lt=DAY_MINUTES)
    start_latest_minute: int = Field(ge=0, lt=DAY_MINUTES)
    start_step_minutes: int = Field(30, gt=0)
    lengths_minutes: tuple[int, ...] = Field(min_length=1, description="Start-to-end spans.")
    weekdays: tuple[int, ...] = Field((0, 1, 2, 3, 4, 5, 6), description="0 = Monday.")

    @model_validator(mode="after")
    def _fits_day(self) -> ShiftTemplate:
        if self.start_latest_minute < self.start_earliest_minute:
            raise ValueError("start_latest is before start_earliest")
        for length in self.lengths_minutes:
            if length <= 0:
                raise ValueError(f"shift length {length} min is not positive")
            if self.start_earliest_minute + length > DAY_MINUTES:
                raise ValueError(
                    f"a {length} min shift starting at the earliest start ends after midnight"
                )
        return self

    def starts(self) -> range:
        return range(
            self.start_earliest_minute, self.start_latest_minute + 1, self.start_step_minutes
        )

    def shift_options(self) -> list[tuple[int, int]]:
        """All (start, length) pairs of this template that end by midnight."""
        return [
            (start, length)
            for start in self.starts()
            for length in self.lengths_minutes
            if start + length <= DAY_MINUTES
        ]


class BreakSpec(Frozen):
    """One break of a shift, with the window its start must fall in."""

    kind: BreakKind = BreakKind.BREAK
    minutes: int = Field(gt=0)
    earliest_minutes: int = Field(ge=0, description="Earliest start, minutes after shift start.")
    latest_minutes: int | None = Field(
        None, ge=0, description="Latest start, minutes after shift start (None = no limit)."
    )
    min_minutes_before_end: int = Field(0, ge=0, description="Must end this long before the end.")
    paid: bool = True

    def window(self, shift_length: int) -> tuple[int, int]:
        """Earliest and latest start offsets of this break in a shift of the given length."""
        latest = shift_length - self.min_minutes_before_end - self.minutes
        if self.latest_minutes is not None:
            latest = min(latest, self.latest_minutes)
        return self.earliest_minutes, latest


class BreakRule(Frozen):
    """Breaks owed by shifts whose length lies in [min, max] minutes, in the listed order."""

    min_shift_minutes: int = Field(ge=0)
    max_shift_minutes: int = Field(gt=0)
    min_gap_minutes: int = Field(0, ge=0, description="Minimum work between two breaks.")
    breaks: tuple[BreakSpec, ...] = ()

    def applies_to(self, shift_length: int) -> bool:
        return self.min_shift_minutes <= shift_length <= self.max_shift_minutes

    def unpaid_minutes(self) -> int:
        return sum(b.minutes for b in self.breaks if not b.paid)


class LabourRules(Frozen):
    min_rest_minutes: int = Field(11 * 60, ge=0, description="Between the end and next start.")
    max_weekly_minutes: int = Field(48 * 60, ge=0, description="Cap over every contract.")
    max_consecutive_days: int = Field(6, ge=1)
    min_days_off_per_week: int = Field(1, ge=0, le=7)
    late_shift_end_minute: int | None = Field(None, description="A shift ending after is late.")
    max_late_shifts_per_week: int | None = Field(None, ge=0)
    max_weekly_overtime_minutes: int | None = Field(
        None, ge=0, description="Cap on overtime per agent and week (None: only the legal cap)."
    )
    # Labour-law rules (see scheduler.presets); the defaults switch each one off.
    min_weekly_rest_minutes: int = Field(
        0, ge=0, description="Uninterrupted rest owed in every 7-day block (0: no rule)."
    )
    average_weekly_minutes: int | None = Field(
        None, ge=0, description="Cap on the average week over averaging_weeks (None: no rule)."
    )
    averaging_weeks: int = Field(1, ge=1, description="Reference period of the average, weeks.")
    max_daily_work_minutes: int | None = Field(
        None, ge=0, description="Most paid minutes of work (shift and overtime) in one day."
    )
    max_work_without_break_minutes: int | None = Field(
        None, gt=0, description="Longest stretch of a shift without a qualifying break."
    )
    min_break_block_minutes: int = Field(
        1, ge=1, description="Shortest break that interrupts a stretch of work."
    )
    break_entitlements: tuple[BreakEntitlement, ...] = Field(
        (), description="Breaks owed by work length, checked on top of the break rules."
    )


class CostWeights(Frozen):
    """Objective weights; integers so the CP-SAT objective is exact."""

    under_per_minute: int = Field(10, ge=0, description="Per agent-minute below requirement.")
    over_per_minute: int = Field(1, ge=0, description="Per agent-minute above requirement.")
    overtime_per_minute: int = Field(3, ge=0)
    request_point: int = Field(30, ge=0, description="Per bid point of a denied request.")
    fairness_per_shift: int = Field(
        0, ge=0, description="Per unpopular shift an agent works above the fair share (0: off)."
    )


class PointsPolicy(Frozen):
    """Points a published roster earns its agents for unpopular work (``[points]``).

    Whole points so the ledger never rounds a balance; the kinds add up (a late shift on a
    holiday Saturday earns all three).
    """

    holiday_shift_points: int = Field(10, ge=0, description="Per public holiday worked.")
    late_shift_points: int = Field(3, ge=0, description="Per shift ending after late_shift_end.")
    late_shift_end_minute: int | None = Field(
        None, ge=0, le=DAY_MINUTES, description="None: the rules' late_shift_end (none: no late)."
    )
    weekend_day_points: int = Field(2, ge=0, description="Per Saturday or Sunday worked.")
    overtime_hour_points: int = Field(
        1, ge=0, description="Per hour of overtime in a day, rounded down to whole points."
    )


class Absence(Frozen):
    agent: str
    day: int = Field(ge=0)
    start_minute: int = Field(0, ge=0, le=DAY_MINUTES)
    end_minute: int = Field(DAY_MINUTES, ge=0, le=DAY_MINUTES)
    reason: AbsenceReason = AbsenceReason.UNAVAILABLE

    @property
    def whole_day(self) -> bool:
        return self.start_minute == 0 and self.end_minute == DAY_MINUTES


class PublicHoliday(Frozen):
    date: dt.date
    name: str = ""


class DayOffRequest(Frozen):
    agent: str
    day: int = Field(ge=0)
    points: int = Field(0, ge=0, description="Bid; the cost of denying it is points x weight.")
    granted: bool = Field(False, description="Pre-approved by the planner: a hard day off.")
    recent_granted: int = Field(
        0, ge=0, description="Requests of this agent granted recently: breaks ties of equal bids."
    )
    row: int | None = Field(
        None, description="Its row in requests.csv, so a bid the ledger refuses names it."
    )


class OvertimeOffer(Frozen):
    """A peak subscription: the agent offers extra work in a window on a day."""

    agent: str
    day: int = Field(ge=0)
    start_minute: int = Field(ge=0, le=DAY_MINUTES)
    end_minute: int = Field(ge=0, le=DAY_MINUTES)
    max_minutes: int = Field(gt=0)


class Demand(Frozen):
    """Agents required on the phones per interval and queue.

    ``required[q]`` has one integer per interval of the horizon (day-major);
    ``under_weight[q]``, when present, overrides the cost weight of each interval's shortfall
    (``-1`` keeps the instance's default weight for that interval).
    ``calls`` / ``aht_seconds`` keep the forecast the requirement came from, when known.
    """

    required: dict[str, tuple[int, ...]]
    under_weight: dict[str, tuple[int, ...]] = Field(default_factory=dict)
    calls: dict[str, tuple[float, ...]] = Field(default_factory=dict)
    aht_seconds: dict[str, tuple[float, ...]] = Field(default_factory=dict)


SOFT_RULES = {
    "weekly_min_hours": "per minute short of the contract minimum",
    "max_consecutive_days": "per working day past the limit in a run (days before day 0 count)",
}


class Instance(Frozen):
    name: str
    description: str = ""
    horizon: Horizon
    opening_hours: tuple[tuple[int, int] | None, ...] = Field(
        description="Per weekday (0 = Monday): (open, close) minutes, or None when closed."
    )
    holiday_hours: str = Field("as_weekday", description="'as_weekday', 'closed' or 'HH:MM-HH:MM'.")
    queues: tuple[Queue, ...] = Field(min_length=1)
    agents: tuple[Agent, ...]
    shift_templates: tuple[ShiftTemplate, ...] = Field(min_length=1)
    break_rules: tuple[BreakRule, ...] = ()
    rules: LabourRules = LabourRules()
    costs: CostWeights = CostWeights()
    points: PointsPolicy = PointsPolicy()
    demand: Demand
    absences: tuple[Absence, ...] = ()
    holidays: tuple[PublicHoliday, ...] = ()
    requests: tuple[DayOffRequest, ...] = ()
    overtime_offers: tuple[OvertimeOffer, ...] = ()
    worked_history: tuple[WorkedWeek, ...] = Field(
        (), description="Minutes worked in weeks before the horizon (history_hours.csv)."
    )
    preset: str = Field("", description="Labour-law preset the rules started from, or ''.")
    soft_rules: dict[str, int] = Field(
        default_factory=dict,
        description="Rules marked soft ([soft] in instance.toml), with their price per unit: "
        "a soft rule may be broken at that price instead of making the roster infeasible.",
    )
    history_file: str | None = Field(
        None, description="Call history to forecast from when no demand file is given."
    )
    history_default_aht: float | None = Field(
        None, gt=0, description="AHT (s) for history files that hold arrivals only."
    )

    @model_validator(mode="after")
    def _soft(self) -> Instance:
        for rule, price in self.soft_rules.items():
            if rule not in SOFT_RULES:
                known = ", ".join(sorted(SOFT_RULES))
                raise ValueError(f"soft.{rule}: only these rules can be soft yet: {known}")
            if price < 0:
                raise ValueError(f"soft.{rule}: a price cannot be negative")
        return self

    def soft_min_price(self) -> int | None:
        """Price per minute short of a weekly contract minimum, or None when it is hard."""
        return self.soft_rules.get("weekly_min_hours")

    def soft_run_price(self) -> int | None:
        """Price per working day past ``max_consecutive_days`` in a run, or None when hard."""
        return self.soft_rules.get("max_consecutive_days")

    @model_validator(mode="after")
    def _references(self) -> Instance:
        queue_ids = {q.id for q in self.queues}
        template_names = {t.name for t in self.shift_templates}
        agent_ids = [a.id for a in self.agents]
        if len(set(agent_ids)) != len(agent_ids):
            raise ValueError("agent ids are not unique")
        for agent in self.agents:
            for q in agent.queues:
                if q not in queue_ids:
                    raise ValueError(f"agent {agent.id}: unknown queue {q!r}")
            for t in agent.templates:
                if t not in template_names:
                    raise ValueError(f"agent {agent.id}: unknown shift template {t!r}")
        known = set(agent_ids)
        for kind, items in (
            ("absence", self.absences),
            ("request", self.requests),
            ("overtime offer", self.overtime_offers),
        ):
            for item in items:
                if item.agent not in known:
                    raise ValueError(f"{kind} names unknown agent {item.agent!r}")
                if item.day >= self.horizon.days:
                    raise ValueError(f"{kind} of {item.agent} falls after the horizon")
        n = self.horizon.days * self.horizon.intervals_per_day
        if len(queue_ids) != len(self.queues):
            raise ValueError("queue ids are not unique")
        demand = self.demand
        for table in (demand.required, demand.under_weight, demand.calls, demand.aht_seconds):
            for q, values in table.items():
                if q not in queue_ids:
                    raise ValueError(f"demand names unknown queue {q!r}")
                if len(values) != n:
                    raise ValueError(f"demand of queue {q} has {len(values)} intervals, not {n}")
        return self

    # -- look-ups shared by optimiser, validator and reports ---------------------------------

    @cached_property
    def agent_by_id(self) -> dict[str, Agent]:
        return {a.id: a for a in self.agents}

    @cached_property
    def queue_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.queues)

    @cached_property
    def holiday_days(self) -> frozenset[int]:
        days = (self.horizon.day_of(h.date) for h in self.holidays)
        return frozenset(d for d in days if d is not None)

    def weekday(self, day: int) -> int:
        return self.horizon.date_of(day).weekday()

    def templates_for(self, agent: Agent) -> tuple[ShiftTemplate, ...]:
        if not agent.templates:
            return self.shift_templates
        return tuple(t for t in self.shift_templates if t.name in agent.templates)

    def break_rule_for(self, shift_length: int) -> BreakRule | None:
        """The first break rule covering this length (None: the shift owes no breaks)."""
        for rule in self.break_rules:
            if rule.applies_to(shift_length):
                return rule
        return None

    def paid_minutes(self, shift_length: int) -> int:
        rule = self.break_rule_for(shift_length)
        return shift_length - (rule.unpaid_minutes() if rule else 0)

    def absences_of(self, agent_id: str, day: int) -> list[Absence]:
        return self._absences_by_agent_day.get((agent_id, day), [])

    @cached_property
    def _absences_by_agent_day(self) -> dict[tuple[str, int], list[Absence]]:
        index: dict[tuple[str, int], list[Absence]] = {}
        for absence in self.absences:
            index.setdefault((absence.agent, absence.day), []).append(absence)
        return index

    def leave_days(self, agent_id: str, week: int) -> int:
        """Days of approved leave in a week: each credits a share of the contract minimum."""
        return sum(
            1
            for day in self.horizon.week_days(week)
            if any(
                a.reason == AbsenceReason.LEAVE and a.whole_day
                for a in self.absences_of(agent_id, day)
            )
        )

    def weekly_min_minutes(self, agent: Agent, week: int) -> int:
        """Contract minimum for a week, less leave credit, pro rata for a partial week.

        A leave day credits ``min / max_days`` (a 40 h, 5-day contract: 8 h per leave day),
        which is how planners count a week with holidays booked.
        """
        days_in_week = len(self.horizon.week_days(week))
        minimum = agent.min_weekly_minutes * days_in_week // 7
        if agent.max_days_per_week:
            credit = agent.min_weekly_minutes // agent.max_days_per_week
            minimum -= credit * self.leave_days(agent.id, week)
        return max(0, minimum)

    def weekly_max_minutes(self, agent: Agent) -> int:
        return min(agent.max_weekly_minutes, self.rules.max_weekly_minutes)

    def weekly_max_days(self, agent: Agent, week: int) -> int:
        days_in_week = len(self.horizon.week_days(week))
        return min(agent.max_days_per_week, days_in_week, 7 - self.rules.min_days_off_per_week)

    def is_open(self, day: int, minute: int) -> bool:
        hours = self.open_hours(day)
        return hours is not None and hours[0] <= minute < hours[1]

    def open_hours(self, day: int) -> tuple[int, int] | None:
        if day in self.holiday_days and self.holiday_hours != "as_weekday":
            if self.holiday_hours == "closed":
                return None
            first, last = self.holiday_hours.split("-")
            return parse_hhmm(first), parse_hhmm(last)
        return self.opening_hours[self.weekday(day)]
