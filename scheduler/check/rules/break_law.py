"""Break law on top of the break rules: entitlements by work length, longest stretch of work.

The ``breaks`` rule checks a roster against the instance's break rules; these two check it
against the law the preset states, independently of how the break rules were written, so a
hand-edited roster or a weak break rule cannot hide a breach. Only ``break`` and ``lunch``
blocks count as breaks; other off-phone work (training) is work. Work is the shift's paid
minutes, as everywhere else in the validator.
"""

from __future__ import annotations

from scheduler.check.common import RuleCheck, duration, known_days, span_text, violation
from scheduler.check.violation import Violation
from scheduler.models.instance import BreakKind, Instance
from scheduler.models.labour_law import BlockKind, BreakEntitlement
from scheduler.models.roster import AgentDay, BreakPlacement, Roster

BREAK_KINDS = frozenset(kind.value for kind in BreakKind)


def _blocks(agent_day: AgentDay) -> list[BreakPlacement]:
    return sorted(
        (b for b in agent_day.breaks if b.kind in BREAK_KINDS), key=lambda b: b.start_minute
    )


def _qualifies(entitlement: BreakEntitlement, block: BreakPlacement) -> bool:
    if block.minutes < entitlement.block_minutes:
        return False
    return entitlement.kind == BlockKind.ANY or entitlement.kind.value == block.kind


def _shortfalls(entitlement: BreakEntitlement, blocks: list[BreakPlacement], start: int) -> str:
    """What the day lacks under one entitlement, or '' when it has it all."""
    counted = [b for b in blocks if _qualifies(entitlement, b)]
    total = sum(b.minutes for b in counted)
    what = "break" if entitlement.kind == BlockKind.ANY else entitlement.kind.value
    problems = []
    if len(counted) < entitlement.count:
        problems.append(f"{len(counted)} {what}(s) of {entitlement.block_minutes}+ min")
    if total < entitlement.total_minutes:
        problems.append(f"{total} min of {what}s in blocks of {entitlement.block_minutes}+ min")
    latest = entitlement.latest_start_minutes
    if latest is not None and entitlement.count and len(counted) >= entitlement.count:
        offset = counted[entitlement.count - 1].start_minute - start
        if offset > latest:
            problems.append(f"{what} {entitlement.count} starts {duration(offset)} in")
    return "; ".join(problems)


def check_break_entitlement(instance: Instance, roster: Roster) -> list[Violation]:
    """Each working day has the breaks its length of work is owed."""
    entitlements = instance.rules.break_entitlements
    found = []
    for agent, agent_day in known_days(instance, roster):
        shift = agent_day.shift
        if shift is None or not entitlements:
            continue
        work = instance.paid_minutes(shift.minutes)
        blocks = _blocks(agent_day)
        for entitlement in entitlements:
            if work <= entitlement.work_over_minutes:
                continue
            lacking = _shortfalls(entitlement, blocks, shift.start_minute)
            if lacking:
                detail = (
                    f"shift {span_text(shift.start_minute, shift.end_minute)} with "
                    f"{duration(work)} of work has {lacking}: {entitlement.describe()} "
                    f"({entitlement.source})"
                )
                found.append(
                    violation(instance, "break_entitlement", agent.id, agent_day.day, detail)
                )
    return found


def longest_stretch(agent_day: AgentDay, min_block: int) -> tuple[int, int, int]:
    """(minutes, start, end) of the longest stretch of the shift without a qualifying break."""
    shift = agent_day.shift
    assert shift is not None
    cursor, best = shift.start_minute, (0, shift.start_minute, shift.start_minute)
    for block in _blocks(agent_day):
        if block.minutes < min_block:
            continue
        if block.start_minute - cursor > best[0]:
            best = (block.start_minute - cursor, cursor, block.start_minute)
        cursor = max(cursor, block.end_minute)
    if shift.end_minute - cursor > best[0]:
        best = (shift.end_minute - cursor, cursor, shift.end_minute)
    return best


def check_work_without_break(instance: Instance, roster: Roster) -> list[Violation]:
    """No stretch of a shift longer than the limit without a break of the minimum block."""
    limit = instance.rules.max_work_without_break_minutes
    if limit is None:
        return []
    min_block = instance.rules.min_break_block_minutes
    found = []
    for agent, agent_day in known_days(instance, roster):
        if agent_day.shift is None:
            continue
        minutes, start, end = longest_stretch(agent_day, min_block)
        if minutes > limit:
            detail = (
                f"works {span_text(start, end)} ({duration(minutes)}) without a break of "
                f"{min_block}+ min, maximum {duration(limit)}"
            )
            found.append(violation(instance, "work_without_break", agent.id, agent_day.day, detail))
    return found


RULES: dict[str, RuleCheck] = {
    "break_entitlement": check_break_entitlement,
    "work_without_break": check_work_without_break,
}


def check_break_law(instance: Instance, roster: Roster) -> list[Violation]:
    """Every break-law rule."""
    return [v for check in RULES.values() for v in check(instance, roster)]
