"""Shift trades: give a shift away, swap two, or pick one up, checked before anything changes.

A trade is a list of legs, each moving one shift (with its breaks) from a giver to a taker on a
day, or creating one for a taker (a pick-up). The legs are applied to a copy of the roster: all
given shifts leave first, then the takers get theirs, so two agents can swap on the same day.
The copy is then judged by

* notice: no moved shift may start within ``notice_minutes`` of now;
* the independent validator: the trade may add no violation (rest, weekly hours, consecutive
  days, queue skill, templates, ...), compared on (rule, agent, date) with the roster before;
* coverage: a floor of agents per interval and a cap on new under-coverage (planner-set).

Each refusal names the rule id (the validator's rule name, or ``notice``, ``coverage_floor``,
``under_coverage``), the agent and the day. A rejected trade returns the roster unchanged.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from scheduler.check.costs import coverage
from scheduler.models.clock import DAY_MINUTES, format_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.workflows.change_check import new_violations
from scheduler.workflows.coverage_guard import coverage_breaches


class TradeInputError(ValueError):
    """A trade that cannot even be applied: unknown agent, day outside the horizon, no shift."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TradeLeg(_Frozen):
    """One shift changing hands: ``giver``'s shift on ``day`` goes to ``taker``.

    Without a giver it is a pick-up: ``taker`` works ``shift`` on ``queue`` (default: their
    primary queue), with breaks at the earliest places the break rule allows.
    """

    giver: str | None = None
    taker: str
    day: int = Field(ge=0)
    shift: Span | None = None
    queue: str | None = None


class TradePolicy(_Frozen):
    """The planner's limits on trades."""

    notice_minutes: int = Field(24 * 60, ge=0, description="Least time before the shift starts.")
    floor_agents: int | None = Field(
        None, ge=0, description="Agents on the phones per interval and queue a trade keeps."
    )
    max_under_increase_minutes: int | None = Field(
        0, ge=0, description="Extra agent-minutes of under-coverage allowed (None: no cap)."
    )
    reassign_queue: bool = Field(
        True, description="A taker not skilled for the shift's queue serves one of their own."
    )


class Blocked(_Frozen):
    """Why a trade is refused: the rule id, who and when."""

    rule: str
    agent: str = ""
    date: str = ""
    detail: str


class TradeResult(_Frozen):
    accepted: bool
    blocked: tuple[Blocked, ...] = ()
    notes: tuple[str, ...] = Field((), description="What was adjusted, e.g. a queue change.")
    roster: Roster = Field(description="The traded roster when accepted, else the original.")


def trade(
    instance: Instance,
    roster: Roster,
    legs: list[TradeLeg],
    policy: TradePolicy,
    now: dt.datetime,
) -> TradeResult:
    """Apply ``legs`` to a copy of ``roster``; accept only when nothing blocks it."""
    after, notes = apply_legs(instance, roster, legs, policy.reassign_queue)
    blocked = _notice(instance, legs, after, policy.notice_minutes, now)
    blocked += [
        Blocked(rule=v.rule, agent=v.agent, date=v.date, detail=v.detail)
        for v in new_violations(instance, roster, instance, after)
    ]
    blocked += [
        Blocked(rule=b.rule, date=b.date, detail=b.detail)
        for b in coverage_breaches(
            instance, roster, after, policy.floor_agents, policy.max_under_increase_minutes
        )
    ]
    if blocked:
        return TradeResult(accepted=False, blocked=tuple(blocked), notes=notes, roster=roster)
    return TradeResult(accepted=True, notes=notes, roster=after)


def apply_legs(
    instance: Instance, roster: Roster, legs: list[TradeLeg], reassign_queue: bool
) -> tuple[Roster, tuple[str, ...]]:
    """The roster after the legs, and notes on what had to be adjusted."""
    entries = {(d.agent, d.day): d for d in roster.agent_days}
    if len(entries) != len(roster.agent_days):
        raise TradeInputError("the roster has two entries for one agent and day; fix it first")
    moving = []
    for leg in legs:
        _known(instance, leg)
        if leg.giver is None:
            moving.append((leg, _pick_up(instance, leg)))
            continue
        given = entries.get((leg.giver, leg.day))
        if given is None or given.shift is None:
            date = instance.horizon.date_of(leg.day)
            raise TradeInputError(f"{leg.giver} has no shift on {date} to give")
        entries[(leg.giver, leg.day)] = given.model_copy(update={"shift": None, "breaks": ()})
        moving.append((leg, given))
    notes, clashes = [], []
    for leg, shift_day in moving:
        queue, note = _taker_queue(instance, roster, leg, shift_day, reassign_queue)
        notes += [note] if note else []
        taken = shift_day.model_copy(update={"agent": leg.taker, "queue": queue})
        current = entries.get((leg.taker, leg.day))
        if current is not None and current.shift is not None:
            clashes.append(taken)  # keep both: the validator names one_shift_per_day
        elif current is not None:
            entries[(leg.taker, leg.day)] = taken.model_copy(update={"overtime": current.overtime})
        else:
            entries[(leg.taker, leg.day)] = taken
    kept = [d for d in [*entries.values(), *clashes] if d.works or d.breaks]
    # A new Roster, never model_copy: that would carry over the cached by_agent index.
    return Roster(instance=roster.instance, agent_days=tuple(kept)), tuple(notes)


