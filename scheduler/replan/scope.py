"""Which agent-days a re-plan may touch at each contingency level, and what is history.

* before ``now`` nothing changes; a shift in progress at ``now`` keeps its times (an agent who
  falls sick mid-shift goes home: the rest of the shift becomes an absence block);
* a published shift that now clashes with an absence is taken off (the only change made
  without a contingency level: the agent is not there);
* level 3 keeps every shift and may only move breaks after ``now`` and put non-phone work
  (training, meetings, coaching) after ``now`` back on the phones;
* level 2 may also give support staff shifts on the changed days, starting from ``now``;
* level 1 may also call in reachable reserves (not before ``now`` + their tier), re-time,
  extend or add regular agents' shifts on the changed days, and use overtime offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from scheduler.models.instance import Agent, BreakKind, Role
from scheduler.models.roster import AgentDay, BreakPlacement, Roster
from scheduler.replan.apply import Revision

OWED = frozenset(kind.value for kind in BreakKind)
ABSENT = "absent"  # block kind: sent home for the rest of a shift in progress


class Level(IntEnum):
    """Contingency levels; the plan escalates from 3 (least disruptive) to 1."""

    NONE = 0
    PHONES = 3  # non-phone work back on the phones, breaks moved within their windows
    SUPPORT = 2  # the support team onto the queues
    RESERVES = 1  # reserves by tier, overtime offers, extended or added shifts


ESCALATION = (Level.PHONES, Level.SUPPORT, Level.RESERVES)


@dataclass
class Scope:
    """The split of every agent-day for one level."""

    level: Level
    fixed: dict[tuple[str, int], AgentDay] = field(default_factory=dict)
    adjustable: dict[tuple[str, int], AgentDay] = field(default_factory=dict)
    free: dict[str, set[int]] = field(default_factory=dict)
    forced: dict[tuple[str, int], str] = field(default_factory=dict)  # why a day had to change

    def touches(self, agent: str, day: int) -> bool:
        return day in self.free.get(agent, set())


def published_days(roster: Roster) -> dict[tuple[str, int], AgentDay]:
    return {(d.agent, d.day): d for d in roster.agent_days}


def build_scope(revision: Revision, published: Roster, level: Level) -> Scope:
    now = revision.now
    scope = Scope(level)
    affected = revision.affected_days()
    for (agent_id, day), agent_day in published_days(published).items():
        if _history(agent_day, now):
            scope.fixed[(agent_id, day)] = agent_day
            continue
        clash = _absence_clash(revision, agent_day)
        if _in_progress(agent_day, now):
            if clash is not None:
                scope.fixed[(agent_id, day)] = _sent_home(agent_day, clash)
                scope.forced[(agent_id, day)] = f"absent ({clash[1]}) from {clash[0]}"
            elif agent_day.overtime or day not in affected or level == Level.NONE:
                scope.fixed[(agent_id, day)] = agent_day
            else:
                scope.adjustable[(agent_id, day)] = agent_day
            continue
        if level == Level.RESERVES and day in affected and not _keeps_shift(agent_day):
            scope.free.setdefault(agent_id, set()).add(day)
        elif clash is not None:
            scope.forced[(agent_id, day)] = f"absent ({clash[1]})"
        elif agent_day.overtime or day not in affected or level == Level.NONE:
            scope.fixed[(agent_id, day)] = agent_day
        else:
            scope.adjustable[(agent_id, day)] = agent_day
    if level in (Level.SUPPORT, Level.RESERVES):
        _open_days(scope, revision, lambda a: a.role == Role.SUPPORT, affected)
    if level == Level.RESERVES:
        reserves = set(revision.reserves)
        _open_days(scope, revision, lambda a: a.id in reserves, affected)
        _open_days(
            scope, revision, lambda a: a.role == Role.AGENT and a.reserve_tier == 0, affected
        )
    return scope


def _open_days(scope: Scope, revision: Revision, who, affected: set[int]) -> None:
    """Affected days from ``now`` on where the agent has no published shift."""
    taken = set(scope.fixed) | set(scope.adjustable)
    for agent in revision.instance.agents:
        if not who(agent):
            continue
        for day in affected:
            if day >= revision.now.day and (agent.id, day) not in taken:
                scope.free.setdefault(agent.id, set()).add(day)


def _keeps_shift(agent_day: AgentDay) -> bool:
    """Days with non-phone work or overtime keep their shift times (only level 3 changes)."""
    return bool(agent_day.overtime) or any(b.kind not in OWED for b in agent_day.breaks)


def _history(agent_day: AgentDay, now) -> bool:
    """Entirely before ``now``: the day is over, or the shift (and overtime) ended."""
    if agent_day.day < now.day:
        return True
    if agent_day.day > now.day:
        return False
    ends = [s.end_minute for s in agent_day.overtime]
    starts = [s.start_minute for s in agent_day.overtime]
    if agent_day.shift is not None:
        ends.append(agent_day.shift.end_minute)
        starts.append(agent_day.shift.start_minute)
    return bool(ends) and max(ends) <= now.minute


def _in_progress(agent_day: AgentDay, now) -> bool:
    shift = agent_day.shift
    return (
        agent_day.day == now.day
        and shift is not None
        and shift.start_minute < now.minute < shift.end_minute
    )


def _absence_clash(revision: Revision, agent_day: AgentDay) -> tuple[int, str] | None:
    """(first minute, reason) of an absence overlapping the day's work after ``now``."""
    spans = [(s.start_minute, s.end_minute) for s in agent_day.overtime]
    if agent_day.shift is not None:
        spans.append((agent_day.shift.start_minute, agent_day.shift.end_minute))
    for absence in revision.instance.absences_of(agent_day.agent, agent_day.day):
        for start, end in spans:
            if absence.start_minute < end and start < absence.end_minute:
                return max(absence.start_minute, start), absence.reason.value
    return None


def _sent_home(agent_day: AgentDay, clash: tuple[int, str]) -> AgentDay:
    """A shift in progress cut by an absence: an absence block runs from then to its end."""
    assert agent_day.shift is not None
    leave = clash[0]
    kept = [b for b in agent_day.breaks if b.start_minute < leave]
    leave = max([leave] + [b.end_minute for b in kept])
    blocks = list(kept)
    if leave < agent_day.shift.end_minute:
        blocks.append(
            BreakPlacement(kind=ABSENT, start_minute=leave, end_minute=agent_day.shift.end_minute)
        )
    return agent_day.model_copy(update={"breaks": tuple(blocks), "overtime": ()})


def agent_of(revision: Revision, agent_id: str) -> Agent:
    return revision.instance.agent_by_id[agent_id]
