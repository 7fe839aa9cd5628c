"""The change list a person reads: who changes, what, and why (level and trigger).

One row per changed agent-day, comparing the published and the new roster; the reason names
the contingency level that made the change (or the absence that forced it) and the changes
of that day that called for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.check.common import span_text
from scheduler.models.instance import Instance, Role
from scheduler.models.roster import AgentDay, Roster
from scheduler.replan.apply import Revision
from scheduler.replan.scope import ABSENT, OWED, Level, published_days

DIFF_COLUMNS = ("agent", "date", "change", "before", "after", "level", "reason")


@dataclass(frozen=True)
class Change:
    agent: str
    date: str
    change: str
    before: str
    after: str
    level: str
    reason: str

    def row(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in DIFF_COLUMNS}


def describe(agent_day: AgentDay | None) -> str:
    if agent_day is None or not agent_day.works:
        return "off"
    parts = []
    if agent_day.shift is not None:
        shift = span_text(agent_day.shift.start_minute, agent_day.shift.end_minute)
        parts.append(f"{shift} {agent_day.queue}")
    parts += [f"{b.kind} {span_text(b.start_minute, b.end_minute)}" for b in agent_day.breaks]
    parts += [f"overtime {span_text(s.start_minute, s.end_minute)}" for s in agent_day.overtime]
    return "; ".join(parts)


def changed_days(published: Roster, roster: Roster) -> list[tuple[str, int]]:
    """Agent-days that differ in any way (shift, queue, breaks, work blocks, overtime)."""
    old, new = published_days(published), published_days(roster)
    return sorted(k for k in set(old) | set(new) if _norm(old.get(k)) != _norm(new.get(k)))


def _norm(agent_day: AgentDay | None):
    if agent_day is None or not agent_day.works:
        return None
    return (
        agent_day.queue,
        agent_day.shift,
        tuple(sorted((b.kind, b.start_minute, b.end_minute) for b in agent_day.breaks)),
        tuple(sorted((s.start_minute, s.end_minute) for s in agent_day.overtime)),
    )


def diff(
    instance: Instance, revision: Revision, published: Roster, roster: Roster, level: Level
) -> list[Change]:
    old, new = published_days(published), published_days(roster)
    found = []
    for agent_id, day in changed_days(published, roster):
        before, after = old.get((agent_id, day)), new.get((agent_id, day))
        what, made_by = _kind(instance, revision, before, after)
        triggers = sorted({w.why for w in revision.windows if w.day == day})
        because = "; ".join(triggers[:3]) + (" …" if len(triggers) > 3 else "")
        found.append(
            Change(
                agent=agent_id,
                date=instance.horizon.date_of(day).isoformat(),
                change=what,
                before=describe(before),
                after=describe(after),
                level="forced" if made_by is None else str(int(made_by)),
                reason=because,
            )
        )
    return found


def _kind(instance, revision, before, after) -> tuple[str, Level | None]:
    """What changed in words, and the level that did it (None: forced by an absence)."""
    agent = instance.agent_by_id[(before or after).agent]
    if after is None or not after.works:
        if revision.instance.absences_of(agent.id, before.day):
            return "taken off: absent", None
        return "shift taken off (hours moved where they cover more)", Level.RESERVES
    if any(b.kind == ABSENT for b in after.breaks):
        return "sent home: absent for the rest of the shift", None
    if before is None or not before.works:
        if agent.reserve_tier:
            return f"reserve ({agent.reserve_tier}-min tier) called in", Level.RESERVES
        if agent.role == Role.SUPPORT:
            return "support staff onto the queue", Level.SUPPORT
        return "shift added", Level.RESERVES
    if before.shift != after.shift or before.queue != after.queue:
        if agent.role == Role.SUPPORT:
            return "support shift changed", Level.SUPPORT
        return "shift re-timed, extended or moved to another queue", Level.RESERVES
    if after.overtime != before.overtime:
        return "overtime from a subscription", Level.RESERVES
    dropped = [b for b in before.breaks if b.kind not in OWED and b not in after.breaks]
    if dropped:
        kinds = ", ".join(sorted({b.kind for b in dropped}))
        return f"{kinds} cancelled: back on the phones", Level.PHONES
    return "breaks moved within their windows", Level.PHONES


def diff_text(changes: list[Change], level: Level, reasons: list[str]) -> str:
    lines = [f"Re-plan: contingency level {int(level)} ({len(changes)} agent-day(s) changed)"]
    lines += [f"  {r}" for r in reasons]
    lines.append("")
    for c in changes:
        who = f"{c.agent} {c.date}"
        level_text = "forced" if c.level == "forced" else f"level {c.level}"
        lines.append(f"{who}: {c.change} [{level_text}; {c.reason}]")
        lines.append(f"    before: {c.before}")
        lines.append(f"    after:  {c.after}")
    return "\n".join(lines) + "\n"