def _known(instance: Instance, leg: TradeLeg) -> None:
    for agent in (leg.giver, leg.taker):
        if agent is not None and agent not in instance.agent_by_id:
            raise TradeInputError(f"unknown agent {agent!r}")
    if leg.day >= instance.horizon.days:
        raise TradeInputError(f"day {leg.day} is after the {instance.horizon.days}-day horizon")
    if leg.giver == leg.taker:
        raise TradeInputError(f"{leg.taker} cannot trade a shift with themselves")


def _pick_up(instance: Instance, leg: TradeLeg) -> AgentDay:
    """A new agent-day for a pick-up, breaks at the earliest offsets the break rule allows."""
    if leg.shift is None:
        raise TradeInputError(f"a pick-up by {leg.taker} needs the shift's start and end")
    queue = leg.queue or instance.agent_by_id[leg.taker].queues[0]
    if queue not in instance.queue_ids:
        raise TradeInputError(f"unknown queue {queue!r}")
    return AgentDay(
        agent=leg.taker,
        day=leg.day,
        queue=queue,
        shift=leg.shift,
        breaks=earliest_breaks(instance, leg.shift),
    )


def earliest_breaks(instance: Instance, shift: Span) -> tuple[BreakPlacement, ...]:
    """The break rule's breaks, each at its earliest start after the previous and the gap."""
    rule = instance.break_rule_for(shift.minutes)
    if rule is None:
        return ()
    placed, free = [], 0
    for spec in rule.breaks:
        offset = max(spec.window(shift.minutes)[0], free)
        start = shift.start_minute + offset
        placed.append(
            BreakPlacement(
                kind=spec.kind.value, start_minute=start, end_minute=start + spec.minutes
            )
        )
        free = offset + spec.minutes + rule.min_gap_minutes
    return tuple(placed)


def _taker_queue(
    instance: Instance, roster: Roster, leg: TradeLeg, shift_day: AgentDay, reassign: bool
) -> tuple[str, str]:
    """The queue the taker serves on the shift, and a note when it is not the shift's own."""
    served = instance.agent_by_id[leg.taker].queues
    if shift_day.queue in served or not reassign:
        return shift_day.queue, ""
    chosen = _neediest_queue(instance, roster, leg.day, shift_day, served)
    note = (
        f"{leg.taker} does not serve {shift_day.queue}; the shift on "
        f"{instance.horizon.date_of(leg.day)} is worked on {chosen} instead"
    )
    return chosen, note


def _neediest_queue(
    instance: Instance, roster: Roster, day: int, shift_day: AgentDay, served: tuple[str, ...]
) -> str:
    """The served queue with the most shortfall during the shift (the primary on a tie)."""
    assert shift_day.shift is not None
    step = instance.horizon.time_step_minutes
    first = (day * DAY_MINUTES + shift_day.shift.start_minute) // step
    last = (day * DAY_MINUTES + shift_day.shift.end_minute) // step
    shortfall = coverage(instance, roster).shortfall[:, first:last].sum(1)
    rows = {q: i for i, q in enumerate(instance.queue_ids)}
    return max(served, key=lambda q: (int(shortfall[rows[q]]), -served.index(q)))


def _notice(
    instance: Instance,
    legs: list[TradeLeg],
    after: Roster,
    notice_minutes: int,
    now: dt.datetime,
) -> list[Blocked]:
    """Legs whose shift starts within the notice period (or has already started)."""
    found = []
    for leg in legs:
        entry = next(
            (d for d in after.agent_days if d.agent == leg.taker and d.day == leg.day and d.shift),
            None,
        )
        if entry is None or entry.shift is None:
            continue
        date = instance.horizon.date_of(leg.day)
        start = dt.datetime.combine(date, dt.time()) + dt.timedelta(
            minutes=entry.shift.start_minute
        )
        left = (start - now).total_seconds() / 60
        if left < notice_minutes:
            detail = (
                f"the shift starts {date} {format_hhmm(entry.shift.start_minute)}, "
                + (f"{left / 60:.1f} h from now" if left > 0 else "already started")
                + f"; trades need {notice_minutes / 60:g} h notice"
            )
            found.append(
                Blocked(
                    rule="notice",
                    agent=leg.giver or leg.taker,
                    date=date.isoformat(),
                    detail=detail,
                )
            )
    return found
