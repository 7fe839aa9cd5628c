"""Breaks and lunches as the break rule for the shift length prescribes; other off-phone blocks.

Kinds ``break`` and ``lunch`` are owed by law or contract, so they must match the rule exactly
(count, order, kind, minutes) and sit in their windows with the minimum gap between them. Any other
kind (training, meeting, coaching) is non-phone work the planner adds: it only has to lie inside
the shift and not collide with a break.
"""

from __future__ import annotations

from scheduler.check.common import RuleCheck, duration, known_days, overlap, span_text, violation
from scheduler.check.violation import Violation
from scheduler.models.instance import BreakKind, BreakRule, Instance
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span

OWED_KINDS = frozenset(kind.value for kind in BreakKind)
AWAY_KINDS = frozenset({"absent"})  # a re-plan sent the agent home for the rest of the shift


def _label(block: BreakPlacement) -> str:
    return f"{block.kind} {span_text(block.start_minute, block.end_minute)}"


def _sequence(items: list[tuple[str, int]]) -> str:
    return ", ".join(f"{kind} {minutes} min" for kind, minutes in items) or "no breaks"


def _outside(shift: Span, blocks: list[BreakPlacement]) -> list[str]:
    return [
        f"{_label(b)} lies outside the shift {span_text(shift.start_minute, shift.end_minute)}"
        for b in blocks
        if b.start_minute < shift.start_minute or b.end_minute > shift.end_minute
    ]


def _wrong_sequence(rule: BreakRule | None, length: int, owed: list[BreakPlacement]) -> str | None:
    expected = [(s.kind.value, s.minutes) for s in rule.breaks] if rule else []
    actual = [(b.kind, b.minutes) for b in owed]
    if expected == actual:
        return None
    owes, has = _sequence(expected), _sequence(actual)
    return f"a shift of {duration(length)} owes {owes}; the roster has {has}"


def _placement(rule: BreakRule, shift: Span, owed: list[BreakPlacement]) -> list[str]:
    """Window and gap problems of breaks that already match the rule's sequence."""
    problems = []
    previous: BreakPlacement | None = None
    for spec, block in zip(rule.breaks, owed, strict=True):
        first, last = spec.window(shift.minutes)
        offset = block.start_minute - shift.start_minute
        if not first <= offset <= last:
            problems.append(
                f"{_label(block)} starts {duration(offset)} after the shift start; "
                f"its window is {duration(first)} to {duration(last)}"
            )
        if previous is not None:
            gap = block.start_minute - previous.end_minute
            if gap < 0:
                problems.append(f"{_label(block)} overlaps {_label(previous)}")
            elif gap < rule.min_gap_minutes:
                problems.append(
                    f"{_label(block)} starts {duration(gap)} after {_label(previous)} ends; "
                    f"minimum gap {duration(rule.min_gap_minutes)}"
                )
        previous = block
    return problems


def _collisions(owed: list[BreakPlacement], others: list[BreakPlacement]) -> list[str]:
    return [
        f"{_label(other)} overlaps {_label(block)}"
        for other in others
        for block in owed
        if overlap(other.start_minute, other.end_minute, block.start_minute, block.end_minute)
    ]


def _cut_short(
    rule: BreakRule | None, shift: Span, owed: list[BreakPlacement], others: list[BreakPlacement]
) -> BreakRule | None:
    """A shift ended early by an ``absent`` block (sent home sick) owes the breaks whose window
    closed before the agent left, and may skip the later ones."""
    away = [b for b in others if b.kind in AWAY_KINDS and b.end_minute == shift.end_minute]
    if rule is None or not away or len(owed) >= len(rule.breaks):
        return rule
    left = min(b.start_minute for b in away)
    due = sum(
        1
        for spec in rule.breaks
        if shift.start_minute + spec.window(shift.minutes)[1] + spec.minutes <= left
    )
    if len(owed) < due or any(b.end_minute > left for b in owed):
        return rule  # a break that was due before leaving is missing: report it
    return rule.model_copy(update={"breaks": rule.breaks[: len(owed)]})


def _problems(instance: Instance, agent_day: AgentDay) -> list[str]:
    blocks = sorted(agent_day.breaks, key=lambda b: (b.start_minute, b.end_minute))
    shift = agent_day.shift
    if shift is None:
        return [f"{_label(b)} without a shift" for b in blocks]
    owed = [b for b in blocks if b.kind in OWED_KINDS]
    others = [b for b in blocks if b.kind not in OWED_KINDS]
    rule = _cut_short(instance.break_rule_for(shift.minutes), shift, owed, others)
    problems = _outside(shift, blocks)
    wrong = _wrong_sequence(rule, shift.minutes, owed)
    if wrong:
        problems.append(wrong)
    elif rule is not None:
        problems += _placement(rule, shift, owed)
    return problems + _collisions(owed, others)


def check_breaks(instance: Instance, roster: Roster) -> list[Violation]:
    """Every break rule, one violation per problem found."""
    return [
        violation(instance, "breaks", agent.id, agent_day.day, problem)
        for agent, agent_day in known_days(instance, roster)
        for problem in _problems(instance, agent_day)
    ]


RULES: dict[str, RuleCheck] = {"breaks": check_breaks}
