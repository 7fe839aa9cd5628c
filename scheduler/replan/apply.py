"""The revised instance: the published plan's instance with the planner's changes applied.

Everything a re-plan knows goes into an ordinary ``Instance``, so the independent validator
checks the new roster against it unchanged: sickness is an absence, a reserve's call-out notice
is an absence until ``now + tier``, a reserve nobody can reach is unavailable for the rest of
the horizon. Only the future changes: absences are cut at ``now`` and demand is revised for
intervals from ``now`` on.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from scheduler.io.instance_reader import _forecast, _requirements
from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Absence, AbsenceReason, Demand, Instance, Role
from scheduler.models.roster import Roster
from scheduler.planning.requirements import requirements_frame
from scheduler.replan.changes import Changes
from scheduler.replan.moment import Moment, moment_of


@dataclass(frozen=True)
class Window:
    """A changed stretch of one day: its queue (None: every queue) and why it changed."""

    day: int
    queue: str | None
    start: int
    end: int
    why: str


@dataclass
class Revision:
    instance: Instance
    now: Moment
    windows: list[Window] = field(default_factory=list)
    absent: dict[tuple[str, int], list[Absence]] = field(default_factory=dict)
    reserves: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    def affected_days(self) -> set[int]:
        return {w.day for w in self.windows}


def revise(
    instance: Instance, changes: Changes, when: dt.datetime, published: Roster | None = None
) -> Revision:
    """Apply ``changes`` to ``instance`` for a re-plan at ``when``.

    An absence changes coverage only where the ``published`` roster had the agent working:
    only there does it open a changed window (on that shift's queue).
    """
    now = moment_of(instance, when)
    revision = Revision(instance, now)
    absences = list(instance.absences)
    working = {(d.agent, d.day): d for d in published.agent_days} if published else {}
    for change in changes.absences:
        for absence in _split(instance, now, change.agent, change.start, change.end, change.reason):
            absences.append(absence)
            revision.absent.setdefault((absence.agent, absence.day), []).append(absence)
            shift = working.get((absence.agent, absence.day))
            if published is not None and (shift is None or shift.shift is None):
                continue
            queue = shift.queue if shift is not None else None
            why = f"{change.agent} absent ({change.reason})"
            revision.windows.append(
                Window(absence.day, queue, absence.start_minute, absence.end_minute, why)
            )
    for change in changes.available:
        absences = _lift(instance, now, absences, change.agent, change.start, change.end)
        for piece in _split(instance, now, change.agent, change.start, change.end, "unavailable"):
            why = f"{change.agent} newly available"
            revision.windows.append(
                Window(piece.day, None, piece.start_minute, piece.end_minute, why)
            )
    revision.reserves = _reachable(instance, changes)
    absences += _call_out_notice(instance, now, revision.reserves)
    demand = _revised_demand(instance, changes, revision)
    agents = tuple(_relaxed(a, revision) for a in instance.agents)
    revision.instance = rebuilt(instance, absences=tuple(absences), demand=demand, agents=agents)
    return revision


def rebuilt(instance: Instance, **update: object) -> Instance:
    """A new, re-validated instance. Not ``model_copy``: that would carry over the cached
    look-ups (``agent_by_id``, the absence index) of the old one."""
    fields = {name: getattr(instance, name) for name in Instance.model_fields}
    return Instance(**{**fields, **update})


def _split(
    instance: Instance, now: Moment, agent: str, start: dt.datetime, end: dt.datetime, reason: str
) -> list[Absence]:
    """One absence per day from ``max(start, now)`` to ``end``, inside the horizon."""
    first, last = moment_of(instance, start), moment_of(instance, end)
    if first.absolute < now.absolute:
        first = now
    pieces = []
    for day in range(max(first.day, 0), min(last.day, instance.horizon.days - 1) + 1):
        lo = first.minute if day == first.day else 0
        hi = last.minute if day == last.day else DAY_MINUTES
        if hi > lo:
            pieces.append(
                Absence(agent=agent, day=day, start_minute=lo, end_minute=hi, reason=reason)
            )
    return pieces


def _lift(
    instance: Instance,
    now: Moment,
    absences: list[Absence],
    agent: str,
    start: dt.datetime,
    end: dt.datetime,
) -> list[Absence]:
    """Remove the part of ``agent``'s absences inside the window (from ``now`` on)."""
    windows = {
        w.day: (w.start_minute, w.end_minute)
        for w in _split(instance, now, agent, start, end, "unavailable")
    }
    kept = []
    for absence in absences:
        window = windows.get(absence.day) if absence.agent == agent else None
        if window is None:
            kept.append(absence)
            continue
        for lo, hi in ((absence.start_minute, window[0]), (window[1], absence.end_minute)):
            lo, hi = max(lo, absence.start_minute), min(hi, absence.end_minute)
            if hi > lo:
                kept.append(absence.model_copy(update={"start_minute": lo, "end_minute": hi}))
    return kept


def _reachable(instance: Instance, changes: Changes) -> tuple[str, ...]:
    reserves = [a.id for a in instance.agents if a.reserve_tier > 0]
    if changes.reachable_reserves is not None:
        reserves = [r for r in reserves if r in changes.reachable_reserves]
    return tuple(r for r in reserves if r not in changes.unreachable_reserves)


def _call_out_notice(instance: Instance, now: Moment, reachable: tuple[str, ...]) -> list[Absence]:
    """Reserves cannot start before ``now + tier``; unreachable ones not at all."""
    found = []
    for agent in instance.agents:
        if agent.reserve_tier == 0:
            continue
        ready = now.later(agent.reserve_tier) if agent.id in reachable else None
        for day in range(max(now.day, 0), instance.horizon.days):
            if ready is None or day < ready.day:
                end = DAY_MINUTES
            elif day == ready.day:
                end = ready.minute
            else:
                break
            if end > 0:
                found.append(
                    Absence(
                        agent=agent.id, day=day, end_minute=end, reason=AbsenceReason.UNAVAILABLE
                    )
                )
    return found


def _relaxed(agent, revision: Revision):
    """No contract minimum for support staff, reserves and agents the changes make absent.

    Support and reserves are off the phones by default (the validator exempts them too); a
    sick agent cannot be asked to make up the hours on other days of the week.
    """
    absent = any(a == agent.id for a, _ in revision.absent)
    if agent.role == Role.SUPPORT or agent.reserve_tier > 0 or absent:
        return agent.model_copy(update={"min_weekly_minutes": 0})
    return agent


def _revised_demand(instance: Instance, changes: Changes, revision: Revision) -> Demand:
    demand = instance.demand
    if changes.revised_requirements or changes.revised_forecast:
        demand = _revised_file(instance, changes, revision)
    return _scaled(instance, demand, changes, revision)


def _from_now(instance: Instance, now: Moment) -> int:
    """Index of the first demand interval that starts at or after ``now``."""
    per_day = instance.horizon.intervals_per_day
    index = now.day * per_day + -(-now.minute // instance.horizon.interval_minutes)
    return max(0, min(index, instance.horizon.days * per_day))


def _revised_file(instance: Instance, changes: Changes, revision: Revision) -> Demand:
    """A whole revised forecast (or requirements): it replaces demand from ``now`` on."""
    horizon, queues = instance.horizon, set(instance.queue_ids)
    n = horizon.days * horizon.intervals_per_day
    if changes.revised_requirements is not None:
        new = _requirements(changes.revised_requirements, horizon, queues, n)
    else:
        assert changes.revised_forecast is not None
        new = _forecast(changes.revised_forecast, horizon, queues, n)
        staffed = rebuilt(instance, demand=new)
        table = requirements_frame(staffed)
        new = new.model_copy(update={"required": _required_of(table, instance)})
    cut = _from_now(instance, revision.now)
    old = instance.demand
    required = {
        q: old.required.get(q, (0,) * n)[:cut] + new.required.get(q, (0,) * n)[cut:]
        for q in instance.queue_ids
    }
    calls = {q: old.calls[q][:cut] + new.calls[q][cut:] for q in new.calls if q in old.calls}
    aht = {
        q: old.aht_seconds[q][:cut] + new.aht_seconds[q][cut:]
        for q in new.aht_seconds
        if q in old.aht_seconds
    }
    per_day = horizon.intervals_per_day
    for day in range(revision.now.day, horizon.days):
        first = max(cut, day * per_day)
        if first < (day + 1) * per_day:
            start = (first - day * per_day) * horizon.interval_minutes
            revision.windows.append(Window(day, None, start, DAY_MINUTES, "revised forecast"))
    return Demand(
        required=required,
        under_weight=old.under_weight,
        calls=calls or new.calls,
        aht_seconds=aht or new.aht_seconds,
    )


def _required_of(table, instance: Instance) -> dict[str, tuple[int, ...]]:
    return {
        q: tuple(int(v) for v in group["agents_required"].to_numpy(dtype=np.int64))
        for q, group in table.groupby("queue", sort=False)
        if q in instance.queue_ids
    }


def _scaled(instance: Instance, demand: Demand, changes: Changes, revision: Revision) -> Demand:
    """Demand factors: calls scale and are re-staffed when known, else requirements scale."""
    if not changes.demand:
        return demand
    horizon = instance.horizon
    per_day, length = horizon.intervals_per_day, horizon.interval_minutes
    cut = _from_now(instance, revision.now)
    factors = {q: np.ones(horizon.days * per_day) for q in instance.queue_ids}
    for change in changes.demand:
        first = max(cut, _interval(instance, change.start, length, floor=True))
        last = min(horizon.days * per_day, _interval(instance, change.end, length, floor=False))
        queues = instance.queue_ids if change.queue == "*" else (change.queue,)
        for q in queues:
            factors[q][first:last] *= change.factor
        for index in range(first, last, per_day):
            day = index // per_day
            lo = (index - day * per_day) * length
            hi = min(DAY_MINUTES, (last - day * per_day) * length)
            queue = None if change.queue == "*" else change.queue
            revision.windows.append(Window(day, queue, lo, hi, f"demand ×{change.factor:g}"))
    required = {
        q: tuple(int(math.ceil(r * f - 1e-9)) for r, f in zip(values, factors[q], strict=True))
        for q, values in demand.required.items()
    }
    calls = {
        q: tuple(c * f for c, f in zip(v, factors[q], strict=True)) for q, v in demand.calls.items()
    }
    scaled = demand.model_copy(update={"required": required, "calls": calls})
    if calls and demand.aht_seconds:
        restaffed = _required_of(requirements_frame(rebuilt(instance, demand=scaled)), instance)
        required = {
            q: tuple(
                new if f != 1 else old
                for old, new, f in zip(
                    required[q], restaffed.get(q, required[q]), factors[q], strict=True
                )
            )
            for q in required
        }
        scaled = scaled.model_copy(update={"required": required})
    return scaled


def _interval(instance: Instance, when: dt.datetime, length: int, floor: bool) -> int:
    start = dt.datetime.combine(instance.horizon.start, dt.time())
    minutes = (when - start) // dt.timedelta(minutes=1)
    return max(0, minutes // length if floor else -(-minutes // length))
